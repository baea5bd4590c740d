import type { ResponseVerdict } from '@keeper/commerce';

/**
 * Youzan answers errors with HTTP 200 in one of three envelopes (v4 `{success, code, message}`,
 * v3 `{error_response}`, gateway `{gw_err_resp}`). 4101 means throttled. Token problems come from the
 * gateway; the 42xx codes below are the token family [U: confirm exact values with a real shop].
 */
export const THROTTLED = 4101;
export const TOKEN_ERRORS = new Set([4201, 4202, 4203, 4204]);

interface Envelope {
  success?: boolean;
  code?: number | string;
  message?: string;
  gw_err_resp?: { err_code?: number | string; err_msg?: string };
  error_response?: { code?: number | string; msg?: string };
}

export function youzanError(body: unknown): { code: number; message: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Envelope;
  if (b.gw_err_resp) return { code: Number(b.gw_err_resp.err_code), message: b.gw_err_resp.err_msg ?? 'gateway error' };
  if (b.error_response) return { code: Number(b.error_response.code), message: b.error_response.msg ?? 'error' };
  if (b.success === false) return { code: Number(b.code), message: b.message ?? 'error' };
  return null;
}

export function inspectYouzan(status: number, body: unknown, throttlePauseMs: number): ResponseVerdict | undefined {
  if (status !== 200) return undefined;
  const error = youzanError(body);
  if (!error) return { ok: true };
  if (error.code === THROTTLED) return { ok: false, reason: 'rate_limited', message: `Youzan throttled the call (${error.code} ${error.message})`, retryAfterMs: throttlePauseMs, upstreamCode: error.code };
  if (TOKEN_ERRORS.has(error.code)) return { ok: false, reason: 'auth', message: `access token rejected (${error.code} ${error.message})`, upstreamCode: error.code };
  if (error.code >= 500 && error.code < 600) return { ok: false, reason: 'server_error', message: `Youzan error ${error.code}: ${error.message}`, upstreamCode: error.code };
  return { ok: false, reason: 'bad_request', message: `Youzan error ${error.code}: ${error.message}`, upstreamCode: error.code };
}
