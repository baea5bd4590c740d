import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import { emptyClusterDump } from '../src/pglite-template.js';

const writer = fileURLToPath(new URL('./support/pglite-writer.mjs', import.meta.url));

it('PGlite keeps every write acknowledged after COMMIT when the process is SIGKILLed mid-burst', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keeper-kill-'));
  const dataDir = join(dir, 'data');
  try {
    const template = join(dir, 'empty-cluster.tar.gz');
    await writeFile(template, Buffer.from(await (await emptyClusterDump()).arrayBuffer()));
    const child = spawn(process.execPath, [writer, dataDir, template], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Set<number>();
    let buffer = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (/^\d+$/.test(line)) acked.add(Number(line));
        // Kill while it is still writing, well into the burst.
        if (acked.size >= 400) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      void exited.then(() => reject(new Error('writer exited before the kill')));
    });
    expect(await exited).toBe('SIGKILL');

    // Reopen through openDatabase: this also takes over the dead writer's folder lock if it had one.
    const db = await openDatabase({ dataDir });
    try {
      const rows = await db.query<{ id: number }>('SELECT id FROM acked');
      const stored = new Set(rows.map((r) => r.id));
      const lost = [...acked].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
