import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../ids.js';

/**
 * Session tokens are `kp_<session uuid>.<secret>`. The database keeps only sha256(secret), so a
 * leaked database does not yield working tokens; the uuid finds the row without scanning.
 */
const PREFIX = 'kp_';

export interface NewToken {
  sessionId: string;
  token: string;
  secretHash: string;
}

export function newToken(): NewToken {
  const sessionId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { sessionId, token: `${PREFIX}${sessionId}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Parses `Bearer kp_<id>.<secret>` (or the bare token); undefined when it is not one of ours. */
export function parseToken(header: string): { sessionId: string; secret: string } | undefined {
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
  if (!token.startsWith(PREFIX)) return undefined;
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const sessionId = token.slice(PREFIX.length, dot);
  const secret = token.slice(dot + 1);
  // Issued ids are lowercase (randomUUID); anything else is not one of ours.
  if (!isUuid(sessionId) || sessionId !== sessionId.toLowerCase() || secret.length < 20) return undefined;
  return { sessionId, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
