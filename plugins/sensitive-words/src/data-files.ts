/** Files bundled in `data/`; `../data` resolves from both src/ and dist/. */
export const defaultWordsUrl = new URL('../data/default-words.tsv', import.meta.url);
export const defaultAllowUrl = new URL('../data/default-allow.txt', import.meta.url);
