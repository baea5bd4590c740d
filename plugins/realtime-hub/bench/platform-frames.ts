/**
 * Cheap reading of the frames the `platform` load generator receives most: a scan of the known shape on the
 * raw bytes instead of JSON.parse of the frame and then of the message body (no string, no object per frame).
 * Anything that does not match the shape exactly returns false, and the caller parses it with JSON.parse.
 *
 * The hub writes a delivery as `{"type":"next","payload":<result>,"id":"<id>"}` (see src/fanout.ts), the
 * result as graphql-js serialises the selection (`{ seq body }`, `{ type conversationId message { seq body } }`),
 * and the bench's body is `{"t":<intended send time>,"r":<run>,"p":"<padding>"}` inside that JSON string.
 * The answer to an operation sent over the socket (the `sendMessage` mutation) is written by src/connection.ts
 * as `JSON.stringify({ type: 'next', id, payload })`: the id comes before the payload there.
 */

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const HEAD = bytes('{"type":"next","payload":{"data":{"');
const ADDED = bytes('messageAdded":{"seq":');
const EVENT = bytes('conversationEvents":{"type":"message","conversationId":"');
const EVENT_MESSAGE = bytes('","message":{"seq":');
const BODY_T = bytes(',"body":"{\\"t\\":');
const BODY_R = bytes(',\\"r\\":');
const BODY_P = bytes(',\\"p\\":\\"');
const BODY_END = bytes('\\"}"');
const ID = bytes(',"id":"');
const SENT = bytes('{"type":"next","payload":{"data":{"sendMessage":{"seq":');
const NEXT_ID = bytes('{"type":"next","id":"');
const SENT_AFTER_ID = bytes('","payload":{"data":{"sendMessage":{"seq":');
const COMPLETE = bytes('{"type":"complete","id":"');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;

/** One parsed delivery; reused, so a frame allocates nothing (but an inbox frame's conversation id). */
export interface Delivery {
  /** The operation id (the client's subscription index). */
  id: number;
  /** The conversation for an inbox (conversationEvents) frame; null for messageAdded. */
  conversationId: string | null;
  seq: number;
  /** Intended send time (epoch ms) and run id from the body. */
  t: number;
  r: number;
}

let pos = 0;

function match(buf: Uint8Array, at: number, expected: Uint8Array): boolean {
  if (at + expected.length > buf.length) return false;
  for (let i = 0; i < expected.length; i++) if (buf[at + i] !== expected[i]) return false;
  pos = at + expected.length;
  return true;
}

/** A non-negative integer of at most 15 digits at `at`; -1 if none. Sets `pos` past it. */
function integer(buf: Uint8Array, at: number): number {
  let n = 0;
  let i = at;
  while (i < buf.length && i - at < 15) {
    const c = buf[i]!;
    if (c < ZERO || c > NINE) break;
    n = n * 10 + (c - ZERO);
    i++;
  }
  if (i === at) return -1;
  pos = i;
  return n;
}

/** A non-negative decimal (digits, optionally a dot and digits; no exponent); -1 if none. Sets `pos` past it. */
function decimal(buf: Uint8Array, at: number): number {
  const whole = integer(buf, at);
  if (whole < 0 || pos >= buf.length || buf[pos] !== DOT) return whole;
  let i = pos + 1;
  let fraction = 0;
  let scale = 1;
  while (i < buf.length) {
    const c = buf[i]!;
    if (c < ZERO || c > NINE) break;
    // Past 9 fraction digits (below a µs of a ms) the rest changes nothing we record.
    if (scale < 1e9) {
      fraction = fraction * 10 + (c - ZERO);
      scale *= 10;
    }
    i++;
  }
  if (i === pos + 1) return -1;
  pos = i;
  return whole + fraction / scale;
}

/** `,"id":"<digits>"}` ending the frame; the id, or -1. */
function tailId(buf: Uint8Array, at: number): number {
  if (!match(buf, at, ID)) return -1;
  const id = integer(buf, pos);
  if (id < 0 || pos + 2 !== buf.length || buf[pos] !== QUOTE || buf[pos + 1] !== BRACE) return -1;
  return id;
}

/** A bench message's body string from `,"body":"` to its closing quote, then `closers` braces and the id. */
function body(buf: Uint8Array, at: number, closers: number, out: Delivery): boolean {
  if (!match(buf, at, BODY_T)) return false;
  const t = decimal(buf, pos);
  if (t < 0 || !match(buf, pos, BODY_R)) return false;
  const r = integer(buf, pos);
  if (r < 0 || !match(buf, pos, BODY_P)) return false;
  // The padding: anything up to the first backslash, which must start `\"}"` (a quote inside it would be escaped).
  let i = pos;
  while (i < buf.length && buf[i] !== BACKSLASH) i++;
  if (!match(buf, i, BODY_END)) return false;
  for (let k = 0; k < closers; k++) if (buf[pos + k] !== BRACE) return false;
  const id = tailId(buf, pos + closers);
  if (id < 0) return false;
  out.id = id;
  out.t = t;
  out.r = r;
  return true;
}

/** Reads a messageAdded or inbox-message delivery of a bench message into `out`; false: use JSON.parse. */
export function readDelivery(buf: Buffer, out: Delivery): boolean {
  if (!match(buf, 0, HEAD)) return false;
  const at = pos;
  if (match(buf, at, ADDED)) {
    const seq = integer(buf, pos);
    if (seq < 0 || !body(buf, pos, 3, out)) return false;
    out.conversationId = null;
    out.seq = seq;
    return true;
  }
  if (!match(buf, at, EVENT)) return false;
  const start = pos;
  let i = start;
  while (i < buf.length && buf[i] !== QUOTE && buf[i] !== BACKSLASH && buf[i]! < 0x80) i++;
  if (i === start || !match(buf, i, EVENT_MESSAGE)) return false;
  const seq = integer(buf, pos);
  if (seq < 0 || !body(buf, pos, 4, out)) return false;
  out.conversationId = buf.toString('latin1', start, i);
  out.seq = seq;
  return true;
}

/**
 * An acknowledged `sendMessage`: `{"type":"next","id":"K","payload":{"data":{"sendMessage":{"seq":N}}}}` (as the hub
 * writes an operation's result), or the same with the id last (as it writes a delivery); returns K, else -1 (not
 * an acknowledgement: a delivery, a complete, an error, ...; use JSON.parse).
 */
export function readSendAck(buf: Buffer): number {
  if (match(buf, 0, NEXT_ID)) {
    const id = integer(buf, pos);
    if (id < 0 || !match(buf, pos, SENT_AFTER_ID) || integer(buf, pos) < 0) return -1;
    if (pos + 4 !== buf.length) return -1;
    for (let k = 0; k < 4; k++) if (buf[pos + k] !== BRACE) return -1;
    return id;
  }
  if (!match(buf, 0, SENT)) return -1;
  if (integer(buf, pos) < 0) return -1;
  for (let k = 0; k < 3; k++) if (buf[pos + k] !== BRACE) return -1;
  return tailId(buf, pos + 3);
}

/** `{"type":"complete","id":"K"}`: returns K, else -1. */
export function readComplete(buf: Buffer): number {
  if (!match(buf, 0, COMPLETE)) return -1;
  const id = integer(buf, pos);
  if (id < 0 || pos + 2 !== buf.length || buf[pos] !== QUOTE || buf[pos + 1] !== BRACE) return -1;
  return id;
}
