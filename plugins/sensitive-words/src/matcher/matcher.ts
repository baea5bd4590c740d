import type { CompiledDictionary } from './compile.js';
import { maskSpans } from './hit-rules.js';
import { Resolver } from './resolve.js';
import { collectCandidates, ScanBuffers } from './scan-loop.js';
import type { Hit } from './types.js';

/**
 * Scans text against a compiled dictionary. The hot loop (scan-loop.ts) is one table lookup and one
 * double-array transition per UTF-16 unit; everything else (boundaries, allow-list, hit objects) runs
 * only on candidate matches (resolve.ts). Instances hold scratch buffers: keep one per dictionary.
 */
export class Matcher {
  private readonly buffers = new ScanBuffers();
  private readonly resolver: Resolver;

  constructor(readonly dict: CompiledDictionary) {
    this.resolver = new Resolver(dict);
  }

  /** True when the text has at least one hit (after boundaries and the allow-list). */
  test(text: string): boolean {
    return this.scan(text).length > 0;
  }

  /** Every hit, in order of start; each (word, span) once. */
  scan(text: string): Hit[] {
    const count = collectCandidates(text, this.dict, this.buffers);
    return count === 0 ? [] : this.resolver.resolve(text, this.buffers.cand, count);
  }

  /** Replaces every code point inside any hit span with `maskChar`. */
  mask(text: string, hits: readonly Hit[] = this.scan(text), maskChar = '*'): string {
    return maskSpans(text, hits, maskChar);
  }
}

export { maskSpans };
