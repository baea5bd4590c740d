import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CatalogGraph } from '../catalog/graph.js';
import type { CatalogInput } from '../catalog/types.js';
import { loadCatalog, readJsonl } from '../data-io.js';
import { DATA_DIR, DEFAULT_TRAIN_OPTIONS, defaultRecognizer } from '../model/default-model.js';
import { type ModelJSON, modelFromJSON } from '../model/model-io.js';
import type { EntityRecognizer, LabelledLine } from '../ner/recognizer.js';
import { type Analysis, ProductAnalyzer } from '../pipeline.js';
import type { ProductNerOptions } from './options.js';
import type { NerStore } from './store.js';
import { runTrainJob, type TrainJob } from './train-worker.js';

/** The compiled worker; absent when running from TypeScript sources (tests), then training runs inline. */
const WORKER_FILE = fileURLToPath(new URL('./train-worker.js', import.meta.url));

function trainInWorker(job: TrainJob): Promise<ModelJSON> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`training worker exited with code ${code}`));
    });
  });
}

export type ModelSource = 'default' | 'file' | 'retrained';

/** Where the live catalog came from; `id` is its stored snapshot's, when it has one. */
export interface CatalogOrigin {
  id: string | null;
  source: string;
}

/** A catalog with the live model already bound to it, ready for a one-reference swap. */
export interface PreparedCatalog {
  graph: CatalogGraph;
  rec: EntityRecognizer;
  /** The model `rec` was bound from: if a retrain swapped it meanwhile, binding is redone. */
  base: EntityRecognizer;
}

export interface ModelInfo {
  source: ModelSource;
  trainedOn: number;
  trainedAt: string;
}

/**
 * The live recogniser + linker. Swaps are one reference assignment, so a message being analysed
 * while a retrain or catalog import finishes completes on the old analyzer and the next one uses the new.
 */
export class NerRuntime {
  private analyzer: ProductAnalyzer;
  private source: ModelSource = 'default';
  private training: Promise<ModelInfo> | null = null;
  private origin: CatalogOrigin = { id: null, source: 'empty' };
  private catalogWrites: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ProductNerOptions) {
    const graph = CatalogGraph.fromJSON({ products: [] });
    this.analyzer = this.makeAnalyzer(defaultRecognizer(graph), graph);
  }

  get graph(): CatalogGraph {
    return this.analyzer.graph;
  }

  get info(): ModelInfo {
    const meta = this.analyzer.recognizer.meta;
    return { source: this.source, trainedOn: meta.trainedOn, trainedAt: meta.trainedAt };
  }

  get catalogOrigin(): CatalogOrigin {
    return this.origin;
  }

  get retraining(): boolean {
    return this.training !== null;
  }

  /** Loads catalog and model: options first, then what the store kept, then the shipped defaults. */
  async load(store: NerStore | null): Promise<void> {
    let graph: CatalogGraph;
    if (this.options.catalog) {
      graph = CatalogGraph.fromJSON(this.options.catalog);
      this.origin = { id: null, source: 'option:catalog' };
    } else if (this.options.catalogFile) {
      graph = loadCatalog(this.options.catalogFile);
      this.origin = { id: null, source: 'option:catalogFile' };
    } else {
      const stored = await store?.latestCatalog();
      graph = CatalogGraph.fromJSON(stored?.catalog ?? ({ products: [] } satisfies CatalogInput));
      this.origin = stored ? { id: stored.id, source: stored.source ?? 'stored' } : { id: null, source: 'empty' };
    }
    if (this.options.modelFile) {
      this.swap(modelFromJSON(JSON.parse(readFileSync(this.options.modelFile, 'utf8')), graph), 'file');
      return;
    }
    const stored = await store?.latestModel();
    if (stored) this.swap(modelFromJSON(stored, graph), 'retrained');
    else this.swap(defaultRecognizer(graph), 'default');
  }

  analyze(text: string): Analysis {
    return this.analyzer.analyze(text.length > this.options.maxTextLength ? text.slice(0, this.options.maxTextLength) : text);
  }

  /**
   * Binds the live model to a new catalog without touching what is live, so a catalog that cannot be
   * bound fails before anything is stored or swapped.
   */
  prepareCatalog(graph: CatalogGraph): PreparedCatalog {
    const base = this.analyzer.recognizer;
    return { graph, rec: base.withCatalog(graph), base };
  }

  /** The swap: one reference assignment; messages in flight finish on the old catalog. */
  applyCatalog(prepared: PreparedCatalog, origin: CatalogOrigin): void {
    const current = this.analyzer.recognizer;
    const rec = current === prepared.base ? prepared.rec : current.withCatalog(prepared.graph);
    this.analyzer = this.makeAnalyzer(rec, prepared.graph);
    this.origin = origin;
  }

  /**
   * Runs catalog writes (store, then swap) one at a time, so the live catalog is always the one
   * stored last on this node, whether it came from an import or a sync.
   */
  exclusive<T>(write: () => Promise<T>): Promise<T> {
    const next = this.catalogWrites.then(write, write);
    this.catalogWrites = next.catch(() => undefined);
    return next;
  }

  /** Replaces the catalog; the current model is rebound to the new catalog's gazetteer. */
  setCatalog(graph: CatalogGraph, origin: CatalogOrigin): void {
    this.applyCatalog(this.prepareCatalog(graph), origin);
  }

  /**
   * Retrains on the stored corrections (plus the shipped lines), then hot-swaps and persists the
   * model. Only one retrain runs at a time; a second call gets the running one's result.
   */
  retrain(store: NerStore, trainedBy: string | null): Promise<ModelInfo> {
    this.training ??= this.doRetrain(store, trainedBy).finally(() => {
      this.training = null;
    });
    return this.training;
  }

  private async doRetrain(store: NerStore, trainedBy: string | null): Promise<ModelInfo> {
    const examples = await store.listExamples();
    const graph = this.graph;
    const { includeShippedData, exampleWeight, epochs } = this.options.retrain;
    const shop: LabelledLine[] = [];
    for (let i = 0; i < exampleWeight; i++) shop.push(...examples);
    const sets: TrainJob['sets'] = [{ lines: shop, catalog: graph.source }];
    if (includeShippedData) sets.unshift({ lines: readJsonl(`${DATA_DIR}train.jsonl`), catalog: loadCatalog(`${DATA_DIR}catalog.json`).source });
    const job: TrainJob = { sets, options: { ...DEFAULT_TRAIN_OPTIONS, epochs } };
    // A few seconds of CPU: off the event loop when the compiled worker is there.
    const json = existsSync(WORKER_FILE) ? await trainInWorker(job) : runTrainJob(job);
    json.meta.trainedOn = examples.length + (includeShippedData ? sets[0]!.lines.length : 0);
    const rec = modelFromJSON(json, graph);
    await store.saveModel(json, examples.length, trainedBy);
    // The catalog may have changed while training: bind to the current one.
    this.swap(rec.withCatalog(this.graph), 'retrained');
    return this.info;
  }

  private swap(rec: EntityRecognizer, source: ModelSource): void {
    this.analyzer = this.makeAnalyzer(rec, rec.graph);
    this.source = source;
  }

  private makeAnalyzer(rec: EntityRecognizer, graph: CatalogGraph): ProductAnalyzer {
    return new ProductAnalyzer(rec, graph, { margin: this.options.margin, maxCandidates: this.options.maxCandidates });
  }
}
