/**
 * Cross-node reload over a real Redis with ioredis (the client the core passes as ctx.redis): two
 * plugin instances stand for two nodes. Uses KEEPER_TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSensitiveWords } from '../src/plugin.js';
import { sensitiveWordsOptions } from '../src/plugin/options.js';
import { customer, draft, fakeContext } from './support/fakes.js';
import { servicesAvailable } from '@keeper/tooling/services';

const url = process.env.KEEPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const signal = new AbortController().signal;

describe.skipIf(!(await servicesAvailable('redis')))('Redis reload', () => {
  const clients: Redis[] = [];
  const node = async (nodeId: string, channel: string) => {
    const redis = new Redis(url!);
    clients.push(redis);
    const p = createSensitiveWords(sensitiveWordsOptions.parse({ reloadChannel: channel }));
    const ctx = fakeContext({ redis, nodeId });
    await p.body.setup!(ctx);
    return { p, ctx };
  };

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('a list replaced on one node is applied on the other', async () => {
    const channel = `keeper:sensitive-words:test:${process.pid}`;
    const a = await node('a', channel);
    const b = await node('b', channel);
    expect(await b.p.beforeCreate(draft('这是水货'), { actor: customer, signal })).toBeUndefined();
    await a.p.listService.replace('shop', [{ word: '水货', category: 'fraud', action: 'reject' }], 'admin');
    const deadline = Date.now() + 5000;
    while (b.p.listService.status().lists.every((l) => l.name !== 'shop') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await expect(b.p.beforeCreate(draft('这是水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
    await a.p.body.teardown!(a.ctx);
    await b.p.body.teardown!(b.ctx);
  });
});
