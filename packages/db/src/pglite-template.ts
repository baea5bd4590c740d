import { PGlite } from '@electric-sql/pglite';

let template: Promise<Blob> | undefined;

/**
 * A dump of a freshly initialised, empty PGlite cluster, made once per process. Starting from it skips
 * initdb, which costs seconds in WebAssembly (throwaway databases for diffs and tests start in ~0.6 s).
 */
export function emptyClusterDump(): Promise<Blob> {
  template ??= (async () => {
    const pristine = await PGlite.create('memory://');
    try {
      return await pristine.dumpDataDir('none');
    } finally {
      await pristine.close();
    }
  })();
  template.catch(() => {
    template = undefined;
  });
  return template;
}
