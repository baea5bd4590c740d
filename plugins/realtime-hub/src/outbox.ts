import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export interface OutboxLimits {
  /** Stop handing frames to the socket while ws.bufferedAmount is at least this (bytes). */
  highWaterBytes: number;
  /** A connection whose own queue would exceed this is a slow consumer and is closed. */
  maxQueueBytes: number;
  /** Across all connections; past it, any connection queueing more than `fairShareBytes` is closed. */
  maxTotalQueueBytes: number;
  fairShareBytes: number;
}

/** Shared across the outboxes of one hub: memory accounting and the once-per-tick flush. */
export class OutboxPool {
  totalBytes = 0;
  drops = 0;
  #dirty: Outbox[] = [];
  #scheduled = false;
  #afterFlush: (() => void) | null = null;

  constructor(readonly limits: OutboxLimits) {}

  /** Called once after each batch flush (the hub observes fan-out latency there). */
  onAfterFlush(callback: () => void): void {
    this.#afterFlush = callback;
  }

  schedule(outbox: Outbox): void {
    this.#dirty.push(outbox);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }

  readonly #run = (): void => {
    this.#scheduled = false;
    const dirty = this.#dirty;
    this.#dirty = [];
    for (let i = 0; i < dirty.length; i++) dirty[i]!.flush();
    this.#afterFlush?.();
  };
}

const TEXT = { binary: false } as const;

/** Bytes of a server-to-client frame header (FIN + text, unmasked) for a payload of `length` bytes. */
function headerLength(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

function writeHeader(buf: Buffer, offset: number, length: number): number {
  buf[offset] = 0x81;
  if (length < 126) {
    buf[offset + 1] = length;
    return offset + 2;
  }
  if (length < 65536) {
    buf[offset + 1] = 126;
    buf.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  buf[offset + 1] = 127;
  buf.writeUInt32BE(Math.floor(length / 2 ** 32), offset + 2);
  buf.writeUInt32BE(length >>> 0, offset + 6);
  return offset + 10;
}

/**
 * One connection's bounded send queue. Frames are queued, then written in one corked batch per event-loop
 * turn (one writev per socket instead of one syscall per frame). While the socket is backed up nothing
 * more is handed to it; the queue grows to `maxQueueBytes`, then the consumer is declared slow.
 * Fan-out frames are kept as (shared head, per-subscriber tail) so queued copies share memory.
 */
export class Outbox {
  // Allocated on first use and dropped when empty: most held sockets have nothing queued.
  #heads: (Buffer | string)[] | null = null;
  #tails: (Buffer | undefined)[] | null = null;
  #bytes = 0;
  #queued = false;
  #waitingDrain = false;
  #closed = false;
  readonly #socket: Socket | undefined;
  /** Frames are written to the socket directly (no extension negotiated, so a frame is header + payload). */
  readonly #raw: boolean;

  constructor(
    private readonly ws: WebSocket,
    private readonly pool: OutboxPool,
    private readonly onSlowConsumer: () => void,
  ) {
    this.#socket = (ws as unknown as { _socket?: Socket })._socket;
    // With permessage-deflate ws may hold frames while it compresses: writing past it would reorder them.
    this.#raw = this.#socket !== undefined && !ws.extensions;
  }

  get queuedBytes(): number {
    return this.#bytes;
  }

  /** Queue a frame; returns false (and triggers the slow-consumer policy) if the queue is full. */
  push(head: Buffer | string, tail?: Buffer): boolean {
    if (this.#closed) return false;
    const size = queuedSize(head, tail);
    const limits = this.pool.limits;
    const nextBytes = this.#bytes + size;
    if (
      nextBytes > limits.maxQueueBytes ||
      (this.pool.totalBytes + size > limits.maxTotalQueueBytes && nextBytes > limits.fairShareBytes)
    ) {
      this.pool.drops++;
      this.discard();
      this.onSlowConsumer();
      return false;
    }
    if (this.#heads === null || this.#tails === null) {
      this.#heads = [head];
      this.#tails = [tail];
    } else {
      this.#heads.push(head);
      this.#tails.push(tail);
    }
    this.#bytes = nextBytes;
    this.pool.totalBytes += size;
    if (!this.#queued && !this.#waitingDrain) {
      this.#queued = true;
      this.pool.schedule(this);
    }
    return true;
  }

  flush(): void {
    this.#queued = false;
    if (this.#closed || this.#heads === null || this.#tails === null) return;
    const ws = this.ws;
    if (ws.readyState !== 1) {
      this.discard();
      return;
    }
    const highWater = this.pool.limits.highWaterBytes;
    if (ws.bufferedAmount >= highWater) {
      this.#awaitDrain();
      return;
    }
    const heads = this.#heads;
    const tails = this.#tails;
    const sent = this.#raw ? this.#writeRaw(heads, tails, highWater - ws.bufferedAmount) : this.#writeEach(heads, tails, highWater);
    let sentBytes = 0;
    for (let i = 0; i < sent; i++) sentBytes += queuedSize(heads[i]!, tails[i]);
    if (sent === heads.length) {
      this.#heads = null;
      this.#tails = null;
    } else {
      this.#heads = heads.slice(sent);
      this.#tails = tails.slice(sent);
    }
    this.#bytes -= sentBytes;
    this.pool.totalBytes -= sentBytes;
    if (this.#heads !== null) this.#awaitDrain();
  }

  /**
   * The frames that fit under `allowance` bytes (at least one) as one buffer in one socket write: no frame
   * objects, joins or write requests per frame. Returns how many were written.
   */
  #writeRaw(heads: (Buffer | string)[], tails: (Buffer | undefined)[], allowance: number): number {
    let count = 0;
    let total = 0;
    while (count < heads.length) {
      const length = payloadLength(heads[count]!, tails[count]);
      total += headerLength(length) + length;
      count++;
      if (total >= allowance) break;
    }
    const buf = Buffer.allocUnsafe(total);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const head = heads[i]!;
      const tail = tails[i];
      offset = writeHeader(buf, offset, payloadLength(head, tail));
      offset += typeof head === 'string' ? buf.write(head, offset) : head.copy(buf, offset);
      if (tail) offset += tail.copy(buf, offset);
    }
    this.#socket!.write(buf);
    return count;
  }

  /** Through ws, frame by frame, in one corked batch (a socket with an extension, or none at all). */
  #writeEach(heads: (Buffer | string)[], tails: (Buffer | undefined)[], highWater: number): number {
    const ws = this.ws;
    const socket = this.#socket;
    socket?.cork();
    let sent = 0;
    while (sent < heads.length) {
      const head = heads[sent]!;
      const tail = tails[sent];
      sent++;
      ws.send(tail ? Buffer.concat([head as Buffer, tail]) : head, TEXT);
      if (ws.bufferedAmount >= highWater) break;
    }
    socket?.uncork();
    return sent;
  }

  #awaitDrain(): void {
    const socket = this.#socket;
    if (socket?.writableNeedDrain) {
      this.#waitingDrain = true;
      socket.once('drain', () => {
        this.#waitingDrain = false;
        this.flush();
      });
    } else if (!this.#queued) {
      this.#queued = true;
      this.pool.schedule(this);
    }
  }

  /** Drop everything queued (connection closing); memory is released at once. */
  discard(): void {
    this.#closed = true;
    this.pool.totalBytes -= this.#bytes;
    this.#bytes = 0;
    this.#heads = null;
    this.#tails = null;
  }
}

/** What a frame counts against the queue limits (as `push` counted it). */
function queuedSize(head: Buffer | string, tail: Buffer | undefined): number {
  return head.length + (tail ? tail.length : 0);
}

function payloadLength(head: Buffer | string, tail: Buffer | undefined): number {
  return (typeof head === 'string' ? Buffer.byteLength(head) : head.length) + (tail ? tail.length : 0);
}
