import { defineConfig, env } from '@keeper/core';
import { realtimeHub } from '@keeper/plugin-realtime-hub';

/**
 * The reference deployment. With no environment set it runs on embedded defaults: PGlite in
 * ./.keeper/data, no Redis. Set DATABASE_URL and REDIS_URL for production.
 */
const redisUrl = env('REDIS_URL');

export default defineConfig({
  server: { port: env.int('PORT', 4000) },
  database: {
    url: env('DATABASE_URL'),
    dataDir: env('KEEPER_DATA_DIR', './.keeper/data'),
  },
  ...(redisUrl ? { redis: { url: redisUrl } } : {}),
  plugins: [realtimeHub()],
});
