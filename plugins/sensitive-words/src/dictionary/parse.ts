import type { Action, WordEntry } from '../matcher/types.js';

const ACTIONS: readonly Action[] = ['mask', 'reject', 'flag'];

export interface ParseOptions {
  /** Name of the list (kept on every entry). */
  list?: string;
  defaultCategory?: string;
  defaultAction?: Action;
}

export class WordListError extends Error {
  constructor(
    readonly list: string,
    readonly line: number,
    message: string,
  ) {
    super(`${list}:${line}: ${message}`);
    this.name = 'WordListError';
  }
}

/**
 * Parses a word list: one word per line, optionally `word<TAB>category<TAB>action`. Blank lines and
 * lines starting with `#` are skipped; a bad action is an error naming the line, not a silent default.
 */
export function parseWordList(text: string, options: ParseOptions = {}): WordEntry[] {
  const list = options.list ?? 'default';
  const out: WordEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/^\uFEFF/, '');
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const [wordPart, categoryPart, actionPart] = raw.split('\t');
    const word = (wordPart ?? '').trim();
    if (word === '') continue;
    const category = categoryPart?.trim() || options.defaultCategory || 'default';
    const actionText = actionPart?.trim() || options.defaultAction || 'mask';
    if (!ACTIONS.includes(actionText as Action)) {
      throw new WordListError(list, i + 1, `unknown action "${actionText}" (expected mask, reject or flag)`);
    }
    if (seen.has(word)) continue;
    seen.add(word);
    out.push({ word, category, action: actionText as Action, list });
  }
  return out;
}

/** Parses an allow-list: one phrase per line, `#` comments. */
export function parseAllowList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\uFEFF/, '').split('\t')[0]!.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Serialises entries back to the TSV format. */
export function formatWordList(entries: readonly WordEntry[]): string {
  return entries.map((e) => `${e.word}\t${e.category}\t${e.action}`).join('\n') + '\n';
}
