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
 * `pglite-prisma-adapter` with two fixes: its `executeScript` does not await the script (errors become
 * unhandled rejections and the caller continues before the DDL ran — fatal for migrations), and its shadow
 * database is never closed. Everything else (type conversion, transactions) is delegated unchanged.
 */
export class KeeperPgliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #inner: PrismaPGlite;
  readonly #client: PGlite;

  constructor(client: PGlite) {
    this.#client = client;
    this.#inner = new PrismaPGlite(client);
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return withAwaitedScripts(await this.#inner.connect(), this.#client);
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
