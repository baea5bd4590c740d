import type { EventMap, Logger, PluginContext, ServiceMap, ServiceRegistry } from '@keeper/sdk';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookHandler } from '../src/adapter.js';
import { hmacBase64, headerValue, safeEqual } from '../src/http/signing.js';
import { commercePlugin } from '../src/plugin.js';
import { MemoryAdapter } from '../src/testing/memory-adapter.js';
import { registerAdapter } from '../src/webhook-route.js';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

/** A minimal host: what @keeper/core gives a plugin, enough to run setup and routes. */
function host() {
  const services = new Map<string, unknown>();
  const emitted: Array<{ name: string; payload: unknown }> = [];
  const registry: ServiceRegistry = {
    provide: (name, service) => void services.set(name, service),
    get: <K extends keyof ServiceMap>(name: K) => {
      if (!services.has(name)) throw new Error(`no service ${name}`);
      return services.get(name) as ServiceMap[K];
    },
    has: (name) => services.has(name),
  };
  const app = Fastify();
  const ctx = (name: string): PluginContext =>
    ({
      name,
      logger: silent,
      app,
      hooks: { emit: (n: string, p: unknown) => emitted.push({ name: n, payload: p }), on: () => () => undefined, intercept: async (_n: string, v: unknown) => v },
      services: registry,
      settings: { env: 'test', nodeId: 'n1', publicUrl: 'http://localhost:3000' },
    }) as unknown as PluginContext;
  return { app, ctx, emitted, registry };
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
    expect(h.emitted).toEqual([{ name: 'order.updated', payload: { system: 'shop', orderId: 'O1', customerExternalId: 'C1', status: 'shipped', raw: { id: 'O1', customer: 'C1', status: 'shipped' } } }]);

    // The same bytes with one change: rejected before parsing, nothing emitted.
    const bad = await h.app.inject({ method: 'POST', url: '/webhooks/shop', headers: { 'content-type': 'application/json', 'x-test-hmac': hmacBase64(SECRET, body) }, payload: body.replace('shipped', 'refunded') });
    expect(bad.statusCode).toBe(401);
    expect(h.emitted).toHaveLength(1);
  });
});
