import { Worker } from 'node:worker_threads';
import { type CompiledDictionary, defaultMatcherOptions } from './compile.js';
import { normalizeTable } from './normalize.js';
import type { MatcherOptions, WordEntry } from './types.js';

/** What the worker is started with. */
export interface CompileJob {
  words: string[];
  allow: readonly string[];
  options: MatcherOptions;
}

/** What the worker sends back: the parts of a CompiledDictionary the caller does not have. */
export type CompiledParts = Pick<CompiledDictionary, 'automaton' | 'symTab' | 'alphaOfNorm' | 'patWord' | 'patFlags' | 'stats'>;

/**
 * Compiles a dictionary in a worker thread, so the event loop keeps serving while it builds (0.3–1 s for
 * 60,000 words, during which a synchronous compile stops every socket of the node). The result is the same
 * as compileDictionary's: the worker runs that function; its typed arrays are transferred back, not copied.
 *
 * Running from the TypeScript sources (tests, `@keeper/source`), the worker loads them through tsx, a
 * development dependency; built code loads `compile-worker.js` beside this file.
 */
export function compileDictionaryOffThread(
  words: readonly WordEntry[],
  allow: readonly string[] = [],
  options: Partial<MatcherOptions> = {},
): Promise<CompiledDictionary> {
  const opts: MatcherOptions = { ...defaultMatcherOptions, ...options };
  const job: CompileJob = { words: words.map((e) => e.word), allow, options: opts };
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './compile-worker.ts' : './compile-worker.js', import.meta.url);
  return new Promise<CompiledDictionary>((resolve, reject) => {
    // tsx is resolved from here: the worker's own resolution would start from the process's directory.
    const tsx = fromSources ? import.meta.resolve('tsx/esm/api') : '';
    const worker = fromSources
      ? new Worker(`import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`, {
          eval: true,
          workerData: job,
        })
      : new Worker(entry, { workerData: job });
    let settled = false;
    worker.once('message', (parts: CompiledParts) => {
      settled = true;
      resolve({ ...parts, options: opts, table: normalizeTable(opts.normalize), words, allow });
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the dictionary compile worker exited with code ${code} before it answered`));
    });
  });
}
