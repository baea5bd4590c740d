/**
 * Secrets must never reach logs. Adapters register every credential value they hold; anything logged
 * through `redact` has those values, and well-known secret headers and query parameters, replaced.
 */
const SECRET_KEYS = /^(authorization|x-shopify-access-token|x-auth-token|x-api-key|api[-_]?key|access[-_]?token|refresh[-_]?token|client[-_]?secret|consumer[-_]?secret|consumer[-_]?key|app[-_]?secret|password|secret|sign|signature|session|cookie|set-cookie|x-amz-access-token)$/i;

export const REDACTED = '[REDACTED]';

export class Redactor {
  private readonly values = new Set<string>();

  /** Values shorter than 4 characters are ignored: masking "1" everywhere would garble logs. */
  addSecret(value: string | null | undefined): void {
    if (value && value.length >= 4) this.values.add(value);
  }

  isSecretKey(key: string): boolean {
    return SECRET_KEYS.test(key);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.values) out = out.split(secret).join(REDACTED);
    for (const secret of this.values) out = out.split(encodeURIComponent(secret)).join(REDACTED);
    return out;
  }

  url(input: string | URL): string {
    const url = new URL(String(input));
    for (const key of [...url.searchParams.keys()]) if (this.isSecretKey(key)) url.searchParams.set(key, REDACTED);
    if (url.password) url.password = REDACTED;
    if (url.username) url.username = REDACTED;
    return this.text(url.toString());
  }

  headers(input: Headers | Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const entries = input instanceof Headers ? [...input.entries()] : Object.entries(input);
    for (const [key, value] of entries) out[key] = this.isSecretKey(key) ? REDACTED : this.text(value);
    return out;
  }

  /** Deep copy of a JSON-ish value with secret keys and known secret values masked. */
  value(input: unknown, depth = 0): unknown {
    if (depth > 8) return '[…]';
    if (typeof input === 'string') return this.text(input);
    if (Array.isArray(input)) return input.map((v) => this.value(v, depth + 1));
    if (typeof input === 'object' && input !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) out[k] = this.isSecretKey(k) ? REDACTED : this.value(v, depth + 1);
      return out;
    }
    return input;
  }
}
