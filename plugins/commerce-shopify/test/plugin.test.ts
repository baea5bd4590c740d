import { commercePlugin, hmacBase64 } from '@keeper/commerce';
import { createTestHost } from '@keeper/commerce/testing';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { shopifyCommerce } from '../src/plugin.js';
import { signedWebhook } from '../src/testing/webhook-helpers.js';

describe('shopifyCommerce plugin', () => {
  it('rejects unknown and missing options with their path', () => {
    // @ts-expect-error -- accessToken missing
    expect(() => shopifyCommerce({ shop: 'acme' })).toThrow(/accessToken/);
    // @ts-expect-error -- unknown option
    expect(() => shopifyCommerce({ shop: 'acme', accessToken: 'x', acessToken: 'y' })).toThrow(/acessToken|Unrecognized/);
  });

  it('registers in the commerce registry and turns a signed orders/updated webhook into order.updated', async () => {
    const app = Fastify();
    const host = createTestHost(app);
    const commerce = commercePlugin({ cache: 'memory' });
    await commerce.setup?.(host.context(commerce.name));
    const plugin = shopifyCommerce({ shop: 'acme', accessToken: 'shpat_x', webhookSecret: 'whsec', rateLimit: { requestsPerSecond: 100, burst: 1000 } });
    expect(plugin.dependsOn).toEqual(['@keeper/commerce']);
    await plugin.setup?.(host.context(plugin.name));
    const adapter = host.services.get('commerce').get('shopify');
    expect(adapter?.capabilities.webhooks).toBe(true);

    await app.ready();
    const { valid, tampered } = signedWebhook('whsec');
    const ok = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers: { ...valid.headers, 'content-type': 'application/json' }, payload: valid.rawBody });
    expect(ok.statusCode).toBe(200);
    expect(host.emitted[0]).toMatchObject({ name: 'order.updated', payload: { system: 'shopify', orderId: 'gid://shopify/Order/5001', customerExternalId: 'gid://shopify/Customer/1', status: 'shipped' } });
    const bad = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers: { ...tampered.headers, 'content-type': 'application/json' }, payload: tampered.rawBody });
    expect(bad.statusCode).toBe(401);
    const unsigned = await app.inject({ method: 'POST', url: '/webhooks/shopify', headers: { 'x-shopify-hmac-sha256': hmacBase64('wrong', valid.rawBody) }, payload: valid.rawBody });
    expect(unsigned.statusCode).toBe(401);
    expect(host.emitted).toHaveLength(1);
    await app.close();
  });
});
