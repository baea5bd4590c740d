import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { Subscriber } from './fanout.js';
import { Outbox } from './outbox.js';
import { type ClientMessage, CloseCode, closeReason, parseClientMessage, type SubscribePayload } from './protocol.js';
import type { HubRuntime } from './runtime.js';
import { isTopicSubscription } from './topic.js';

type Operation =
  | { kind: 'pending' }
  | { kind: 'topic'; sub: Subscriber }
  | { kind: 'stream'; iterator: AsyncIterator<unknown> };

let nextUid = 1;
const CONNECTION = Symbol('keeper.realtime-hub.connection');
type SocketWithConnection = WebSocket & { [CONNECTION]?: Connection };

/** One graphql-transport-ws connection: init/auth, operations, and its outbox. */
export class Connection {
  readonly uid = nextUid++;
  readonly outbox: Outbox;
  context: unknown = undefined;
  awaitingPong = false;
  #state: 'new' | 'initialising' | 'ready' | 'closed' = 'new';
  #request: unknown;
  #initTimer: NodeJS.Timeout | undefined;
  /** Subscriptions, by operation id. */
  readonly #ops = new Map<string, Operation>();
  /**
   * Ids of the queries and mutations running, or null when none is. Kept apart from the subscriptions and made
   * anew when needed: a chat widget sends a mutation every few seconds beside one long subscription, and a
   * long-lived Map that gains and loses an entry per message rehashes its table into V8's old generation
   * (at 12,000 messages/s these tables were a sixth of what reached it).
   */
  #singles: Set<string> | null = null;
  #subscriptions = 0;

  constructor(
    readonly ws: WebSocket,
    request: unknown,
    private readonly rt: HubRuntime,
  ) {
    this.#request = request;
    this.outbox = new Outbox(ws, rt.pool, () => this.#slowConsumer());
    rt.connections.add(this);
    rt.stats.connectionsOpened++;
    if (ws.protocol !== 'graphql-transport-ws') {
      this.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    this.#initTimer = setTimeout(() => {
      if (this.#state === 'new' || this.#state === 'initialising') {
        this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
      }
    }, rt.limits.connectionInitTimeoutMs);
    // Shared listener functions (not 4 closures per socket): memory per connection is the held budget.
    (ws as SocketWithConnection)[CONNECTION] = this;
    ws.on('message', Connection.#onSocketMessage);
    ws.on('pong', Connection.#onSocketPong);
    ws.on('close', Connection.#onSocketClose);
    ws.on('error', Connection.#onSocketError);
  }

  static #onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    // biome-ignore lint/complexity/noThisInStatic: ws invokes listeners with the socket as `this`
    const conn = (this as SocketWithConnection)[CONNECTION];
    if (conn) conn.#onMessage(data, isBinary);
  }

  static #onSocketPong(this: WebSocket): void {
    // biome-ignore lint/complexity/noThisInStatic: ws invokes listeners with the socket as `this`
    const conn = (this as SocketWithConnection)[CONNECTION];
    if (conn) conn.awaitingPong = false;
  }

  static #onSocketClose(this: WebSocket): void {
    // biome-ignore lint/complexity/noThisInStatic: ws invokes listeners with the socket as `this`
    const conn = (this as SocketWithConnection)[CONNECTION];
    if (conn) conn.#cleanup();
  }

  static #onSocketError(this: WebSocket, error: Error): void {
    // biome-ignore lint/complexity/noThisInStatic: ws invokes listeners with the socket as `this`
    (this as SocketWithConnection)[CONNECTION]?.rt.logger.debug?.({ err: error }, 'realtime-hub: socket error');
  }

  #closed(): boolean {
    return this.#state === 'closed';
  }

  get subscriptionCount(): number {
    return this.#subscriptions;
  }

  #onMessage(data: Buffer, _isBinary: boolean): void {
    this.awaitingPong = false;
    let message: ClientMessage;
    try {
      message = parseClientMessage(data.toString());
    } catch (error) {
      this.close(CloseCode.BadRequest, (error as Error).message);
      return;
    }
    switch (message.type) {
      case 'connection_init':
        void this.#onInit(message.payload ?? {});
        return;
      case 'ping':
        this.outbox.push('{"type":"pong"}');
        return;
      case 'pong':
        return;
      case 'subscribe':
        void this.#onSubscribe(message.id, message.payload);
        return;
      case 'complete':
        this.#complete(message.id);
        return;
    }
  }

  async #onInit(payload: Record<string, unknown>): Promise<void> {
    if (this.#state !== 'new') {
      this.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
      return;
    }
    this.#state = 'initialising';
    const request = this.#request;
    this.#request = undefined; // not retained per connection: memory per socket matters at 20k+
    try {
      const actor = await this.rt.authenticate(payload, request);
      const context = await this.rt.createContext({ actor, connectionParams: payload, request });
      if (this.#state !== 'initialising') return;
      this.context = context;
      this.#state = 'ready';
      clearTimeout(this.#initTimer);
      this.#initTimer = undefined;
      this.outbox.push('{"type":"connection_ack"}');
      this.#callHook(this.rt.onConnect);
    } catch (error) {
      if (this.#closed()) return;
      this.rt.logger.debug?.({ err: error }, 'realtime-hub: connection_init rejected');
      this.close(CloseCode.Forbidden, 'Forbidden');
    }
  }

  async #onSubscribe(id: string, payload: SubscribePayload): Promise<void> {
    if (this.#state !== 'ready') {
      this.close(CloseCode.Unauthorized, 'Unauthorized');
      return;
    }
    if (this.#ops.has(id) || this.#singles?.has(id)) {
      this.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
      return;
    }
    const cached = this.rt.documents.get(payload.query);
    if (cached.errors) return this.#sendErrors(id, cached.errors);
    const document = cached.document;
    const operationName = payload.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) return this.#sendErrors(id, [new GraphQLError('Unable to identify the operation')]);
    const variables = payload.variables ?? undefined;
    try {
      if (operation.operation === 'subscription') {
        if (this.#subscriptions >= this.rt.limits.maxSubscriptionsPerConnection) {
          this.rt.stats.subscriptionsRejected++;
          return this.#sendErrors(id, [
            new GraphQLError(`At most ${this.rt.limits.maxSubscriptionsPerConnection} subscriptions per connection`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ]);
        }
        const placeholder: Operation = { kind: 'pending' };
        this.#ops.set(id, placeholder);
        this.#subscriptions++;
        await this.#startSubscription(id, placeholder, document, operationName, variables);
      } else {
        this.#singles ??= new Set();
        this.#singles.add(id);
        this.rt.stats.operationsExecuted++;
        this.rt.gate.enter(this.ws);
        let result: ExecutionResult;
        try {
          result = await this.rt.executor.execute(document, operationName, undefined, this.context, variables);
        } finally {
          this.rt.gate.leave();
        }
        // Completed by the client, or the socket closed, while it ran: nothing to send.
        if (!this.#dropSingle(id)) return;
        this.outbox.push(JSON.stringify({ type: 'next', id, payload: result }));
        this.outbox.push(JSON.stringify({ type: 'complete', id }));
      }
    } catch (error) {
      this.rt.logger.error?.({ err: error }, 'realtime-hub: operation failed');
      this.#endOperation(id);
      this.#sendErrors(id, [new GraphQLError('Internal server error')]);
    }
  }

  async #startSubscription(
    id: string,
    placeholder: Operation,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): Promise<void> {
    const source = await createSourceEventStream({
      schema: this.rt.schema,
      document,
      contextValue: this.context,
      variableValues: variables,
      operationName,
    });
    if (this.#ops.get(id) !== placeholder) {
      // Completed by the client (or the socket closed) while the resolver ran.
      if (!isTopicSubscription(source) && Symbol.asyncIterator in source) {
        void source[Symbol.asyncIterator]().return?.();
      }
      return;
    }
    if (!(Symbol.asyncIterator in source) || (!isTopicSubscription(source) && 'errors' in source)) {
      this.#ops.delete(id);
      this.#subscriptions--;
      this.rt.stats.subscriptionsRejected++;
      return this.#sendErrors(id, (source as ExecutionResult).errors ?? []);
    }
    this.rt.stats.subscriptionsStarted++;
    if (isTopicSubscription(source)) {
      const sub = this.rt.fanout.add({ conn: this, id, document, operationName, variables, options: source.options });
      this.#ops.set(id, { kind: 'topic', sub });
      return;
    }
    const iterator = source[Symbol.asyncIterator]();
    this.#ops.set(id, { kind: 'stream', iterator });
    await this.#pump(id, iterator, document, operationName, variables);
  }

  /** Plain async-iterable subscriptions (not topic-backed): executed per subscriber, as graphql-js does. */
  async #pump(
    id: string,
    iterator: AsyncIterator<unknown>,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): Promise<void> {
    for (;;) {
      const step = await iterator.next();
      if (step.done || this.#ops.get(id)?.kind !== 'stream') break;
      const result = await this.rt.executor.execute(document, operationName, step.value, this.context, variables);
      if (this.#ops.get(id)?.kind !== 'stream') break;
      this.outbox.push(JSON.stringify({ type: 'next', id, payload: result }));
    }
    if (this.#ops.get(id)?.kind === 'stream') {
      this.#endOperation(id);
      this.outbox.push(JSON.stringify({ type: 'complete', id }));
    }
  }

  #sendErrors(id: string, errors: readonly GraphQLError[]): void {
    this.outbox.push(JSON.stringify({ type: 'error', id, payload: errors }));
  }

  /** The client completed an operation. */
  #complete(id: string): void {
    this.#endOperation(id);
  }

  /** Forgets a running query or mutation; false if it was not running (its result is then not sent). */
  #dropSingle(id: string): boolean {
    const singles = this.#singles;
    if (!singles?.delete(id)) return false;
    if (singles.size === 0) this.#singles = null;
    return true;
  }

  /** Ends a subscription, or forgets a running query or mutation (its result is then not sent). */
  #endOperation(id: string): void {
    const op = this.#ops.get(id);
    if (!op) {
      this.#dropSingle(id);
      return;
    }
    this.#ops.delete(id);
    if (op.kind === 'topic') {
      this.rt.fanout.remove(op.sub);
    } else if (op.kind === 'stream') {
      void op.iterator.return?.();
    }
    this.#subscriptions--;
    this.rt.stats.subscriptionsEnded++;
  }

  /** A topic subscription failed (e.g. its replay threw): tell the client, which may resubscribe. */
  failSubscription(sub: Subscriber, error: Error): void {
    const op = this.#ops.get(sub.id);
    if (op?.kind !== 'topic' || op.sub !== sub) return;
    this.#endOperation(sub.id);
    this.rt.logger.warn?.({ err: error, topic: sub.options.topic }, 'realtime-hub: subscription failed');
    this.#sendErrors(sub.id, [new GraphQLError('Subscription interrupted; resubscribe with afterSeq')]);
  }

  #slowConsumer(): void {
    if (this.#state === 'closed') return;
    this.rt.stats.slowConsumerCloses++;
    this.close(CloseCode.SlowConsumer, 'Slow consumer: resubscribe with afterSeq');
  }

  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#cleanup();
    const ws = this.ws;
    if (ws.readyState === 0 || ws.readyState === 1) ws.close(code, closeReason(reason));
    // A consumer that does not read will not read our close frame either: free its socket soon.
    setTimeout(() => ws.terminate(), this.rt.limits.closeGraceMs).unref();
  }

  terminate(): void {
    this.#cleanup();
    this.ws.terminate();
  }

  #callHook(hook: ((context: unknown) => void) | undefined): void {
    if (!hook) return;
    try {
      hook(this.context);
    } catch (error) {
      this.rt.logger.error?.({ err: error }, 'realtime-hub: connection hook failed');
    }
  }

  #cleanup(): void {
    if (this.#state === 'closed') return;
    const wasReady = this.#state === 'ready';
    this.#state = 'closed';
    if (wasReady) this.#callHook(this.rt.onDisconnect);
    clearTimeout(this.#initTimer);
    this.outbox.discard();
    this.rt.gate.forget(this.ws);
    for (const id of [...this.#ops.keys()]) this.#endOperation(id);
    this.#singles = null;
    this.rt.connections.delete(this);
    this.rt.stats.connectionsClosed++;
  }
}
