import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Request- and webhook-signing helpers for the three families the reference lists:
 * (a) secret-sandwich MD5 over sorted key+value pairs, uppercase hex — Taobao TOP (md5), JD, Pinduoduo;
 * (b) HMAC over sorted key+value pairs, optionally path-prefixed — TOP (HMAC-MD5), Lazada (HMAC-SHA256);
 * (c) HMAC over a fixed concatenation — Shopee, and the body HMACs of Shopify/Woo webhooks.
 */

export type SignParams = Record<string, string | number | boolean | null | undefined>;

/** `k1v1k2v2...` over keys sorted by code unit (ASCII) order, skipping `sign` and absent values. */
export function sortedParamString(params: SignParams, exclude: readonly string[] = ['sign']): string {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== undefined && params[key] !== null)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}${String(params[key])}`)
    .join('');
}

/** UPPER(hex(MD5(secret + k1v1k2v2... + secret))) — TOP `sign_method=md5`, JD, PDD. */
export function signMd5Sandwich(params: SignParams, secret: string): string {
  return createHash('md5').update(secret + sortedParamString(params) + secret, 'utf8').digest('hex').toUpperCase();
}

export type HmacAlgorithm = 'md5' | 'sha1' | 'sha256';

/** UPPER(hex(HMAC(secret, prefix + k1v1k2v2...))) — TOP `sign_method=hmac` (md5), Lazada (sha256, prefix = API path). */
export function signHmacSorted(params: SignParams, secret: string, options: { algorithm?: HmacAlgorithm; prefix?: string } = {}): string {
  return createHmac(options.algorithm ?? 'md5', secret)
    .update((options.prefix ?? '') + sortedParamString(params), 'utf8')
    .digest('hex')
    .toUpperCase();
}

export function hmacHex(secret: string, message: string | Buffer, algorithm: HmacAlgorithm = 'sha256'): string {
  return createHmac(algorithm, secret).update(message).digest('hex');
}

export function hmacBase64(secret: string, message: string | Buffer, algorithm: HmacAlgorithm = 'sha256'): string {
  return createHmac(algorithm, secret).update(message).digest('base64');
}

/** HMAC digest in the encoding a platform uses (hex for most ERPs, base64 for Shopify/Woo). */
export function createHmacDigest(secret: string, message: string | Buffer, algorithm: HmacAlgorithm = 'sha256', encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac(algorithm, secret).update(message).digest(encoding);
}

export function md5Hex(message: string | Buffer): string {
  return createHash('md5').update(message).digest('hex');
}

/** Constant-time string comparison; false (not a throw) for different lengths. */
export function safeEqual(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Compare anyway so the time taken does not reveal the expected length.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** First value of a header that Node may give as string or string[]. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}
