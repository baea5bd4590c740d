import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Generates the fixture packages' Prisma clients with our offline generator before any test imports them. */
export default function setup(): void {
  const bin = fileURLToPath(new URL('../bin/keeper-prisma-generate.mjs', import.meta.url));
  for (const fixture of ['notes', 'plain']) {
    const cwd = fileURLToPath(new URL(`./fixtures/${fixture}/`, import.meta.url));
    const result = spawnSync(process.execPath, [bin], { cwd, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`keeper-prisma-generate failed for ${fixture} (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  }
}
