import {
  type Actor,
  type EventHandler,
  type EventMap,
  type EventName,
  type HookBus,
  type InterceptorContext,
  type InterceptorFn,
  type InterceptorMap,
  type InterceptorName,
  isKeeperError,
  isThenable,
  KeeperError,
  ErrorCodes,
  type Logger,
} from '@keeper/sdk';

interface RegisteredInterceptor {
  plugin: string;
  order: number;
  seq: number;
  timeoutMs: number;
  handler: InterceptorFn<InterceptorName>;
}

interface RegisteredHandler {
  plugin: string;
  handler: EventHandler<EventName>;
}

/**
 * What an interceptor gets beside the value. A class, not an object literal with a `signal` getter: V8 builds
 * such a literal in dictionary mode through its runtime (a property dictionary and an accessor pair per call),
 * and at 12,000 messages/s those were a quarter of the sampled allocations that reached the old generation.
 */
class Context implements InterceptorContext {
  #controller: AbortController | undefined;
  constructor(readonly actor: Actor) {}
  /** Made only when a handler reads it. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }
  abort(): void {
    this.#controller?.abort();
  }
}

/**
 * The hook bus. Interceptors run in the request, in order, each within its time budget; events
 * run after the request on the next turn of the event loop, each handler isolated so one
 * plugin's failure never reaches another or the caller.
 */
export class KeeperHookBus implements HookBus {
  private readonly interceptors = new Map<InterceptorName, RegisteredInterceptor[]>();
  private readonly handlers = new Map<EventName, RegisteredHandler[]>();
  /** Async handlers still running. */
  private readonly pending = new Set<Promise<void>>();
  /** Handler calls of events emitted this turn, run together on the next. */
  private queued: Array<{ entry: RegisteredHandler; name: EventName; payload: unknown }> = [];
  private flushScheduled = false;
  private seq = 0;

  constructor(
    private readonly logger: Logger,
    private readonly defaultTimeoutMs: number,
  ) {}

  addInterceptor<K extends InterceptorName>(
    plugin: string,
    name: K,
    handler: InterceptorFn<K>,
    options: { order?: number; timeoutMs?: number } = {},
  ): void {
    const list = this.interceptors.get(name) ?? [];
    list.push({
      plugin,
      order: options.order ?? 0,
      seq: this.seq++,
      timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
      handler: handler as unknown as InterceptorFn<InterceptorName>,
    });
    list.sort((a, b) => a.order - b.order || a.seq - b.seq);
    this.interceptors.set(name, list);
  }

  addHandler<K extends EventName>(plugin: string, name: K, handler: EventHandler<K>): () => void {
    const entry: RegisteredHandler = { plugin, handler: handler as unknown as EventHandler<EventName> };
    const list = this.handlers.get(name) ?? [];
    list.push(entry);
    this.handlers.set(name, list);
    return () => {
      const current = this.handlers.get(name);
      if (current) this.handlers.set(name, current.filter((h) => h !== entry));
    };
  }

  /** A view of the bus bound to one plugin, so what it registers is logged under its name. */
  forPlugin(plugin: string): HookBus {
    return {
      intercept: (name, value, actor) => this.intercept(name, value, actor),
      emit: (name, payload) => this.emit(name, payload),
      on: (name, handler) => this.addHandler(plugin, name, handler),
    };
  }

  async intercept<K extends InterceptorName>(name: K, value: InterceptorMap[K], actor: Actor): Promise<InterceptorMap[K]> {
    const list = this.interceptors.get(name);
    if (!list) return value;
    let current = value;
    for (const entry of list) {
      const next = await this.runInterceptor(name, entry, current, actor);
      if (next !== undefined) current = next as InterceptorMap[K];
    }
    return current;
  }

  /**
   * Runs one interceptor. A handler that answers synchronously (the common case: a filter over the draft)
   * costs a call: no timer, no AbortController (its signal is made only if the handler reads it), no
   * promise race. Only a handler that returns a promise is raced against its time budget.
   */
  private runInterceptor(name: InterceptorName, entry: RegisteredInterceptor, value: unknown, actor: Actor): unknown {
    const ctx = new Context(actor);
    let result: unknown;
    try {
      result = entry.handler(value as InterceptorMap[InterceptorName], ctx);
    } catch (error) {
      throw this.interceptorFailure(name, entry, error);
    }
    if (!isThenable(result)) return result;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject before aborting: a handler that answers its abort must not win the race.
        reject(
          new KeeperError(
            ErrorCodes.INTERCEPTOR_TIMEOUT,
            `${name}: plugin "${entry.plugin}" did not answer within ${entry.timeoutMs} ms`,
            { plugin: entry.plugin, hook: name },
          ),
        );
        ctx.abort();
      }, entry.timeoutMs);
    });
    return Promise.race([result, timeout]).then(
      (answer) => {
        clearTimeout(timer);
        return answer;
      },
      (error: unknown) => {
        clearTimeout(timer);
        throw isKeeperError(error) && error.code === ErrorCodes.INTERCEPTOR_TIMEOUT ? this.logged(name, entry, error) : this.interceptorFailure(name, entry, error);
      },
    );
  }

  /** A rejection (KeeperError) passes through with its code; anything else becomes INTERCEPTOR_FAILED. */
  private interceptorFailure(name: InterceptorName, entry: RegisteredInterceptor, error: unknown): KeeperError {
    if (isKeeperError(error)) return this.logged(name, entry, error);
    this.logger.error({ plugin: entry.plugin, hook: name, err: error }, 'interceptor threw');
    return new KeeperError(ErrorCodes.INTERCEPTOR_FAILED, `${name}: plugin "${entry.plugin}" failed, the action was not done`, {
      plugin: entry.plugin,
      hook: name,
    });
  }

  private logged(name: InterceptorName, entry: RegisteredInterceptor, error: KeeperError): KeeperError {
    this.logger.info({ plugin: entry.plugin, hook: name, code: error.code }, error.message);
    return error;
  }

  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    const list = this.handlers.get(name);
    if (!list || list.length === 0) return;
    for (const entry of list) this.queued.push({ entry, name, payload });
    // setImmediate: never inside the emitter's request or transaction, even for sync handlers. One per turn
    // for all the events of that turn (thousands per second at peak), not one per event and handler.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.runQueued);
    }
  }

  private readonly runQueued = (): void => {
    this.flushScheduled = false;
    const batch = this.queued;
    this.queued = [];
    for (const { entry, name, payload } of batch) {
      let result: unknown;
      try {
        result = entry.handler(payload as EventMap[EventName]);
      } catch (error) {
        this.handlerFailed(entry, name, error);
        continue;
      }
      if (!isThenable(result)) continue;
      const run = Promise.resolve(result).then(
        () => undefined,
        (error: unknown) => this.handlerFailed(entry, name, error),
      );
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
    }
  };

  private handlerFailed(entry: RegisteredHandler, name: EventName, error: unknown): void {
    this.logger.error({ plugin: entry.plugin, event: name, err: error }, 'event handler failed');
  }

  on<K extends EventName>(name: K, handler: EventHandler<K>): () => void {
    return this.addHandler('@keeper/core', name, handler);
  }

  /** Resolves when every event emitted so far has been handled (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.queued.length > 0 || this.pending.size > 0) {
      if (this.queued.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      else await Promise.all([...this.pending]);
    }
  }
}
