import { readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { DbLogger } from './types.js';

/**
 * PGlite has no inter-process locking: two processes on one data folder (say `keeper migrate` while
 * `keeper start` runs) would corrupt it. We hold `<dataDir>.lock` with our pid while open; a lock left
 * by a dead process is taken over. Where the parent folder is not writable (a service user that owns
 * only its data folder) we warn and run unguarded rather than refuse to start.
 */
const heldHere = new Set<string>();

/** How long a live owner gets to go away (a server killed a moment ago still has its pid for a few ms). */
const OWNER_EXIT_WAIT_MS = 3000;

export async function lockDataDir(dataDir: string, logger: DbLogger, ownerExitWaitMs = OWNER_EXIT_WAIT_MS): Promise<() => void> {
  const lockPath = `${dataDir}.lock`;
  if (heldHere.has(lockPath)) {
    throw new Error(`PGlite data folder ${dataDir} is already open in this process: open it once and share it`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(lockPath);
      return () => {
        if (!heldHere.delete(lockPath)) return;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        logger.warn({ lockPath, code }, 'cannot create the PGlite folder lock; make sure only one process opens this folder');
        return () => {};
      }
      if (code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && !(await exits(owner, ownerExitWaitMs))) {
        throw new Error(
          `PGlite data folder ${dataDir} is in use by process ${owner}. PGlite serves one process: stop it, ` +
            'or set DATABASE_URL to share a PostgreSQL server between processes.',
        );
      }
      // Stale: its owner is gone, or it carries our own pid from before a restart (containers reuse pids;
      // we know we don't hold it, `heldHere` says so).
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock PGlite data folder ${dataDir}`);
}

async function exits(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
