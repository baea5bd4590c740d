import type { EntityLabel } from '../catalog/aliases.js';
import type { CatalogGraph, ProductNode, SkuNode } from '../catalog/graph.js';
import { COLOR_WORDS, FLAVOR_WORDS, SIZE_WORDS } from '../catalog/lexicon.js';
import { normKey } from '../catalog/normalize.js';
import type { Span } from '../ner/tags.js';

export interface Candidate {
  product: string;
  sku: string | null;
  score: number;
  price: number | null;
  stock: number | null;
}

export interface LinkResult {
  product: string | null;
  sku: string | null;
  /** Ranked candidates for an agent to pick from, even when nothing was decided. */
  candidates: Candidate[];
}

export interface LinkerOptions {
  /** Score gap the best product needs over the runner-up to be returned (tuned on dev). */
  margin?: number;
  maxCandidates?: number;
}

interface AttrMention {
  label: EntityLabel;
  canon: string;
  /** normKey of the surface. */
  key: string;
  /** Not a value or word we know, so it may be a one-character slip of one. */
  typoOk: boolean;
  /** The number in the mention when it has no unit ("256" of "256的"). */
  bare: string | null;
}

const PARTIAL = 0.3;
const KNOWN_WORDS = new Set([...COLOR_WORDS, ...FLAVOR_WORDS, ...SIZE_WORDS].map(normKey));
/** One character off ("粉涩" for 粉色, a pinyin-IME slip): counts as a fit, but less than exact. */
const TYPO = 0.7;

function oneOff(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 3 || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diff > 1) return false;
  return diff === 1;
}
/** Words that join two different products: "羽绒服和T恤", "A还是B", "A、B都要". */
const JOIN = /和|跟|与|还是|、|加|\+|,|，|以及|或者/;

/** How well one SKU agrees with one attribute mention: 1 exact, 0.3 partial or other label, 0 no. */
function agreement(sku: SkuNode, m: AttrMention): number {
  const vals = sku.values.get(m.label);
  if (vals) {
    for (const v of vals) if (v === m.canon) return 1;
    for (const v of vals) {
      if (m.bare !== null && v.startsWith(m.bare) && !/^\d/.test(v.slice(m.bare.length))) return PARTIAL;
      // "蓝" fits 雾霾蓝 (the shopper said less); "雅丹黑" does not fit 黑色 (they said more).
      if (m.label === 'COLOR' && v.includes(m.canon)) return PARTIAL;
    }
  }
  if (m.typoOk) {
    if (vals) for (const v of vals) if (oneOff(v, m.canon) && !/\d/.test(v)) return TYPO;
    const raw = sku.raw.get(m.label);
    if (raw) for (const v of raw) if (oneOff(v, m.key) && !/\d/.test(v)) return TYPO;
  }
  // The recogniser may have picked the wrong label ("1TB" as COLOR): accept another label's exact value.
  for (const [label, others] of sku.values) if (label !== m.label && others.includes(m.canon)) return PARTIAL;
  return 0;
}

/**
 * Ranks products and SKUs for a message from its entities. Product/brand mentions filter hard;
 * attribute mentions must agree with some SKU. Returns the SKU only when exactly one SKU fits,
 * the product when only one product fits by a margin, and nothing otherwise.
 */
export class SkuLinker {
  private readonly productKeys = new Map<string, number[]>();
  /** Shortened model names ("iPhone 15" of "iPhone 15 Pro"): used only when no product has the name in full. */
  private readonly headKeys = new Map<string, number[]>();
  private readonly heads = new Map<string, number[]>();
  private readonly brandKeys = new Map<string, number[]>();
  private readonly keysByLength: string[];
  private readonly cache = new Map<string, number[]>();
  private readonly brandCache = new Map<string, number[]>();
  private readonly canonCache = new Map<string, AttrMention>();
  /** Canonical value (any label) → products having it on some SKU: narrows attribute-only messages. */
  private readonly valueIndex = new Map<string, number[]>();
  private readonly margin: number;
  private readonly maxCandidates: number;

  constructor(readonly graph: CatalogGraph, options: LinkerOptions = {}) {
    this.margin = options.margin ?? 0.5; // tuned on data/dev.jsonl: 0.2–0.5 best, larger only loses links
    this.maxCandidates = options.maxCandidates ?? 5;
    graph.products.forEach((p, i) => {
      for (const k of p.productKeys) push(this.productKeys, k, i);
      for (const k of p.modelHeads) push(this.headKeys, k, i);
      push(this.productKeys, normKey(p.title), i);
      for (const k of p.brandKeys) {
        push(this.brandKeys, k, i);
        for (const m of p.models) push(this.productKeys, k + normKey(m), i); // "xiaomi14", "苹果iphone15"
      }
      if (p.category) push(this.heads, p.category.slice(-1), i);
      for (const sku of p.skus) for (const vals of sku.values.values()) for (const v of vals) push(this.valueIndex, v, i);
    });
    this.keysByLength = [...this.productKeys.keys()].sort((a, b) => b.length - a.length);
  }

  /** Products a PRODUCT mention names: exact key, else the longest catalog key inside it, else titles containing it. */
  productsFor(text: string): number[] {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const k = normKey(text);
    let out = this.productKeys.get(k) ?? this.headKeys.get(k);
    if (!out && k.length >= 2) {
      const inside = this.keysByLength.find((key) => key.length >= 2 && k.includes(key));
      if (inside) out = this.productKeys.get(inside);
      else {
        const ids: number[] = [];
        this.graph.products.forEach((p, i) => {
          if (normKey(p.title).includes(k) || p.models.some((m) => normKey(m).startsWith(k))) ids.push(i);
        });
        // Then a one-character slip of a known name ("羽绒福"); last, Chinese product nouns end in
        // their head ("沙滩裤", "卫裤" are kinds of 裤).
        const typo = k.length >= 3 ? this.keysByLength.find((key) => oneOff(key, k)) : undefined;
        out = ids.length ? ids : typo ? this.productKeys.get(typo)! : (this.heads.get(k.slice(-1)) ?? []);
      }
    } else if (!out && k.length === 1) {
      const ids: number[] = [];
      this.graph.products.forEach((p, i) => {
        if (p.category?.includes(k)) ids.push(i);
      });
      out = ids;
    }
    out ??= [];
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(text, out);
    return out;
  }

  brandsFor(text: string): number[] {
    const cached = this.brandCache.get(text);
    if (cached) return cached;
    const k = normKey(text);
    const exact = this.brandKeys.get(k);
    if (exact) {
      this.brandCache.set(text, exact);
      return exact;
    }
    const out = new Set<number>();
    if (k.length >= 2) for (const [key, ids] of this.brandKeys) if (key.startsWith(k) || (key.length >= 2 && k.startsWith(key))) for (const i of ids) out.add(i);
    const list = [...out];
    if (this.brandCache.size > 10_000) this.brandCache.clear();
    this.brandCache.set(text, list);
    return list;
  }

  private mention(label: EntityLabel, surface: string): AttrMention {
    const key = `${label}\u0000${surface}`;
    let m = this.canonCache.get(key);
    if (!m) {
      const canon = this.graph.canonical(label, surface);
      const key = normKey(surface);
      const typoOk = !this.valueIndex.has(canon) && !KNOWN_WORDS.has(key) && !/\d/.test(key);
      m = { label, canon, key, typoOk, bare: /^\d+(\.\d+)?$/.test(canon) ? canon : null };
      if (this.canonCache.size > 50_000) this.canonCache.clear();
      this.canonCache.set(key, m);
    }
    return m;
  }

  link(text: string, spans: readonly Span[]): LinkResult {
    const none: LinkResult = { product: null, sku: null, candidates: [] };
    if (spans.length === 0) return none;
    const products = this.graph.products;
    let allowed: Set<number> | null = null;
    let productEvidence = 0;
    const intersect = (ids: number[]) => {
      const s = new Set(ids);
      allowed = allowed === null ? s : new Set([...allowed].filter((i) => s.has(i)));
    };
    const attrs: AttrMention[] = [];
    let namedSets = 0;
    const named: Span[] = [];
    const unknown: Span[] = [];
    for (const s of spans) {
      const surface = text.slice(s.start, s.end);
      if (s.label === 'PRODUCT' || s.label === 'BRAND') {
        const ids = s.label === 'PRODUCT' ? this.productsFor(surface) : this.brandsFor(surface);
        if (ids.length === 0) {
          // A name the shop does not know says nothing about which product... unless it is a second product.
          unknown.push(s);
          continue;
        }
        named.push(s);
        namedSets++;
        const before: Set<number> | null = allowed;
        intersect(ids);
        // Two names with nothing in common ("羽绒服和T恤"): the message is about two products.
        if ((allowed as Set<number> | null)?.size === 0 && before !== null && namedSets > 1) return { ...none, candidates: [] };
        productEvidence += s.label === 'PRODUCT' ? 2 : 1.5;
      } else {
        attrs.push(this.mention(s.label, surface));
      }
    }
    if (allowed === null && attrs.length === 0) return none;
    for (const u of unknown) {
      for (const n of named) {
        const between = u.start > n.end ? text.slice(n.end, u.start) : text.slice(u.end, n.start);
        if (JOIN.test(between)) return { ...none, candidates: [] };
      }
    }
    // With no name, only products carrying one of the mentioned values can be meant.
    const pool: number[] = allowed === null ? this.productsWithValues(attrs) : [...(allowed as Set<number>)];
    const scored: Array<{ p: ProductNode; score: number; skus: Array<{ sku: SkuNode; score: number; exact: boolean }> }> = [];
    for (const i of pool) {
      const p = products[i]!;
      let best = -Infinity;
      const skus = p.skus.map((sku) => {
        let sc = 0;
        let exact = true;
        for (const m of attrs) {
          const a = agreement(sku, m);
          if (a < TYPO) exact = false;
          sc += a === 0 ? -1 : a;
        }
        if (sc > best) best = sc;
        return { sku, score: sc, exact };
      });
      if (skus.length === 0) best = attrs.length ? -attrs.length : 0;
      scored.push({ p, score: productEvidence + best, skus });
    }
    scored.sort((a, b) => b.score - a.score || stockOf(b.p) - stockOf(a.p));
    const top = scored[0];
    if (!top) return none;
    const second = scored[1];
    const allAttrsFit = top.score - productEvidence >= attrs.length - 1e-9;
    const unique = !second || top.score - second.score >= this.margin;
    // A name that singles out one product decides it even when an attribute fits no SKU ("大米2斤",
    // the shop sells 5斤): the product is clear, the SKU is not. Without a name, attributes alone
    // must fit exactly and single out one product; a lone bare number ("退了44块") is not enough.
    const loneNumber = attrs.length === 1 && /^\d+(\.\d+)?$/.test(attrs[0]!.key);
    const byAttributes = attrs.length > 0 && allAttrsFit && !loneNumber;
    const decided = unique && (productEvidence > 0 || byAttributes);
    const candidates = this.candidates(scored);
    if (!decided) return { product: null, sku: null, candidates };
    const fitting = top.skus.filter((s) => s.exact);
    const sku = fitting.length === 1 ? fitting[0]!.sku.sku : null;
    return { product: top.p.id, sku, candidates };
  }

  private productsWithValues(attrs: AttrMention[]): number[] {
    const out = new Set<number>();
    for (const m of attrs) for (const i of this.valueIndex.get(m.canon) ?? []) out.add(i);
    return [...out];
  }

  private candidates(scored: Array<{ p: ProductNode; score: number; skus: Array<{ sku: SkuNode; score: number }> }>): Candidate[] {
    const out: Candidate[] = [];
    for (const s of scored.slice(0, this.maxCandidates)) {
      const skus = s.skus.slice().sort((a, b) => b.score - a.score || (b.sku.stock ?? 0) - (a.sku.stock ?? 0));
      for (const k of skus.slice(0, 2)) {
        out.push({ product: s.p.id, sku: k.sku.sku, score: Math.round((s.score - (skus[0]!.score - k.score)) * 1000) / 1000, price: k.sku.price, stock: k.sku.stock });
      }
    }
    return out.sort((a, b) => b.score - a.score || (b.stock ?? 0) - (a.stock ?? 0)).slice(0, this.maxCandidates);
  }
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (!list.includes(i)) list.push(i);
}

function stockOf(p: ProductNode): number {
  return p.skus.reduce((s, k) => s + (k.stock ?? 0), 0);
}

