import { BadUserInputError, ErrorCodes, KeeperError, type Logger, type ServiceMap, type ServiceRegistry } from '@keeper/sdk';
import { type CommerceCatalogProduct, catalogFromCommerce } from '../catalog/from-commerce.js';
import { CatalogGraph } from '../catalog/graph.js';
import type { CatalogSyncOptions } from './options.js';
import type { NerRuntime } from './runtime.js';
import type { NerStore } from './store.js';

/**
 * What catalog sync needs of @keeper/commerce's service (`ctx.services.get('commerce').service`),
 * declared structurally: product-ner works without that package installed, and a type test in this
 * package checks the real service still fits.
 */
export interface CommerceCatalogSource {
  listCatalog(options: { system?: string | null; maxProducts?: number; signal?: AbortSignal }): Promise<{
    products: CommerceCatalogProduct[];
    sources: Array<{ system: string; status: string; products: number; skus: number }>;
    errors: Array<{ system: string; reason: string; message: string }>;
    complete: boolean;
  }>;
}

/** The commerce service when @keeper/commerce is installed, else null. */
export function findCommerceCatalog(services: ServiceRegistry): CommerceCatalogSource | null {
  // Not a key of ServiceMap unless @keeper/commerce's types are loaded; looked up by name on purpose.
  const name = 'commerce' as keyof ServiceMap;
  if (!services.has(name)) return null;
  const registry = services.get(name) as unknown as { service?: Partial<CommerceCatalogSource> } | undefined;
  return typeof registry?.service?.listCatalog === 'function' ? (registry.service as CommerceCatalogSource) : null;
}

export type SyncTrigger = 'boot' | 'interval' | 'mutation' | 'service';

export interface CatalogSyncResult {
  /** `commerce:<system>[,<system>...]`, also stored with the snapshot. */
  source: string;
  systems: string[];
  products: number;
  skus: number;
  durationMs: number;
  finishedAt: string;
  trigger: SyncTrigger;
  /** What the mapping left out (duplicate SKU codes). */
  warnings: string[];
}

export interface CatalogSyncStatus {
  enabled: boolean;
  running: boolean;
  intervalMs: number | null;
  lastResult: CatalogSyncResult | null;
  lastError: string | null;
  lastErrorAt: string | null;
  nextRunAt: string | null;
}

interface Deps {
  runtime: NerRuntime;
  store(): NerStore;
  services(): ServiceRegistry | null;
  logger(): Logger | null;
}

const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Keeps the catalog in step with the shop systems: at boot, every `intervalMs`, and on demand. A sync
 * lists every product first, builds the graph and binds the model, then stores and swaps in one step;
 * any failure before the swap leaves the live catalog and the stored one untouched.
 *
 * Nodes share the stored snapshot: a tick that finds a snapshot younger than half an interval adopts
 * it (if it is not the live one) instead of calling the shop again, so a cluster makes one or two
 * syncs per interval however many nodes it has, and an import or sync on one node reaches the others
 * at their next tick.
 */
export class CatalogSync {
  private running: { system: string | null; promise: Promise<CatalogSyncResult> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly stop$ = new AbortController();
  private lastResult: CatalogSyncResult | null = null;
  private lastError: { message: string; at: string } | null = null;
  private nextRunAt: number | null = null;

  constructor(
    private readonly options: CatalogSyncOptions | undefined,
    private readonly deps: Deps,
  ) {}

  get enabled(): boolean {
    return this.options !== undefined;
  }

  status(): CatalogSyncStatus {
    return {
      enabled: this.enabled,
      running: this.running !== null,
      intervalMs: this.options?.intervalMs || null,
      lastResult: this.lastResult,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at ?? null,
      nextRunAt: this.nextRunAt === null ? null : new Date(this.nextRunAt).toISOString(),
    };
  }

  /** Called once every plugin is set up (adapters register in their own setup). */
  start(): void {
    if (!this.options || this.stopped) return;
    const services = this.deps.services();
    if (!services || !findCommerceCatalog(services)) {
      this.deps.logger()?.warn({}, 'catalogSync is configured but @keeper/commerce is not installed: catalog sync is off');
      return;
    }
    if (this.options.onBoot) void this.tick('boot');
    else this.schedule(this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
    this.stop$.abort();
    await this.running?.promise.catch(() => undefined);
  }

  /**
   * Lists the catalog from the shop systems and swaps it in. A sync of the same target already
   * running is joined; one of another target is refused (CONFLICT) rather than queued.
   */
  sync(trigger: SyncTrigger, by: string | null, system?: string | null): Promise<CatalogSyncResult> {
    const target = system ?? this.options?.system ?? null;
    if (this.running) {
      if (this.running.system === target) return this.running.promise;
      throw new KeeperError(ErrorCodes.CONFLICT, `a catalog sync of ${this.running.system ?? 'every system'} is running; try again when it has finished`);
    }
    // Cleared in the handlers themselves, so a caller that awaited this sync can start the next at once.
    const promise = this.run(trigger, by, target).then(
      (result) => {
        this.running = null;
        this.lastResult = result;
        this.lastError = null;
        return result;
      },
      (error: unknown) => {
        this.running = null;
        this.lastError = { message: (error as Error).message, at: new Date().toISOString() };
        this.deps.logger()?.error({ err: (error as Error).message, trigger, system: target }, 'catalog sync failed; the current catalog is kept');
        throw error;
      },
    );
    this.running = { system: target, promise };
    return promise;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.options?.intervalMs) return;
    // ±10% so nodes started together drift apart instead of syncing in lockstep.
    const jittered = Math.round(delayMs * (0.9 + Math.random() * 0.2));
    this.nextRunAt = Date.now() + jittered;
    this.timer = setTimeout(() => void this.tick('interval'), jittered);
    this.timer.unref();
  }

  private async tick(trigger: SyncTrigger): Promise<void> {
    this.timer = null;
    let failed = false;
    try {
      if (!(await this.adoptFresh())) await this.sync(trigger, 'catalog-sync');
    } catch {
      // Logged by sync(); the previous catalog stays live.
      failed = true;
    }
    const interval = this.options?.intervalMs ?? 0;
    this.schedule(failed ? Math.min(interval, RETRY_AFTER_FAILURE_MS) : interval);
  }

  /** True when the stored snapshot is recent enough that asking the shop again would be wasted. */
  private async adoptFresh(): Promise<boolean> {
    const interval = this.options?.intervalMs ?? 0;
    const store = this.deps.store();
    const latest = await store.latestCatalogInfo();
    // Half an interval: this node's own last sync is older than that at its next tick, so it syncs;
    // another node's sync that recent is taken instead of asking the shop again.
    if (!latest || !interval || latest.ageMs >= interval / 2) return false;
    const { runtime } = this.deps;
    if (latest.id === runtime.catalogOrigin.id) return true;
    const snapshot = await store.latestCatalog();
    if (!snapshot) return false;
    const prepared = runtime.prepareCatalog(CatalogGraph.fromJSON(snapshot.catalog));
    runtime.applyCatalog(prepared, { id: snapshot.id, source: snapshot.source ?? 'stored' });
    this.deps.logger()?.info({ id: snapshot.id, source: snapshot.source, products: snapshot.products, ageMs: snapshot.ageMs }, 'catalog: adopted the snapshot another node stored');
    return true;
  }

  private async run(trigger: SyncTrigger, by: string | null, system: string | null): Promise<CatalogSyncResult> {
    const started = performance.now();
    const services = this.deps.services();
    const commerce = services ? findCommerceCatalog(services) : null;
    if (!commerce) throw new BadUserInputError('catalog sync needs @keeper/commerce and an adapter that can list its catalog; @keeper/commerce is not installed', 'system');
    const timeoutMs = this.options?.timeoutMs ?? 600_000;
    const signal = AbortSignal.any([this.stop$.signal, AbortSignal.timeout(timeoutMs)]);
    const listing = await commerce.listCatalog({ system, maxProducts: this.options?.maxProducts, signal });
    const listed = listing.sources.filter((s) => s.status !== 'unsupported');
    if (listed.length === 0) throw new BadUserInputError('no installed commerce system can list its catalog (none declares catalogSync)', 'system');
    const systems = listed.map((s) => s.system);
    if (!listing.complete) {
      const detail = listing.errors.map((e) => `${e.system}: ${e.message} (${e.reason})`).join('; ');
      throw new KeeperError(ErrorCodes.UPSTREAM_UNAVAILABLE, `catalog sync failed, the current catalog is kept. ${detail}`, {
        sources: listing.errors.map((e) => ({ system: e.system, reason: e.reason })),
      });
    }
    if (listing.products.length === 0) {
      // An empty answer from a healthy shop is far more often a filter or permission problem than a shop with nothing to sell.
      throw new KeeperError(ErrorCodes.UPSTREAM_UNAVAILABLE, `catalog sync found no products in ${systems.join(', ')}; the current catalog is kept`, { sources: systems.map((s) => ({ system: s, reason: 'empty' })) });
    }
    const mapped = catalogFromCommerce(listing.products, { prefixIds: systems.length > 1 });
    const prepared = this.deps.runtime.prepareCatalog(CatalogGraph.fromJSON(mapped.catalog));
    // Stopping (teardown) between listing and storing: store nothing.
    signal.throwIfAborted();
    const source = `commerce:${systems.join(',')}`;
    const counts = { products: mapped.products, skus: mapped.skus };
    await this.deps.runtime.exclusive(async () => {
      const id = await this.deps.store().saveCatalog(mapped.catalog, counts, by, source);
      this.deps.runtime.applyCatalog(prepared, { id, source });
    });
    const result: CatalogSyncResult = { source, systems, ...counts, durationMs: Math.round(performance.now() - started), finishedAt: new Date().toISOString(), trigger, warnings: mapped.warnings };
    this.deps.logger()?.info({ ...result, warnings: mapped.warnings.length }, 'catalog synced from commerce');
    return result;
  }
}
