import { Cluster, Redis } from 'ioredis';
import type { RedisConfig } from '../config/schema.js';
import type { CoreModule } from '../kernel/platform.js';

export type RedisClient = Redis | Cluster;

export function createRedisClient(config: RedisConfig): RedisClient {
  const common = { maxRetriesPerRequest: 3, enableOfflineQueue: true };
  if ('url' in config) return new Redis(config.url, { ...common, lazyConnect: true });
  // For a cluster, lazyConnect belongs to the cluster options (it opens the node connections itself).
  return new Cluster(config.cluster, { lazyConnect: true, redisOptions: { ...common, password: config.password } });
}

export interface RedisModule extends CoreModule {
  readonly client: () => RedisClient | undefined;
}

/** The shared command connection, when `redis` is configured. Subscribers open their own. */
export function redisModule(): RedisModule {
  let client: RedisClient | undefined;
  return {
    name: 'redis',
    client: () => client,
    async setup(kernel) {
      if (!kernel.config.redis) return;
      const redis = createRedisClient(kernel.config.redis);
      client = redis;
      redis.on('error', (error: Error) => kernel.logger.warn({ err: error }, 'redis connection error'));
      await redis.connect();
      kernel.addReadinessCheck({ name: 'redis', check: async () => void (await redis.ping()) });
      kernel.extendPluginContext(() => ({ redis }));
    },
    async teardown() {
      await client?.quit().catch(() => client?.disconnect());
    },
  };
}
