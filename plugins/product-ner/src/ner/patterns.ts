/**
 * Number/unit patterns, used only as features (the model decides what is an entity): a quantity
 * like "250ml" is a SPEC, but "3天" or an order number is not.
 */
export const PATTERN_CLASSES = ['VOLUME', 'WEIGHT', 'STORAGE', 'LENGTH', 'STAGE', 'COUNT', 'SHADE', 'SIZE_NUM', 'SIZE_LETTER', 'NUMBER', 'TIME'] as const;
export const PATTERN_COUNT = PATTERN_CLASSES.length;

const NUM = '(?:\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千]+)';
const UNIT_CLASS: Array<[RegExp, number]> = [
  [/^(ml|毫升|升|l|公升)$/, 0],
  [/^(kg|公斤|千克|斤|克)$/, 1],
  [/^(g)$/, 1],
  [/^(gb|tb|t|个g|个t)$/, 2],
  [/^(cm|厘米|m|米)$/, 3],
  [/^(段|阶段)$/, 4],
];
const QTY = new RegExp(`(${NUM})\\s?(ml|毫升|公升|升|kg|公斤|千克|斤|克|gb|tb|个g|个t|cm|厘米|阶段|段|米|片|盒|条|袋|包|瓶|抽|支|罐|个|件|箱|粒|天|点|号|码|块|元|次|g|l|t|m)(?![a-z])(装)?`, 'g');
const SHADE = /[#＃]\s?[0-9a-z]+/g;
const SIZE_LETTER = /(?<![a-z])(x{1,4}l|[2-5]xl|xs|s|m|l|nb)(?![a-z])/g;
const BARE_NUM = /\d+/g;

/** Per code unit: 0 = none, else 1 + class*4 + BIOES position (0 B, 1 I, 2 E, 3 S). */
const ANY = /[0-9a-z#＃零一二两三四五六七八九十百千]/;

export function patternCodes(folded: string, out: Uint8Array): void {
  out.fill(0, 0, folded.length);
  if (!ANY.test(folded)) return;
  const mark = (start: number, end: number, cls: number) => {
    for (let i = start; i < end; i++) {
      if (out[i] !== 0) continue;
      const pos = end - start === 1 ? 3 : i === start ? 0 : i === end - 1 ? 2 : 1;
      out[i] = 1 + cls * 4 + pos;
    }
  };
  for (const m of folded.matchAll(SHADE)) mark(m.index, m.index + m[0].length, 6);
  for (const m of folded.matchAll(QTY)) {
    const unit = m[2]!;
    let cls = 5;
    if (unit === '天' || unit === '点' || unit === '次') cls = 10;
    else if (unit === '号' || unit === '码') cls = 7;
    else if (unit === '块' || unit === '元') cls = 9;
    else for (const [re, c] of UNIT_CLASS) if (re.test(unit)) cls = c;
    mark(m.index, m.index + m[0].length, cls);
  }
  for (const m of folded.matchAll(SIZE_LETTER)) mark(m.index, m.index + m[0].length, 8);
  for (const m of folded.matchAll(BARE_NUM)) mark(m.index, m.index + m[0].length, 9);
}
