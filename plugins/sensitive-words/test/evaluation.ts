import { readFileSync } from 'node:fs';
import type { Matcher } from '../src/matcher/matcher.js';

export interface CorpusLine {
  id: string;
  text: string;
  label: 'hit' | 'clean';
  trick: string;
  expect: string[];
}

export interface TrickScore {
  trick: string;
  label: 'hit' | 'clean';
  lines: number;
  /** Recall for hit lines (every expected word found), false-positive rate for clean lines. */
  rate: number;
  failures: Array<{ id: string; text: string; expect: string[]; got: string[] }>;
}

export function loadCorpus(): CorpusLine[] {
  const text = readFileSync(new URL('./fixtures/corpus.jsonl', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusLine);
}

export function evaluate(matcher: Matcher, corpus: readonly CorpusLine[]): TrickScore[] {
  const byTrick = new Map<string, TrickScore>();
  for (const line of corpus) {
    let score = byTrick.get(line.trick);
    if (!score) {
      score = { trick: line.trick, label: line.label, lines: 0, rate: 0, failures: [] };
      byTrick.set(line.trick, score);
    }
    const got = [...new Set(matcher.scan(line.text).map((h) => h.word))];
    const ok = line.label === 'hit' ? line.expect.every((w) => got.includes(w)) : got.length === 0;
    score.lines++;
    if (!ok) score.failures.push({ id: line.id, text: line.text, expect: line.expect, got });
  }
  for (const s of byTrick.values()) {
    const bad = s.failures.length / s.lines;
    s.rate = s.label === 'hit' ? 1 - bad : bad;
  }
  return [...byTrick.values()];
}
