import { collect, createTestPlatform, type TestPlatform } from '@keeper/testing';
import { definePlugin, type EventMap } from '@keeper/sdk';
import { servicesAvailable } from '@keeper/tooling/services';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPresenceStore, realtimeHub } from '../src/index.js';
import { startRedis, startRedisCluster } from './fixtures/redis-server.js';

const TTL_MS = 1000;
const SWEEP_MS = 100;

describe('presence expiry on one node (in-process presence)', () => {
  const ADMIN = { email: 'lead@shop.test', password: 'admin password 1' };
  const changes: Array<EventMap['agent.presenceChanged']> = [];
  const recorder = definePlugin({
    name: 'test-presence-recorder',
    version: '1.0.0',
    core: '*',
    create: () => ({ events: { 'agent.presenceChanged': (change) => void changes.push(change) } }),
  });
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform({
      config: { auth: { bootstrapAdmin: ADMIN } },
      plugins: [realtimeHub({ presenceTtlMs: TTL_MS, presenceSweepMs: SWEEP_MS }), recorder()],
    });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('publishes offline once when a presence entry expires without its holder', async () => {
    const LOGIN = 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token agent { id } } }';
    const admin = (await platform.gql<{ agentLogin: { token: string } }>(LOGIN, { e: ADMIN.email, p: ADMIN.password })).data!.agentLogin.token;
    await platform.gql('mutation { createAgent(input: { email: "sam@shop.test", name: "Sam", password: "agent password" }) { id } }', {}, { token: admin });
    const sam = (await platform.gql<{ agentLogin: { token: string; agent: { id: string } } }>(LOGIN, { e: 'sam@shop.test', p: 'agent password' })).data!.agentLogin;

    type Presence = { agentPresence: { agentId: string; status: string } };
    const feed = collect<Presence>(platform.ws({ token: admin }), { query: 'subscription { agentPresence { agentId status } }' });
    await expect
      .poll(async () => {
        await platform.gql('mutation { setPresence(status: online) { status } }', {}, { token: admin });
        return feed.values.length;
      })
      .toBeGreaterThan(0);

    // Sam is "away" with no socket anywhere: nothing refreshes the entry, so it runs out after the TTL.
    const setAt = Date.now();
    await platform.gql('mutation { setPresence(status: away) { status } }', {}, { token: sam.token });
    const samSees = () => feed.values.map((v) => v.data!.agentPresence).filter((p) => p.agentId === sam.agent.id).map((p) => p.status);
    await expect.poll(samSees, { timeout: TTL_MS + 2000, interval: 20 }).toEqual(['away', 'offline']);
    const offlineAfter = Date.now() - setAt;
    expect(offlineAfter).toBeGreaterThanOrEqual(TTL_MS);
    expect(offlineAfter).toBeLessThan(TTL_MS + SWEEP_MS + 1000);
    // Announced once, not once per sweep.
    await new Promise((r) => setTimeout(r, 5 * SWEEP_MS));
    expect(samSees()).toEqual(['away', 'offline']);
    const presences = await platform.gql<{ agentPresences: Array<{ agentId: string; status: string }> }>('{ agentPresences { agentId status } }', {}, { token: admin });
    expect(presences.data!.agentPresences.find((p) => p.agentId === sam.agent.id)?.status).toBe('offline');
    await platform.platform.hooks.drain();
    expect(changes.filter((c) => c.agentId === sam.agent.id).map((c) => c.status)).toEqual(['away', 'offline']);
  });
});

/** Two "nodes" (connections) sweeping one Redis: each expiry goes to exactly one of them. */
async function claimsOnce(clients: [Redis | Cluster, Redis | Cluster]): Promise<void> {
  const [one, two] = clients.map((c) => new RedisPresenceStore(c)) as [RedisPresenceStore, RedisPresenceStore];
  const entry = { status: 'online' as const, at: Date.now() };
  for (const key of ['a', 'b', 'c', 'd']) await one.set(key, entry, 200);
  await two.set('alive', entry, 10_000);
  await one.delete('c'); // left on purpose: not an expiry
  expect(await two.set('d', entry, 200)).toBe(true);
  await new Promise((r) => setTimeout(r, 300));
  expect(await one.getMany(['a', 'alive'])).toEqual([null, expect.objectContaining({ status: 'online' })]);

  const rounds = await Promise.all([one.claimExpired(1), two.claimExpired(1), one.claimExpired(10), two.claimExpired(10), one.claimExpired(10)]);
  expect(rounds.flat().sort()).toEqual(['a', 'b', 'd']);
  expect(await two.claimExpired(10)).toEqual([]);
  // Expired keys written again were not live before.
  expect(await one.set('a', entry, 200)).toBe(false);
  await one.delete('a');
}

describe.skipIf(!(await servicesAvailable('redis-server')))('Redis presence expiry claims', () => {
  it('hands each expired entry to exactly one sweeper, and never one whose key is still alive', async () => {
    const redis = await startRedis();
    const clients: [Redis, Redis] = [new Redis(redis.url), new Redis(redis.url)];
    try {
      await claimsOnce(clients);
      // The index may say due while the key lives on (a clock ahead, a heartbeat racing the sweep): the key decides.
      const [client] = clients;
      await client.set('keeper:presence:racer', JSON.stringify({ status: 'online', at: Date.now() }), 'PX', 5000);
      await client.zadd('keeper:presence-expiries', Date.now() - 1000, 'racer');
      expect(await new RedisPresenceStore(client).claimExpired(10)).toEqual([]);
      expect(Number(await client.zscore('keeper:presence-expiries', 'racer'))).toBeGreaterThan(Date.now() + 4000);
    } finally {
      for (const c of clients) c.disconnect();
      await redis.stop();
    }
  });

  it('does the same on a Redis Cluster', async () => {
    const cluster = await startRedisCluster();
    const clients: [Cluster, Cluster] = [new Cluster(cluster.nodes), new Cluster(cluster.nodes)];
    try {
      await claimsOnce(clients);
    } finally {
      for (const c of clients) c.disconnect();
      await cluster.stop();
    }
  }, 60_000);
});
