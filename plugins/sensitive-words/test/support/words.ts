/**
 * `n` distinct 4-character words drawn from 67 common characters: deterministic, none a real listed word, and
 * many of them with polyphones (在行, 了), so they exercise the word-level pinyin pass. For dictionaries of tens
 * of thousands of words in tests.
 */
export function syntheticWords(n: number): string[] {
  const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';
  const unique = new Set<string>();
  for (let i = 0; unique.size < n; i++) {
    unique.add(chars[i % 67]! + chars[Math.floor(i / 67) % 67]! + chars[Math.floor(i / 4489) % 67]! + chars[(i * 31) % 67]!);
  }
  return [...unique];
}
