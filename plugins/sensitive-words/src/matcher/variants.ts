/**
 * Default homophone/variant groups: a canonical fragment and how shoppers write it instead. They are
 * applied inside every dictionary word containing the fragment (加微信 → 加威信, 加vx, 加v信).
 */
export const defaultVariants: Readonly<Record<string, readonly string[]>> = {
  微信: ['威信', '薇信', '维信', '微心', '徽信', 'v信', 'vx', 'wx', 'weixin', 'wechat', '危信', '溦信'],
  扣扣: ['qq', '企鹅', 'q号', '抠抠'],
  qq: ['扣扣', '企鹅号', '抠抠'],
  淘宝: ['掏宝', '淘寶', 'tb', '桃宝', '某宝', 'taobao'],
  拼多多: ['拼夕夕', 'pdd', '拼dd'],
  抖音: ['斗音', 'dy', '抖in'],
  脑残: ['nc', '脑c'],
  智障: ['zz', '智zhang'],
  傻逼: ['sb', '煞笔', '傻比', '傻b', '傻x', '沙比', '傻叉', '傻屄', '煞逼'],
  他妈: ['特么', '他喵', '塔玛', 'ta妈'],
  你妈: ['尼玛', '泥马', '你m'],
  操你: ['草你', '艹你', '曹尼', 'cao你', '肏你'],
  赌博: ['堵博', '赌bo', 'du博'],
  刷单: ['刷dan', 'shua单', '唰单'],
  好评: ['好平', 'hao评', '好p'],
  返现: ['反现', '返xian', 'fan现'],
  支付宝: ['zfb', '支fu宝', '吱付宝'],
  电话: ['dh', '电h'],
  手机号: ['sjh', '手ji号'],
  加我: ['家我', '伽我', 'jia我'],
};

/**
 * Expands one word by its variant groups. Each group is applied on its own (no cartesian products) to
 * keep the automaton small; a variant equal to the word is dropped.
 */
export function expandVariants(word: string, groups: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  const lower = word.toLowerCase();
  // Most words contain no canonical fragment: one regular-expression test rules that out.
  if (!anyCanonical(groups).test(lower)) return out;
  for (const canonical in groups) {
    const at = lower.indexOf(canonical);
    if (at === -1) continue;
    for (const v of groups[canonical]!) {
      const variant = word.slice(0, at) + v + word.slice(at + canonical.length);
      if (variant !== word) out.push(variant);
    }
  }
  return out;
}

const canonicalRes = new WeakMap<object, RegExp>();

function anyCanonical(groups: Readonly<Record<string, readonly string[]>>): RegExp {
  let re = canonicalRes.get(groups);
  if (re === undefined) {
    const keys: string[] = [];
    for (const k in groups) keys.push(k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // An empty key matches everywhere; no key matches nothing.
    re = keys.length === 0 ? /$^/ : new RegExp(keys.join('|'));
    canonicalRes.set(groups, re);
  }
  return re;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/**
 * English words with one inner vowel left out or starred: f*ck and fck both become "fck" once the
 * star (noise) is skipped. Only for all-Latin words of four or more letters.
 */
export function droppedVowelForms(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < 4 || !/^[a-z]+$/.test(w)) return [];
  const out: string[] = [];
  for (let i = 1; i < w.length - 1; i++) {
    if (VOWELS.has(w[i]!) && w[i - 1] !== w[i]) out.push(w.slice(0, i) + w.slice(i + 1));
  }
  return out;
}
