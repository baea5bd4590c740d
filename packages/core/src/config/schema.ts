import { isKeeperPlugin, type KeeperPlugin } from '@keeper/sdk';
import { z } from 'zod';

const plugin = z.custom<KeeperPlugin>(isKeeperPlugin, {
  message: "not a Keeper plugin: call the plugin's factory, e.g. helloPlugin({...}), not helloPlugin",
});

const redis = z.union([
  z.strictObject({ url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://') }),
  z.strictObject({
    cluster: z.array(z.strictObject({ host: z.string(), port: z.number().int().positive() })).min(1),
    password: z.string().optional(),
  }),
]);

export const configSchema = z.strictObject({
  env: z.enum(['development', 'production', 'test']).optional(),
  /** A name for this node in logs and metrics; defaults to hostname:pid. */
  nodeId: z.string().min(1).optional(),
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).optional(),
      host: z.string().default('0.0.0.0'),
      /** The URL users reach this node at, for links and the startup banner. */
      publicUrl: z.string().url().optional(),
      trustProxy: z.union([z.boolean(), z.string()]).default(false),
      /** GraphiQL at /graphiql; defaults to on in development only. */
      graphiql: z.boolean().optional(),
      bodyLimit: z.number().int().positive().default(1_048_576),
    })
    .prefault({}),
  logger: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      pretty: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** postgres://... for a PostgreSQL server; omit for embedded PGlite. */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
      /** PGlite data folder (embedded mode). `memory://` keeps nothing. */
      dataDir: z.string().default('./.keeper/data'),
      poolSize: z.number().int().positive().default(10),
      /** Plan repeated statements once per connection; false behind PgBouncer in transaction mode (< 1.21). */
      preparedStatements: z.boolean().default(true),
      /** Run pending migrations on start. */
      migrate: z.boolean().default(true),
    })
    .prefault({}),
  redis: redis.optional(),
  auth: z
    .strictObject({
      /** Agent session lifetime. */
      agentSessionTtlSeconds: z.number().int().positive().default(12 * 3600),
      /** Shopper session lifetime. */
      customerSessionTtlSeconds: z.number().int().positive().default(30 * 24 * 3600),
      /** Failed logins allowed per account and per address in a window before RATE_LIMITED. */
      loginAttempts: z.number().int().positive().default(10),
      loginWindowSeconds: z.number().int().positive().default(300),
      /** The first admin, created when no agent exists. */
      bootstrapAdmin: z.strictObject({ email: z.string().email(), password: z.string().min(8) }).optional(),
    })
    .prefault({}),
  limits: z
    .strictObject({
      messageBodyMaxLength: z.number().int().positive().default(4000),
      pageSizeMax: z.number().int().positive().default(100),
      pageSizeDefault: z.number().int().positive().default(20),
      queryDepth: z.number().int().positive().default(12),
      /** Maximum number of fields selected in one operation (a simple cost bound). */
      queryComplexity: z.number().int().positive().default(2000),
      wsMaxPayloadBytes: z.number().int().positive().default(65_536),
    })
    .prefault({}),
  hooks: z
    .strictObject({
      /** Default time budget of one interceptor, in ms. */
      interceptorTimeoutMs: z.number().int().positive().default(1000),
    })
    .prefault({}),
  shutdown: z
    .strictObject({
      /** How long SIGTERM waits for in-flight work before forcing connections closed. */
      graceMs: z.number().int().nonnegative().default(10_000),
    })
    .prefault({}),
  plugins: z.array(plugin).default([]),
});

export type KeeperConfigInput = z.input<typeof configSchema>;
export type ResolvedConfig = z.output<typeof configSchema> & {
  env: 'development' | 'production' | 'test';
  nodeId: string;
};
export type RedisConfig = z.output<typeof redis>;
