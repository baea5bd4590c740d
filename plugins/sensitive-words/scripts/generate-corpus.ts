/**
 * Generates test/fixtures/corpus.jsonl, the labelled evaluation set: plain hits, one block per evasion
 * trick, clean shop chat and tricky clean lines. Deterministic (seeded PRNG): re-running it yields the
 * same file, so the committed corpus can be reviewed line by line.
 *
 *   pnpm exec tsx scripts/generate-corpus.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { parseWordList } from '../src/dictionary/parse.js';
import { cleanChat, enTemplates, trickyClean, zhTemplates } from './corpus-text.js';

interface Line {
  id: string;
  text: string;
  label: 'hit' | 'clean';
  trick: string;
  expect: string[];
}

let seed = 20261126;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const words = parseWordList(readFileSync(new URL('../data/default-words.tsv', import.meta.url), 'utf8')).map((e) => e.word);
const isLatin = (w: string) => /^[a-z]+$/i.test(w);
const isHan = (w: string) => /^\p{Script=Han}+$/u.test(w);
const zh = words.filter(isHan);
const en = words.filter(isLatin);
const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

const lines: Line[] = [];
const push = (trick: string, label: Line['label'], text: string, expect: string[]) => {
  lines.push({ id: `${trick}-${lines.filter((l) => l.trick === trick).length + 1}`, text, label, trick, expect });
};
const carry = (disguised: string, word: string) => pick(isLatin(word) ? enTemplates : zhTemplates).replace('{w}', disguised);
const chars = (w: string) => [...w];

// Plain hits: every word, twice, in different carriers.
for (const w of words) for (let i = 0; i < 2; i++) push('plain', 'hit', carry(w, w), [w]);

const NOISE = ['*', '~', '-', '.', '_', '|', '/', '·', '#', '!', '、', '，', '^', '+'];
const EMOJI = ['😀', '🎉', '👍', '❤️', '🔥', '🙏', '😂', '✨', '👉', '💰'];
const ZW = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060'];
const interleave = (w: string, gap: () => string) => chars(w).reduce((out, c, i) => (i === 0 ? c : out + gap() + c), '');

const sample = <T>(a: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(a));

for (const w of sample(words, 70)) push('symbols', 'hit', carry(interleave(w, () => pick(NOISE).repeat(1 + Math.floor(rnd() * 2))), w), [w]);
for (const w of sample(words, 50)) push('spaces', 'hit', carry(interleave(w, () => ' '), w), [w]);
for (const w of sample(words, 50)) push('emoji', 'hit', carry(interleave(w, () => pick(EMOJI)), w), [w]);
for (const w of sample(words, 50)) push('zero-width', 'hit', carry(interleave(w, () => pick(ZW)), w), [w]);

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const withLatin = words.filter((w) => /[a-z]/i.test(w));
for (const w of sample(withLatin, 50)) push('full-width', 'hit', carry(fullWidth(rnd() < 0.5 ? w.toUpperCase() : w), w), [w]);
for (const w of sample(en, 50)) {
  const styled = rnd() < 0.5 ? w.toUpperCase() : chars(w).map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  push('case', 'hit', carry(styled, w), [w]);
}
const DECOR = [
  (c: string) => String.fromCodePoint(0x24d0 + c.charCodeAt(0) - 0x61), // ⓐ
  (c: string) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 0x61), // 𝐚
  (c: string) => String.fromCodePoint(0x1f170 + c.charCodeAt(0) - 0x61), // 🅰
  (c: string) => String.fromCodePoint(0x1d4ea + c.charCodeAt(0) - 0x61), // 𝓪
  (c: string) => String.fromCodePoint(0x1d5ee + c.charCodeAt(0) - 0x61), // 𝗮
];
for (const w of sample(en, 50)) {
  const f = pick(DECOR);
  push('decorated', 'hit', carry(chars(w.toLowerCase()).map(f).join(''), w), [w]);
}
const HOMO: Record<string, string> = { a: 'а', e: 'е', o: 'о', c: 'с', p: 'р', x: 'х', y: 'у', i: 'і', s: 'ѕ' };
for (const w of sample(en.filter((x) => /[aeocpxyis]/.test(x)), 30)) push('homoglyph', 'hit', carry(chars(w).map((c) => HOMO[c] ?? c).join(''), w), [w]);

// Starred or dropped inner vowel: f*ck, sh!t, btch.
for (const w of sample(en.filter((x) => x.length >= 4 && /[aeiou]/.test(x.slice(1, -1))), 40)) {
  const cs = chars(w);
  const inner = cs.map((c, i) => (i > 0 && i < cs.length - 1 && 'aeiou'.includes(c) ? i : -1)).filter((i) => i >= 0);
  const at = pick(inner);
  cs[at] = pick(['*', '!', '#', '@', '']);
  push('starred', 'hit', carry(cs.join(''), w), [w]);
}

const NUMBER_STYLES: Array<[string, string[]]> = [
  ['六合彩', ['6合彩', '⑥合彩', '❻合彩', '⑹合彩', '陆合彩', '➅合彩']],
  ['一夜情', ['1夜情', '①夜情', '❶夜情', '壹夜情', '⑴夜情']],
  ['三级片', ['3级片', '③级片', '❸级片', '叁级片', '⒊级片']],
  ['五星好评返', ['5星好评返', '⑤星好评返', '❺星好评返', '伍星好评返', '➄星好评返']],
];
for (let i = 0; i < 50; i++) {
  const [w, forms] = pick(NUMBER_STYLES);
  push('number-style', 'hit', carry(pick(forms), w), [w]);
}

const convertible = zh.filter((w) => toTw(w) !== w);
for (const w of sample(convertible, 60)) push('traditional', 'hit', carry(toTw(w), w), [w]);

for (const w of sample(words, 60)) {
  const cs = chars(w);
  const at = Math.floor(rnd() * cs.length);
  const times = 1 + Math.floor(rnd() * 3);
  cs[at] = cs[at]!.repeat(times + 1);
  push('repeats', 'hit', carry(cs.join(''), w), [w]);
}

const py = (w: string) => pinyin(w, { toneType: 'none', type: 'array', v: true }) as string[];
const pinyinable = zh.filter((w) => py(w).join('').length >= 5);
for (const w of sample(pinyinable, 60)) push('pinyin', 'hit', carry(py(w).join(rnd() < 0.5 ? ' ' : ''), w), [w]);
for (const w of sample(zh.filter((x) => x.length >= 3), 50)) {
  const i = py(w).map((s) => s[0]).join('');
  push('pinyin-initials', 'hit', carry(rnd() < 0.3 ? i.toUpperCase() : i, w), [w]);
}
for (const w of sample(zh.filter((x) => x.length >= 2 && x.length <= 3), 50)) {
  const s = py(w);
  const k = 1 + Math.floor(rnd() * (s.length - 1));
  const mixed = rnd() < 0.5 ? chars(w).slice(0, k).join('') + s.slice(k).join('') : s.slice(0, k).join('') + chars(w).slice(k).join('');
  push('pinyin-mixed', 'hit', carry(mixed, w), [w]);
}

// Homophones and variant spellings shoppers use (hand-picked, not generated from the matcher's table).
const HOMOPHONES: Array<[string, string]> = [
  ['加威信', '加微信'], ['加薇信', '加微信'], ['加维信', '加微信'], ['加v信', '加微信'], ['加V信', '加微信'],
  ['加wx', '加微信'], ['加我威信', '加我微信'], ['加个薇信', '加个微信'], ['威信号', '微信号'], ['薇信号', '微信号'],
  ['煞笔', '煞笔'], ['傻比', '傻逼'], ['傻b', '傻逼'], ['傻B', '傻逼'], ['沙比', '傻逼'], ['傻叉', '傻逼'],
  ['草你妈', '操你妈'], ['艹你妈', '操你妈'], ['尼玛死了', '你妈死了'], ['泥马死了', '你妈死了'], ['他喵的', '他妈的'],
  ['特么的', '他妈的'], ['堵博', '赌博'], ['唰单', '刷单'], ['反现好评', '返现好评'], ['好评反现', '好评返现'],
  ['掏宝店', '淘宝店'], ['tb店', '淘宝店'], ['去掏宝', '去淘宝'], ['加企鹅', '加扣扣'], ['抠抠号', '扣扣号'],
  ['加抠抠', '加扣扣'], ['吱付宝转账', '支付宝转账'], ['zfb转账', '支付宝转账'], ['留个dh', '留个电话'],
  ['某宝搜', '淘宝搜'], ['去某宝', '去淘宝'], ['拼夕夕店', '拼多多店'], ['dy号', '抖音号'],
];
for (let i = 0; i < 70; i++) {
  const [form, w] = pick(HOMOPHONES);
  push('homophone', 'hit', carry(form, w), [w]);
}

for (const t of cleanChat) push('clean', 'clean', t, []);
// More clean chat from product × question combinations.
const PRODUCTS = ['羽绒服', '连衣裙', '运动鞋', '蓝牙耳机', '电饭煲', '保温杯', '婴儿车', '扫地机器人', '口红', '牛仔裤', '台灯', '行李箱', '机械键盘', '空气炸锅', '瑜伽垫'];
const QUESTIONS = ['这款{p}有现货吗', '{p}什么时候发货', '{p}可以退换吗', '{p}的尺寸是多少', '{p}有优惠吗', '我买的{p}坏了', '{p}保修多久', '{p}有几种颜色', '帮我看看{p}的物流', '{p}和图片一样吗', '{p}支持以旧换新吗', '请问{p}包邮吗', '{p}能开发票吗', '{p}适合送礼吗', '{p}质量怎么样', '推荐一款{p}'];
for (const q of QUESTIONS) for (const p of PRODUCTS) push('clean', 'clean', q.replace('{p}', p), []);
for (const t of trickyClean) push('tricky-clean', 'clean', t, []);

writeFileSync(new URL('../test/fixtures/corpus.jsonl', import.meta.url), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
const counts: Record<string, number> = {};
for (const l of lines) counts[l.trick] = (counts[l.trick] ?? 0) + 1;
console.log(lines.length, counts);
