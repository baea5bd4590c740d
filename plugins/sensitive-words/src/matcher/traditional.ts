import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/** Parses OpenCC's `from to [alt...]|...` dictionary format into single-unit pairs (first candidate). */
function parsePairs(table: string, into: Map<number, number>): void {
  for (const entry of table.split('|')) {
    const parts = entry.split(' ');
    const from = parts[0];
    const to = parts[1];
    // Only BMP-to-BMP single code units fit the per-code-unit table; astral forms are rare in chat.
    if (from === undefined || to === undefined || from.length !== 1 || to.length !== 1) continue;
    if (!into.has(from.charCodeAt(0))) into.set(from.charCodeAt(0), to.charCodeAt(0));
  }
}

let cached: Map<number, number> | undefined;

/**
 * Traditional → simplified mapping per code unit, from OpenCC's real character table (TSCharacters),
 * extended with the Taiwan/Hong Kong variant forms (e.g. 為 → 爲 → 为). A variant is only followed
 * when the character is not itself a simplified form, so plain simplified text is never rewritten.
 */
export function traditionalToSimplified(): Map<number, number> {
  if (cached) return cached;
  const ts = new Map<number, number>();
  parsePairs(TSCharacters, ts);
  const simplified = new Set<number>(ts.values());
  const variants = new Map<number, number>();
  parsePairs(TWVariantsRev, variants);
  parsePairs(HKVariantsRev, variants);
  const out = new Map(ts);
  for (const [from, standard] of variants) {
    if (out.has(from) || simplified.has(from)) continue;
    const target = ts.get(standard) ?? standard;
    if (target !== from) out.set(from, target);
  }
  cached = out;
  return out;
}
