import {
  type Actor,
  type EventHandler,
  type EventMap,
  type EventName,
  type HookBus,
  type InterceptorFn,
  type InterceptorMap,
  type InterceptorName,
  isKeeperError,
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
 * The hook bus. Interceptors run in the request, in order, each within its time budget; events
 * run after the request on the next turn of the event loop, each handler isolated so one
 * plugin's failure never reaches another or the caller.
 */
export class KeeperHookBus implements HookBus {
  private readonly interceptors = new Map<InterceptorName, RegisteredInterceptor[]>();
  private readonly handlers = new Map<EventName, RegisteredHandler[]>();
  private readonly pending = new Set<Promise<void>>();
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

  private async runInterceptor(
    name: InterceptorName,
    entry: RegisteredInterceptor,
    value: unknown,
    actor: Actor,
  ): Promise<unknown> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new KeeperError(
            ErrorCodes.INTERCEPTOR_TIMEOUT,
            `${name}: plugin "${entry.plugin}" did not answer within ${entry.timeoutMs} ms`,
            { plugin: entry.plugin, hook: name },
          ),
        );
      }, entry.timeoutMs);
    });
    try {
      return await Promise.race([
        Promise.resolve().then(() => entry.handler(value as InterceptorMap[InterceptorName], { actor, signal: controller.signal })),
        timeout,
      ]);
    } catch (error) {
      if (isKeeperError(error)) {
        this.logger.info({ plugin: entry.plugin, hook: name, code: error.code }, error.message);
        throw error;
      }
      this.logger.error({ plugin: entry.plugin, hook: name, err: error }, 'interceptor threw');
      throw new KeeperError(ErrorCodes.INTERCEPTOR_FAILED, `${name}: plugin "${entry.plugin}" failed, the action was not done`, {
        plugin: entry.plugin,
        hook: name,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    const list = this.handlers.get(name);
    if (!list || list.length === 0) return;
    for (const entry of list) {
      // setImmediate: never inside the emitter's request or transaction, even for sync handlers.
      const run = new Promise<void>((resolve) => {
        setImmediate(() => {
          Promise.resolve()
            .then(() => entry.handler(payload))
            .catch((error: unknown) => {
              this.logger.error({ plugin: entry.plugin, event: name, err: error }, 'event handler failed');
            })
            .finally(resolve);
        });
      });
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
    }
  }

  on<K extends EventName>(name: K, handler: EventHandler<K>): () => void {
    return this.addHandler('@keeper/core', name, handler);
  }

  /** Resolves when every event handler started so far has finished (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
