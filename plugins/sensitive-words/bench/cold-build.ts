/**
 * One cold build, in a process of its own (bench/run.ts starts it several times): the first
 * compileDictionary() of the process, so the time includes everything a node pays at boot — the
 * normalisation table, OpenCC and pinyin-pro data, code that has not been optimised yet. Module
 * loading and making the benchmark's word list are not counted. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { parseAllowList } from '../src/dictionary/parse.js';
import { compileDictionary } from '../src/matcher/compile.js';
import { benchDictionary } from './inputs.js';

const words = benchDictionary(60_000);
const allow = parseAllowList(readFileSync(new URL('../data/default-allow.txt', import.meta.url), 'utf8'));
const c0 = process.cpuUsage();
const t0 = performance.now();
const compiled = compileDictionary(words, allow);
const wallMs = performance.now() - t0;
const used = process.cpuUsage(c0);
console.log(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, patterns: compiled.stats.patterns }));
