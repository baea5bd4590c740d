import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

let template: Promise<Blob> | undefined;

/** PGlite's version keys the on-disk cache: a dump from another PGlite build must never be loaded. */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

async function freshDump(): Promise<Blob> {
  const pristine = await PGlite.create('memory://');
  try {
    return await pristine.dumpDataDir('gzip');
  } finally {
    await pristine.close();
  }
}

/**
 * A dump of a freshly initialised, empty PGlite cluster. Starting from it skips initdb, which costs
 * seconds in WebAssembly: throwaway databases (diffs, tests) start in about a second instead of five.
 * Kept in memory per process and in the OS temp folder (gzip, ~4.5 MB) across processes; written
 * atomically, so concurrent test workers at worst each make their own.
 */
export function emptyClusterDump(): Promise<Blob> {
  template ??= (async () => {
    const version = pgliteVersion();
    const cached = join(tmpdir(), `keeper-pglite-${version}-empty-cluster.tar.gz`);
    if (version !== 'unknown' && existsSync(cached)) {
      return new Blob([await readFile(cached)]);
    }
    const dump = await freshDump();
    if (version !== 'unknown') {
      const partial = `${cached}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
        await rename(partial, cached);
      } catch {
        // A read-only temp folder only costs speed.
        await rm(partial, { force: true });
      }
    }
    return dump;
  })();
  template.catch(() => {
    template = undefined;
  });
  return template;
}
