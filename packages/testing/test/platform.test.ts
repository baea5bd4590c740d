import { type EventMap, definePlugin } from '@keeper/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, createTestPlatform, type TestPlatform } from '../src/index.js';
import { crashPlugin, echoPlugin, rejectPlugin, slowPlugin, upperPlugin } from './fixtures.js';

let platform: TestPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

describe('platform end to end', () => {
  it('answers a query over HTTP and serves health routes', async () => {
    platform = await createTestPlatform();
    const result = await platform.gql('{ __typename keeper { version } }');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query', keeper: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) } });
    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${platform.url}/readyz`)).status).toBe(200);
  });

  it('delivers a subscription through the real graphql-ws client', async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin()] });
    const client = platform.ws();
    const sub = collect<{ posted: string }>(client, { query: 'subscription { posted }' });
    // The subscription is registered once the server acknowledged it; poll with a mutation until it arrives.
    await expect.poll(async () => {
      await platform!.gql('mutation { post(body: "hello") }');
      return sub.values.length;
    }).toBeGreaterThan(0);
    expect(sub.values[0]).toEqual({ data: { posted: 'hello' } });
    sub.dispose();
  });

  it('runs interceptors in order: reject first (order -10), then modify', async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin(), upperPlugin(), rejectPlugin()] });
    const ok = await platform.gql('mutation { post(body: "hi there") }');
    expect(ok.data).toEqual({ post: 'HI THERE' });
    const rejected = await platform.gql('mutation { post(body: "a forbidden word") }');
    expect(rejected.data).toBeNull();
    expect(rejected.errors?.[0]?.extensions?.code).toBe('CONTENT_REJECTED');
    expect(rejected.errors?.[0]?.message).toBe('The message contains a forbidden word');
  });

  it('rejects with INTERCEPTOR_TIMEOUT when an interceptor overruns its budget', async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin(), slowPlugin()] });
    const result = await platform.gql('mutation { post(body: "slow one") }');
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERCEPTOR_TIMEOUT');
    expect(result.errors?.[0]?.message).toContain('test-slow');
    expect((await platform.gql('mutation { post(body: "fast") }')).data).toEqual({ post: 'fast' });
  });

  it('turns a throwing interceptor into a clear error without leaking its message', async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin(), crashPlugin()], config: { env: 'production' } });
    const result = await platform.gql('mutation { post(body: "crash") }');
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERCEPTOR_FAILED');
    expect(result.errors?.[0]?.message).toContain('test-crash');
    expect(JSON.stringify(result)).not.toContain('internal detail');
  });

  it('isolates event handlers: one throwing does not stop the others or the request', async () => {
    const seen: string[] = [];
    const thrower = definePlugin({
      name: 'test-thrower',
      version: '1.0.0',
      core: '>=0.1.0',
      create: () => ({
        events: {
          'message.created': () => {
            throw new Error('handler failure');
          },
        },
      }),
    });
    const recorder = definePlugin({
      name: 'test-recorder',
      version: '1.0.0',
      core: '>=0.1.0',
      create: () => ({ events: { 'message.created': (e: EventMap['message.created']) => void seen.push(e.message.body) } }),
    });
    platform = await createTestPlatform({ plugins: [echoPlugin(), thrower(), recorder()] });
    const result = await platform.gql('mutation { post(body: "event") }');
    expect(result.data).toEqual({ post: 'event' });
    await platform.platform.hooks.drain();
    expect(seen).toEqual(['event']);
  });

  it('closes open subscriptions with 1001 (going away) on graceful shutdown', async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin()] });
    const closes: number[] = [];
    const client = platform.ws({ onClosed: (e) => closes.push(e.code) });
    const sub = collect(client, { query: 'subscription { posted }' });
    await expect.poll(async () => {
      await platform!.gql('mutation { post(body: "x") }');
      return sub.values.length;
    }).toBeGreaterThan(0);
    const closing = platform.platform.close();
    await closing;
    await expect.poll(() => closes).toContain(1001);
    platform = undefined;
  });

  it('refuses a WebSocket connection whose token is rejected with 4403', async () => {
    const reject = definePlugin({
      name: 'test-auth',
      version: '1.0.0',
      core: '>=0.1.0',
      create: () => ({}),
    });
    platform = await createTestPlatform({
      plugins: [echoPlugin(), reject()],
      coreModules: [
        {
          name: 'test-auth-module',
          setup: (kernel) =>
            kernel.setAuthenticator(async (header) => {
              if (header === 'Bearer good') return { kind: 'agent', id: 'a1', role: 'agent', sessionId: 's1' };
              if (header) throw new Error('bad token');
              return { kind: 'anonymous' };
            }),
        },
      ],
    });
    const closes: number[] = [];
    const bad = platform.ws({ token: 'bad', onClosed: (e) => closes.push(e.code) });
    const sub = collect(bad, { query: 'subscription { posted }' });
    await expect.poll(() => closes, { timeout: 3000 }).toContain(4403);
    sub.dispose();
    const good = platform.ws({ token: 'good' });
    const goodSub = collect(good, { query: 'subscription { posted }' });
    await expect.poll(async () => {
      await platform!.gql('mutation { post(body: "ok") }');
      return goodSub.values.length;
    }).toBeGreaterThan(0);
  });
});
