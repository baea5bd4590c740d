import { type CatalogProduct, type CatalogSku, toMoney } from '@keeper/commerce';
import { gmt } from './mapping.js';

export interface WooTerm {
  id: number;
  name: string;
  slug?: string;
}

export interface WooProductAttribute {
  id: number;
  name: string;
  /** Part of the variations' option set (then each variation says its value). */
  variation?: boolean;
  options?: string[];
}

/** The fields of `GET /products` the catalog listing reads. */
export interface WooCatalogProduct {
  id: number;
  name: string;
  sku?: string;
  type?: 'simple' | 'grouped' | 'external' | 'variable' | string;
  price?: string | null;
  stock_quantity?: number | null;
  date_modified_gmt?: string | null;
  categories?: WooTerm[];
  /** WooCommerce's core Brands (9.6+) [S]; older shops use a "Brand" attribute instead. */
  brands?: WooTerm[];
  attributes?: WooProductAttribute[];
  variations?: number[];
}

/** `GET /products/{id}/variations` items. */
export interface WooVariation {
  id: number;
  sku?: string;
  price?: string | null;
  stock_quantity?: number | null;
  status?: string;
  /** Only the attributes this variation fixes; one left out means "any value". */
  attributes?: Array<{ id: number; name: string; option: string }>;
}

/** `GET /products/categories` items: `parent` 0 is a root. */
export interface WooCategory {
  id: number;
  name: string;
  parent: number;
}

const BRAND_ATTRIBUTE = /^(pa_)?(brand|brands|品牌|marke|marque|marca)$/i;

/** Root → leaf names for every category id (a parent cycle in bad data stops instead of looping). */
export function categoryPaths(categories: WooCategory[]): Map<number, string[]> {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const paths = new Map<number, string[]>();
  for (const c of categories) {
    const path: string[] = [];
    const seen = new Set<number>();
    for (let at: WooCategory | undefined = c; at && !seen.has(at.id); at = byId.get(at.parent)) {
      seen.add(at.id);
      path.unshift(at.name);
    }
    paths.set(c.id, path);
  }
  return paths;
}

function isBrand(a: WooProductAttribute, brandAttribute: string | undefined): boolean {
  return brandAttribute ? a.name.toLowerCase() === brandAttribute.toLowerCase() : BRAND_ATTRIBUTE.test(a.name.trim());
}

/**
 * A Woo product in the catalog model. Variable products become one SKU per published variation;
 * simple and external products are their own single SKU (their single-valued attributes are its
 * attributes); grouped products have no SKU of their own (their children are listed as products).
 */
export function mapCatalogProduct(
  system: string,
  p: WooCatalogProduct,
  variations: WooVariation[],
  paths: Map<number, string[]>,
  currency: string | null,
  brandAttribute?: string,
): CatalogProduct {
  const attributes = p.attributes ?? [];
  const brand = p.brands?.[0]?.name?.trim() || attributes.find((a) => isBrand(a, brandAttribute))?.options?.[0]?.trim() || null;
  const fixed: Record<string, string> = {};
  for (const a of attributes) {
    if (a.variation || isBrand(a, brandAttribute)) continue;
    const values = (a.options ?? []).map((o) => o.trim()).filter(Boolean);
    if (a.name.trim() && values.length) fixed[a.name.trim()] = values.join('/');
  }
  // The deepest of the product's categories carries the most meaning (羽绒服 over 服装).
  const category = (p.categories ?? [])
    .map((c) => paths.get(c.id) ?? [c.name])
    .reduce<string[]>((best, path) => (path.length > best.length ? path : best), []);
  const money = (price: string | null | undefined) => toMoney(price || null, currency);
  let skus: CatalogSku[];
  if (p.type === 'variable') {
    skus = variations
      .filter((v) => v.status === undefined || v.status === 'publish')
      .map((v) => ({
        system,
        externalId: String(v.id),
        sku: v.sku?.trim() || String(v.id),
        title: (v.attributes ?? []).map((a) => a.option).join(' / ') || null,
        attributes: Object.fromEntries((v.attributes ?? []).filter((a) => a.name.trim() && a.option.trim()).map((a) => [a.name.trim(), a.option.trim()])),
        price: money(v.price),
        inventory: v.stock_quantity ?? null,
      }));
  } else if (p.type === 'grouped') {
    skus = [];
  } else {
    const single = Object.fromEntries(Object.entries(fixed).filter(([, v]) => !v.includes('/')));
    skus = [{ system, externalId: String(p.id), sku: p.sku?.trim() || String(p.id), title: null, attributes: single, price: money(p.price), inventory: p.stock_quantity ?? null }];
  }
  return { system, externalId: String(p.id), title: p.name, brand, category, attributes: fixed, skus, updatedAt: gmt(p.date_modified_gmt) };
}
