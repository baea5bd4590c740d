#!/usr/bin/env node
// Writes the package's data/ deterministically: catalog A + train/dev lines, catalog B + unseen
// test lines, and a CSV copy of catalog A. Run: pnpm --filter @keeper/plugin-product-ner generate-data
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from './data/build-catalog.mjs';
import { familiesA } from './data/catalog-a.mjs';
import { familiesB } from './data/catalog-b.mjs';
import { handwrittenA, handwrittenB } from './data/handwritten.mjs';
import { generateLines } from './data/lines.mjs';
import { makeRng } from './data/rng.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** Parses "[粉色|COLOR]的[羽绒服|PRODUCT]" markup and resolves the hand-given gold to ids. */
export function parseHandwritten(entry, built, id) {
  let text = '';
  const entities = [];
  const re = /\[([^|\]]+)\|([A-Z]+)\]/g;
  let last = 0;
  for (let m = re.exec(entry.t); m; m = re.exec(entry.t)) {
    text += entry.t.slice(last, m.index);
    entities.push({ start: text.length, end: text.length + m[1].length, label: m[2], text: m[1] });
    text += m[1];
    last = m.index + m[0].length;
  }
  text += entry.t.slice(last);
  if (!entry.p) return { id, text, entities, sku: null, product: null };
  const x = built.items.find((i) => i.item.title === entry.p);
  if (!x) throw new Error(`handwritten line ${id}: no product titled ${entry.p}`);
  const skus = x.product.skus.filter((s) => Object.entries(entry.a).every(([k, v]) => s.attributes[k] === v));
  if (skus.length === 0) throw new Error(`handwritten line ${id}: no SKU of ${entry.p} has ${JSON.stringify(entry.a)}`);
  return { id, text, entities, sku: skus.length === 1 ? skus[0].sku : null, product: x.id };
}

export function buildAll() {
  const builtA = buildCatalog(familiesA, { prefix: 'P', rng: makeRng(11) });
  const builtB = buildCatalog(familiesB, { prefix: 'Q', rng: makeRng(12) });
  const genA = generateLines(builtA, { rng: makeRng(21), n: 2600, heldOut: false, idPrefix: 'a' });
  const handA = handwrittenA.map((e, i) => parseHandwritten(e, builtA, `ha${i + 1}`));
  const rng = makeRng(31);
  const allA = rng.shuffle([...genA, ...handA]);
  const cut = Math.round(allA.length * 0.8);
  const genB = generateLines(builtB, { rng: makeRng(22), n: 900, heldOut: true, idPrefix: 'b' });
  const handB = handwrittenB.map((e, i) => parseHandwritten(e, builtB, `hb${i + 1}`));
  return { builtA, builtB, train: allA.slice(0, cut), dev: allA.slice(cut), unseen: [...genB, ...handB] };
}

function toCsv(catalog) {
  const keys = [...new Set(catalog.products.flatMap((p) => p.skus.flatMap((s) => Object.keys(s.attributes))))];
  const esc = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = [['product_id', 'title', 'brand', 'category', 'sku', 'price', 'stock', ...keys].join(',')];
  for (const p of catalog.products) {
    for (const s of p.skus) rows.push([p.id, p.title, p.brand, p.category, s.sku, s.price, s.stock, ...keys.map((k) => s.attributes[k] ?? '')].map(esc).join(','));
  }
  return rows.join('\n') + '\n';
}

const jsonl = (lines) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { builtA, builtB, train, dev, unseen } = buildAll();
  mkdirSync(join(root, 'unseen'), { recursive: true });
  writeFileSync(join(root, 'catalog.json'), JSON.stringify(builtA.catalog, null, 1) + '\n');
  writeFileSync(join(root, 'catalog.csv'), toCsv(builtA.catalog));
  writeFileSync(join(root, 'train.jsonl'), jsonl(train));
  writeFileSync(join(root, 'dev.jsonl'), jsonl(dev));
  writeFileSync(join(root, 'unseen', 'catalog.json'), JSON.stringify(builtB.catalog, null, 1) + '\n');
  writeFileSync(join(root, 'unseen', 'test.jsonl'), jsonl(unseen));
  const skus = (b) => b.catalog.products.reduce((s, p) => s + p.skus.length, 0);
  console.log(`catalog A: ${builtA.catalog.products.length} products, ${skus(builtA)} SKUs; train ${train.length}, dev ${dev.length}`);
  console.log(`catalog B: ${builtB.catalog.products.length} products, ${skus(builtB)} SKUs; unseen test ${unseen.length}`);
}
