/**
 * Deterministic benchmark inputs: a 60,000-word dictionary (the bundled list plus synthetic words
 * drawn from the characters of real shop chat, so partial matches happen as often as in production)
 * and chat texts built from the evaluation corpus.
 */
import { readFileSync } from 'node:fs';
import { parseWordList } from '../src/dictionary/parse.js';
import type { WordEntry } from '../src/matcher/types.js';

let seed = 42;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface Line {
  text: string;
  label: 'hit' | 'clean';
}

function corpus(): Line[] {
  return readFileSync(new URL('../test/fixtures/corpus.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

export function corpusTexts(): string[] {
  return corpus().map((l) => l.text);
}

/**
 * Chat as a shop sees it: clean lines with one line in twenty carrying a (possibly disguised)
 * listed word. `adversarial` uses the corpus as is (three quarters hits) instead.
 */
export function chatLines(count: number, adversarial = false): string[] {
  const lines = corpus();
  const clean = lines.filter((l) => l.label === 'clean').map((l) => l.text);
  const hits = lines.filter((l) => l.label === 'hit').map((l) => l.text);
  const all = lines.map((l) => l.text);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(adversarial ? all[Math.floor(rnd() * all.length)]! : rnd() < 0.05 ? hits[Math.floor(rnd() * hits.length)]! : clean[Math.floor(rnd() * clean.length)]!);
  return out;
}

export function benchDictionary(size = 60_000): WordEntry[] {
  const base = parseWordList(readFileSync(new URL('../data/default-words.tsv', import.meta.url), 'utf8'));
  // Character pool weighted by frequency in the chat corpus (Zipf-like, as real word lists are).
  const freq = new Map<string, number>();
  for (const t of corpusTexts()) for (const ch of t) if (/\p{Script=Han}/u.test(ch)) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  const pool = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  // Rare characters too: real sensitive lists are full of words no chat line contains.
  for (let c = 0x4e00; pool.length < 3500; c += 7) pool.push(String.fromCharCode(c));
  const pickChar = () => pool[Math.floor(pool.length * rnd())]!;
  // A real list holds no everyday phrases: drop synthetic words that occur in ordinary chat.
  const chat = corpusTexts().join('\n');
  const words = new Map<string, WordEntry>(base.map((e) => [e.word, e]));
  const cats = ['insult', 'contact', 'fraud', 'gambling', 'regulated'];
  while (words.size < size) {
    let w = '';
    if (rnd() < 0.04) {
      const n = 4 + Math.floor(rnd() * 5);
      for (let i = 0; i < n; i++) w += String.fromCharCode(0x61 + Math.floor(rnd() * 26));
    } else {
      const n = 2 + Math.floor(rnd() * rnd() * 6);
      for (let i = 0; i < n; i++) w += pickChar();
    }
    if (!words.has(w) && !chat.includes(w)) words.set(w, { word: w, category: cats[Math.floor(rnd() * cats.length)]!, action: 'mask' });
  }
  return [...words.values()];
}

/** Messages of about `size` characters, concatenated from corpus lines. */
export function messagesOf(size: number, count: number, adversarial = false): string[] {
  const lines = chatLines(4000, adversarial);
  const out: string[] = [];
  for (let m = 0; m < count; m++) {
    let t = '';
    while (t.length < size) t += lines[Math.floor(rnd() * lines.length)]! + ' ';
    out.push(t.slice(0, size));
  }
  return out;
}
