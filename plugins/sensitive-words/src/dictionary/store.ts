import { type CompiledDictionary, compileDictionary } from '../matcher/compile.js';
import { compileDictionaryOffThread } from '../matcher/compile-off-thread.js';
import { Matcher } from '../matcher/matcher.js';
import type { MatcherOptions, WordEntry } from '../matcher/types.js';

export interface DictionarySnapshot {
  readonly matcher: Matcher;
  readonly version: number;
  readonly lists: ReadonlyMap<string, readonly WordEntry[]>;
  readonly allow: readonly string[];
}

/** A compiled dictionary not yet in use: `install` makes it the current one. */
export interface PreparedDictionary {
  readonly matcher: Matcher;
  readonly lists: ReadonlyMap<string, readonly WordEntry[]>;
  readonly allow: readonly string[];
}

export interface DictionaryStoreSettings {
  /**
   * Dictionaries of at least this many words and allow phrases are compiled in a worker thread when they
   * change; smaller ones in place (a few milliseconds). Default 2,000. The first build, at boot, is always
   * in place: nothing is served before it.
   */
  offThreadFrom?: number;
  /**
   * Called when the worker thread could not compile (it could not start, or it failed): the dictionary is then
   * compiled in place (the stall the worker avoids, but the change applies; a list that cannot compile fails
   * there again, with its own error).
   */
  onOffThreadFailure?: (error: unknown) => void;
}

export const DEFAULT_OFF_THREAD_FROM = 2000;

/** Every list's words, a word in several lists keeping its first entry (lists in insertion order). */
function mergeLists(lists: ReadonlyMap<string, readonly WordEntry[]>): WordEntry[] {
  const words: WordEntry[] = [];
  const seen = new Set<string>();
  for (const entries of lists.values()) {
    for (const e of entries) {
      if (seen.has(e.word)) continue;
      seen.add(e.word);
      words.push(e);
    }
  }
  return words;
}

/**
 * Holds the live compiled dictionary. A replacement is compiled off to the side — for a big dictionary in a
 * worker thread, so messages keep flowing meanwhile — and published with one reference assignment: a message
 * is always scanned by either the old or the new matcher, never by a half-built one, and never by none.
 * Changes run one at a time, each from what the previous one installed, so none is lost to a race.
 */
export class DictionaryStore {
  private snapshot: DictionarySnapshot;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly offThreadFrom: number;
  private readonly onOffThreadFailure: ((error: unknown) => void) | undefined;

  constructor(
    lists: ReadonlyMap<string, readonly WordEntry[]>,
    allow: readonly string[] = [],
    private readonly options: Partial<MatcherOptions> = {},
    settings: DictionaryStoreSettings = {},
  ) {
    this.offThreadFrom = settings.offThreadFrom ?? DEFAULT_OFF_THREAD_FROM;
    this.onOffThreadFailure = settings.onOffThreadFailure;
    const matcher = new Matcher(compileDictionary(mergeLists(lists), allow, options));
    this.snapshot = { matcher, version: 1, lists, allow };
  }

  get current(): DictionarySnapshot {
    return this.snapshot;
  }

  get matcher(): Matcher {
    return this.snapshot.matcher;
  }

  /**
   * Runs a change after every change queued before it has finished (succeeded or failed). Read `current` and
   * `install` inside it; a change that fails leaves the dictionary as it was.
   */
  serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every change queued so far has finished. */
  async idle(): Promise<void> {
    await this.serially(async () => undefined);
  }

  /** The current lists with one list replaced (or added), each entry tagged with its list. */
  withList(name: string, entries: readonly WordEntry[]): Map<string, readonly WordEntry[]> {
    const lists = new Map(this.snapshot.lists);
    lists.set(name, entries.map((e) => ({ ...e, list: name })));
    return lists;
  }

  /** Compiles without installing; the event loop keeps turning while a big dictionary builds. */
  async compile(lists: ReadonlyMap<string, readonly WordEntry[]>, allow: readonly string[]): Promise<PreparedDictionary> {
    const words = mergeLists(lists);
    let dict: CompiledDictionary | undefined;
    if (words.length + allow.length >= this.offThreadFrom) {
      try {
        dict = await compileDictionaryOffThread(words, allow, this.options);
      } catch (error) {
        this.onOffThreadFailure?.(error);
      }
    }
    dict ??= compileDictionary(words, allow, this.options);
    return { matcher: new Matcher(dict), lists, allow };
  }

  /** Makes a prepared dictionary the current one. Returns the new version. */
  install(prepared: PreparedDictionary): number {
    this.snapshot = { ...prepared, version: this.snapshot.version + 1 };
    return this.snapshot.version;
  }

  /** Replaces (or adds) one named list; other lists stay. Resolves to the new version once it is in use. */
  replaceList(name: string, entries: readonly WordEntry[]): Promise<number> {
    return this.serially(async () => this.install(await this.compile(this.withList(name, entries), this.snapshot.allow)));
  }

  removeList(name: string): Promise<number> {
    return this.serially(async () => {
      const lists = new Map(this.snapshot.lists);
      lists.delete(name);
      return this.install(await this.compile(lists, this.snapshot.allow));
    });
  }

  replaceAllowList(allow: readonly string[]): Promise<number> {
    return this.serially(async () => this.install(await this.compile(this.snapshot.lists, allow)));
  }
}
