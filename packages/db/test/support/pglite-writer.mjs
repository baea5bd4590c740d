// Child process for durability.test.ts: writes batches to a PGlite data folder, one transaction per batch
// (what the group committer does), and prints every id only after its COMMIT returned — the moment a
// Keeper server would acknowledge the message. The parent SIGKILLs it mid-burst.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

// argv[3]: a dump of an empty cluster, so the child skips initdb on a file folder (10–20 s here).
const loadDataDir = process.argv[3] ? new Blob([await readFile(process.argv[3])]) : undefined;
const pglite = await PGlite.create({ dataDir: process.argv[2], ...(loadDataDir ? { loadDataDir } : {}) });
await pglite.exec('CREATE TABLE IF NOT EXISTS acked (id int PRIMARY KEY, body text NOT NULL)');
process.stdout.write('ready\n');
for (let batch = 0; ; batch++) {
  const ids = Array.from({ length: 20 }, (_, i) => batch * 20 + i);
  await pglite.transaction(async (tx) => {
    for (const id of ids) await tx.query('INSERT INTO acked VALUES ($1, $2)', [id, `message ${id}`]);
  });
  process.stdout.write(`${ids.join('\n')}\n`);
}
