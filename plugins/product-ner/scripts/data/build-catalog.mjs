// Turns family definitions into the catalog JSON format of the issue, and keeps the generator's
// own index (which product each word/model refers to) for computing gold labels.
import { labelOfKey } from './surfaces.mjs';

function cartesian(attrs) {
  let rows = [{}];
  for (const [k, values] of Object.entries(attrs)) {
    const next = [];
    for (const row of rows) for (const v of values) next.push({ ...row, [k]: v });
    rows = next;
  }
  return rows;
}

export function buildCatalog(families, { prefix, rng }) {
  const products = [];
  const items = [];
  let n = 0;
  for (const family of families) {
    for (const item of family.items) {
      n++;
      const id = `${prefix}${String(n).padStart(3, '0')}`;
      const skus = cartesian(item.attrs).map((attributes, i) => {
        const stock = rng.chance(0.12) ? 0 : 1 + rng.int(60);
        const bump = Object.values(attributes).some((v) => /^(512G|1T|XXL|3XL|60ml|500ml|1L|10斤|5kg|24盒|60片|90条|3kg|100ml|230ml|160ml)$/.test(v)) ? 1.2 : 1;
        return { sku: `${id}-${String(i + 1).padStart(2, '0')}`, attributes, price: Math.round(item.price * bump * 100) / 100, stock };
      });
      const product = { id, title: item.title, brand: item.brand, category: family.cat[family.cat.length - 1], attributes: {}, skus };
      products.push(product);
      items.push({ id, item, family, product });
    }
  }
  const categories = [];
  const seen = new Set();
  for (const family of families) {
    family.cat.forEach((name, i) => {
      if (seen.has(name)) return;
      seen.add(name);
      categories.push(i === 0 ? { name } : { name, parent: family.cat[i - 1] });
    });
  }
  return { catalog: { categories, products }, items };
}

/** The products a PRODUCT mention can mean: every item whose family words or category path contain it. */
export function productsForWord(items, word) {
  return items.filter((x) => x.family.words.includes(word) || x.family.cat.includes(word)).map((x) => x.id);
}

/**
 * Gold linking by constraint satisfaction: products consistent with every mention; a SKU when exactly
 * one SKU of the single consistent product agrees with every attribute mention.
 */
export function goldLink(items, mentions) {
  if (mentions.length === 0) return { product: null, sku: null };
  let cands = items;
  for (const m of mentions) {
    if (m.kind === 'brand') cands = cands.filter((x) => x.item.brand === m.brand);
    else if (m.kind === 'product') cands = cands.filter((x) => m.ids.includes(x.id));
    else cands = cands.filter((x) => x.product.skus.some((s) => skuHas(s, m)));
  }
  if (cands.length !== 1) return { product: null, sku: null };
  const p = cands[0].product;
  const skus = p.skus.filter((s) => mentions.every((m) => m.kind !== 'attr' || skuHas(s, m)));
  return { product: p.id, sku: skus.length === 1 ? skus[0].sku : null };
}

function skuHas(sku, m) {
  return Object.entries(sku.attributes).some(([k, v]) => labelOfKey(k) === m.label && v === m.value);
}
