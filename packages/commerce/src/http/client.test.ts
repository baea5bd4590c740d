import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { HttpClient, type HttpClientOptions } from './client.js';
import { TokenBucketLimiter } from './rate-limit.js';

const TOKEN = 'shpat_supersecret_token';
let fake: FakeServer;

async function setup(options: Partial<HttpClientOptions> = {}, limit?: { capacity: number; refillPerSecond: number }) {
  fake = await startFakeServer({
    auth: (req) => (req.headers['x-token'] === TOKEN ? null : { status: 401, body: { errors: 'Invalid API key or access token' } }),
    rateLimit: limit && {
      ...limit,
      reject: (_req, retryAfterMs) => ({ status: 429, headers: { 'retry-after': String(retryAfterMs / 1000) }, body: { errors: 'Too many requests' } }),
    },
    routes: [
      { method: 'GET', path: '/things/:id', handler: (req) => ({ body: { id: req.params.id } }) },
      { method: 'POST', path: '/things', handler: (req) => ({ status: 201, body: req.body }) },
      { method: 'GET', path: '/envelope', handler: () => ({ body: { success: false, code: 4101, message: 'too frequent' } }) },
    ],
  });
  const logs: unknown[] = [];
  const logger = { debug: (o: unknown) => logs.push(o), warn: (o: unknown) => logs.push(o) };
  const client = new HttpClient({
    system: 'test',
    baseUrl: fake.url,
    timeoutMs: 200,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    breaker: { failureThreshold: 4, resetAfterMs: 60_000 },
    authenticate: (req) => req.headers.set('x-token', TOKEN),
    secrets: [TOKEN],
    logger,
    ...options,
  });
  return { client, logs };
}

afterEach(async () => {
  await fake?.close();
});

describe('HttpClient', () => {
  it('retries an idempotent GET through transient 500s', async () => {
    const { client } = await setup();
    fake.fault({ kind: 'status', status: 503, times: 2 });
    const res = await client.request<{ id: string }>({ path: '/things/7' });
    expect(res.body.id).toBe('7');
    expect(res.attempts).toBe(3);
  });

  it('never retries a non-idempotent POST after an outage', async () => {
    const { client } = await setup();
    fake.fault({ kind: 'status', status: 500, times: 1 });
    const error = await client.request({ method: 'POST', path: '/things', json: { a: 1 } }).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.reason).toBe('server_error');
    expect(fake.requests.length).toBe(1);
  });

  it('honours 429 Retry-After, then succeeds (even for POST: the call was never run)', async () => {
    const { client } = await setup({}, { capacity: 100, refillPerSecond: 100 });
    fake.fault({ kind: 'throttle', retryAfterMs: 150, times: 1 });
    const started = Date.now();
    const res = await client.request({ method: 'POST', path: '/things', json: { a: 1 } });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.throttled).toBe(1);
  });

  it('fails as rate_limited when the server asks for a wait longer than a chat can afford', async () => {
    const { client } = await setup({ maxRetryAfterMs: 100 }, { capacity: 100, refillPerSecond: 100 });
    fake.fault({ kind: 'throttle', retryAfterMs: 30_000, times: 1 });
    const error = await client.request({ path: '/things/1' }).catch((e) => e);
    expect(error.reason).toBe('rate_limited');
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'rate_limited', retryAfter: 30 });
  });

  it('a client limiter matching the platform keeps a burst under the server limit', async () => {
    const limiter = new TokenBucketLimiter({ capacity: 3, ratePerSecond: 25 });
    const { client } = await setup({ rateLimiter: limiter }, { capacity: 10, refillPerSecond: 50 });
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => client.request({ path: `/things/${i}` })));
    expect(results.every((r) => r.status === 200 && r.attempts === 1)).toBe(true);
    expect(fake.throttled).toBe(0);
  });

  it('times out slow calls with a clear error', async () => {
    const { client } = await setup({ retry: { maxAttempts: 1 } });
    fake.fault({ kind: 'slow', delayMs: 1_000 });
    const started = Date.now();
    const error = await client.request({ path: '/things/1' }).catch((e) => e);
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/test: .*no response within 200 ms/);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reports a dropped connection as a network failure', async () => {
    const { client } = await setup({ retry: { maxAttempts: 1 } });
    fake.fault({ kind: 'down' });
    const error = await client.request({ path: '/things/1' }).catch((e) => e);
    expect(error.reason).toBe('network');
  });

  it('opens the breaker after repeated outages and then fails fast without calling', async () => {
    const { client } = await setup({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    fake.fault({ kind: 'status', status: 500 });
    await expect(client.request({ path: '/things/1' })).rejects.toMatchObject({ reason: 'server_error' });
    await expect(client.request({ path: '/things/1' })).rejects.toMatchObject({ reason: 'server_error' });
    const before = fake.requests.length;
    expect(before).toBe(4);
    const error = await client.request({ path: '/things/1' }).catch((e) => e);
    expect(error.reason).toBe('circuit_open');
    expect(error.message).toMatch(/circuit open/);
    expect(fake.requests.length).toBe(before);
    expect(client.breaker?.state).toBe('open');
  });

  it('does not count auth failures or 404s against the breaker, and never logs the secret', async () => {
    const { client, logs } = await setup({ authenticate: (req) => req.headers.set('x-token', 'wrong'), secrets: [TOKEN, 'wrong'] });
    for (let i = 0; i < 6; i++) await expect(client.request({ path: '/things/1', query: { access_token: TOKEN } })).rejects.toMatchObject({ reason: 'auth' });
    expect(client.breaker?.state).toBe('closed');
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
    expect(JSON.stringify(logs)).toContain('REDACTED');
  });

  it('lets the platform classify errors inside a 200 body', async () => {
    const { client } = await setup({
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      inspect: ({ body }) => {
        const b = body as { code?: number };
        return b.code === 4101 ? { ok: false, reason: 'rate_limited', message: 'throttled', retryAfterMs: 10, upstreamCode: 4101 } : undefined;
      },
    });
    const error = await client.request({ path: '/envelope' }).catch((e) => e);
    expect(error.reason).toBe('rate_limited');
    expect(error.extensions.upstreamCode).toBe('4101');
    expect(fake.requests.length).toBe(2);
  });

  it('refuses to follow a next-page URL to another origin', async () => {
    const { client } = await setup();
    await expect(client.request({ path: 'http://evil.example/steal' })).rejects.toMatchObject({ reason: 'bad_response' });
  });
});
