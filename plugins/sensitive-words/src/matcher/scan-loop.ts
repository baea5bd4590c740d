import type { CompiledDictionary } from './compile.js';
import { CharClass, normalizeAstral } from './normalize.js';

/**
 * Called as `charCodeAt.call(text, i)`: texts arrive in many string representations (one- and
 * two-byte, flat, sliced, concatenated, internalised), each with its own map, and past four V8 stops
 * inlining a `text.charCodeAt(i)` call site. Through a module-local constant and `.call` the builtin
 * stays inlined whatever the representation (an imported binding would not be a known constant).
 */
const charCodeAt = String.prototype.charCodeAt;

/**
 * The scanner's hot loop, kept apart from everything else so V8 compiles it as one tight loop: no
 * calls and no object property reads inside it (a call on any path costs spills and re-checks on
 * every iteration), every input a local. Symbol ids are repeated here as literals for the same
 * reason (an imported object's fields are loaded and map-checked per character).
 */

/** Sym.Noise, Sym.Ignore, Sym.High, Sym.Other, Sym.Space, Sym.First (see compile.ts). */
const NOISE = 0;
const IGNORE = 1;
const HIGH = 2;
const OTHER = 3;
const SPACE = 4;
const FIRST = 5;
/** CHECK_MANY of double-array.ts. */
const MANY = 2;

/** Astral code points below this have their symbol cached per matcher (planes 1 and 2). */
const ASTRAL_CACHED = 0x30000;
const NO_ASTRAL = new Uint16Array(0);

/** Where runAutomaton keeps its variables while the caller decodes an astral code point. */
const St = { I: 0, S: 1, Noise: 2, InSpace: 3, Last: 4, K: 5, H: 6, PendingAt: 7, PendingSym: 8 } as const;

/** Scratch buffers of one Matcher, reused across scans and grown on demand. */
export class ScanBuffers {
  /** Start (code unit) of the k-th symbol fed to the automaton. */
  pos = new Int32Array(1024);
  /** Output states met: (slot, symbols fed so far) pairs. */
  hits = new Int32Array(2048);
  /** Candidates as (pattern, start, end) triples, in order of their end. */
  cand = new Int32Array(3 * 64);
  state = new Int32Array(9);
  /** Symbol + 1 of astral code points met so far (0: not yet known), made on first use. */
  astral: Uint16Array | undefined;
}

/**
 * Raw candidate matches of `text`: fills `buf.cand` with (pattern, start, end) triples in order of
 * their end, and returns how many there are.
 */
export function collectCandidates(text: string, dict: CompiledDictionary, buf: ScanBuffers): number {
  const n = text.length;
  if (buf.pos.length < n) {
    buf.pos = new Int32Array(Math.max(n, buf.pos.length * 2));
    buf.hits = new Int32Array(buf.pos.length * 2);
  }
  const a = dict.automaton;
  const gap = dict.options.maxNoiseGap;
  const repeats = dict.options.repeats ? 1 : 0;
  let found = runAutomaton(text, n, dict.symTab, buf.astral ?? NO_ASTRAL, a.nodes, a.bigram, buf.pos, buf.hits, buf.state, 0, gap, repeats);
  // -1: the loop stopped at an astral code point whose symbol it does not know yet.
  while (found < 0) {
    learnAstral(text, dict, buf);
    found = runAutomaton(text, n, dict.symTab, buf.astral ?? NO_ASTRAL, a.nodes, a.bigram, buf.pos, buf.hits, buf.state, 1, gap, repeats);
  }
  if (found === 0) return 0;
  return expandOutputs(text, found, buf, a.outStart, a.outLen, a.outs, a.patLen);
}

/** Symbol of the astral code point at state[St.I]: cached, or handed over as the pending one. */
function learnAstral(text: string, dict: CompiledDictionary, buf: ScanBuffers): void {
  const i = buf.state[St.I]!;
  buf.state[St.PendingAt] = -1;
  const cp = text.codePointAt(i)!;
  const sym = astralSymbol(cp, dict);
  if (cp < ASTRAL_CACHED) {
    buf.astral ??= new Uint16Array(ASTRAL_CACHED - 0x10000);
    buf.astral[cp - 0x10000] = sym + 1;
  } else {
    buf.state[St.PendingAt] = i;
    buf.state[St.PendingSym] = sym;
  }
}

function astralSymbol(cp: number, dict: CompiledDictionary): number {
  const [k, v] = normalizeAstral(cp, dict.table);
  if (k === CharClass.Noise) return NOISE;
  if (k === CharClass.Space) return SPACE;
  if (k === CharClass.Ignore) return IGNORE;
  return v === 0 ? OTHER : dict.alphaOfNorm[v]!;
}

/**
 * Feeds the text through the automaton. Records the start of every symbol fed in `pos` and, for
 * every state reached that has outputs, (slot, symbols fed) in `hits`; returns the number of those,
 * or -1 (variables saved in `state`) to have the caller decode an astral code point and call again
 * with `resume`.
 */
function runAutomaton(
  text: string,
  n: number,
  symTab: Uint16Array,
  astral: Uint16Array,
  nodes: Int32Array,
  bigram: Int32Array,
  pos: Int32Array,
  hits: Int32Array,
  state: Int32Array,
  resume: number,
  maxGap: number,
  repeats: number,
): number {
  const rootBase = nodes[0]!;
  const astralKnown = astral.length;
  const pendingAt = resume === 0 ? -1 : state[St.PendingAt]!;
  // s is the state's offset into `nodes` (4 × slot).
  let s = 0;
  let noise = 0;
  let inSpace = 0;
  let last = -1;
  let k = 0;
  let h = 0;
  let i = 0;
  // 1 when s is a child of the root (its parent need not be read from the array).
  let rootChild = 0;
  if (resume !== 0) {
    i = state[St.I]!;
    s = state[St.S]!;
    noise = state[St.Noise]!;
    inSpace = state[St.InSpace]!;
    last = state[St.Last]!;
    k = state[St.K]!;
    h = state[St.H]!;
    rootChild = s !== 0 && (nodes[s + 1]! & ~3) === 0 ? 1 : 0;
  }
  for (; i < n; i++) {
    const start = i;
    const u = charCodeAt.call(text, i);
    let sym = symTab[u]!;
    if (sym < FIRST) {
      if (sym === HIGH) {
        // An astral code point: its symbol from the cache, then skip its low half. A lone high
        // surrogate is noise and still swallows the unit after it.
        const lo = i + 1 < n ? charCodeAt.call(text, i + 1) : 0;
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          const cp = ((u - 0xd800) << 10) + (lo - 0xdc00);
          const known = cp < astralKnown ? astral[cp]! : 0;
          if (known !== 0) sym = known - 1;
          else if (i === pendingAt) sym = state[St.PendingSym]!;
          else {
            state[St.I] = i;
            state[St.S] = s;
            state[St.Noise] = noise;
            state[St.InSpace] = inSpace;
            state[St.Last] = last;
            state[St.K] = k;
            state[St.H] = h;
            return -1;
          }
        } else sym = NOISE;
        i++;
      }
      if (sym < FIRST) {
        if (sym === NOISE || (sym === SPACE && inSpace === 0)) {
          inSpace = sym === SPACE ? 1 : 0;
          if (++noise > maxGap) {
            s = 0;
            last = -1;
          }
          continue;
        }
        if (sym !== OTHER) continue; // a run of spaces counts once; ignorables are free
        s = 0;
        noise = 0;
        inSpace = 0;
        last = -1;
        continue;
      }
    }
    noise = 0;
    inSpace = 0;
    // Transition: try s, then its failure links. Most attempts are settled from data already in
    // cache (the start-pair filter for root children, the child symbol or mask in a deeper state's
    // own slot) before the child's slot, usually a cache miss, is read.
    const from = s;
    const fromRootChild = rootChild;
    let c = 0;
    if (s !== 0) {
      if (rootChild === 0) {
        // Deeper: the state's own child symbol or mask first, then its failure links, down to a
        // root child.
        for (;;) {
          const ck = nodes[s + 1]!;
          if ((ck & ~3) === 0) {
            rootChild = 1;
            break;
          }
          const info = nodes[s + 3]!;
          if ((ck & MANY) !== 0 ? ((info >>> sym) & 1) !== 0 : info === sym) {
            const t = (nodes[s]! + sym) << 2;
            const ct = nodes[t + 1]!;
            if ((ct & ~3) === s) {
              s = t;
              c = ct;
              break;
            }
          }
          s = nodes[s + 2]!;
          if (s === 0) break;
        }
      }
      if (rootChild !== 0 && s !== 0) {
        // A root child (the usual state in ordinary text): the start-pair filter row of its symbol,
        // the last one read, settles most attempts; its failure link is the root.
        rootChild = 0;
        let t = 0;
        let ct = 0;
        if (((bigram[(last << 4) | ((sym >> 5) & 15)]! >>> sym) & 1) !== 0) {
          t = (nodes[s]! + sym) << 2;
          ct = nodes[t + 1]!;
        }
        if (t !== 0 && (ct & ~3) === s) {
          s = t;
          c = ct;
        } else s = 0;
      }
    }
    if (s === 0) {
      const t = (rootBase + sym) << 2;
      const ct = nodes[t + 1]!;
      if ((ct & ~3) === 0) {
        s = t;
        c = ct;
        rootChild = 1;
      }
    }
    // fuuuck: a repeat of the previous letter that the word does not continue with is skipped,
    // unless another pattern genuinely continues through it (妈妈 in 他妈妈的): the new state is
    // the root or a root child (a continuation from `from` would be at least two deep).
    if (sym === last && repeats !== 0 && from !== 0 && (s === 0 || rootChild !== 0)) {
      s = from;
      rootChild = fromRootChild;
      continue;
    }
    last = sym;
    pos[k++] = start;
    if ((c & 1) !== 0) {
      hits[h++] = s >> 2;
      hits[h++] = k;
    }
  }
  return h >> 1;
}

/** Turns the output states met into (pattern, start, end) candidates. */
function expandOutputs(text: string, found: number, buf: ScanBuffers, outStart: Int32Array, outLen: Uint16Array, outs: Int32Array, patLen: Uint16Array): number {
  const { hits, pos } = buf;
  let cand = buf.cand;
  let cc = 0;
  for (let h = 0; h < found * 2; h += 2) {
    const slot = hits[h]!;
    const k = hits[h + 1]!;
    const o0 = outStart[slot]!;
    const o1 = o0 + outLen[slot]!;
    if (cc + 3 * (o1 - o0) > cand.length) {
      const bigger = new Int32Array(Math.max(cand.length * 2, cc + 3 * (o1 - o0)));
      bigger.set(cand);
      cand = bigger;
      buf.cand = bigger;
    }
    // A match ending on an astral code point ends after its low half.
    const lastPos = pos[k - 1]!;
    const u = charCodeAt.call(text, lastPos);
    const end = u >= 0xd800 && u <= 0xdbff ? lastPos + 2 : lastPos + 1;
    for (let o = o0; o < o1; o++) {
      const p = outs[o]!;
      cand[cc] = p;
      cand[cc + 1] = pos[k - patLen[p]!]!;
      cand[cc + 2] = end;
      cc += 3;
    }
  }
  return cc / 3;
}
