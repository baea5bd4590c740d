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
  return new AutomatonBuilder(symbols, start, count, alphabetSize).build();
}

/**
 * The build's state. The work per state is one method (expand) rather than the body of one long
 * loop: V8 optimises a method after a few thousand calls, while a single long-running loop waits
 * for on-stack replacement of a large function, which on a cold build is a third of its time.
 */
class AutomatonBuilder {
  private readonly patLen: Uint16Array;
  private readonly slots: Slots;
  private outs: Int32Array;
  private outTotal = 0;
  // The patterns in state order, as parallel arrays (id, start of its symbols, length, symbol at the
  // current depth) read and written level by level between two copies. The symbol travelling with
  // its pattern lets a level read its symbols in order; only the next one is fetched from the
  // pattern (once, while partitioning).
  private fromIds: Int32Array;
  private fromStarts: Int32Array;
  private fromLens: Uint16Array;
  private fromNext: Uint16Array;
  private toIds: Int32Array;
  private toStarts: Int32Array;
  private toLens: Uint16Array;
  private toNext: Uint16Array;
  /** (slot, lo, hi) per state, in breadth-first order. */
  private queue: Int32Array;
  private tail = 0;
  private readonly bigram: Int32Array;
  private readonly cnt: Int32Array;
  private readonly at: Int32Array;
  private readonly syms: Int32Array;
  private readonly classPos = new Int32Array(4);
  private maxUsed = 0;
  private maxBase = 0;
  private depth = 0;

  constructor(
    private readonly symbols: Uint16Array,
    start: Int32Array,
    private readonly count: number,
    private readonly alphabetSize: number,
  ) {
    let total = 0;
    this.patLen = new Uint16Array(count);
    for (let p = 0; p < count; p++) {
      this.patLen[p] = start[p + 1]! - start[p]!;
      total += this.patLen[p]!;
    }
    // States are at most one per symbol, plus the root; shared prefixes make them fewer.
    this.slots = new Slots(Math.ceil(total * 0.6) + 2 * alphabetSize + 64);
    this.outs = new Int32Array(Math.max(1024, count * 2));
    const { ids, starts, lens } = byFirstSymbol(symbols, start, this.patLen, count, alphabetSize);
    const next = new Uint16Array(count);
    for (let k = 0; k < count; k++) next[k] = symbols[starts[k]!]!;
    this.fromIds = ids;
    this.fromStarts = starts;
    this.fromLens = lens;
    this.fromNext = next;
    this.toIds = new Int32Array(count);
    this.toStarts = new Int32Array(count);
    this.toLens = new Uint16Array(count);
    this.toNext = new Uint16Array(count);
    this.queue = new Int32Array(3 * (Math.ceil(total * 0.6) + 1024));
    this.bigram = new Int32Array(alphabetSize * BIGRAM_WORDS);
    this.cnt = new Int32Array(alphabetSize);
    this.at = new Int32Array(alphabetSize);
    this.syms = new Int32Array(alphabetSize);
  }

  build(): Automaton {
    const { slots, alphabetSize } = this;
    this.queue[0] = 0;
    this.queue[1] = 0;
    this.queue[2] = this.count;
    this.tail = 3;
    // The root: slot 0, no parent, no failure link, no outputs (patterns are never empty).
    slots.nodes[0] = 0;
    slots.nodes[1] = -2;
    slots.used[0] = 1;
    slots.nextFree[0] = 1;
    let levelEnd = this.tail;
    for (let head = 0; head < this.tail; head += 3) {
      if (head === levelEnd) {
        this.depth++;
        levelEnd = this.tail;
        this.swapLevels();
      }
      const q = this.queue;
      this.expand(q[head]!, q[head + 1]!, q[head + 2]!);
    }
    // Arrays must cover base[s] + any symbol for every slot.
    const size = Math.max(this.maxUsed + 1, this.maxBase + alphabetSize + 1);
    slots.ensure(size);
    // Views, not copies: the arrays were sized for about this many slots, and copying ~20 MB would
    // cost time and, through V8's accounting of array buffers, a full garbage collection.
    return {
      nodes: slots.nodes.subarray(0, size * NODE_STRIDE),
      bigram: this.bigram,
      outStart: slots.outStart.subarray(0, size),
      outLen: slots.outLen.subarray(0, size),
      outs: this.outs.subarray(0, this.outTotal),
      patLen: this.patLen,
      states: this.tail / 3,
    };
  }

  private swapLevels(): void {
    const ids = this.fromIds;
    this.fromIds = this.toIds;
    this.toIds = ids;
    const starts = this.fromStarts;
    this.fromStarts = this.toStarts;
    this.toStarts = starts;
    const lens = this.fromLens;
    this.fromLens = this.toLens;
    this.toLens = lens;
    const next = this.fromNext;
    this.fromNext = this.toNext;
    this.toNext = next;
  }

  /** State s, whose patterns are at [lo, hi) of the current level: its outputs and children. */
  private expand(s: number, lo: number, hi: number): void {
    const { fromIds, fromStarts, fromLens, fromNext, toIds, toStarts, toLens, toNext, cnt, at, syms, symbols, depth, slots } = this;
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
    if (s !== 0) this.linkOutputs(s, own, lo);
    if (m === 0) return; // a leaf: child info stays -1
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
    const b = this.findBase(m, first);
    if (this.tail + 3 * m > this.queue.length) {
      const bigger = new Int32Array(Math.max(this.queue.length * 2, this.tail + 3 * m));
      bigger.set(this.queue);
      this.queue = bigger;
    }
    const { queue, bigram } = this;
    let tail = this.tail;
    let maxUsed = this.maxUsed;
    const nodes = slots.nodes;
    const so = s * NODE_STRIDE;
    nodes[so] = b;
    if (b > this.maxBase) this.maxBase = b;
    let info = 0;
    if (m === 1) info = syms[0]!;
    else {
      for (let i = 0; i < m; i++) info |= 1 << (syms[i]! & 31);
      nodes[so + 1]! |= CHECK_MANY;
    }
    nodes[so + 3] = info;
    const rootChild = s !== 0 && (nodes[so + 1]! & ~3) === 0;
    const row = rootChild ? (s - nodes[0]!) * BIGRAM_WORDS : 0;
    const fail = s === 0 ? 0 : nodes[so + 2]! >> 2;
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
      nodes[t * NODE_STRIDE + 2] = s === 0 ? 0 : failOf(nodes, fail, c) * NODE_STRIDE;
    }
    this.tail = tail;
    this.maxUsed = maxUsed;
  }

  /**
   * A base where every child's slot is free: whenever a child's slot is taken, move the base so that
   * this child lands on the next free slot after it, and go on round the children until m in a row
   * fit (leapfrogging the free-slot lists). The search resumes where the last node of the same size
   * placed; nodes with 8 or more children share one such place, so they fill the same sparse region
   * instead of each wandering through the dense one.
   */
  private findBase(m: number, first: number): number {
    const { slots, syms, classPos, alphabetSize } = this;
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
    return b;
  }

  /** Outputs of state s: the `own` patterns ending there (in toIds[lo..]), then its failure target's. */
  private linkOutputs(s: number, own: number, lo: number): void {
    const { slots, toIds } = this;
    const nodes = slots.nodes;
    const f = nodes[s * NODE_STRIDE + 2]! >> 2;
    const len = Math.min(65535, own + slots.outLen[f]!);
    if (len === 0) return;
    nodes[s * NODE_STRIDE + 1]! |= CHECK_OUTPUT;
    if (this.outTotal + len > this.outs.length) {
      const bigger = new Int32Array(Math.max(this.outs.length * 2, this.outTotal + len));
      bigger.set(this.outs);
      this.outs = bigger;
    }
    const outs = this.outs;
    slots.outLen[s] = len;
    slots.outStart[s] = this.outTotal;
    let o = this.outTotal;
    const lim = o + len;
    for (let i = 0; i < own && o < lim; i++) outs[o++] = toIds[lo + i]!;
    for (let j = slots.outStart[f]!; o < lim; j++) outs[o++] = outs[j]!;
    this.outTotal = lim;
  }
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
