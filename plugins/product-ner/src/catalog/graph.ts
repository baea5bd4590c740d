import { type AliasTable, CATEGORY_ALIASES, canonicalValue, type EntityLabel, labelOfKey } from './aliases.js';
import { catalogFromCsv } from './csv.js';
import { normKey } from './normalize.js';
import { type Catalog, type CatalogInput, catalogSchema } from './types.js';

export interface SkuNode {
  sku: string;
  productId: string;
  attributes: Record<string, string>;
  price: number | null;
  stock: number | null;
  /** Canonical attribute values by entity label, for matching mentions. */
  values: Map<EntityLabel, string[]>;
  /** The values as written (normalised key), by label: for one-character typo matching. */
  raw: Map<EntityLabel, string[]>;
}

export interface ProductNode {
  id: string;
  title: string;
  brand: string | null;
  /** The brand's spellings ("耐克/Nike" → 耐克, nike), normalised. */
  brandKeys: string[];
  category: string | null;
  /** Root → leaf. */
  categoryPath: string[];
  /** Named models / lines taken from the title and product attributes ("Air Max 270", "iPhone 15"). */
  models: string[];
  /** Shortened model names ("Air Max", "iPhone 15" of "iPhone 15 Pro"), normalised: weaker than `models`. */
  modelHeads: string[];
  /** Every normalised word that names this product: category path, category aliases, models. */
  productKeys: Set<string>;
  skus: SkuNode[];
  attributes: Record<string, unknown>;
}

export interface CategoryNode {
  name: string;
  parent: string | null;
  children: string[];
}

/** Splits "耐克/Nike", "雅诗兰黛 Estee Lauder" or "Nike（耐克）" into its spellings. */
export function brandSpellings(brand: string): string[] {
  const parts = brand.split(/[/|｜（）()]/).map((s) => s.trim()).filter(Boolean);
  const out = new Set(parts);
  for (const p of parts) {
    const m = /^([\u4e00-\u9fff]+)\s+([A-Za-z][A-Za-z0-9 .'&-]*)$/.exec(p) ?? /^([A-Za-z][A-Za-z0-9 .'&-]*?)\s+([\u4e00-\u9fff]+)$/.exec(p);
    if (m) {
      out.add(m[1]!);
      out.add(m[2]!);
    }
  }
  return [...out];
}

/** Model names in a title: Latin/digit runs ("Air Max 270", "iPhone 15 Pro"), plus their shorter heads. */
export function modelsFromTitle(title: string, brandNames: string[], category: string | null): { models: string[]; heads: string[] } {
  let rest = title;
  for (const b of brandNames) rest = rest.split(b).join(' ');
  const out = new Set<string>();
  const heads = new Set<string>();
  for (const m of rest.matchAll(/[A-Za-z0-9][A-Za-z0-9+\-']*(?:\s+[A-Za-z0-9][A-Za-z0-9+\-']*)*/g)) {
    const words = m[0].split(/\s+/);
    if (m[0].length >= 2) out.add(m[0]);
    for (let n = words.length - 1; n >= 1; n--) {
      const head = words.slice(0, n).join(' ');
      if (/[A-Za-z]/.test(head) && head.length >= 2) heads.add(head);
    }
  }
  for (const tok of rest.split(/\s+/)) {
    const t = tok.trim();
    if (t && t.length <= 6 && /[\u4e00-\u9fff]/.test(t) && t !== category) out.add(t);
    // "小棕瓶精华" (category 精华) also names the line "小棕瓶"; "动物眼影盘" the type "眼影盘".
    const at = category ? t.indexOf(category) : -1;
    if (category && at > 0 && at <= 3) out.add(t.slice(0, at));
    if (category && at >= 0 && t.length - at <= category.length + 1 && t.length - at > category.length) out.add(t.slice(at));
  }
  return { models: [...out], heads: [...heads].filter((h) => !out.has(h)) };
}

export class CatalogGraph {
  readonly products: ProductNode[] = [];
  readonly categories = new Map<string, CategoryNode>();
  readonly aliases: AliasTable = {};
  private readonly byId = new Map<string, ProductNode>();
  private readonly bySku = new Map<string, SkuNode>();

  static fromJSON(input: CatalogInput | unknown): CatalogGraph {
    return new CatalogGraph(catalogSchema.parse(input));
  }

  static fromCSV(text: string): CatalogGraph {
    return CatalogGraph.fromJSON(catalogFromCsv(text));
  }

  /** The catalog this graph was built from, e.g. to send it to a training worker. */
  readonly source: Catalog;

  constructor(catalog: Catalog) {
    this.source = catalog;
    for (const c of catalog.categories ?? []) this.addCategory(c.name, c.parent ?? null);
    for (const p of catalog.products) {
      const path = this.categoryFor(p.category ?? null);
      const leaf = path[path.length - 1] ?? null;
      const brandNames = p.brand ? brandSpellings(p.brand) : [];
      const extra = ['model', 'models', 'series', 'aliases', '型号', '系列'].flatMap((k) => {
        const v = p.attributes[k];
        return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
      });
      const fromTitle = modelsFromTitle(p.title, brandNames, leaf);
      const models = [...new Set([...fromTitle.models, ...extra])];
      const productKeys = new Set<string>();
      for (const c of path) {
        productKeys.add(normKey(c));
        for (const a of CATEGORY_ALIASES[c] ?? []) productKeys.add(normKey(a));
      }
      for (const m of models) productKeys.add(normKey(m));
      const modelHeads = fromTitle.heads.map(normKey).filter((h) => !productKeys.has(h));
      const node: ProductNode = {
        id: p.id, title: p.title, brand: p.brand ?? null, brandKeys: brandNames.map(normKey), category: leaf, categoryPath: path,
        models, modelHeads, productKeys, skus: [], attributes: p.attributes,
      };
      for (const s of p.skus) {
        const values = new Map<EntityLabel, string[]>();
        const raw = new Map<EntityLabel, string[]>();
        for (const [k, v] of Object.entries(s.attributes)) {
          const label = labelOfKey(k);
          values.set(label, [...(values.get(label) ?? []), canonicalValue(label, v)]);
          raw.set(label, [...(raw.get(label) ?? []), normKey(v)]);
        }
        const skuNode: SkuNode = { sku: s.sku, productId: p.id, attributes: s.attributes, price: s.price ?? null, stock: s.stock ?? null, values, raw };
        node.skus.push(skuNode);
        this.bySku.set(s.sku, skuNode);
      }
      this.products.push(node);
      this.byId.set(node.id, node);
    }
    this.loadAliases(catalog.aliases ?? {});
  }

  product(id: string): ProductNode | undefined {
    return this.byId.get(id);
  }

  sku(sku: string): SkuNode | undefined {
    return this.bySku.get(sku);
  }

  get skuCount(): number {
    return this.bySku.size;
  }

  /** Root → leaf path of a category; unknown names become a root; "a>b>c" and "a/b/c" declare a path. */
  categoryFor(category: string | null): string[] {
    if (!category) return [];
    const parts = category.split(/\s*[>/]\s*/).filter(Boolean);
    parts.forEach((name, i) => {
      this.addCategory(name, i > 0 ? parts[i - 1]! : null);
    });
    const path: string[] = [];
    let cur: string | null = parts[parts.length - 1]!;
    while (cur && !path.includes(cur)) {
      path.unshift(cur);
      cur = this.categories.get(cur)?.parent ?? null;
    }
    return path;
  }

  /** True when `category` is `ancestor` or below it (羽绒服 is a kind of 外套). */
  isA(category: string, ancestor: string): boolean {
    return this.categoryFor(category).includes(ancestor);
  }

  /** Shop aliases: surface → catalog value; the label is the one(s) whose values contain the target. */
  loadAliases(map: Record<string, string>): void {
    for (const [alias, target] of Object.entries(map)) {
      for (const label of this.labelsOfValue(target)) {
        const table = this.aliases[label] ?? {};
        table[normKey(alias)] = target;
        this.aliases[label] = table;
      }
    }
  }

  /** Canonical form of a mention of `label`, with this shop's aliases. */
  canonical(label: EntityLabel, text: string): string {
    return canonicalValue(label, text, this.aliases);
  }

  /** Products whose title, brand, category or SKU codes contain every word of `search`. */
  search(search: string, limit = 20): ProductNode[] {
    const words = search.split(/\s+/).map(normKey).filter(Boolean);
    return this.products
      .filter((p) => {
        const hay = normKey([p.id, p.title, p.brand ?? '', ...p.categoryPath, ...p.skus.map((s) => s.sku)].join(' '));
        return words.every((w) => hay.includes(w) || p.productKeys.has(w));
      })
      .slice(0, limit);
  }

  private labelsOfValue(value: string): EntityLabel[] {
    const out = new Set<EntityLabel>();
    for (const p of this.products) {
      for (const s of p.skus) for (const [k, v] of Object.entries(s.attributes)) if (v === value) out.add(labelOfKey(k));
    }
    if (out.size === 0) out.add('SPEC');
    return [...out];
  }

  private addCategory(name: string, parent: string | null): void {
    const existing = this.categories.get(name);
    if (existing) {
      if (!existing.parent && parent && parent !== name) {
        existing.parent = parent;
        this.categories.get(parent)?.children.push(name);
      }
      return;
    }
    this.categories.set(name, { name, parent, children: [] });
    if (parent) {
      if (!this.categories.has(parent)) this.categories.set(parent, { name: parent, parent: null, children: [] });
      this.categories.get(parent)!.children.push(name);
    }
  }
}
