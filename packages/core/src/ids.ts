import { randomFillSync } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keeper's ids are UUIDs; anything else cannot name a row, so callers answer "not found" without asking the database. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolUsed = POOL_IDS;

/**
 * A version-7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids made one after
 * another sort together, so a table keyed by them grows at the right edge of its primary-key index instead of
 * dirtying a random leaf page per insert (which also costs a full-page image in the WAL after each checkpoint).
 */
export function uuidv7(now: number = Date.now()): string {
  if (poolUsed === POOL_IDS) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const o = 16 * poolUsed++;
  const b = pool;
  // 48-bit big-endian milliseconds: the high 16 bits, then the low 32.
  const high = Math.floor(now / 2 ** 32);
  const low = now >>> 0;
  b[o] = (high >>> 8) & 0xff;
  b[o + 1] = high & 0xff;
  b[o + 2] = low >>> 24;
  b[o + 3] = (low >>> 16) & 0xff;
  b[o + 4] = (low >>> 8) & 0xff;
  b[o + 5] = low & 0xff;
  b[o + 6] = 0x70 | (b[o + 6]! & 0x0f);
  b[o + 8] = 0x80 | (b[o + 8]! & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[o + i]!];
  }
  return s;
}
