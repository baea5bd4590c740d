import { assertIdentifier } from './identifiers.js';
import type { Database, Row, SchemaHandle } from './types.js';

/**
 * Binds a package's schema name to the shared database. Queries are not rewritten: SQL names its schema
 * (`keeper_x.table`) and Prisma models carry `@@schema`, so one pool serves every package.
 */
export function createSchemaHandle(db: Database, schema: string): SchemaHandle {
  assertIdentifier(schema, 'schema name');
  const adapter = db.adapterFactory({ schema });
  return {
    schema,
    dialect: db.dialect,
    adapter,
    query: <R = Row>(sql: string, params?: readonly unknown[]) => db.query<R>(sql, params),
    exec: (script) => db.exec(script),
  };
}
