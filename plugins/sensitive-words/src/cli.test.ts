import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadCliMatcher, main, scanLine } from './cli.js';

describe('keeper-sensitive CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-'));
  const words = join(dir, 'words.tsv');
  const allow = join(dir, 'allow.txt');
  const input = join(dir, 'in.jsonl');
  writeFileSync(words, '加微信\tcontact\treject\n垃圾\tinsult\tmask\nfuck\n');
  writeFileSync(allow, '垃圾袋\n');
  writeFileSync(input, '{"id":1,"text":"加~微~信 fuuuck 加微信"}\n\n{"id":"x","text":"买垃圾袋"}\n');

  it('writes one JSON line per input with distinct canonical hits and the masked text', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c) => {
      text += c;
    });
    const code = await main(['scan', '--words', words, '--allow', allow, '--input', input], out, new PassThrough());
    expect(code).toBe(0);
    expect(text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 1, hits: ['加微信', 'fuck'], masked: '***** ****** ***' },
      { id: 'x', hits: [], masked: '买垃圾袋' },
    ]);
  });

  it('reports bad lines instead of stopping', () => {
    const m = loadCliMatcher([words], []);
    expect(scanLine(m, 'nope')).toBe('{"id":null,"error":"invalid JSON"}');
    expect(scanLine(m, '{"id":2}')).toBe('{"id":2,"error":"missing \\"text\\" string"}');
  });

  it('uses the bundled dictionary without --words', () => {
    const m = loadCliMatcher([], []);
    expect(JSON.parse(scanLine(m, '{"id":1,"text":"加我vx，淘宝店有货，刷单返现"}')!).hits).toEqual(['加我微信', 'vx', '淘宝店', '刷单']);
  });

  it('exits 2 with usage on a bad option', async () => {
    expect(await main(['scan', '--nope'], new PassThrough(), new PassThrough())).toBe(2);
  });
});
