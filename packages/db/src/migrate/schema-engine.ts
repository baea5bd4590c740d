import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { KeeperPgliteAdapterFactory } from '../pglite-adapter.js';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

/** The slice of the WebAssembly global we use (our tsconfig has no DOM lib, which is where its types live). */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
};

const require = createRequire(import.meta.url);
let loading: Promise<EngineModule> | undefined;

/**
 * Compiles the WebAssembly schema engine once per process (the slow part: seconds). We instantiate the
 * `.wasm` ourselves: the package's entry `import`s the `.wasm` as an ES module, which Node 20 only
 * allows behind an experimental flag.
 */
export function loadSchemaEngine(): Promise<EngineModule> {
  loading ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const module = await WebAssembly.compile(await readFile(wasmPath));
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': bindings,
    });
    (bindings as unknown as { __wbg_set_wasm(exports: object): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bindings;
  })();
  // A failed load (missing file) must not poison every later call in a long-lived process.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Runs `fn` with a schema engine connected to `pglite` through a migration-aware driver adapter; frees the
 * engine afterwards and leaves the PGlite instance open. `schema` is where models without `@@schema` live.
 */
export async function withSchemaEngine<T>(
  pglite: PGlite,
  fn: (engine: SchemaEngine) => Promise<T>,
  log: (line: string) => void = () => {},
  schema?: string,
): Promise<T> {
  const bindings = await loadSchemaEngine();
  const adapter = bindMigrationAwareSqlAdapterFactory(new KeeperPgliteAdapterFactory(pglite, schema));
  const exitCodeBefore = process.exitCode;
  const engine = await bindings.SchemaEngine.new({ datamodels: undefined }, log, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    // The engine reports command status through process.exitCode (it was written for the CLI); undo that.
    process.exitCode = exitCodeBefore;
  }
}
