// Generates labelled customer-service lines from a built catalog. Text is assembled from pieces so
// entity offsets are exact JavaScript string indices (end exclusive).
import { goldLink, productsForWord } from './build-catalog.mjs';
import * as F from './frames.mjs';
import { brandSurface, labelOfKey, productSurface, valueSurface } from './surfaces.mjs';

function applyTypos(s, rng) {
  if (!rng.chance(0.15)) return s;
  const [from, to] = rng.pick(F.typos);
  return s.includes(from) ? s.replace(from, to) : s;
}

/** Now and then a shopper's IME picks a homophone inside the entity word ("羽绒福", "粉涩"). */
function slip(text, rng) {
  if (text.length < 2 || !rng.chance(0.05)) return text;
  const idx = [...text].map((c, i) => (F.homophones[c] ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return text;
  const i = rng.pick(idx);
  return text.slice(0, i) + F.homophones[text[i]] + text.slice(i + 1);
}

/** A noun phrase for one product: pieces [{s, label?}] plus the mentions behind them. */
function nounPhrase(x, rng, opts) {
  const { item, family, product } = x;
  const sku = rng.pick(product.skus);
  const keys = Object.keys(sku.attributes);
  const r = rng.next();
  const chosen = r < 0.45 ? keys : r < 0.8 ? rng.shuffle(keys).slice(0, rng.int(keys.length + 1)) : [];
  const wantProduct = opts.forceProduct || rng.chance(0.85);
  const wantBrand = rng.chance(wantProduct ? 0.35 : 0.8);
  const mentions = [];
  const brandPieces = [];
  const productPieces = [];
  const attrPieces = [];
  if (wantBrand) {
    brandPieces.push({ s: brandSurface(item.brand, rng), label: 'BRAND' });
    mentions.push({ kind: 'brand', brand: item.brand });
  }
  if (wantProduct) {
    if (rng.chance(0.05) && family.cat.length > 2) {
      const w = family.cat[family.cat.length - 2];
      productPieces.push({ s: w, label: 'PRODUCT' });
      mentions.push({ kind: 'product', ids: productsForWord(opts.items, w) });
    } else {
      const ps = productSurface(item, family, rng);
      productPieces.push({ s: slip(ps.text, rng), label: 'PRODUCT' });
      mentions.push({ kind: 'product', ids: ps.refersTo === 'model' ? [x.id] : productsForWord(opts.items, ps.word) });
    }
  }
  for (const k of rng.shuffle(chosen)) {
    const label = labelOfKey(k);
    const value = sku.attributes[k];
    const [ent, tail] = valueSurface(label, value, rng);
    attrPieces.push({ s: slip(ent, rng), label }, ...(tail ? [{ s: tail }] : []));
    mentions.push({ kind: 'attr', label, value });
  }
  return { brandPieces, productPieces, attrPieces, mentions };
}

function joinAttrs(pieces, rng) {
  const glue = rng.weighted([['', 5], [' ', 2], ['，', 0.7], ['/', 0.3], ['+', 0.2]]);
  const out = [];
  pieces.forEach((p, i) => {
    if (i > 0 && p.label && glue) out.push({ s: glue });
    out.push(p);
  });
  return out;
}

function fullNp(np, rng) {
  const attrs = joinAttrs(np.attrPieces, rng);
  const bp = np.brandPieces.length && np.productPieces.length ? [...np.brandPieces, { s: rng.weighted([['', 3], [' ', 3], ['的', 1]]) }] : np.brandPieces;
  const endsWithDe = attrs.length > 0 && attrs[attrs.length - 1].s === '的';
  if (rng.chance(0.7)) {
    const de = attrs.length && !endsWithDe && rng.chance(0.3) ? [{ s: '的' }] : [];
    return [...bp, ...attrs, ...de, ...np.productPieces];
  }
  const sep = attrs.length && np.productPieces.length ? [{ s: rng.weighted([[' ', 4], ['', 2], ['，', 1]]) }] : [];
  return [...bp, ...np.productPieces, ...sep, ...attrs];
}

function fill(frame, slots, rng) {
  const pieces = [];
  const re = /\{(NP2|NP|P|A)\}/g;
  let last = 0;
  for (let m = re.exec(frame); m; m = re.exec(frame)) {
    if (m.index > last) pushText(pieces, applyTypos(frame.slice(last, m.index), rng));
    pieces.push(...slots[m[1]]);
    last = m.index + m[0].length;
  }
  if (last < frame.length) pushText(pieces, applyTypos(frame.slice(last), rng));
  return pieces;
}

/** Appends frame text, avoiding "粉的的" when a surface already ended in 的. */
function pushText(pieces, s) {
  const prev = pieces[pieces.length - 1];
  pieces.push({ s: prev && !prev.label && prev.s.endsWith('的') && s.startsWith('的') ? s.slice(1) : s });
}

function digits(rng, n) {
  let s = String(1 + rng.int(9));
  for (let i = 1; i < n; i++) s += String(rng.int(10));
  return s;
}

const latinEnd = /[A-Za-z0-9]$/;
const latinStart = /^[A-Za-z0-9]/;

/** Shoppers nearly always put a space between two Latin/number words ("ANTA XL", not "ANTAXL"). */
function spaceLatin(pieces, rng) {
  const out = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (prev && p.s && latinEnd.test(prev.s) && latinStart.test(p.s) && (prev.label || p.label) && rng.chance(0.9)) out.push({ s: ' ' });
    out.push(p);
  }
  return out;
}

function toLine(id, pieces, gold, rng) {
  const all = spaceLatin([{ s: rng.pick(F.prefixes) }, ...pieces.filter((p) => p.s !== ''), { s: rng.pick(F.suffixes) }], rng);
  let text = '';
  const entities = [];
  for (const p of all) {
    if (p.label) entities.push({ start: text.length, end: text.length + p.s.length, label: p.label, text: p.s });
    text += p.s;
  }
  return { id, text, entities, sku: gold.sku, product: gold.sku ? gold.product : gold.product };
}

export function generateLines(built, { rng, n, heldOut, idPrefix }) {
  const { items } = built;
  const npF = heldOut ? [...F.npFrames, ...F.npFramesHeldOut, ...F.npFramesHeldOut] : F.npFrames;
  const spF = heldOut ? [...F.splitFrames, ...F.splitFramesHeldOut, ...F.splitFramesHeldOut] : F.splitFrames;
  const lines = [];
  const seen = new Set();
  let guard = 0;
  while (lines.length < n && guard++ < n * 20) {
    const kind = rng.weighted([['np', 42], ['split', 24], ['attr', 8], ['none', 12], ['two', 6], ['num', 5]]);
    const x = rng.pick(items);
    let pieces;
    let gold = { product: null, sku: null };
    if (kind === 'none') {
      pieces = [{ s: applyTypos(rng.pick(F.noEntityLines), rng) }];
    } else if (kind === 'num') {
      const f = rng.pick(F.numberConfusers).replace(/\{N(\d)\}/g, (_, k) => digits(rng, Number(k)));
      pieces = [{ s: f }];
    } else if (kind === 'two') {
      const y = rng.pick(items.filter((z) => z.id !== x.id));
      const a = nounPhrase(x, rng, { items, forceProduct: true });
      const b = nounPhrase(y, rng, { items, forceProduct: true });
      pieces = fill(rng.pick(F.twoProductFrames), { NP: fullNp(a, rng), NP2: fullNp(b, rng) }, rng);
    } else {
      const np = nounPhrase(x, rng, { items, forceProduct: kind === 'split' });
      if (kind === 'np' || np.attrPieces.length === 0) {
        pieces = fill(rng.pick(npF), { NP: fullNp(np, rng) }, rng);
        gold = goldLink(items, np.mentions);
      } else if (kind === 'split') {
        const p = np.brandPieces.length ? [...np.brandPieces, { s: rng.pick(['', ' ']) }, ...np.productPieces] : np.productPieces;
        pieces = fill(rng.pick(spF), { P: p, A: joinAttrs(np.attrPieces, rng) }, rng);
        gold = goldLink(items, np.mentions);
      } else {
        pieces = fill(rng.pick(F.attrFrames), { A: joinAttrs(np.attrPieces, rng) }, rng);
        gold = goldLink(items, np.mentions.filter((m) => m.kind === 'attr'));
      }
    }
    const line = toLine(`${idPrefix}${lines.length + 1}`, pieces, gold, rng);
    if (seen.has(line.text)) continue;
    seen.add(line.text);
    lines.push(line);
  }
  return lines;
}
