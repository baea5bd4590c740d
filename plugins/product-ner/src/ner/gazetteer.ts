import { CATEGORY_ALIASES, type EntityLabel, labelOfKey } from '../catalog/aliases.js';
import type { CatalogGraph } from '../catalog/graph.js';
import { COLOR_WORDS, FLAVOR_WORDS, PRODUCT_WORDS, SIZE_WORDS } from '../catalog/lexicon.js';
import { canonicalQuantity, foldText, normKey } from '../catalog/normalize.js';

/**
 * Gazetteer types. Features use the type, never the word, so a model trained on one shop's catalog
 * works with another shop's catalog given at run time.
 */
export const GAZ_TYPES = ['BRAND', 'PRODUCT_CAT', 'PRODUCT_MODEL', 'COLOR', 'SIZE', 'FLAVOR', 'SPEC'] as const;
export type GazType = (typeof GAZ_TYPES)[number];
export const GAZ_COUNT = GAZ_TYPES.length;
const GAZ_INDEX = new Map<GazType, number>(GAZ_TYPES.map((t, i) => [t, i]));
const gazTypeOf = (label: EntityLabel): GazType => (label === 'PRODUCT' ? 'PRODUCT_MODEL' : label);

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Bit set of gazetteer types ending here. */
  types: number;
}

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLatin = (c: number) => c >= 0x61 && c <= 0x7a;
/** A boundary between a and b is inside a word when both are letters or both are digits ("l" in "hello"). */
const glued = (a: number, b: number) => (isLatin(a) && isLatin(b)) || (isDigit(a) && isDigit(b));

/** Surface variants of a catalog value a shopper may type. */
export function valueVariants(label: EntityLabel, value: string): string[] {
  const v = normKey(value);
  const out = new Set([v]);
  if (label === 'COLOR') {
    const bare = v.replace(/^#/, '');
    out.add(bare);
    out.add(`${bare}号`);
    if (v.endsWith('色') && v.length > 1) out.add(v.slice(0, -1));
  } else if (label === 'SIZE') {
    out.add(`${v}码`);
    out.add(`${v}号`);
  } else if (label === 'FLAVOR') {
    const base = v.replace(/(口味|味|香)$/, '');
    if (base.length >= 2) for (const s of ['', '味', '口味', '香']) out.add(base + s);
  } else if (label === 'SPEC') {
    const q = canonicalQuantity(v);
    if (q) {
      const n = q.value;
      const forms: Record<string, string[]> = {
        ml: [`${n}ml`, `${n}毫升`, ...(n % 1000 === 0 ? [`${n / 1000}l`, `${n / 1000}升`] : [])],
        g: [`${n}g`, `${n}克`, `${n}gb`, `${n}个g`, ...(n % 1000 === 0 ? [`${n / 1000}kg`, `${n / 1000}公斤`] : []),
          ...(n % 500 === 0 ? [`${n / 500}斤`] : []), ...(n % 1024 === 0 ? [`${n / 1024}t`, `${n / 1024}tb`] : [])],
        段: [`${n}段`, ...(n <= 10 ? [`${CN[n]}段`] : [])],
        m: [`${n}m`, `${n}米`],
      };
      for (const f of forms[q.unit] ?? [`${n}${q.unit}`, `${n}${q.unit}装`]) out.add(f);
    }
  }
  return [...out].filter((s) => s.length > 0);
}

export interface GazetteerMatch {
  start: number;
  end: number;
  types: number;
}

export class Gazetteer {
  private readonly root: TrieNode = { next: new Map(), types: 0 };
  size = 0;

  add(surface: string, type: GazType): void {
    const key = normKey(surface);
    if (!key) return;
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let n = node.next.get(c);
      if (!n) {
        n = { next: new Map(), types: 0 };
        node.next.set(c, n);
      }
      node = n;
    }
    if (node.types === 0) this.size++;
    node.types |= 1 << GAZ_INDEX.get(type)!;
  }

  static fromCatalog(graph: CatalogGraph): Gazetteer {
    const g = new Gazetteer();
    for (const w of PRODUCT_WORDS) g.add(w, 'PRODUCT_CAT');
    for (const w of COLOR_WORDS) for (const f of valueVariants('COLOR', w)) g.add(f, 'COLOR');
    for (const w of FLAVOR_WORDS) for (const f of valueVariants('FLAVOR', w)) g.add(f, 'FLAVOR');
    for (const w of SIZE_WORDS) for (const f of valueVariants('SIZE', w)) g.add(f, 'SIZE');
    for (const p of graph.products) {
      for (const b of p.brandKeys) g.add(b, 'BRAND');
      for (const c of p.categoryPath) {
        g.add(c, 'PRODUCT_CAT');
        for (const a of CATEGORY_ALIASES[c] ?? []) g.add(a, 'PRODUCT_CAT');
      }
      for (const m of p.models) g.add(m, 'PRODUCT_MODEL');
      for (const m of p.modelHeads) g.add(m, 'PRODUCT_MODEL');
      for (const s of p.skus) {
        for (const [k, v] of Object.entries(s.attributes)) {
          const label = labelOfKey(k);
          for (const f of valueVariants(label, v)) g.add(f, gazTypeOf(label));
        }
      }
    }
    for (const [label, table] of Object.entries(graph.aliases)) {
      for (const alias of Object.keys(table ?? {})) g.add(alias, gazTypeOf(label as EntityLabel));
    }
    return g;
  }

  /**
   * All matches in `folded` (see foldText). Whitespace inside a match is skipped ("X L", "Air  Max");
   * Latin/digit entries must not start or end inside a longer Latin/digit run ("l" in "hello").
   */
  match(folded: string): GazetteerMatch[] {
    const out: GazetteerMatch[] = [];
    const n = folded.length;
    for (let i = 0; i < n; i++) {
      const c0 = folded.charCodeAt(i);
      if (c0 === 0x20) continue;
      if (i > 0 && glued(folded.charCodeAt(i - 1), c0)) continue;
      let node: TrieNode | undefined = this.root;
      for (let j = i; j < n && node; j++) {
        const c = folded.charCodeAt(j);
        if (c === 0x20 && j > i) continue;
        node = node.next.get(c);
        if (node && node.types !== 0) {
          const after = j + 1 < n ? folded.charCodeAt(j + 1) : 0;
          if (!glued(c, after)) out.push({ start: i, end: j + 1, types: node.types });
        }
      }
    }
    return out;
  }

  matchText(text: string): GazetteerMatch[] {
    return this.match(foldText(text));
  }
}
