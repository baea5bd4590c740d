import { afterEach, describe, expect, it } from 'vitest';
import { type ChatServer, startChatServer } from './fixtures/chat-server.js';
import { collect, gqlClient } from './fixtures/clients.js';
import { waitUntil } from './fixtures/wait.js';

let server: ChatServer;
afterEach(async () => {
  await server.close();
});

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('metrics()', () => {
  it('renders Prometheus text with connections, subscriptions, deliveries and the fan-out latency histogram', async () => {
    server = await startChatServer();
    const clients = [gqlClient(server.url, 'agent:a1'), gqlClient(server.url, 'agent:a2')];
    const subs = clients.map((c) => collect(c, 'subscription { messageAdded(conversationId: "c1") { seq } }'));
    await waitUntil(() => server.hub.snapshot().subscriptions === 2);
    for (let i = 0; i < 3; i++) await server.post('c1', 'x');
    await Promise.all(subs.map((s) => s.waitFor(3)));
    await new Promise((r) => setImmediate(r));
    const text = server.hub.metrics();
    expect(text).toContain('# TYPE keeper_hub_connections gauge');
    expect(metric(text, 'keeper_hub_connections')).toBe(2);
    expect(metric(text, 'keeper_hub_subscriptions')).toBe(2);
    expect(metric(text, 'keeper_hub_events_published_total')).toBe(3);
    expect(metric(text, 'keeper_hub_events_delivered_total')).toBe(6);
    expect(metric(text, 'keeper_hub_executions_total')).toBe(3);
    expect(metric(text, 'keeper_hub_slow_consumer_closes_total')).toBe(0);
    expect(metric(text, 'keeper_hub_fanout_latency_seconds_count')).toBe(3);
    expect(metric(text, 'keeper_hub_fanout_latency_seconds_bucket{le="+Inf"}')).toBe(3);
    await Promise.all(clients.map((c) => c.dispose()));
  });
});
