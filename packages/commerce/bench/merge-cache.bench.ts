import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { type CommerceAdapter, NO_CAPABILITIES, type OrderListQuery } from '../src/adapter.js';
import type { Cache } from '../src/cache/cache.js';
import { MemoryCache } from '../src/cache/memory-cache.js';
import { RedisCache } from '../src/cache/redis-cache.js';
import { UnsupportedOperationError } from '../src/errors.js';
import { HttpClient } from '../src/http/client.js';
import { TokenBucketLimiter } from '../src/http/rate-limit.js';
import type { Order, Page } from '../src/model.js';
import { CommerceService } from '../src/service/commerce-service.js';
import { MemoryLinkStore } from '../src/service/link-store.js';
import { AdapterRegistry } from '../src/service/registry.js';
import { type FakeServer, startFakeServer } from '../src/testing/fake-server.js';
import { makeOrder } from '../src/testing/memory-adapter.js';

/**
 * What the cache buys in the agent view: 10 agents opening the same chat at once, for 20 shoppers,
 * 5 rounds, against two HTTP fakes that take UPSTREAM_MS per call. Baseline = the same service with a
 * cache that stores nothing and no in-flight de-duplication. Reports upstream calls (what the shop's API sees) and per-query latency.
 */
const UPSTREAM_MS = 5;
const SHOPPERS = 20;
const AGENTS = 10;
const ROUNDS = 5;
const RUNS = 5;

class HttpOrdersAdapter implements CommerceAdapter {
  readonly platform = 'bench';
  readonly webhooks = null;
  readonly capabilities = { ...NO_CAPABILITIES, orders: { ...NO_CAPABILITIES.orders, byEmail: true } };
  private readonly http: HttpClient;
  constructor(
    readonly system: string,
    baseUrl: string,
  ) {
    // Generous limiter: the bench measures caching, not throttling.
    this.http = new HttpClient({ system, baseUrl, timeoutMs: 2_000, rateLimiter: new TokenBucketLimiter({ capacity: 10_000, ratePerSecond: 100_000 }) });
  }
  async listOrders(query: OrderListQuery): Promise<Page<Order>> {
    const res = await this.http.request<Order[]>({ path: '/orders', query: { email: query.email } });
    return { items: res.body, nextCursor: null, total: res.body.length };
  }
  findCustomers = async () => [];
  getOrder = async () => null;
  lookupSku = async () => [];
  searchProducts = async () => Promise.reject(new UnsupportedOperationError(this.system, 'x'));
  createTicket = async () => Promise.reject(new UnsupportedOperationError(this.system, 'x'));
  addNote = async () => Promise.reject(new UnsupportedOperationError(this.system, 'x'));
  listProducts = async () => Promise.reject(new UnsupportedOperationError(this.system, 'x'));
}

async function fake(system: string): Promise<FakeServer> {
  return startFakeServer({
    routes: [
      {
        method: 'GET',
        path: '/orders',
        handler: async (req) => {
          await new Promise((r) => setTimeout(r, UPSTREAM_MS));
          const email = req.query.get('email');
          return { body: [1, 2, 3].map((n) => makeOrder(system, { externalId: `${email}-${n}`, email, placedAt: `2024-01-0${n}T00:00:00Z` })) };
        },
      },
    ],
  });
}

const noCache: Cache = { get: async () => undefined, set: async () => undefined, delete: async () => undefined };

async function runOnce(cache: Cache, servers: FakeServer[], dedupeInFlight: boolean): Promise<{ ms: number; upstream: number; p50: number; p95: number }> {
  const registry = new AdapterRegistry();
  for (const [i, s] of servers.entries()) registry.register(new HttpOrdersAdapter(`sys${i}`, s.url));
  const service = new CommerceService(registry, new MemoryLinkStore(), { cache, dedupeInFlight });
  const before = servers.reduce((n, s) => n + s.requests.length, 0);
  const latencies: number[] = [];
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (let shopper = 0; shopper < SHOPPERS; shopper++) {
      await Promise.all(
        Array.from({ length: AGENTS }, async () => {
          const t = performance.now();
          const result = await service.customerOrders({ id: `c${shopper}`, email: `s${shopper}@example.com` }, 10);
          latencies.push(performance.now() - t);
          if (result.items.length !== 6) throw new Error('bench query returned wrong data');
        }),
      );
    }
  }
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { ms, upstream: servers.reduce((n, s) => n + s.requests.length, 0) - before, p50: latencies[Math.floor(latencies.length * 0.5)]!, p95: latencies[Math.floor(latencies.length * 0.95)]! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('merged customerOrders: no cache vs memory cache vs Redis cache', async () => {
  const servers = [await fake('sys0'), await fake('sys1')];
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const ulimit = execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim();
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, open-file limit ${ulimit}; node ${process.version}; redis ${(await redis.info('server')).match(/redis_version:(\S+)/)?.[1]}`);
  console.log(`settings: ${SHOPPERS} shoppers × ${AGENTS} concurrent agents × ${ROUNDS} rounds = ${SHOPPERS * AGENTS * ROUNDS} queries, 2 systems, upstream latency ${UPSTREAM_MS} ms, ${RUNS} runs, medians`);
  const variants: Array<[string, () => Cache, boolean]> = [
    ['no cache (baseline)', () => noCache, false],
    ['in-flight dedupe only', () => noCache, true],
    ['memory LRU+TTL', () => new MemoryCache({ maxEntries: 10_000 }), true],
    ['Redis', () => new RedisCache(redis, { prefix: `keeper:bench:${Date.now()}:${Math.random()}:` }), true],
  ];
  const rows: Record<string, { ms: number; upstream: number; p50: number; p95: number }> = {};
  for (const [name, make, dedupe] of variants) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runOnce(make(), servers, dedupe));
    rows[name] = { ms: median(runs.map((r) => r.ms)), upstream: median(runs.map((r) => r.upstream)), p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)) };
  }
  const baseline = rows['no cache (baseline)']!;
  for (const [name, r] of Object.entries(rows)) {
    console.log(
      `${name.padEnd(22)} wall ${r.ms.toFixed(0).padStart(6)} ms | upstream calls ${String(r.upstream).padStart(5)} (${(baseline.upstream / r.upstream).toFixed(1)}× fewer) | p50 ${r.p50.toFixed(2)} ms | p95 ${r.p95.toFixed(2)} ms | speed-up ${(baseline.ms / r.ms).toFixed(1)}×`,
    );
  }
  await Promise.all(servers.map((s) => s.close()));
  redis.disconnect();
  // The point of the cache: the shop sees one call per shopper and system, not one per agent query.
  expect(rows['memory LRU+TTL']!.upstream).toBe(SHOPPERS * 2);
  expect(rows.Redis!.upstream).toBe(SHOPPERS * 2);
  expect(rows['in-flight dedupe only']!.upstream).toBe(SHOPPERS * ROUNDS * 2);
  expect(baseline.upstream).toBe(SHOPPERS * AGENTS * ROUNDS * 2);
});
