import type { TrieBuilder } from './trie-builder.js';

/**
 * A trie compiled to a double array with Aho-Corasick failure links and merged outputs.
 * Transition from state s on symbol c: t = base[s] + c, valid when check[t] === s. Every array is
 * sized so that base[s] + c never leaves bounds, so the scan loop needs no range checks.
 */
export interface Automaton {
  /**
   * The hot-path view, four Int32 per state (16 bytes, so one state never straddles a cache line):
   * for slot s at o = 4*s, [o] = base, [o+1] = parent's o | CHECK_OUTPUT | CHECK_MANY (offsets are
   * multiples of 4, so the flags fit below), [o+2] = failure target as an offset, [o+3] = the symbol
   * of its only child (0 for a leaf) or, with CHECK_MANY, a 32-bit mask of its children's symbols
   * (bit sym mod 32). A transition attempt that the state's own line rules out never reads the
   * child's slot, which is usually a cache miss.
   */
  nodes: Int32Array;
  /**
   * A Bloom-style filter over the first two symbols of every pattern: row a (BIGRAM_WORDS Int32) has
   * bit (b mod 512) set when some pattern starts "ab". Root children (depth 1, most of the states a
   * scan of ordinary text sits in) have many children spread over the array; when the bit is clear
   * the scanner knows there is no child without touching it.
   */
  bigram: Int32Array;
  /** Outputs of state s (its own patterns and those of its dictionary-suffix links): outs[outStart[s] .. outStart[s]+outLen[s]). */
  outStart: Int32Array;
  outLen: Uint16Array;
  outs: Int32Array;
  /** Number of symbols of each pattern (to find where a match starts). */
  patLen: Uint16Array;
}

/** Int32 per state in `nodes`. */
export const NODE_STRIDE = 4;
/** Int32 per row of `bigram` (512 bits: one cache line). */
export const BIGRAM_WORDS = 16;
/** Flag bits of `nodes[o+1]`: the state has outputs; it has two or more children. */
export const CHECK_OUTPUT = 1;
export const CHECK_MANY = 2;

function grow(a: Int32Array<ArrayBuffer>, size: number, fill: number): Int32Array<ArrayBuffer> {
  if (a.length >= size) return a;
  const b = new Int32Array(Math.max(size, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

/**
 * Places the trie into a double array with failure links. Free slots are found through a union-find
 * "next free slot" structure, so placing a node costs about its child count, not a scan over the array.
 */
export function compileAutomaton(trie: TrieBuilder, alphabetSize: number): Automaton {
  const n = trie.size;
  let cap = n + alphabetSize * 2 + 16;
  let base = new Int32Array(cap);
  let check = new Int32Array(cap).fill(-1);
  let nextFree = new Int32Array(cap);
  for (let i = 0; i < cap; i++) nextFree[i] = i;
  const ensure = (size: number): void => {
    if (size < cap) return;
    const old = cap;
    cap = Math.max(size + alphabetSize + 16, Math.ceil(cap * 1.5));
    base = grow(base, cap, 0);
    check = grow(check, cap, -1);
    const nf = new Int32Array(cap);
    nf.set(nextFree);
    for (let i = old; i < cap; i++) nf[i] = i;
    nextFree = nf;
  };
  const findFree = (x: number): number => {
    ensure(x + 1);
    let r = x;
    while (nextFree[r] !== r) {
      r = nextFree[r]!;
      ensure(r + 1);
    }
    // Path compression.
    let y = x;
    while (nextFree[y] !== r) {
      const z = nextFree[y]!;
      nextFree[y] = r;
      y = z;
    }
    return r;
  };
  const occupy = (t: number, parent: number): void => {
    check[t] = parent;
    nextFree[t] = t + 1;
  };
  const slotOf = new Int32Array(n); // trie node → double-array slot
  const bfs = new Int32Array(n);
  let head = 0;
  let tail = 0;
  bfs[tail++] = 0;
  occupy(0, -2); // the root's slot belongs to no parent
  const kids = new Int32Array(alphabetSize + 1);
  const syms = new Int32Array(alphabetSize + 1);
  const classPos = new Int32Array(32);
  const { firstChild, nextSibling, symbol } = trie;
  while (head < tail) {
    const node = bfs[head++]!;
    const s = slotOf[node]!;
    let m = 0;
    // Children sorted by symbol (insertion sort: most nodes have one or two children).
    for (let k = firstChild[node]!; k !== -1; k = nextSibling[k]!) {
      const c = symbol[k]!;
      let j = m++;
      while (j > 0 && syms[j - 1]! > c) {
        syms[j] = syms[j - 1]!;
        kids[j] = kids[j - 1]!;
        j--;
      }
      syms[j] = c;
      kids[j] = k;
    }
    if (m === 0) continue;
    const first = syms[0]!;
    const lastSym = syms[m - 1]!;
    // Nodes with many children fail in the same crowded region again and again; each size class
    // therefore resumes where the previous node of its class was placed.
    const cls = 31 - Math.clz32(m);
    let pos = findFree(Math.max(first + 1, cls > 0 ? classPos[cls]! : 0));
    for (;;) {
      const b = pos - first;
      if (b + lastSym + 1 >= cap) ensure(b + lastSym + 1);
      let ok = true;
      for (let i = 1; i < m; i++) {
        if (check[b + syms[i]!] !== -1) {
          ok = false;
          break;
        }
      }
      if (ok) {
        base[s] = b;
        classPos[cls] = pos;
        for (let i = 0; i < m; i++) {
          const t = b + syms[i]!;
          occupy(t, s);
          slotOf[kids[i]!] = t;
          bfs[tail++] = kids[i]!;
        }
        break;
      }
      pos = findFree(pos + 1);
    }
  }
  // Arrays must cover base[s] + any symbol for every slot.
  let maxSlot = 0;
  for (let i = 0; i < n; i++) if (slotOf[i]! > maxSlot) maxSlot = slotOf[i]!;
  let maxBase = 0;
  for (let i = 0; i <= maxSlot; i++) if (check[i] !== -1 && base[i]! > maxBase) maxBase = base[i]!;
  const size = Math.max(maxSlot + 1, maxBase + alphabetSize + 1);
  const finalBase = new Int32Array(size);
  finalBase.set(base.subarray(0, Math.min(size, base.length)));
  const finalCheck = new Int32Array(size).fill(-1);
  finalCheck.set(check.subarray(0, Math.min(size, check.length)));
  finalCheck[0] = -2;
  for (let i = 0; i < size; i++) if (finalCheck[i] === -1) finalBase[i] = 0;

  const fail = new Int32Array(size);
  // Output counts: own patterns plus those of the nearest fail ancestor with outputs (dictionary
  // suffix link). BFS order means a fail target is shallower and therefore already final.
  const outLen = new Uint16Array(size);
  const ownCount = new Uint16Array(size);
  const dictLink = new Int32Array(size).fill(-1);
  const order = new Int32Array(tail);
  for (let qi = 0; qi < tail; qi++) {
    const node = bfs[qi]!;
    const s = slotOf[node]!;
    order[qi] = s;
    const own = trie.end[node]! === -1 ? 0 : 1 + (trie.moreEnds.get(node)?.length ?? 0);
    ownCount[s] = own;
    if (node === 0) {
      outLen[0] = own;
      continue;
    }
    const parent = finalCheck[s]!;
    const c = s - finalBase[parent]!;
    let f = parent === 0 ? 0 : fail[parent]!;
    if (parent !== 0) {
      for (;;) {
        const t = finalBase[f]! + c;
        if (finalCheck[t] === f) {
          f = t;
          break;
        }
        if (f === 0) break;
        f = fail[f]!;
      }
    }
    fail[s] = f;
    if (outLen[f]! > 0) dictLink[s] = f;
    outLen[s] = Math.min(65535, own + (outLen[f] ?? 0));
  }
  const outStart = new Int32Array(size);
  let total = 0;
  for (let qi = 0; qi < tail; qi++) {
    const s = order[qi]!;
    outStart[s] = total;
    total += outLen[s]!;
  }
  const outs = new Int32Array(total);
  for (let qi = 0; qi < tail; qi++) {
    const s = order[qi]!;
    if (outLen[s] === 0) continue;
    const node = bfs[qi]!;
    let o = outStart[s]!;
    const lim = o + outLen[s]!;
    if (ownCount[s]! > 0) {
      outs[o++] = trie.end[node]!;
      for (const id of trie.moreEnds.get(node) ?? []) if (o < lim) outs[o++] = id;
    }
    const d = dictLink[s]!;
    if (d >= 0) for (let j = outStart[d]!; o < lim; j++) outs[o++] = outs[j]!;
  }
  // Per slot: its children's count (capped at 2) and, for one child, that child's symbol, for more a
  // 32-bit Bloom mask of their symbols (bit sym mod 32; Latin letters, the usual deep states, have
  // small consecutive ids and so nearly never collide).
  const childCount = new Uint8Array(size);
  const childInfo = new Int32Array(size);
  const nodes = new Int32Array(size * NODE_STRIDE);
  const bigram = new Int32Array(alphabetSize * BIGRAM_WORDS);
  for (let i = 0; i < size; i++) {
    const c = finalCheck[i]!;
    if (c < 0) continue;
    const sym = i - finalBase[c]!;
    if (childCount[c] === 0) {
      childCount[c] = 1;
      childInfo[c] = sym;
    } else {
      if (childCount[c] === 1) childInfo[c] = 1 << (childInfo[c]! & 31);
      childCount[c] = 2;
      childInfo[c]! |= 1 << (sym & 31);
    }
    // A child of a root child: its parent's symbol and its own are a pattern's first two symbols.
    if (c > 0 && finalCheck[c] === 0) {
      const a = c - finalBase[0]!;
      bigram[a * BIGRAM_WORDS + ((sym >> 5) & (BIGRAM_WORDS - 1))]! |= 1 << (sym & 31);
    }
  }
  for (let i = 0; i < size; i++) {
    const o = i * NODE_STRIDE;
    nodes[o] = finalBase[i]!;
    const c = finalCheck[i]!;
    // Empty slots hold -1 and the root -2: neither equals an offset (a multiple of 4) once the two
    // flag bits are masked off.
    nodes[o + 1] = c >= 0 ? (c * NODE_STRIDE) | (outLen[i]! > 0 ? CHECK_OUTPUT : 0) | (childCount[i] === 2 ? CHECK_MANY : 0) : c;
    nodes[o + 2] = fail[i]! * NODE_STRIDE;
    nodes[o + 3] = childInfo[i]!;
  }
  return { nodes, bigram, outStart, outLen, outs, patLen: Uint16Array.from(trie.patLen) };
}
