import type { EventMap } from '@keeper/sdk';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookHandler } from '../src/adapter.js';
import { hmacBase64, headerValue, safeEqual } from '../src/http/signing.js';
import { commercePlugin } from '../src/plugin.js';
import { MemoryAdapter } from '../src/testing/memory-adapter.js';
import { createTestHost } from '../src/testing/test-host.js';
import { registerAdapter } from '../src/webhook-route.js';

function host() {
  const app = Fastify();
  const h = createTestHost(app);
  return { app, ctx: h.context, emitted: h.emitted, registry: h.services };
}

const SECRET = 'whsec_test_secret';
class HookedAdapter extends MemoryAdapter {
  override readonly webhooks: WebhookHandler = {
    verify: (req) => safeEqual(headerValue(req.headers, 'x-test-hmac'), hmacBase64(SECRET, req.rawBody)),
    parse: (req) => {
      const body = JSON.parse(req.rawBody.toString('utf8')) as { id: string; customer: string; status: string };
      return [{ type: 'order.updated', orderId: body.id, orderNumber: null, customerExternalId: body.customer, status: body.status, rawStatus: body.status, raw: body }];
    },
  };
}

let app: ReturnType<typeof Fastify> | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('commercePlugin', () => {
  it('validates options strictly', () => {
    expect(commercePlugin({}).name).toBe('@keeper/commerce');
    // @ts-expect-error -- unknown option
    expect(() => commercePlugin({ cahce: 'memory' })).toThrow(/cahce|Unrecognized/);
  });

  it('provides the registry, learns identities from events, and mounts signed webhook routes that emit order.updated', async () => {
    const h = host();
    app = h.app;
    const plugin = commercePlugin({ cache: 'memory' });
    expect(plugin.database?.migrationsDir).toMatch(/prisma\/migrations$/);
    await plugin.setup?.(h.ctx('@keeper/commerce'));
    const adapter = new HookedAdapter('shop', {});
    registerAdapter(h.ctx('@keeper/commerce-test'), adapter);
    expect(h.registry.get('commerce').list().map((a) => a.system)).toEqual(['shop']);

    const opened = plugin.events?.['conversation.opened'];
    await opened?.({ customer: { id: 'c1', name: 'Ann', email: 'ann@example.com', phone: null, externalIds: {} } } as EventMap['conversation.opened']);
    expect(await h.registry.get('commerce').service.links.identity('c1')).toMatchObject({ email: 'ann@example.com' });

    await h.app.ready();
    const body = JSON.stringify({ id: 'O1', customer: 'C1', status: 'shipped' });
    const good = await h.app.inject({ method: 'POST', url: '/webhooks/shop', headers: { 'content-type': 'application/json', 'x-test-hmac': hmacBase64(SECRET, body) }, payload: body });
    expect(good.statusCode).toBe(200);
    expect(h.emitted).toEqual([{ name: 'order.updated', payload: { system: 'shop', orderId: 'O1', customerExternalId: 'C1', customerIds: [], status: 'shipped', raw: { id: 'O1', customer: 'C1', status: 'shipped' } } }]);

    // The same bytes with one change: rejected before parsing, nothing emitted.
    const bad = await h.app.inject({ method: 'POST', url: '/webhooks/shop', headers: { 'content-type': 'application/json', 'x-test-hmac': hmacBase64(SECRET, body) }, payload: body.replace('shipped', 'refunded') });
    expect(bad.statusCode).toBe(401);
    expect(h.emitted).toHaveLength(1);
  });
});
