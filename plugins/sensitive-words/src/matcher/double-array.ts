/**
 * The patterns' trie compiled to a double array with Aho-Corasick failure links and merged outputs.
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
  /** Number of states. */
  states: number;
}

/** Int32 per state in `nodes`. */
export const NODE_STRIDE = 4;
/** Int32 per row of `bigram` (512 bits: one cache line). */
export const BIGRAM_WORDS = 16;
/** Flag bits of `nodes[o+1]`: the state has outputs; it has two or more children. */
export const CHECK_OUTPUT = 1;
export const CHECK_MANY = 2;

/** Lowest free slot ≥ x: union-find over "next free slot" links, with path compression. */
function findFree(nextFree: Int32Array, x: number): number {
  let r = x;
  while (nextFree[r] !== r) r = nextFree[r]!;
  while (nextFree[x] !== r) {
    const z = nextFree[x]!;
    nextFree[x] = r;
    x = z;
  }
  return r;
}

/** Growable arrays of the build, indexed by slot. */
class Slots {
  nodes = new Int32Array(0);
  /** 1 for an occupied slot: what the placement search probes, 16 times denser than `nodes`. */
  used = new Uint8Array(0);
  nextFree = new Int32Array(0);
  outLen = new Uint16Array(0);
  outStart = new Int32Array(0);
  cap = 0;

  constructor(cap: number) {
    this.grow(cap);
  }

  /** Makes slots [0, size) exist. */
  ensure(size: number): void {
    if (size > this.cap) this.grow(Math.max(size, Math.ceil(this.cap * 1.25)));
  }

  private grow(cap: number): void {
    const old = this.cap;
    // Free slots read -1 everywhere (check -1 matches no parent; info -1 no child symbol).
    const nodes = new Int32Array(cap * NODE_STRIDE).fill(-1, old * NODE_STRIDE);
    nodes.set(this.nodes);
    const used = new Uint8Array(cap);
    used.set(this.used);
    const nextFree = new Int32Array(cap);
    nextFree.set(this.nextFree);
    for (let i = old; i < cap; i++) nextFree[i] = i;
    const outLen = new Uint16Array(cap);
    outLen.set(this.outLen);
    const outStart = new Int32Array(cap);
    outStart.set(this.outStart);
    this.nodes = nodes;
    this.used = used;
    this.nextFree = nextFree;
    this.outLen = outLen;
    this.outStart = outStart;
    this.cap = cap;
  }
}

/**
 * Builds the automaton of `count` patterns (pattern p is symbols[start[p], start[p + 1])) in one
 * breadth-first pass, without a separate trie: a state is a range of an index of patterns sharing
 * its prefix, and its children come from one stable partition of that range by the next symbol (a
 * most-significant-digit radix sort done level by level). When a state's children are placed, every
 * shallower state is final, so their failure links are computed right away; a state's outputs when
 * it is taken from the queue, after those of every shallower state. Free slots are found through a
 * union-find "next free slot" structure, skipping from one free slot of a colliding child to its next.
 */
export function compileAutomaton(symbols: Uint16Array, start: Int32Array, count: number, alphabetSize: number): Automaton {
  let total = 0;
  const patLen = new Uint16Array(count);
  for (let p = 0; p < count; p++) {
    patLen[p] = start[p + 1]! - start[p]!;
    total += patLen[p]!;
  }
  // States are at most one per symbol, plus the root.
  const slots = new Slots(Math.ceil(total * 0.6) + 2 * alphabetSize + 64);
  let outs = new Int32Array(Math.max(1024, count * 2));
  let outTotal = 0;
  // The patterns in state order, as parallel arrays (id, start of its symbols, length) read and
  // written level by level between two copies.
  const { ids, starts, lens } = byFirstSymbol(symbols, start, patLen, count, alphabetSize);
  // Each pattern's symbol at the current depth travels with it, so a level reads its symbols in order;
  // only the next one is fetched from the pattern (once, while partitioning).
  const next = new Uint16Array(count);
  for (let k = 0; k < count; k++) next[k] = symbols[starts[k]!]!;
  let fromIds = ids;
  let fromStarts = starts;
  let fromLens = lens;
  let fromNext = next;
  let toIds = new Int32Array(count);
  let toStarts = new Int32Array(count);
  let toLens = new Uint16Array(count);
  let toNext = new Uint16Array(count);
  // The queue: (slot, lo, hi) per state, its depth kept per level.
  let queue = new Int32Array(3 * (Math.ceil(total * 0.6) + 1024));
  const bigram = new Int32Array(alphabetSize * BIGRAM_WORDS);
  const cnt = new Int32Array(alphabetSize);
  const at = new Int32Array(alphabetSize);
  const syms = new Int32Array(alphabetSize);
  const classPos = new Int32Array(4);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  queue[tail++] = 0;
  queue[tail++] = count;
  // The root: slot 0, no parent, no failure link, no outputs (patterns are never empty).
  slots.nodes[0] = 0;
  slots.nodes[1] = -2;
  slots.used[0] = 1;
  slots.nextFree[0] = 1;
  let maxUsed = 0;
  let maxBase = 0;
  let depth = 0;
  let levelEnd = tail;
  while (head < tail) {
    if (head === levelEnd) {
      depth++;
      levelEnd = tail;
      const i = fromIds;
      fromIds = toIds;
      toIds = i;
      const st = fromStarts;
      fromStarts = toStarts;
      toStarts = st;
      const l = fromLens;
      fromLens = toLens;
      toLens = l;
      const x = fromNext;
      fromNext = toNext;
      toNext = x;
    }
    const s = queue[head]!;
    const lo = queue[head + 1]!;
    const hi = queue[head + 2]!;
    head += 3;
    // Patterns ending here (their order kept: ascending ids), then the rest grouped by next symbol.
    let own = 0;
    let m = 0;
    let first = 0x7fffffff;
    for (let k = lo; k < hi; k++) {
      if (fromLens[k] === depth) {
        toIds[lo + own++] = fromIds[k]!;
        continue;
      }
      const c = fromNext[k]!;
      if (cnt[c]!++ === 0) {
        syms[m++] = c;
        if (c < first) first = c;
      }
    }
    if (s !== 0) linkOutputs(s, own, lo);
    if (m === 0) continue; // a leaf: child info 0
    let pos = lo + own;
    for (let i = 0; i < m; i++) {
      const c = syms[i]!;
      at[c] = pos;
      pos += cnt[c]!;
    }
    for (let k = lo; k < hi; k++) {
      const len = fromLens[k]!;
      if (len === depth) continue;
      const st = fromStarts[k]!;
      const to = at[fromNext[k]!]!++;
      toIds[to] = fromIds[k]!;
      toStarts[to] = st;
      toLens[to] = len;
      toNext[to] = len > depth + 1 ? symbols[st + depth + 1]! : 0;
    }
    // Find a base where every child's slot is free: whenever a child's slot is taken, move the base
    // so that this child lands on the next free slot after it, and go on round the children until m
    // in a row fit (leapfrogging the free-slot lists). The search resumes where the last node of the
    // same size placed; nodes with 8 or more children share one such place, so they fill the same
    // sparse region instead of each wandering through the dense one.
    const cls = Math.min(31 - Math.clz32(m), 3);
    let b = findFree(slots.nextFree, Math.max(first + 1, cls > 0 ? classPos[cls]! : 0)) - first;
    slots.ensure(b + alphabetSize + 1);
    for (let i = 0, fit = 0; fit < m; i = i + 1 === m ? 0 : i + 1) {
      const t = b + syms[i]!;
      if (slots.used[t] === 0) fit++;
      else {
        b = findFree(slots.nextFree, t) - syms[i]!;
        slots.ensure(b + alphabetSize + 1);
        fit = 1;
      }
    }
    if (cls > 0) classPos[cls] = b + first;
    if (tail + 3 * m > queue.length) {
      const bigger = new Int32Array(Math.max(queue.length * 2, tail + 3 * m));
      bigger.set(queue);
      queue = bigger;
    }
    const nodes = slots.nodes;
    const so = s * NODE_STRIDE;
    nodes[so] = b;
    if (b > maxBase) maxBase = b;
    let info = 0;
    if (m === 1) info = syms[0]!;
    else {
      for (let i = 0; i < m; i++) info |= 1 << (syms[i]! & 31);
      nodes[so + 1]! |= CHECK_MANY;
    }
    nodes[so + 3] = info;
    const rootChild = s !== 0 && (nodes[so + 1]! & ~3) === 0;
    const row = rootChild ? (s - nodes[0]!) * BIGRAM_WORDS : 0;
    for (let i = 0; i < m; i++) {
      const c = syms[i]!;
      const t = b + c;
      queue[tail++] = t;
      queue[tail++] = at[c]! - cnt[c]!;
      queue[tail++] = at[c]!;
      cnt[c] = 0;
      slots.nextFree[t] = t + 1;
      slots.used[t] = 1;
      if (t > maxUsed) maxUsed = t;
      // A child of a root child: its parent's symbol and its own start a pattern.
      if (rootChild) bigram[row + ((c >> 5) & (BIGRAM_WORDS - 1))]! |= 1 << (c & 31);
      nodes[t * NODE_STRIDE + 1] = so;
      nodes[t * NODE_STRIDE + 2] = s === 0 ? 0 : failOf(nodes, nodes[so + 2]! >> 2, c) * NODE_STRIDE;
    }
  }

  /** Outputs of state s: the `own` patterns ending there (in toIds[lo..]), then its failure target's. */
  function linkOutputs(s: number, own: number, lo: number): void {
    const nodes = slots.nodes;
    const f = nodes[s * NODE_STRIDE + 2]! >> 2;
    const len = Math.min(65535, own + slots.outLen[f]!);
    if (len === 0) return;
    nodes[s * NODE_STRIDE + 1]! |= CHECK_OUTPUT;
    if (outTotal + len > outs.length) {
      const bigger = new Int32Array(Math.max(outs.length * 2, outTotal + len));
      bigger.set(outs);
      outs = bigger;
    }
    slots.outLen[s] = len;
    slots.outStart[s] = outTotal;
    let o = outTotal;
    const lim = o + len;
    for (let i = 0; i < own && o < lim; i++) outs[o++] = toIds[lo + i]!;
    for (let j = slots.outStart[f]!; o < lim; j++) outs[o++] = outs[j]!;
    outTotal = lim;
  }

  // Arrays must cover base[s] + any symbol for every slot.
  const size = Math.max(maxUsed + 1, maxBase + alphabetSize + 1);
  slots.ensure(size);
  // Views, not copies: the arrays were sized for about this many slots, and copying ~20 MB would cost
  // time and, through V8's accounting of array buffers, a full garbage collection.
  return {
    nodes: slots.nodes.subarray(0, size * NODE_STRIDE),
    bigram,
    outStart: slots.outStart.subarray(0, size),
    outLen: slots.outLen.subarray(0, size),
    outs: outs.subarray(0, outTotal),
    patLen,
    states: tail / 3,
  };
}

/** The patterns ordered by first symbol (stable, so ascending ids within one), with where each starts. */
function byFirstSymbol(symbols: Uint16Array, start: Int32Array, patLen: Uint16Array, count: number, alphabetSize: number) {
  const firstCount = new Int32Array(alphabetSize + 1);
  for (let p = 0; p < count; p++) firstCount[symbols[start[p]!]! + 1]!++;
  for (let c = 1; c <= alphabetSize; c++) firstCount[c]! += firstCount[c - 1]!;
  const ids = new Int32Array(count);
  for (let p = 0; p < count; p++) ids[firstCount[symbols[start[p]!]!]!++] = p;
  const starts = new Int32Array(count);
  const lens = new Uint16Array(count);
  for (let k = 0; k < count; k++) {
    const p = ids[k]!;
    starts[k] = start[p]!;
    lens[k] = patLen[p]!;
  }
  return { ids, starts, lens };
}

/**
 * Failure target of a child on symbol c of a state whose failure link is f: the longest proper
 * suffix that is a state. As in the scan, "no child on c" is settled from f's own slot when it can.
 */
function failOf(nodes: Int32Array, f: number, c: number): number {
  for (;;) {
    const fo = f * NODE_STRIDE;
    const ck = nodes[fo + 1]!;
    const info = nodes[fo + 3]!;
    if (f === 0 || ((ck & CHECK_MANY) !== 0 ? ((info >>> c) & 1) !== 0 : info === c)) {
      const ft = nodes[fo]! + c;
      if ((nodes[ft * NODE_STRIDE + 1]! & ~3) === fo) return ft;
    }
    if (f === 0) return 0;
    f = nodes[fo + 2]! >> 2;
  }
}
