import { commercePlugin, TokenBucketLimiter } from '@keeper/commerce';
import { createTestHost } from '@keeper/commerce/testing';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { beijingToIso, YouzanAdapter } from '../src/adapter.js';
import { inspectYouzan } from '../src/envelope.js';
import { youzanCommerce } from '../src/plugin.js';
import { CLIENT_ID, CLIENT_SECRET, fakeYouzan, GRANT_ID } from './fake-youzan.js';
import { youzanPush } from './webhook-helpers.js';

let fake: Awaited<ReturnType<typeof fakeYouzan>> | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function adapter() {
  fake = await fakeYouzan({ capacity: 100, refillPerSecond: 100 });
  return new YouzanAdapter({ baseUrl: fake.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, grantId: GRANT_ID, timeoutMs: 500, rateLimiter: new TokenBucketLimiter({ capacity: 50, ratePerSecond: 100 }) });
}

describe('Youzan token flow', () => {
  it('fetches one token for many calls, sends it as access_token, and refreshes it once when rejected', async () => {
    const yz = await adapter();
    await Promise.all([yz.listOrders({ customerId: '9001', first: 2 }), yz.listOrders({ phone: '13800138000', first: 2 })]);
    expect(fake!.count(/auth\/token/)).toBe(1);
    expect(fake!.requests.at(-1)?.query.get('access_token')).toBe('yz_token_1_abcdef');
    fake!.revokeTokens();
    const order = await yz.getOrder({ number: 'E20240202000000000000002' });
    expect(order?.status).toBe('completed');
    expect(fake!.count(/auth\/token/)).toBe(2);
  });
});

describe('Youzan envelopes', () => {
  it('reads v4, v3 and gateway error shapes from HTTP 200 bodies', () => {
    expect(inspectYouzan(200, { success: true, code: 200, data: {} }, 1000)).toEqual({ ok: true });
    expect(inspectYouzan(200, { success: false, code: 4101, message: '请求太频繁' }, 1000)).toMatchObject({ ok: false, reason: 'rate_limited', retryAfterMs: 1000 });
    expect(inspectYouzan(200, { gw_err_resp: { err_code: 4201, err_msg: 'token invalid' } }, 1000)).toMatchObject({ reason: 'auth' });
    expect(inspectYouzan(200, { error_response: { code: 50002, msg: 'x' } }, 1000)).toMatchObject({ reason: 'bad_request', upstreamCode: 50002 });
    expect(inspectYouzan(500, 'oops', 1000)).toBeUndefined();
  });

  it('converts Beijing time to UTC', () => {
    expect(beijingToIso('2024-01-01 07:59:59')).toBe('2023-12-31T23:59:59.000Z');
    expect(beijingToIso('garbage')).toBeNull();
  });
});

describe('youzanCommerce plugin', () => {
  it('answers verified pushes with the body Youzan expects and emits order.updated', async () => {
    const app = Fastify();
    const host = createTestHost(app);
    const commerce = commercePlugin({});
    await commerce.setup?.(host.context(commerce.name));
    const plugin = youzanCommerce({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, grantId: GRANT_ID });
    await plugin.setup?.(host.context(plugin.name));
    await app.ready();
    const { valid, tampered } = youzanPush(CLIENT_ID, CLIENT_SECRET);
    const res = await app.inject({ method: 'POST', url: '/webhooks/youzan', headers: { ...valid.headers, 'content-type': 'application/json' }, payload: valid.rawBody });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ code: 0, msg: 'success' });
    expect(host.emitted[0]).toMatchObject({ name: 'order.updated', payload: { system: 'youzan', orderId: 'E20240105000000000000001', customerExternalId: '9001', status: 'shipped' } });
    expect((await app.inject({ method: 'POST', url: '/webhooks/youzan', headers: { ...tampered.headers, 'content-type': 'application/json' }, payload: tampered.rawBody })).statusCode).toBe(401);
    await app.close();
  });
});
