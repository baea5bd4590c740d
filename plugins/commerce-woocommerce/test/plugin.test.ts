import { commercePlugin } from '@keeper/commerce';
import { createTestHost } from '@keeper/commerce/testing';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { wooCommerce } from '../src/plugin.js';
import { wooDelivery } from './webhook-helpers.js';

describe('wooCommerce plugin', () => {
  it('validates options', () => {
    expect(() => wooCommerce({ baseUrl: 'not a url', consumerKey: 'ck', consumerSecret: 'cs' })).toThrow(/baseUrl/);
    // @ts-expect-error -- unknown option
    expect(() => wooCommerce({ baseUrl: 'https://a.example', consumerKey: 'ck', consumerSecret: 'cs', secret: 'x' })).toThrow(/secret|Unrecognized/);
  });

  it('registers and turns a signed order.updated delivery into an order.updated event', async () => {
    const app = Fastify();
    const host = createTestHost(app);
    const commerce = commercePlugin({});
    await commerce.setup?.(host.context(commerce.name));
    const plugin = wooCommerce({ baseUrl: 'https://shop.example.com', consumerKey: 'ck_x', consumerSecret: 'cs_x', webhookSecret: 'whsec', webhookPath: '/hooks/woo' });
    await plugin.setup?.(host.context(plugin.name));
    expect(host.services.get('commerce').get('woocommerce')?.platform).toBe('woocommerce');
    await app.ready();
    const { valid, tampered } = wooDelivery('whsec');
    expect((await app.inject({ method: 'POST', url: '/hooks/woo', headers: { ...valid.headers, 'content-type': 'application/json' }, payload: valid.rawBody })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/hooks/woo', headers: { ...tampered.headers, 'content-type': 'application/json' }, payload: tampered.rawBody })).statusCode).toBe(401);
    const ping = await app.inject({ method: 'POST', url: '/hooks/woo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'webhook_id=12' });
    expect(ping.statusCode).toBe(200);
    const fakePing = await app.inject({ method: 'POST', url: '/hooks/woo', headers: { 'x-wc-webhook-topic': 'order.updated' }, payload: 'webhook_id=12' });
    expect(fakePing.statusCode).toBe(401);
    expect(host.emitted).toEqual([{ name: 'order.updated', payload: { system: 'woocommerce', orderId: '101', customerExternalId: '11', customerIds: [], status: 'completed', raw: { topic: 'order.updated', id: 101, number: '101', status: 'completed' } } }]);
    await app.close();
  });
});
