import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../src/http/client.js';
import { signMd5Sandwich } from '../src/http/signing.js';
import { type FakeServer, startFakeServer } from '../src/testing/fake-server.js';

/**
 * The kit on a TOP/JD/PDD-style platform: every call is a signed form POST to one gateway, the fake
 * checks the secret-sandwich MD5 signature, and errors (bad signature, throttling) come back in HTTP
 * 200 as `error_response`. This is what a Taobao or JD adapter package builds on.
 */
const APP_KEY = '12345678';
const SECRET = 'top-app-secret-0123';
let fake: FakeServer;
afterEach(async () => fake?.close());

async function setup(secret: string, tamper?: (form: URLSearchParams) => void) {
  fake = await startFakeServer({
    signature: (req) => {
      const params = Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
      return params.sign === signMd5Sandwich(params, SECRET) ? null : { body: { error_response: { code: 25, msg: 'Invalid Signature', request_id: 'r1' } } };
    },
    routes: [{ method: 'POST', path: '/router/rest', handler: () => ({ body: { trades_sold_get_response: { total_results: 0, trades: { trade: [] } } } }) }],
  });
  return new HttpClient({
    system: 'taobao',
    baseUrl: fake.url,
    timeoutMs: 500,
    secrets: [secret],
    authenticate: (req) => {
      const form = new URLSearchParams(req.body);
      form.set('app_key', APP_KEY);
      form.set('timestamp', '2024-01-01 12:00:00');
      form.set('sign_method', 'md5');
      form.set('sign', signMd5Sandwich(Object.fromEntries(form), secret));
      tamper?.(form);
      req.body = form.toString();
    },
    inspect: ({ body }) => {
      const error = (body as { error_response?: { code: number; msg: string } }).error_response;
      if (!error) return undefined;
      if (error.code === 7) return { ok: false, reason: 'rate_limited', message: error.msg, upstreamCode: error.code };
      return { ok: false, reason: error.code === 25 || error.code === 27 ? 'auth' : 'bad_request', message: `TOP ${error.code} ${error.msg}`, upstreamCode: error.code };
    },
  });
}

const call = (client: HttpClient) =>
  client.request({ method: 'POST', path: '/router/rest', form: { method: 'taobao.trades.sold.get', format: 'json', v: '2.0', fields: 'tid,status' }, idempotent: true });

describe('a signed-request platform on the kit', () => {
  it('passes the fake gateway signature check', async () => {
    const res = await call(await setup(SECRET));
    expect(res.body).toEqual({ trades_sold_get_response: { total_results: 0, trades: { trade: [] } } });
  });

  it('reports a wrong secret as an auth failure, without the secret in the message', async () => {
    const error = await call(await setup('wrong-secret-value')).catch((e) => e);
    expect(error).toMatchObject({ reason: 'auth', extensions: { upstreamCode: '25' } });
    expect(error.message).not.toContain('wrong-secret-value');
  });

  it('rejects a parameter changed after signing (signature mismatch)', async () => {
    const error = await call(await setup(SECRET, (form) => form.set('fields', 'tid,status,receiver_mobile'))).catch((e) => e);
    expect(error.reason).toBe('auth');
  });
});
