#!/usr/bin/env node
// pnpm bench:ner — predict throughput (recognise + link) on one core, training time on 10,000
// lines, and a dictionary longest-match baseline over the same gazetteer in the same run.
import { execSync } from 'node:child_process';
import os from 'node:os';
import { calibrationLine } from '@keeper/tooling/calibration';
import { buildCatalog } from '../scripts/data/build-catalog.mjs';
import { familiesA } from '../scripts/data/catalog-a.mjs';
import { generateLines } from '../scripts/data/lines.mjs';
import { makeRng } from '../scripts/data/rng.mjs';
import { DATA_DIR, DictionaryTagger, EntityRecognizer, evaluate, loadCatalog, ProductAnalyzer, readJsonl, SkuLinker, trainDefaultRecognizer } from '../dist/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Each run goes over the message set this many times, so one run lasts long enough to time well. */
const REPEAT = 5;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function machine() {
  let limit = 'unknown';
  try {
    limit = execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim();
  } catch {}
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, open-file limit ${limit}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Runs fn over all texts `RUNS` times; returns median msgs/s by wall clock and by CPU time of this process. */
function throughput(texts, fn) {
  for (const t of texts) fn(t); // warm-up (JIT, jieba dictionary)
  const wall = [];
  const cpu = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < REPEAT; k++) for (const t of texts) fn(t);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall.push((REPEAT * texts.length) / (ms / 1000));
    cpu.push((REPEAT * texts.length) / ((c.user + c.system) / 1e6));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const catalogB = loadCatalog(`${DATA_DIR}unseen/catalog.json`);
const unseen = readJsonl(`${DATA_DIR}unseen/test.jsonl`);
const texts = unseen.map((l) => l.text);
const productOf = (sku) => catalogB.sku(sku)?.productId ?? null;

console.log('keeper-ner benchmark');
console.log(`machine: ${machine()}`);
console.log(calibrationLine());
console.log(`settings: ${RUNS} runs per measurement (medians), each over the set ${REPEAT} times, single thread, messages = data/unseen/test.jsonl (${texts.length} lines, mean ${(texts.join('').length / texts.length).toFixed(1)} chars), catalog B (${catalogB.products.length} products, ${catalogB.skuCount} SKUs)\n`);

// Model: the shipped default model (trained on shop A) with shop B's catalog at run time.
const analyzer = new ProductAnalyzer(trainDefaultRecognizer().withCatalog(catalogB), catalogB);
const modelSpeed = throughput(texts, (t) => analyzer.analyze(t));
const modelReport = evaluate(unseen, unseen.map((l) => ({ id: l.id, ...analyzer.analyze(l.text) })), productOf);

// Baseline: dictionary longest match over the same gazetteer, same linker.
const dict = new DictionaryTagger(catalogB);
const linker = new SkuLinker(catalogB);
const baseAnalyze = (t) => linker.link(t, dict.recognize(t));
const baseSpeed = throughput(texts, baseAnalyze);
const baseReport = evaluate(unseen, unseen.map((l) => ({ id: l.id, entities: dict.recognize(l.text), ...baseAnalyze(l.text) })), productOf);

const row = (name, s, r) => `${name.padEnd(34)} ${fmt(s.wall).padStart(9)} ${fmt(s.cpu).padStart(9)}   ${r.microF1.toFixed(4)}   ${r.skuAccuracy.toFixed(4)}   ${r.productAccuracy.toFixed(4)}`;
console.log('predict (recognise + link)          msg/s wall  msg/s CPU  micro-F1  SKU acc  product acc');
console.log(row('model (default, unseen catalog)', modelSpeed, modelReport));
console.log(row('baseline (dictionary longest match)', baseSpeed, baseReport));
console.log(`ratio model/baseline: speed ${(modelSpeed.cpu / baseSpeed.cpu).toFixed(2)}x (CPU), micro-F1 ${(modelReport.microF1 / baseReport.microF1).toFixed(2)}x, error rate ${((1 - modelReport.microF1) / (1 - baseReport.microF1)).toFixed(2)}x\n`);

// Training time on 10,000 generated lines of shop A (same generator as data/, another seed).
const builtA = buildCatalog(familiesA, { prefix: 'P', rng: makeRng(11) });
const graphA = loadCatalog(`${DATA_DIR}catalog.json`);
const lines10k = generateLines(builtA, { rng: makeRng(99), n: 10_000, heldOut: false, idPrefix: 'x' });
const times = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  EntityRecognizer.train(lines10k, graphA, { seed: r + 1 });
  times.push((performance.now() - t0) / 1000);
}
console.log(`training on ${fmt(lines10k.length)} lines (8 epochs max, early stop at 0 errors): median ${median(times).toFixed(2)} s over ${RUNS} runs [${times.map((t) => t.toFixed(2)).join(', ')}]`);
console.log(`baseline training time: 0 s (a dictionary has nothing to train)`);
console.log(`targets: predict >= 20,000 msg/s -> ${modelSpeed.cpu >= 20000 ? 'met' : 'NOT met'} (CPU time); training 10k < 60 s -> ${median(times) < 60 ? 'met' : 'NOT met'}`);
