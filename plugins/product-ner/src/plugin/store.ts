import type { DatabaseHandle } from '@keeper/sdk';
import type { CatalogInput } from '../catalog/types.js';
import type { ModelJSON } from '../model/model-io.js';
import type { LabelledLine } from '../ner/recognizer.js';

export interface StoredExample extends LabelledLine {
  messageId: string | null;
  correctedBy: string | null;
}

/** Where the plugin keeps what must survive a restart. */
export interface NerStore {
  saveExample(e: Omit<StoredExample, 'id'>): Promise<string>;
  listExamples(): Promise<StoredExample[]>;
  countExamples(): Promise<number>;
  saveModel(model: ModelJSON, examples: number, trainedBy: string | null): Promise<void>;
  latestModel(): Promise<ModelJSON | null>;
  saveCatalog(catalog: CatalogInput, counts: { products: number; skus: number }, importedBy: string | null): Promise<void>;
  latestCatalog(): Promise<CatalogInput | null>;
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

  async saveCatalog(catalog: CatalogInput, counts: { products: number; skus: number }, importedBy: string | null): Promise<void> {
    await this.db.query(`INSERT INTO ${this.t('catalog')} (catalog, products, skus, imported_by) VALUES ($1::jsonb, $2, $3, $4)`, [
      JSON.stringify(catalog), counts.products, counts.skus, importedBy,
    ]);
    await this.db.query(`DELETE FROM ${this.t('catalog')} WHERE id NOT IN (SELECT id FROM ${this.t('catalog')} ORDER BY id DESC LIMIT 3)`);
  }

  async latestCatalog(): Promise<CatalogInput | null> {
    const rows = await this.db.query<{ catalog: unknown }>(`SELECT catalog FROM ${this.t('catalog')} ORDER BY id DESC LIMIT 1`);
    return rows[0] ? (parseJson(rows[0].catalog) as CatalogInput) : null;
  }
}

/** JSONB comes back parsed from node-postgres and PGlite, but as text from some drivers. */
function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/** For running without a database (tests, or a deployment that does not declare one). */
export class MemoryNerStore implements NerStore {
  examples: StoredExample[] = [];
  models: ModelJSON[] = [];
  catalogs: CatalogInput[] = [];

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

  async saveCatalog(catalog: CatalogInput): Promise<void> {
    this.catalogs.push(catalog);
  }

  async latestCatalog(): Promise<CatalogInput | null> {
    return this.catalogs[this.catalogs.length - 1] ?? null;
  }
}
