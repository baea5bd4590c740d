import type { CatalogProduct, CatalogSku } from '@keeper/commerce';
import type { AttributesSpec, RestConfig } from './config.js';
import { queryAll, queryOne } from './json-path.js';
import { count, money, readField, readTime, text } from './mapping.js';

type Mapping = RestConfig['mapping'];

function scalar(value: unknown): string | null {
  if (value === undefined || value === null || value === '' || typeof value === 'object') return null;
  return String(value).trim() || null;
}

/** Attributes by the configured spec; non-scalar and empty values are left out. */
export function readAttributes(record: unknown, spec: AttributesSpec | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  if ('path' in spec) {
    const object = queryOne(record, spec.path);
    if (object && typeof object === 'object' && !Array.isArray(object)) {
      for (const [name, raw] of Object.entries(object)) {
        const value = scalar(raw);
        if (name.trim() && value) out[name.trim()] = value;
      }
    }
  } else if ('items' in spec) {
    for (const item of queryAll(record, spec.items)) {
      const name = scalar(queryOne(item, spec.name));
      const value = scalar(queryOne(item, spec.value));
      if (name && value) out[name] = value;
    }
  } else {
    for (const [name, field] of Object.entries(spec.fields)) {
      const value = scalar(readField(record, field));
      if (value) out[name] = value;
    }
  }
  return out;
}

function category(record: unknown, mapping: NonNullable<Mapping['catalog']>): string[] {
  const value = readField(record, mapping.category);
  const parts = Array.isArray(value) ? value.map((v) => scalar(v)) : typeof value === 'string' ? value.split(mapping.categorySeparator) : [];
  return parts.map((p) => p?.trim() ?? '').filter(Boolean);
}

export function mapCatalogSku(system: string, record: unknown, mapping: Mapping): CatalogSku {
  const s = mapping.catalog!.sku;
  const code = text(record, s.sku);
  const id = text(record, s.id) ?? code;
  if (!id) throw new TypeError(`catalog SKU record without ${JSON.stringify(s.sku)}${s.id ? ` or ${JSON.stringify(s.id)}` : ''}`);
  return {
    system,
    externalId: id,
    sku: code ?? id,
    title: text(record, s.title),
    attributes: readAttributes(record, s.attributes),
    price: money(record, s.price, text(record, s.currency), mapping),
    inventory: count(record, s.inventory),
  };
}

/**
 * One product record in the catalog model. `skuRecords` come from the `catalogSkus` endpoint; else
 * from `mapping.catalog.skus` inside the record; else the record is its own single SKU.
 */
export function mapCatalogProduct(system: string, record: unknown, mapping: Mapping, skuRecords?: unknown[]): CatalogProduct {
  const c = mapping.catalog;
  if (!c) throw new TypeError('mapping.catalog is required for the catalog endpoints');
  const id = text(record, c.id);
  if (!id) throw new TypeError(`catalog product record without an id at ${JSON.stringify(c.id)}`);
  const records = skuRecords ?? (c.skus ? queryAll(record, c.skus) : [record]);
  return {
    system,
    externalId: id,
    title: text(record, c.title) ?? '',
    brand: text(record, c.brand),
    category: category(record, c),
    attributes: readAttributes(record, c.attributes),
    skus: records.map((r) => mapCatalogSku(system, r, mapping)),
    updatedAt: readTime(readField(record, c.updatedAt), mapping.time),
  };
}
