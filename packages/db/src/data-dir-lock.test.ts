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
});
