import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIO, main } from './cli.js';
import { DATA_DIR } from './model/default-model.js';

function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    readStdin: () => stdin,
  };
  const code = main(args, io);
  return { code, out, err };
}

describe('keeper-ner CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keeper-ner-'));
  const catalog = `${DATA_DIR}unseen/catalog.json`;
  const lines = readFileSync(`${DATA_DIR}unseen/test.jsonl`, 'utf8').split('\n').filter(Boolean);
  writeFileSync(join(dir, 'train.jsonl'), lines.slice(0, 300).join('\n'));
  writeFileSync(join(dir, 'test.jsonl'), lines.slice(300, 400).join('\n'));

  it('trains, predicts and evaluates with a model file', () => {
    const model = join(dir, 'model.json');
    expect(run(['train', '--catalog', catalog, '--data', join(dir, 'train.jsonl'), '--out', model, '--epochs', '4']).code).toBe(0);
    const p = run(['predict', '--catalog', catalog, '--model', model, '--input', join(dir, 'test.jsonl')]);
    expect(p.code).toBe(0);
    const outLines = p.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(outLines).toHaveLength(100);
    expect(Object.keys(outLines[0]).sort()).toEqual(['entities', 'id', 'product', 'sku']);
    expect(outLines[0].id).toBe(JSON.parse(lines[300]!).id);
    const e = run(['eval', '--catalog', catalog, '--model', model, '--data', join(dir, 'test.jsonl')]);
    const report = JSON.parse(e.out);
    expect(report.perLabel.COLOR).toHaveProperty('f1');
    expect(report.microF1).toBeGreaterThan(0.8);
    expect(report).toHaveProperty('skuAccuracy');
    expect(report).toHaveProperty('productAccuracy');
  });

  it('predicts from stdin with the default model, also for plain-text lines', () => {
    const p = run(['predict', '--catalog', catalog], '{"id":7,"text":"骆驼冲锋衣雾霾蓝XL有吗"}\n有没有蓝莓味的安慕希\n');
    const [a, b] = p.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(a.id).toBe(7);
    expect(a.entities.map((x: { label: string }) => x.label)).toEqual(['BRAND', 'PRODUCT', 'COLOR', 'SIZE']);
    expect(a.sku).toMatch(/^Q001-/);
    expect(b.id).toBe('2');
  });

  it('explains a missing flag', () => {
    const r = run(['eval', '--catalog', catalog]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--data');
  });
});
