/**
 * Build-time trie in typed arrays: child lookup through an open-addressing hash keyed by
 * (node, symbol), children kept as linked lists for the placement pass.
 */
export class TrieBuilder {
  firstChild: Int32Array;
  nextSibling: Int32Array;
  symbol: Uint16Array;
  /** First pattern id ending at each node (-1 none); more in `moreEnds`. */
  end: Int32Array;
  readonly moreEnds = new Map<number, number[]>();
  patLen: number[] = [];
  size = 1;
  /** Open addressing, three Int32 per entry so a probe touches one cache line: node, symbol, child. */
  private hash: Int32Array;
  private hashMask: number;

  constructor(capacity = 1024) {
    const cap = Math.max(16, capacity + 1);
    this.firstChild = new Int32Array(cap).fill(-1);
    this.nextSibling = new Int32Array(cap).fill(-1);
    this.symbol = new Uint16Array(cap);
    this.end = new Int32Array(cap).fill(-1);
    let h = 16;
    while (h < cap * 2) h *= 2;
    this.hash = new Int32Array(h * 3).fill(-1);
    this.hashMask = h - 1;
  }

  private growNodes(): void {
    const cap = this.symbol.length * 2;
    const fc = new Int32Array(cap).fill(-1);
    fc.set(this.firstChild);
    this.firstChild = fc;
    const ns = new Int32Array(cap).fill(-1);
    ns.set(this.nextSibling);
    this.nextSibling = ns;
    const sy = new Uint16Array(cap);
    sy.set(this.symbol);
    this.symbol = sy;
    const en = new Int32Array(cap).fill(-1);
    en.set(this.end);
    this.end = en;
  }

  private growHash(): void {
    const old = this.hash;
    const h = (this.hashMask + 1) * 2;
    this.hash = new Int32Array(h * 3).fill(-1);
    this.hashMask = h - 1;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] === -1) continue;
      let p = this.slot(old[i]!, old[i + 1]!);
      while (this.hash[p * 3] !== -1) p = (p + 1) & this.hashMask;
      this.hash[p * 3] = old[i]!;
      this.hash[p * 3 + 1] = old[i + 1]!;
      this.hash[p * 3 + 2] = old[i + 2]!;
    }
  }

  private slot(node: number, sym: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(sym, 0x85ebca6b)) & this.hashMask;
  }

  /** Inserts a symbol sequence; returns the pattern id. */
  insert(symbols: ArrayLike<number>): number {
    let node = 0;
    for (let i = 0; i < symbols.length; i++) {
      const c = symbols[i]!;
      let p = this.slot(node, c) * 3;
      let next = -1;
      for (;;) {
        const hn = this.hash[p]!;
        if (hn === -1) break;
        if (hn === node && this.hash[p + 1] === c) {
          next = this.hash[p + 2]!;
          break;
        }
        p = ((p / 3 + 1) & this.hashMask) * 3;
      }
      if (next === -1) {
        if (this.size >= this.symbol.length) this.growNodes();
        next = this.size++;
        this.symbol[next] = c;
        this.nextSibling[next] = this.firstChild[node]!;
        this.firstChild[node] = next;
        this.hash[p] = node;
        this.hash[p + 1] = c;
        this.hash[p + 2] = next;
        if (this.size * 2 > this.hashMask) this.growHash();
      }
      node = next;
    }
    const id = this.patLen.length;
    this.patLen.push(symbols.length);
    if (this.end[node] === -1) this.end[node] = id;
    else {
      const more = this.moreEnds.get(node);
      if (more) more.push(id);
      else this.moreEnds.set(node, [id]);
    }
    return id;
  }

}
