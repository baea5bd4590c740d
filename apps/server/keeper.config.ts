import { defineConfig, env } from '@keeper/core';
import { realtimeHub } from '@keeper/plugin-realtime-hub';
import { sensitiveWords } from '@keeper/plugin-sensitive-words';

/**
 * The reference deployment. With no environment set it runs on embedded defaults: PGlite in
 * ./.keeper/data, no Redis. Set DATABASE_URL and REDIS_URL for production.
 */
const redisUrl = env('REDIS_URL');
/** `host:port,host:port,...` of a Redis Cluster's seed nodes (sharded pub/sub is used there). */
const redisCluster = env('KEEPER_REDIS_CLUSTER');
const redis = redisCluster
  ? {
      cluster: redisCluster.split(',').map((seed) => {
        const [host, port] = seed.trim().split(':');
        return { host: host ?? '127.0.0.1', port: Number(port) };
      }),
    }
  : redisUrl
    ? { url: redisUrl }
    : undefined;

export default defineConfig({
  server: { port: env.int('PORT', 4000) },
  database: {
    url: env('DATABASE_URL'),
    dataDir: env('KEEPER_DATA_DIR', './.keeper/data'),
  },
  ...(redis ? { redis } : {}),
  // Filters before the hub publishes: interceptors run before the commit, the hub after it.
  plugins: [
    sensitiveWords(),
    realtimeHub({
      presenceTtlMs: env.int('KEEPER_PRESENCE_TTL_MS', 30_000),
      presenceSweepMs: env.int('KEEPER_PRESENCE_SWEEP_MS', 5000),
    }),
  ],
});
