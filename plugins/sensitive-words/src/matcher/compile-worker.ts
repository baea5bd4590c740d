/**
 * Worker-thread entry of compileDictionaryOffThread (compile-off-thread.ts): compiles the words it was
 * started with and posts back the typed arrays, transferred (not copied). The words themselves, the options
 * and the normalisation table stay with the caller, which has them already.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileDictionary } from './compile.js';
import type { CompileJob, CompiledParts } from './compile-off-thread.js';

const job = workerData as CompileJob;
// Only the word text shapes the automaton; category and action are looked up by pattern index afterwards.
const compiled = compileDictionary(
  job.words.map((word) => ({ word, category: '', action: 'mask' as const })),
  job.allow,
  job.options,
);
const { automaton, symTab, alphaOfNorm, patWord, patFlags, stats } = compiled;
const parts: CompiledParts = { automaton, symTab, alphaOfNorm, patWord, patFlags, stats };
const arrays = [automaton.nodes, automaton.bigram, automaton.outStart, automaton.outLen, automaton.outs, automaton.patLen, symTab, alphaOfNorm, patWord, patFlags];
parentPort!.postMessage(parts, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
