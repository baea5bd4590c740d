import { compileDictionary } from '../matcher/compile.js';
import { Matcher } from '../matcher/matcher.js';
import type { MatcherOptions, WordEntry } from '../matcher/types.js';

export interface DictionarySnapshot {
  readonly matcher: Matcher;
  readonly version: number;
  readonly lists: ReadonlyMap<string, readonly WordEntry[]>;
  readonly allow: readonly string[];
}

/**
 * Holds the live compiled dictionary. A replacement is compiled off to the side and published with
 * one reference assignment, so a message is always scanned by either the old or the new matcher —
 * never by a half-built one, and never by none.
 */
export class DictionaryStore {
  private snapshot: DictionarySnapshot;

  constructor(
    lists: ReadonlyMap<string, readonly WordEntry[]>,
    allow: readonly string[] = [],
    private readonly options: Partial<MatcherOptions> = {},
  ) {
    this.snapshot = this.build(lists, allow, 1);
  }

  get current(): DictionarySnapshot {
    return this.snapshot;
  }

  get matcher(): Matcher {
    return this.snapshot.matcher;
  }

  /** Replaces (or adds) one named list; other lists stay. Returns the new version. */
  replaceList(name: string, entries: readonly WordEntry[]): number {
    const lists = new Map(this.snapshot.lists);
    lists.set(name, entries.map((e) => ({ ...e, list: name })));
    this.snapshot = this.build(lists, this.snapshot.allow, this.snapshot.version + 1);
    return this.snapshot.version;
  }

  removeList(name: string): number {
    const lists = new Map(this.snapshot.lists);
    lists.delete(name);
    this.snapshot = this.build(lists, this.snapshot.allow, this.snapshot.version + 1);
    return this.snapshot.version;
  }

  replaceAllowList(allow: readonly string[]): number {
    this.snapshot = this.build(this.snapshot.lists, allow, this.snapshot.version + 1);
    return this.snapshot.version;
  }

  private build(lists: ReadonlyMap<string, readonly WordEntry[]>, allow: readonly string[], version: number): DictionarySnapshot {
    // A word in several lists keeps its first entry (lists in insertion order).
    const words: WordEntry[] = [];
    const seen = new Set<string>();
    for (const entries of lists.values()) {
      for (const e of entries) {
        if (seen.has(e.word)) continue;
        seen.add(e.word);
        words.push(e);
      }
    }
    const matcher = new Matcher(compileDictionary(words, allow, this.options));
    return { matcher, version, lists, allow };
  }
}
