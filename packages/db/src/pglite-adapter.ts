import { PGlite } from '@electric-sql/pglite';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

interface PgliteErrorLike {
  message: string;
  code?: string;
  severity?: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPgliteError(error: unknown): error is PgliteErrorLike {
  return error instanceof Error && typeof (error as PgliteErrorLike).code === 'string';
}

/** Script errors in the shape the schema engine understands, so it reports the PostgreSQL message. */
function toDriverError(error: unknown): unknown {
  if (!isPgliteError(error)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'N/A',
    severity: error.severity ?? 'N/A',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/**
 * `pglite-prisma-adapter` with three fixes: its `executeScript` does not await the script (errors become
 * unhandled rejections and the caller continues before the DDL ran — fatal for migrations), its shadow
 * database is never closed, and it cannot be given a schema — so a model without `@@schema` would land in
 * `public` on PGlite but in the handle's schema on PostgreSQL (`@prisma/adapter-pg`'s `schema` option).
 * Everything else (type conversion, transactions) is delegated unchanged.
 */
export class KeeperPgliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #inner: PrismaPGlite;
  readonly #client: PGlite;
  readonly #schema: string | undefined;

  constructor(client: PGlite, schema?: string) {
    this.#client = client;
    this.#schema = schema;
    this.#inner = new PrismaPGlite(client);
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = withAwaitedScripts(await this.#inner.connect(), this.#client);
    const schema = this.#schema;
    if (schema) {
      // Prisma qualifies models that have no @@schema with this name, as it does for adapter-pg.
      const info = adapter.getConnectionInfo?.bind(adapter);
      adapter.getConnectionInfo = () => ({ supportsRelationJoins: true, ...info?.(), schemaName: schema });
    }
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await PGlite.create('memory://');
    const adapter = withAwaitedScripts(await new PrismaPGlite(shadow).connect(), shadow);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.close();
    };
    return adapter;
  }
}

function withAwaitedScripts(adapter: SqlDriverAdapter, client: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await client.exec(script);
    } catch (error) {
      throw toDriverError(error);
    }
  };
  return adapter;
}
