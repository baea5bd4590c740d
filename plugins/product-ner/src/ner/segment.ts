import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Word segmentation as features: where each code unit sits in its jieba word. */
export interface Segmenter {
  /** Fills pos (1 B, 2 M, 3 E, 4 S), len (word length, capped at 8) and word hash for each code unit. */
  segment(text: string, pos: Uint8Array, len: Uint8Array, word: Int32Array): void;
}

let shared: Jieba | null = null;

/** jieba with its bundled dictionary, loaded once per process (about 0.2 s). */
export function jiebaSegmenter(): Segmenter {
  shared ??= Jieba.withDict(dict);
  const jieba = shared;
  return {
    segment(text, pos, len, word) {
      const words = jieba.cut(text, false);
      let i = 0;
      for (const w of words) {
        const n = w.length;
        let h = 0x811c9dc5;
        for (let k = 0; k < n; k++) h = Math.imul(h ^ w.charCodeAt(k), 0x01000193);
        for (let k = 0; k < n && i + k < text.length; k++) {
          pos[i + k] = n === 1 ? 4 : k === 0 ? 1 : k === n - 1 ? 3 : 2;
          len[i + k] = Math.min(n, 8);
          word[i + k] = h;
        }
        i += n;
      }
      // jieba should cover the text exactly; if it ever does not, the rest gets "single char".
      for (; i < text.length; i++) {
        pos[i] = 4;
        len[i] = 1;
        word[i] = 0;
      }
    },
  };
}
