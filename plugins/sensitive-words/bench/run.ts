/**
 * pnpm bench:sensitive — throughput of the compiled matcher (all normalisations on) against
 * mint-filter on the same inputs and the same 60,000-word dictionary, in the same process.
 */
import { execFileSync, execSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { calibrationLine } from '@keeper/tooling/calibration';
import { Mint } from 'mint-filter';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllowList, parseWordList } from '../src/dictionary/parse.js';
import { DictionaryStore } from '../src/dictionary/store.js';
import { compileDictionary } from '../src/matcher/compile.js';
import { Matcher } from '../src/matcher/matcher.js';
import type { WordEntry } from '../src/matcher/types.js';
import { benchDictionary, chatLines, messagesOf } from './inputs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

function machine(): void {
  let ulimit = '?';
  try {
    ulimit = execSync('sh -c "ulimit -n"').toString().trim();
  } catch {}
  const mintVersion = '4.0.3';
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (${(freemem() / 2 ** 30).toFixed(0)} GB free), open-file limit ${ulimit}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows every number below)`);
  console.log(calibrationLine());
  console.log(`node ${process.version}, mint-filter ${mintVersion}, runs per measurement: ${RUNS} (median reported)`);
}

/**
 * chars/s scanning every text once (after a warm-up pass), median over RUNS: by wall clock and by the
 * process's own CPU time, which is the one-core figure when other work shares the machine.
 */
function throughput(texts: string[], scan: (t: string) => unknown): { wall: number; cpu: number } {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const reps = Math.max(1, Math.round(2_000_000 / chars));
  for (const t of texts) scan(t);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < reps; k++) for (const t of texts) scan(t);
    const ns = Number(process.hrtime.bigint() - t0);
    const used = process.cpuUsage(c0);
    wall.push((chars * reps) / (ns / 1e9));
    cpu.push((chars * reps) / ((used.user + used.system) / 1e6));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

interface Latency {
  p50: number;
  p99: number;
  cpuP50: number;
  cpuP99: number;
}

/**
 * Latency per message in µs, median of the per-run percentiles: wall clock, and the process's CPU
 * time per message (getrusage), which leaves out time the scheduler gave to other processes.
 */
function latency(texts: string[], scan: (t: string) => unknown): Latency {
  for (const t of texts) scan(t);
  const out: Record<keyof Latency, number[]> = { p50: [], p99: [], cpuP50: [], cpuP99: [] };
  const wall = new Float64Array(texts.length);
  const cpu = new Float64Array(texts.length);
  const pct = (a: Float64Array, q: number) => [...a].sort((x, y) => x - y)[Math.floor(a.length * q)]!;
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < texts.length; i++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      scan(texts[i]!);
      wall[i] = Number(process.hrtime.bigint() - t0) / 1000;
      const c = process.cpuUsage(c0);
      cpu[i] = c.user + c.system;
    }
    out.p50.push(pct(wall, 0.5));
    out.p99.push(pct(wall, 0.99));
    out.cpuP50.push(pct(cpu, 0.5));
    out.cpuP99.push(pct(cpu, 0.99));
  }
  return { p50: median(out.p50), p99: median(out.p99), cpuP50: median(out.cpuP50), cpuP99: median(out.cpuP99) };
}

/**
 * Cold builds, each the first compileDictionary() of a fresh process (bench/cold-build.ts): nothing
 * cached, no optimised code, the normalisation table and pinyin data loaded on the way.
 */
function coldBuilds(runs: number): { wall: number[]; cpu: number[] } {
  const script = fileURLToPath(new URL('./cold-build.ts', import.meta.url));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    // execArgv carries the TypeScript loader the benchmark itself runs under.
    const out = execFileSync(process.execPath, [...process.execArgv, script], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { wallMs: number; cpuMs: number };
    wall.push(result.wallMs);
    cpu.push(result.cpuMs);
  }
  return { wall, cpu };
}

/**
 * What a list replacement costs a running node's other work: the longest event-loop stall while
 * DictionaryStore.replaceList recompiles the 60,000-word dictionary (the largest gap between the ticks of a
 * 1 ms interval timer, from the call until one turn after it resolved), compiled in place (the baseline: every replacement before the worker thread)
 * and in a worker thread, alternating, RUNS each. Wall time is until the new list is in use.
 */
async function replacePause(dictionary: readonly WordEntry[], allow: readonly string[]): Promise<void> {
  const lists = new Map([['big', dictionary]]);
  const inPlace = new DictionaryStore(lists, allow, {}, { offThreadFrom: Number.POSITIVE_INFINITY });
  const offThread = new DictionaryStore(lists, allow, {}, { offThreadFrom: 0 });
  const runs = { inPlace: { stall: [] as number[], wall: [] as number[] }, offThread: { stall: [] as number[], wall: [] as number[] } };
  for (let r = 0; r < RUNS; r++) {
    for (const [store, out] of [
      [inPlace, runs.inPlace],
      [offThread, runs.offThread],
    ] as const) {
      const shop = parseWordList(`水货${r}\tfraud\treject`, { list: 'shop' });
      let last = performance.now();
      let stall = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        stall = Math.max(stall, now - last);
        last = now;
      }, 1);
      const t = performance.now();
      await store.replaceList('shop', shop);
      out.wall.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 5));
      clearInterval(ticker);
      out.stall.push(stall);
    }
  }
  const ms = (xs: number[]) => median(xs).toFixed(0);
  console.log(
    `list replacement (60k-word dictionary recompiled): longest event-loop stall in place ${ms(runs.inPlace.stall)} ms (until in use ${ms(runs.inPlace.wall)} ms), ` +
      `in a worker thread ${ms(runs.offThread.stall)} ms (until in use ${ms(runs.offThread.wall)} ms) (medians of ${RUNS}, alternating)`,
  );
}

function main(): void {
  machine();
  const dictionary = benchDictionary(60_000);
  const rawWords = dictionary.map((e) => e.word);

  const cold = coldBuilds(RUNS);
  const rebuildMs: number[] = [];
  const rebuildCpuMs: number[] = [];
  const mintBuildCpuMs: number[] = [];
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const mintBuildMs: number[] = [];
  // The bundled allow-list, as the CLI uses it.
  const allow = parseAllowList(readFileSync(new URL('../data/default-allow.txt', import.meta.url), 'utf8'));
  let compiled = compileDictionary(dictionary, allow);
  for (let r = 0; r < RUNS; r++) {
    // Rebuild: a list replacement in a running node, where the pinyin of unchanged words is cached.
    const a = performance.now();
    const ac = process.cpuUsage();
    compiled = compileDictionary(dictionary, allow);
    rebuildCpuMs.push(cpuMs(process.cpuUsage(ac)));
    rebuildMs.push(performance.now() - a);
    const b = performance.now();
    const bc = process.cpuUsage();
    new Mint(rawWords);
    mintBuildCpuMs.push(cpuMs(process.cpuUsage(bc)));
    mintBuildMs.push(performance.now() - b);
  }
  const { stats } = compiled;
  console.log(`dictionary: ${stats.words} words → ${stats.patterns} patterns (surface forms incl. pinyin/variants), ${stats.states} states, alphabet ${stats.alphabet}`);
  console.log(`settings: all normalisations on (case, width, number styles, hanzi digits, traditional, homoglyphs), noise gap ${compiled.options.maxNoiseGap}, repeats, pinyin + initials + mixed, variants, English boundaries`);
  const ms = (xs: number[]) => median(xs).toFixed(0);
  console.log(
    `build 60k words: keeper cold (first build in a fresh process, ${RUNS} processes) ${ms(cold.wall)} ms wall / ${ms(cold.cpu)} ms cpu (fastest ${Math.min(...cold.wall).toFixed(0)} / ${Math.min(...cold.cpu).toFixed(0)}), ` +
      `rebuild in a running process (pinyin of unchanged words cached) ${ms(rebuildMs)} ms wall / ${ms(rebuildCpuMs)} ms cpu; ` +
      `mint-filter in a running process ${ms(mintBuildMs)} ms wall / ${ms(mintBuildCpuMs)} ms cpu (medians)`,
  );

  const matcher = new Matcher(compiled);
  const mint = new Mint(rawWords);
  const ours = (t: string) => matcher.scan(t);
  const theirs = (t: string) => mint.filter(t, { replace: false });

  const short = chatLines(5000);
  const long = messagesOf(100_000, 10);
  const m500 = messagesOf(500, 2000);
  const adversarial = messagesOf(500, 2000, true);
  const rows: Array<[string, { wall: number; cpu: number }, { wall: number; cpu: number }]> = [];
  rows.push(['short chat messages', throughput(short, ours), throughput(short, theirs)]);
  rows.push(['500-char messages', throughput(m500, ours), throughput(m500, theirs)]);
  rows.push(['long texts (100k chars)', throughput(long, ours), throughput(long, theirs)]);
  rows.push(['adversarial 500-char (75% evasions)', throughput(adversarial, ours), throughput(adversarial, theirs)]);
  console.log('\nthroughput, chars/s on one core       keeper cpu (wall)      mint-filter cpu (wall)   ratio (cpu)');
  for (const [name, a, b] of rows) {
    console.log(`${name.padEnd(36)} ${fmt(a.cpu).padStart(7)} (${fmt(a.wall).padStart(6)})   ${fmt(b.cpu).padStart(11)} (${fmt(b.wall).padStart(6)})   ${(a.cpu / b.cpu).toFixed(1)}×`);
  }
  const hits = m500.reduce((n, t) => n + matcher.scan(t).length, 0);
  console.log(`hits per 500-char message: ${(hits / m500.length).toFixed(2)} (chat with 1 line in 20 carrying a listed word)`);
  const lo = latency(m500, ours);
  const lm = latency(m500, theirs);
  const show = (l: Latency) => `wall p50 ${l.p50.toFixed(1)} / p99 ${l.p99.toFixed(1)} µs, cpu p50 ${l.cpuP50.toFixed(0)} / p99 ${l.cpuP99.toFixed(0)} µs`;
  console.log(`\nlatency per 500-char message (cpu time has 1 µs resolution and includes the getrusage call):`);
  console.log(`  keeper      ${show(lo)}`);
  console.log(`  mint-filter ${show(lm)}`);
  // Same corpus, same (bundled) list: what each finds on the evasion lines.
  const corpus = readFileSync(new URL('../test/fixtures/corpus.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; label: string; trick: string; expect: string[] });
  const bundled = parseWordList(readFileSync(new URL('../data/default-words.tsv', import.meta.url), 'utf8'));
  const small = new Matcher(compileDictionary(bundled, allow));
  const smallMint = new Mint(bundled.map((e) => e.word));
  const evasions = corpus.filter((l) => l.label === 'hit' && l.trick !== 'plain');
  const found = (words: string[], l: { expect: string[] }) => l.expect.every((w) => words.includes(w));
  const ourRecall = evasions.filter((l) => found(small.scan(l.text).map((h) => h.word), l)).length / evasions.length;
  const mintRecall = evasions.filter((l) => found(smallMint.filter(l.text, { replace: false }).words.map((w) => w.toLowerCase()), l)).length / evasions.length;
  console.log(`\nrecall on the ${evasions.length} evasion lines of the corpus (bundled list): keeper ${ourRecall.toFixed(3)}, mint-filter ${mintRecall.toFixed(3)}`);
  console.log(`targets: >= 30M chars/s, >= 8× mint-filter, p99 < 50 µs per 500-char message, build < 1000 ms`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main();
// Last: it leaves the process with a second 60k dictionary, which would skew the throughput figures.
await replacePause(benchDictionary(60_000), parseAllowList(readFileSync(new URL('../data/default-allow.txt', import.meta.url), 'utf8')));
