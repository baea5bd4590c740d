import type { CatalogInput } from './types.js';

/**
 * The parts of @keeper/commerce's `CatalogProduct` this mapping reads, declared here so the plugin
 * does not depend on that package (a type test keeps the two in step).
 */
export interface CommerceCatalogProduct {
  system: string;
  externalId: string;
  title: string;
  brand: string | null;
  category: string[];
  attributes: Record<string, string>;
  skus: Array<{
    externalId: string;
    sku: string;
    attributes: Record<string, string>;
    price: { amount: string; currency: string } | null;
    inventory: number | null;
  }>;
}

/**
 * Shop option names → the catalog graph's keys. The graph already labels unknown keys (SPEC), so
 * only families it has a label or a quantity rule for are folded; everything else is kept lowercased.
 */
const KEY_FAMILIES: Array<[RegExp, string]> = [
  [/^(colou?rs?|farbe|couleur|colore|颜色|颜色分类|颜色类别|色彩|色)$/, 'color'],
  [/^(shades?|色号)$/, 'shade'],
  [/^(sizes?|größe|groesse|taille|talla|尺码|尺寸|码数|鞋码|码|号型)$/, 'size'],
  [/^(flavou?rs?|tastes?|geschmack|口味|味道)$/, 'flavor'],
  [/^(scents?|fragrances?|duft|香型|香味|香调)$/, 'scent'],
  [/^(volume|capacity|inhalt|容量|容积)$/, 'volume'],
  [/^(weight|gewicht|重量|净含量)$/, 'weight'],
  [/^(storage|memory|speicher|存储|存储容量|内存|机身内存)$/, 'storage'],
  [/^(stages?|段数|段)$/, 'stage'],
  [/^(pack|pack size|packs?|包装|装数)$/, 'pack'],
];

/** "Colour " → color, "尺码" → size, "Heel Height" → heel height (unknown keys stay as the shop wrote them). */
export function normaliseAttributeKey(key: string): string {
  const k = key.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  for (const [pattern, name] of KEY_FAMILIES) if (pattern.test(k)) return name;
  return k;
}

function normaliseAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(attributes)) {
    const name = normaliseAttributeKey(key);
    const value = String(raw ?? '').trim();
    // "Color" and "颜色" on one SKU: the first is kept; they name the same option.
    if (name && value && !(name in out)) out[name] = value;
  }
  return out;
}

export interface CommerceCatalogMapping {
  catalog: CatalogInput & { products: NonNullable<CatalogInput['products']> };
  products: number;
  skus: number;
  /** Data the mapping had to leave out (duplicate SKU codes), for the sync result and the log. */
  warnings: string[];
}

/**
 * Commerce products → the catalog format `importProductCatalog` takes. Product ids are the platform
 * ids, prefixed with the system when several systems are synced together (ids are only unique per
 * system). A SKU code seen twice keeps its first product: linking must name one SKU.
 */
export function catalogFromCommerce(products: CommerceCatalogProduct[], options: { prefixIds?: boolean } = {}): CommerceCatalogMapping {
  const seen = new Map<string, string>();
  const warnings: string[] = [];
  let skuCount = 0;
  const out = products.map((p) => {
    const id = options.prefixIds ? `${p.system}:${p.externalId}` : p.externalId;
    const skus = p.skus.flatMap((s) => {
      const code = s.sku.trim();
      const owner = seen.get(code);
      if (owner !== undefined) {
        if (warnings.length < 50) warnings.push(`SKU ${code} of product ${id} was already listed under product ${owner}; kept the first`);
        return [];
      }
      seen.set(code, id);
      const price = s.price ? Number(s.price.amount) : null;
      return [{ sku: code, attributes: normaliseAttributes(s.attributes), price: Number.isFinite(price) ? price : null, stock: s.inventory }];
    });
    skuCount += skus.length;
    return {
      id,
      title: p.title,
      brand: p.brand?.trim() || null,
      // The graph reads ">" and "/" as path separators, so they cannot stay inside one name ("Tops/Tees").
      category: p.category.map((c) => c.replace(/\s*[>/]\s*/g, ' ').trim()).filter(Boolean),
      attributes: normaliseAttributes(p.attributes),
      skus,
    };
  });
  return { catalog: { products: out }, products: out.length, skus: skuCount, warnings };
}
