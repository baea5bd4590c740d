import { BadUserInputError, NotFoundError } from '@keeper/sdk';
import { isUuid } from '../ids.js';


/** Ids are opaque to clients; one that is not ours cannot exist, so it is NOT_FOUND, never a database error. */
export function assertId(what: string, id: unknown): string {
  if (!isUuid(id)) throw new NotFoundError(what, String(id));
  return id.toLowerCase();
}

export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new BadUserInputError(`${field} must be a string`, field);
  const trimmed = value.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters`, field);
  return trimmed;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;

export function optionalEmail(value: unknown, field: string): string | null {
  const email = optionalText(value, field, 254);
  if (email !== null && !EMAIL.test(email)) throw new BadUserInputError(`${field} is not a valid email address`, field);
  return email?.toLowerCase() ?? null;
}

export function optionalPhone(value: unknown, field: string): string | null {
  const phone = optionalText(value, field, 32);
  if (phone !== null && !PHONE.test(phone)) throw new BadUserInputError(`${field} is not a valid phone number`, field);
  return phone?.replace(/[ ()-]/g, '') ?? null;
}

/** `first` bounded by the configured page size; a bad value is refused, not clamped silently. */
export function pageSize(first: unknown, limits: { pageSizeDefault: number; pageSizeMax: number }): number {
  if (first === undefined || first === null) return limits.pageSizeDefault;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > limits.pageSizeMax) {
    throw new BadUserInputError(`first must be between 1 and ${limits.pageSizeMax}`, 'first');
  }
  return first;
}

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: unknown, field: string): Array<string | number> {
  if (typeof cursor !== 'string') throw new BadUserInputError(`${field} must be a cursor string`, field);
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // fall through
  }
  throw new BadUserInputError(`${field} is not a cursor this server issued`, field);
}
