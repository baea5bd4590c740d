import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Generates the fixture package's Prisma client with our offline generator before any test imports it. */
export default function setup(): void {
  const bin = fileURLToPath(new URL('../bin/keeper-prisma-generate.mjs', import.meta.url));
  const cwd = fileURLToPath(new URL('./fixtures/notes/', import.meta.url));
  const result = spawnSync(process.execPath, [bin], { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`keeper-prisma-generate failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}
