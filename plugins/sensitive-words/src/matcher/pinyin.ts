import { pinyin } from 'pinyin-pro';

const HAN_RE = /\p{Script=Han}/u;

/**
 * Pinyin strings that are everyday English words: matching them as pinyin would flag English chat
 * ("made" = 妈的). Applies only to generated pinyin forms, never to words a dictionary lists itself.
 */
const ENGLISH_COLLISIONS = new Set(
  (
    'a an ban bang bin can dan dang den die fan gun hang hen lie long man mane made me men mine nan pang pen pie ran ' +
    'same sane tan tang ten tie wang yuan zen she he hero name lane tune dune gene dime fame lame tame bane pin sun run ' +
    'lun le la ma de the and you for who how why are was has not but all any can her his one our out see two way use ' +
    'new now old get got let man bit bat cat dog hot top pop sad mad bad dad god gay sex ass tit nut hug kid kin fun'
  ).split(' '),
);

export interface PinyinForms {
  /** Full pinyin, syllables joined (shabi); includes a `v` spelling for ü. */
  full: string[];
  /** Initials (sb, jwx). */
  initials: string | undefined;
  /** Mixed splits: a hanzi prefix with pinyin rest, and a pinyin prefix with hanzi rest. */
  mixed: string[];
}

/** Per-character reading when the character has exactly one (null for polyphones). */
const readings = new Map<string, string | null>();

function singleReading(ch: string): string | null {
  let r = readings.get(ch);
  if (r === undefined) {
    const all = pinyin(ch, { toneType: 'none', type: 'array', v: true, multiple: true }) as string[];
    r = new Set(all).size === 1 && all[0] !== undefined && /^[a-z]+$/.test(all[0]) ? all[0] : null;
    readings.set(ch, r);
  }
  return r;
}

/**
 * Syllables of a word: characters with one reading come from a cache; a word with a polyphone
 * (银行 hang) goes through pinyin-pro's word-level disambiguation. This keeps a 60k-word build fast.
 */
function syllablesOf(word: string, chars: string[]): string[] {
  const out: string[] = [];
  for (const ch of chars) {
    const r = singleReading(ch);
    if (r === null) return pinyin(word, { toneType: 'none', type: 'array', v: true }) as string[];
    out.push(r);
  }
  return out;
}

export function hasHan(word: string): boolean {
  return HAN_RE.test(word);
}

/** Pinyin forms of a word made only of Chinese characters (mixed words get none). */
export function pinyinForms(word: string, initialsMinChars: number, mixedMaxChars: number): PinyinForms | undefined {
  const chars = [...word];
  if (chars.length < 2 || !chars.every((c) => HAN_RE.test(c))) return undefined;
  const syllables = syllablesOf(word, chars);
  if (syllables.length !== chars.length || syllables.some((s) => !/^[a-z]+$/.test(s))) return undefined;
  const full: string[] = [];
  const joined = syllables.join('');
  if (joined.length >= 4 && !ENGLISH_COLLISIONS.has(joined)) {
    full.push(joined);
    // Shoppers type ü as v or u: add the u spelling too.
    if (joined.includes('v')) full.push(joined.replace(/v/g, 'u'));
  }
  let initials: string | undefined;
  if (initialsMinChars > 0 && chars.length >= initialsMinChars) {
    const i = syllables.map((s) => s[0]).join('');
    if (!ENGLISH_COLLISIONS.has(i)) initials = i;
  }
  const mixed: string[] = [];
  if (mixedMaxChars > 0 && chars.length <= mixedMaxChars) {
    for (let k = 1; k < chars.length; k++) {
      const tail = syllables.slice(k).join('');
      const head = syllables.slice(0, k).join('');
      // A lone Latin letter next to hanzi is too ambiguous; whole syllables only.
      if (tail.length >= 2) mixed.push(chars.slice(0, k).join('') + tail);
      if (head.length >= 2) mixed.push(head + chars.slice(k).join(''));
    }
  }
  return { full, initials, mixed };
}
