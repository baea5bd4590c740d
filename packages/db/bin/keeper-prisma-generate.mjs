#!/usr/bin/env node
// keeper-prisma-generate [--schema <path>] [...prisma generate flags]
// Runs `prisma generate` for one package without touching the network: Prisma 7 generates clients in
// JavaScript, but its CLI still resolves a native schema engine (downloading it when missing) and phones
// home for update checks. We point it at a stub engine when no real one is installed and disable the check.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where Prisma would find a real native engine: next to @prisma/engines, or in its download cache. */
export function findNativeSchemaEngine() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const prismaRequire = createRequire(require.resolve('prisma/package.json'));
  const enginesDir = dirname(prismaRequire.resolve('@prisma/engines/package.json'));
  const local = readdirSync(enginesDir).find((file) => file.startsWith('schema-engine'));
  if (local) return join(enginesDir, local);
  let hash;
  try {
    const enginesRequire = createRequire(join(enginesDir, 'package.json'));
    hash = enginesRequire('@prisma/engines-version').enginesVersion;
  } catch {
    return undefined;
  }
  const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'prisma', 'master', hash);
  if (!existsSync(cacheRoot)) return undefined;
  for (const platform of readdirSync(cacheRoot)) {
    const candidate = join(cacheRoot, platform, 'schema-engine');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function main(argv) {
  const args = [...argv];
  if (!args.includes('--schema')) args.unshift('--schema', 'prisma/schema.prisma');
  const schemaPath = resolve(args[args.indexOf('--schema') + 1]);
  if (!existsSync(schemaPath)) {
    process.stderr.write(`keeper-prisma-generate: no Prisma schema at ${schemaPath}\n`);
    return 1;
  }
  const nativeEngine = findNativeSchemaEngine();
  const engine = nativeEngine ?? join(here, 'prisma-schema-engine-stub.mjs');
  process.stderr.write(`keeper-prisma-generate: schema engine ${nativeEngine ? engine : 'stub (native engine absent)'}\n`);
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engine,
    // No update check / telemetry request (the only network access left in `prisma generate`).
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  const cli = require.resolve('prisma/build/index.js');
  const result = spawnSync(process.execPath, [cli, 'generate', ...args], { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

// Run when executed (also through the node_modules/.bin symlink), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2));
}
