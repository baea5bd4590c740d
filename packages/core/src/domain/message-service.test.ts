import { describe, expect, it } from 'vitest';
import { codePointsOver } from './message-service.js';

describe('codePointsOver', () => {
  it('counts code points like [...text].length, surrogate pairs and lone surrogates included', () => {
    const samples = ['', 'abc', '你好世界', '😀😀😀', 'a😀b', '\ud83d', 'x\ude00y', '😀\ud83d', 'é'.normalize('NFD'), '👍🏽👍🏽'];
    for (const text of samples) {
      const length = [...text].length;
      for (let max = 0; max <= length + 1; max++) expect(codePointsOver(text, max), `${JSON.stringify(text)} max ${max}`).toBe(length > max);
    }
    expect(codePointsOver('😀'.repeat(4000), 4000)).toBe(false);
    expect(codePointsOver('😀'.repeat(4001), 4000)).toBe(true);
  });
});
