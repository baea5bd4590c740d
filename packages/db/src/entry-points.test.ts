import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));

/**
 * Every module (relative file or package) that loading `entry` loads eagerly: static value imports and
 * re-exports, not `import type`, not dynamic `import()`.
 */
function eagerGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const key = relative(srcDir, file);
    if (seen.has(key)) return;
    seen.add(key);
    const source = readFileSync(file, 'utf8');
    const statements = source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms);
    for (const [, specifier] of statements) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else seen.add(specifier);
    }
  };
  visit(join(srcDir, entry));
  return seen;
}

describe('entry points', () => {
  it('@keeper/db loads neither the schema engine nor any database driver until openDatabase', () => {
    const graph = [...eagerGraph('index.ts')];
    expect(graph.filter((m) => m.startsWith('migrate/') || m.includes('schema-engine'))).toEqual([]);
    expect(graph.filter((m) => ['pg', '@electric-sql/pglite', '@prisma/adapter-pg', 'pglite-prisma-adapter'].includes(m))).toEqual([]);
  });

  it('@keeper/db/migrate loads the engine, PGlite and the diff code only when diff() is called', () => {
    const graph = [...eagerGraph('migrate/index.ts')];
    expect(graph).toContain('migrate/migrator.ts');
    expect(graph.filter((m) => /schema-engine|diff|pglite/.test(m))).toEqual([]);
    expect(graph).not.toContain('@electric-sql/pglite');
    // …and diff.ts is the module that does load it.
    expect(eagerGraph('migrate/diff.ts')).toContain('migrate/schema-engine.ts');
  });
});
