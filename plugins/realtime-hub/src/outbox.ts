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

/** Bytes of the RFC 6455 header of an unmasked frame carrying `length` payload bytes. */
function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/**
 * One unmasked, final text frame (header, head, tail) in a single buffer. Frames under 4 KB come from Node's
 * shared buffer pool, so a turn's frames cost no allocation of their own beyond the slice.
 */
function textFrame(head: Buffer | string, tail: Buffer | undefined): Buffer {
  const headLength = typeof head === 'string' ? Buffer.byteLength(head) : head.length;
  const length = headLength + (tail ? tail.length : 0);
  const offset = headerBytes(length);
  const frame = Buffer.allocUnsafe(offset + length);
  frame[0] = 0x81; // FIN + text
  if (offset === 2) frame[1] = length;
  else if (offset === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  if (typeof head === 'string') frame.write(head, offset, 'utf8');
  else head.copy(frame, offset);
  if (tail) tail.copy(frame, offset + headLength);
  return frame;
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
  /**
   * Frames go to the socket as built here, not through `ws.send`: a connection without extensions needs no
   * more than a header in front of the payload (a server's frames are not masked). With permessage-deflate,
   * `ws` compresses them.
   */
  readonly #direct: boolean;

  constructor(
    private readonly ws: WebSocket,
    private readonly pool: OutboxPool,
    private readonly onSlowConsumer: () => void,
  ) {
    this.#socket = (ws as unknown as { _socket?: Socket })._socket;
    this.#direct = this.#socket !== undefined && ws.extensions === '';
  }

  get queuedBytes(): number {
    return this.#bytes;
  }

  /** Queue a frame; returns false (and triggers the slow-consumer policy) if the queue is full. */
  push(head: Buffer | string, tail?: Buffer): boolean {
    if (this.#closed) return false;
    const size = (typeof head === 'string' ? head.length : head.length) + (tail ? tail.length : 0);
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
    const socket = this.#socket;
    socket?.cork();
    let sent = 0;
    let sentBytes = 0;
    while (sent < heads.length) {
      const head = heads[sent]!;
      const tail = tails[sent];
      sentBytes += head.length + (tail ? tail.length : 0);
      sent++;
      if (this.#direct) socket!.write(textFrame(head, tail));
      else ws.send(tail ? Buffer.concat([head as Buffer, tail]) : head, TEXT);
      if (ws.bufferedAmount >= highWater) break;
    }
    socket?.uncork();
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
