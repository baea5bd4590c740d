import type { PluginContext } from '@keeper/sdk';
import type { CommerceAdapter, WebhookRequest } from './adapter.js';
import type { CommerceRegistry } from './plugin.js';

export interface WebhookRouteOptions {
  /** Route path inside the adapter plugin's Fastify scope. Default `/webhooks/<system>`. */
  path?: string;
  /** Largest body accepted; platforms send orders with many lines, but not megabytes. */
  bodyLimit?: number;
}

/**
 * Mounts the adapter's webhook endpoint in the plugin's own Fastify scope. The body is kept raw
 * (HMACs are over the exact bytes), the signature is checked before anything is parsed, and each
 * order update drops stale cache entries and becomes an `order.updated` event.
 */
export function mountWebhookRoute(ctx: PluginContext, adapter: CommerceAdapter, registry: CommerceRegistry, options: WebhookRouteOptions = {}): string {
  const handler = adapter.webhooks;
  if (!handler) throw new Error(`commerce: ${adapter.system} has no webhook support`);
  const path = options.path ?? `/webhooks/${adapter.system}`;
  const log = ctx.logger.child({ system: adapter.system });
  void ctx.app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit ?? 1_048_576 }, (_req, body, done) => done(null, body));
    scope.post(path, async (request, reply) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const incoming: WebhookRequest = { headers: request.headers, rawBody, url: `${ctx.settings.publicUrl.replace(/\/$/, '')}${request.url}` };
      if (handler.isPing?.(incoming)) return reply.code(200).send({ ok: true });
      if (!handler.verify(incoming)) {
        log.warn({ ip: request.ip }, 'webhook signature mismatch');
        return reply.code(401).send({ error: 'signature mismatch' });
      }
      let events: ReturnType<typeof handler.parse>;
      try {
        events = handler.parse(incoming);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'webhook body could not be parsed');
        return reply.code(400).send({ error: 'unreadable webhook body' });
      }
      for (const event of events) await registry.orderUpdated(adapter.system, event);
      const ack = handler.acknowledge?.() ?? { status: 200, body: { ok: true } };
      return reply.code(ack.status).send(ack.body);
    });
  });
  return path;
}

/**
 * What every adapter plugin's `setup` does: register with the commerce registry and, when the
 * adapter verifies webhooks, mount its route. Keeps each platform package to mapping code.
 */
export function registerAdapter(ctx: PluginContext, adapter: CommerceAdapter, options: WebhookRouteOptions & { webhooks?: boolean } = {}): void {
  const registry = ctx.services.get('commerce');
  registry.register(adapter);
  if (adapter.webhooks && options.webhooks !== false) {
    const path = mountWebhookRoute(ctx, adapter, registry, options);
    ctx.logger.info({ system: adapter.system, path }, 'commerce webhook route mounted');
  }
}
