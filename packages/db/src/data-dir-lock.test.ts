import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.js';
import type { DbLogger } from './types.js';

function recordingLogger(): DbLogger & { warnings: unknown[] } {
  const warnings: unknown[] = [];
  const noop = () => {};
  return { warnings, debug: noop, info: noop, error: noop, warn: (obj) => warnings.push(obj) };
}

describe('lockDataDir', () => {
  it('warns and runs unguarded when the parent folder is not writable', async () => {
    if (process.getuid?.() === 0) {
      // Root ignores directory permissions; sysfs refuses new files even to root (EACCES).
      const logger = recordingLogger();
      const release = await lockDataDir('/sys/keeper-data', logger);
      release();
      expect(logger.warnings).toHaveLength(1);
      return;
    }
    const parent = await mkdtemp(join(tmpdir(), 'keeper-lock-'));
    try {
      await mkdir(join(parent, 'data'));
      await chmod(parent, 0o555);
      const logger = recordingLogger();
      const release = await lockDataDir(join(parent, 'data'), logger);
      release();
      expect(logger.warnings).toHaveLength(1);
    } finally {
      await chmod(parent, 0o755);
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('waits for a live owner that is going away, and refuses one that stays', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'keeper-lock-'));
    const dataDir = join(parent, 'data');
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await new Promise((r) => owner.once('spawn', r));
      writeFileSync(`${dataDir}.lock`, String(owner.pid));
      await expect(lockDataDir(dataDir, recordingLogger(), 200)).rejects.toThrow(`in use by process ${owner.pid}`);
      // Killed a moment ago: taken over as soon as it is gone.
      setTimeout(() => owner.kill('SIGKILL'), 100);
      const release = await lockDataDir(dataDir, recordingLogger(), 5000);
      release();
    } finally {
      owner.kill('SIGKILL');
      await rm(parent, { recursive: true, force: true });
    }
  });
});
