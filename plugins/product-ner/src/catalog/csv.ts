import type { CatalogInput } from './types.js';

/** RFC 4180-style CSV rows (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const FIXED = new Set(['product_id', 'title', 'brand', 'category', 'sku', 'price', 'stock']);

/**
 * One row per SKU: `product_id,title,brand,category,sku,price,stock,<attribute columns...>`.
 * Every other column is a SKU attribute (empty cells are skipped), so unknown keys come through as-is.
 */
export function catalogFromCsv(text: string): CatalogInput {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { products: [] };
  const cols = header.map((h) => h.trim());
  for (const need of ['product_id', 'title', 'sku']) {
    if (!cols.includes(need)) throw new Error(`catalog CSV needs a "${need}" column (found: ${cols.join(', ')})`);
  }
  const byId = new Map<string, NonNullable<CatalogInput['products']>[number]>();
  for (const r of rows) {
    const get = (name: string) => r[cols.indexOf(name)]?.trim() ?? '';
    const id = get('product_id');
    let p = byId.get(id);
    if (!p) {
      p = { id, title: get('title'), brand: get('brand') || null, category: get('category') || null, skus: [] };
      byId.set(id, p);
    }
    const attributes: Record<string, string> = {};
    cols.forEach((c, i) => {
      const v = r[i]?.trim();
      if (!FIXED.has(c) && v) attributes[c] = v;
    });
    const price = get('price');
    const stock = get('stock');
    p.skus!.push({ sku: get('sku'), attributes, price: price ? Number(price) : null, stock: stock ? Number(stock) : null });
  }
  return { products: [...byId.values()] };
}
