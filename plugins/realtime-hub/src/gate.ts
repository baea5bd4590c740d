import type { WebSocket } from 'ws';
import type { HubStats } from './stats.js';

/**
 * Bounds the operations (queries and mutations) a node executes at once over WebSocket. At `max` in flight, a
 * socket that sends another one is no longer read until the node is back down to half of `max`: its frames wait
 * in TCP (the kernel's buffers, then the client's own send queue) instead of on this node's heap as half-done
 * operations. Under overload (a write backlog in the database, a peak past what the node can take) memory stays
 * bounded and the garbage collector's work with it, so the node drains at full speed instead of slowing down as
 * its backlog grows. Operations already read are never refused; subscriptions are not counted.
 */
export class OperationGate {
  #inFlight = 0;
  readonly #paused = new Set<WebSocket>();

  constructor(
    private readonly max: number,
    private readonly stats: HubStats,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  get pausedSockets(): number {
    return this.#paused.size;
  }

  /** An operation read from `ws` starts; at the bound, `ws` is not read further for now. */
  enter(ws: WebSocket): void {
    this.#inFlight++;
    if (this.#inFlight >= this.max && !this.#paused.has(ws) && ws.readyState === 1) {
      ws.pause();
      this.#paused.add(ws);
      this.stats.readPauses++;
    }
  }

  /** An operation ended (answered or failed); below half the bound, every paused socket is read again. */
  leave(): void {
    this.#inFlight--;
    if (this.#paused.size === 0 || this.#inFlight > this.max >> 1) return;
    for (const ws of this.#paused) ws.resume();
    this.#paused.clear();
  }

  /** A socket closed: nothing to resume. */
  forget(ws: WebSocket): void {
    this.#paused.delete(ws);
  }
}
