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
  private hashNode: Int32Array;
  private hashSym: Uint16Array;
  private hashVal: Int32Array;
  private hashMask: number;

  constructor(capacity = 1024) {
    const cap = Math.max(16, capacity + 1);
    this.firstChild = new Int32Array(cap).fill(-1);
    this.nextSibling = new Int32Array(cap).fill(-1);
    this.symbol = new Uint16Array(cap);
    this.end = new Int32Array(cap).fill(-1);
    let h = 16;
    while (h < cap * 2) h *= 2;
    this.hashNode = new Int32Array(h).fill(-1);
    this.hashSym = new Uint16Array(h);
    this.hashVal = new Int32Array(h);
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
    const oldNode = this.hashNode;
    const oldSym = this.hashSym;
    const oldVal = this.hashVal;
    const h = oldNode.length * 2;
    this.hashNode = new Int32Array(h).fill(-1);
    this.hashSym = new Uint16Array(h);
    this.hashVal = new Int32Array(h);
    this.hashMask = h - 1;
    for (let i = 0; i < oldNode.length; i++) {
      if (oldNode[i] === -1) continue;
      let p = this.slot(oldNode[i]!, oldSym[i]!);
      while (this.hashNode[p] !== -1) p = (p + 1) & this.hashMask;
      this.hashNode[p] = oldNode[i]!;
      this.hashSym[p] = oldSym[i]!;
      this.hashVal[p] = oldVal[i]!;
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
      let p = this.slot(node, c);
      let next = -1;
      for (;;) {
        const hn = this.hashNode[p]!;
        if (hn === -1) break;
        if (hn === node && this.hashSym[p] === c) {
          next = this.hashVal[p]!;
          break;
        }
        p = (p + 1) & this.hashMask;
      }
      if (next === -1) {
        if (this.size >= this.symbol.length) this.growNodes();
        next = this.size++;
        this.symbol[next] = c;
        this.nextSibling[next] = this.firstChild[node]!;
        this.firstChild[node] = next;
        this.hashNode[p] = node;
        this.hashSym[p] = c;
        this.hashVal[p] = next;
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
