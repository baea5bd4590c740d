/**
 * Text and value normalisation shared by the gazetteer, the recogniser and the linker.
 * `foldChar` keeps a 1:1 mapping of UTF-16 code units so entity offsets stay JavaScript indices.
 */

/** Lower-cases ASCII, folds full-width forms (ＸＬ, ＃) and the ideographic space; 1 code unit in, 1 out. */
export function foldCode(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0xff01 && c <= 0xff5e) {
    const h = c - 0xfee0;
    return h >= 0x41 && h <= 0x5a ? h + 32 : h;
  }
  if (c === 0x3000) return 0x20;
  return c;
}

const NEEDS_FOLD = /[A-Z\uff01-\uff5e\u3000]/;
const FOLD_ALL = /[A-Z\uff01-\uff5e\u3000]/g;
const foldOne = (ch: string) => String.fromCharCode(foldCode(ch.charCodeAt(0)));

/** The text with every code unit folded; same length as the input. */
export function foldText(text: string): string {
  return NEEDS_FOLD.test(text) ? text.replace(FOLD_ALL, foldOne) : text;
}

/** A lookup key: folded, with whitespace removed ("X L" → "xl", "Air Max" → "airmax"). */
export function normKey(text: string): string {
  return foldText(text).replace(/\s+/g, '');
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Parses "250", "两百五十", "二", "十二", "1.5" → number; null if it is not a number. */
export function parseNumber(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千万]+$/.test(s)) return null;
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    const d = CN_DIGIT[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const u = CN_UNIT[ch]!;
    if (u === 10000) {
      total += (section + digit) * u;
      section = 0;
    } else {
      section += (digit === 0 && u === 10 ? 1 : digit) * u;
    }
    digit = 0;
  }
  return total + section + digit;
}

/** Unit spellings → [canonical unit, factor]. Storage and grams share `g`: a shop never sells both on one SKU. */
const UNITS: Record<string, [string, number]> = {
  ml: ['ml', 1], 毫升: ['ml', 1], l: ['ml', 1000], 升: ['ml', 1000], 公升: ['ml', 1000],
  g: ['g', 1], 克: ['g', 1], kg: ['g', 1000], 公斤: ['g', 1000], 千克: ['g', 1000], 斤: ['g', 500],
  gb: ['g', 1], 个g: ['g', 1], t: ['g', 1024], tb: ['g', 1024], 个t: ['g', 1024],
  m: ['m', 1], 米: ['m', 1], cm: ['m', 0.01], 厘米: ['m', 0.01],
  段: ['段', 1], 阶段: ['段', 1],
};
const COUNT_UNITS = '片|盒|条|袋|包|瓶|抽|支|罐|个|件|箱|粒|只|双|套|卷|听|桶|板';
const QUANTITY = new RegExp(`^([0-9]+(?:\\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(ml|毫升|公升|升|l|kg|公斤|千克|斤|gb|个g|g|克|tb|个t|t|cm|厘米|m|米|阶段|段|${COUNT_UNITS}|[a-z]+)?装?$`);

/** A quantity in canonical form: "两百五十毫升" → "250ml", "二段" → "2段", "256GB" → "256g", "30片装" → "30片". */
export function canonicalQuantity(text: string): { value: number; unit: string } | null {
  const m = QUANTITY.exec(normKey(text));
  if (!m) return null;
  const n = parseNumber(m[1]!);
  if (n === null) return null;
  const u = m[2] ?? '';
  const known = UNITS[u];
  if (known) return { value: Math.round(n * known[1] * 1000) / 1000, unit: known[0] };
  return { value: n, unit: u };
}

export function quantityKey(q: { value: number; unit: string }): string {
  return `${q.value}${q.unit}`;
}
