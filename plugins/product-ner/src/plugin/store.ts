import type { DatabaseHandle } from '@keeper/sdk';
import type { CatalogInput } from '../catalog/types.js';
import type { ModelJSON } from '../model/model-io.js';
import type { LabelledLine } from '../ner/recognizer.js';

export interface StoredExample extends LabelledLine {
  messageId: string | null;
  correctedBy: string | null;
}

/** A stored catalog snapshot, without its (large) JSON. */
export interface CatalogSnapshotInfo {
  id: string;
  source: string | null;
  products: number;
  skus: number;
  /** How long ago it was stored, by the database's clock (nodes' clocks may differ). */
  ageMs: number;
}

export interface CatalogSnapshot extends CatalogSnapshotInfo {
  catalog: CatalogInput;
}

/** Where the plugin keeps what must survive a restart. */
export interface NerStore {
  saveExample(e: Omit<StoredExample, 'id'>): Promise<string>;
  listExamples(): Promise<StoredExample[]>;
  countExamples(): Promise<number>;
  saveModel(model: ModelJSON, examples: number, trainedBy: string | null): Promise<void>;
  latestModel(): Promise<ModelJSON | null>;
  /** Stores a snapshot (keeping the last few) and returns its id. */
  saveCatalog(catalog: CatalogInput, counts: { products: number; skus: number }, importedBy: string | null, source: string | null): Promise<string>;
  latestCatalog(): Promise<CatalogSnapshot | null>;
  latestCatalogInfo(): Promise<CatalogSnapshotInfo | null>;
}

/** The store over `ctx.db` (PostgreSQL or PGlite), in the plugin's own schema. */
export class PgNerStore implements NerStore {
  private readonly t: (name: string) => string;

  constructor(private readonly db: DatabaseHandle) {
    const schema = `"${db.schema.replace(/"/g, '""')}"`;
    this.t = (name) => `${schema}."${name}"`;
  }

  async saveExample(e: Omit<StoredExample, 'id'>): Promise<string> {
    const params = [e.messageId, e.text, JSON.stringify(e.entities), e.product ?? null, e.sku ?? null, e.correctedBy];
    const sql = e.messageId
      ? `INSERT INTO ${this.t('training_example')} (message_id, text, entities, product, sku, corrected_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
         ON CONFLICT (message_id) DO UPDATE SET text = EXCLUDED.text, entities = EXCLUDED.entities, product = EXCLUDED.product,
           sku = EXCLUDED.sku, corrected_by = EXCLUDED.corrected_by, created_at = CURRENT_TIMESTAMP RETURNING id`
      : `INSERT INTO ${this.t('training_example')} (message_id, text, entities, product, sku, corrected_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING id`;
    const rows = await this.db.query<{ id: string | number }>(sql, params);
    return String(rows[0]!.id);
  }

  async listExamples(): Promise<StoredExample[]> {
    const rows = await this.db.query<{ id: string | number; message_id: string | null; text: string; entities: unknown; product: string | null; sku: string | null; corrected_by: string | null }>(
      `SELECT id, message_id, text, entities, product, sku, corrected_by FROM ${this.t('training_example')} ORDER BY id`,
    );
    return rows.map((r) => ({
      id: String(r.id), messageId: r.message_id, text: r.text, entities: parseJson(r.entities) as StoredExample['entities'],
      product: r.product, sku: r.sku, correctedBy: r.corrected_by,
    }));
  }

  async countExamples(): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${this.t('training_example')}`);
    return Number(rows[0]?.n ?? 0);
  }

  async saveModel(model: ModelJSON, examples: number, trainedBy: string | null): Promise<void> {
    await this.db.query(`INSERT INTO ${this.t('model')} (model, examples, trained_by) VALUES ($1::jsonb, $2, $3)`, [JSON.stringify(model), examples, trainedBy]);
    // Keep the last few models for rollback, not every retrain forever.
    await this.db.query(`DELETE FROM ${this.t('model')} WHERE id NOT IN (SELECT id FROM ${this.t('model')} ORDER BY id DESC LIMIT 3)`);
  }

  async latestModel(): Promise<ModelJSON | null> {
    const rows = await this.db.query<{ model: unknown }>(`SELECT model FROM ${this.t('model')} ORDER BY id DESC LIMIT 1`);
    return rows[0] ? (parseJson(rows[0].model) as ModelJSON) : null;
  }

  async saveCatalog(catalog: CatalogInput, counts: { products: number; skus: number }, importedBy: string | null, source: string | null): Promise<string> {
    const rows = await this.db.query<{ id: string | number }>(
      `INSERT INTO ${this.t('catalog')} (catalog, products, skus, imported_by, source) VALUES ($1::jsonb, $2, $3, $4, $5) RETURNING id`,
      [JSON.stringify(catalog), counts.products, counts.skus, importedBy, source],
    );
    await this.db.query(`DELETE FROM ${this.t('catalog')} WHERE id NOT IN (SELECT id FROM ${this.t('catalog')} ORDER BY id DESC LIMIT 3)`);
    return String(rows[0]!.id);
  }

  async latestCatalog(): Promise<CatalogSnapshot | null> {
    const rows = await this.db.query<InfoRow & { catalog: unknown }>(`SELECT catalog, ${INFO_COLUMNS} FROM ${this.t('catalog')} ORDER BY id DESC LIMIT 1`);
    return rows[0] ? { ...info(rows[0]), catalog: parseJson(rows[0].catalog) as CatalogInput } : null;
  }

  async latestCatalogInfo(): Promise<CatalogSnapshotInfo | null> {
    const rows = await this.db.query<InfoRow>(`SELECT ${INFO_COLUMNS} FROM ${this.t('catalog')} ORDER BY id DESC LIMIT 1`);
    return rows[0] ? info(rows[0]) : null;
  }
}

interface InfoRow {
  id: string | number;
  source: string | null;
  products: number;
  skus: number;
  age_ms: string | number;
}

const INFO_COLUMNS = `id, source, products, skus, (EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - created_at)) * 1000)::bigint AS age_ms`;

function info(r: InfoRow): CatalogSnapshotInfo {
  return { id: String(r.id), source: r.source, products: Number(r.products), skus: Number(r.skus), ageMs: Math.max(0, Number(r.age_ms)) };
}

/** JSONB comes back parsed from node-postgres and PGlite, but as text from some drivers. */
function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/** For running without a database (tests, or a deployment that does not declare one). */
export class MemoryNerStore implements NerStore {
  examples: StoredExample[] = [];
  models: ModelJSON[] = [];
  catalogs: Array<{ catalog: CatalogInput; products: number; skus: number; source: string | null; at: number }> = [];

  async saveExample(e: Omit<StoredExample, 'id'>): Promise<string> {
    const existing = e.messageId ? this.examples.findIndex((x) => x.messageId === e.messageId) : -1;
    const id = existing >= 0 ? this.examples[existing]!.id : String(this.examples.length + 1);
    const row = { ...e, id };
    if (existing >= 0) this.examples[existing] = row;
    else this.examples.push(row);
    return id;
  }

  async listExamples(): Promise<StoredExample[]> {
    return this.examples.slice();
  }

  async countExamples(): Promise<number> {
    return this.examples.length;
  }

  async saveModel(model: ModelJSON): Promise<void> {
    this.models.push(model);
  }

  async latestModel(): Promise<ModelJSON | null> {
    return this.models[this.models.length - 1] ?? null;
  }

  async saveCatalog(catalog: CatalogInput, counts: { products: number; skus: number }, _importedBy: string | null, source: string | null): Promise<string> {
    this.catalogs.push({ catalog, ...counts, source, at: Date.now() });
    return String(this.catalogs.length);
  }

  async latestCatalog(): Promise<CatalogSnapshot | null> {
    const info = await this.latestCatalogInfo();
    return info ? { ...info, catalog: this.catalogs[this.catalogs.length - 1]!.catalog } : null;
  }

  async latestCatalogInfo(): Promise<CatalogSnapshotInfo | null> {
    const last = this.catalogs[this.catalogs.length - 1];
    return last ? { id: String(this.catalogs.length), source: last.source, products: last.products, skus: last.skus, ageMs: Date.now() - last.at } : null;
  }
}
