import { hostname } from 'node:os';
import { BootErrors } from '../errors.js';
import { configSchema, type KeeperConfigInput, type ResolvedConfig } from './schema.js';

/** Identity function that gives keeper.config.ts its types. */
export function defineConfig(config: KeeperConfigInput): KeeperConfigInput {
  return config;
}

/** Validates a config and fills defaults; every problem is listed with its path. */
export function resolveConfig(input: unknown): ResolvedConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) {
    throw BootErrors.config(
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const config = result.data;
  const env = config.env ?? normaliseNodeEnv(process.env.NODE_ENV);
  return {
    ...config,
    env,
    nodeId: config.nodeId ?? `${hostname()}:${process.pid}`,
    server: { ...config.server, port: config.server.port ?? portFromEnv() },
  };
}

function normaliseNodeEnv(value: string | undefined): ResolvedConfig['env'] {
  if (value === 'production' || value === 'test') return value;
  return 'development';
}

function portFromEnv(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw BootErrors.config([`PORT: must be a port number, got "${raw}"`]);
  }
  return port;
}
