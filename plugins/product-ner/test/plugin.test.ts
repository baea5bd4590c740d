// The plugin driven with a fake context: a real PGlite database (the migration SQL and the store's
// queries run for real), a fake logger, and GraphQL executed against the plugin's SDL + resolvers.
import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Actor, type DatabaseHandle, type MessageDraft, PluginOptionsError, type PluginContext, type ResolverFn } from '@keeper/sdk';
import { buildSchema, type GraphQLFieldResolver, graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../src/model/default-model.js';
import { optionsSchema } from '../src/plugin/options.js';
import { createProductNer, productNer, type ProductNerAnnotation, type ProductNerService } from '../src/plugin/plugin.js';
import { PgNerStore } from '../src/plugin/store.js';

const SCHEMA = 'keeper_product_ner';
const catalog = JSON.parse(readFileSync(`${DATA_DIR}catalog.json`, 'utf8'));
const idOf = (title: string): string => catalog.products.find((p: { title: string }) => p.title === title).id;
const admin: Actor = { kind: 'agent', id: 'a1', role: 'admin', sessionId: 's1' };
const agent: Actor = { kind: 'agent', id: 'a2', role: 'agent', sessionId: 's2' };
const shopper: Actor = { kind: 'customer', id: 'c1', conversationIds: ['conv1'], sessionId: 's3' };

async function pgliteHandle(): Promise<{ pg: PGlite; db: DatabaseHandle }> {
  const pg = new PGlite();
  await pg.exec(`CREATE SCHEMA ${SCHEMA}; SET search_path TO ${SCHEMA};`);
  const migrations = new URL('../prisma/migrations/', import.meta.url);
  for (const dir of readdirSync(migrations).filter((d) => /^\d+_/.test(d)).sort()) await pg.exec(readFileSync(new URL(`${dir}/migration.sql`, migrations), 'utf8'));
  await pg.exec('SET search_path TO public;'); // the store must qualify its tables itself
  const db: DatabaseHandle = {
    schema: SCHEMA,
    dialect: 'pglite',
    adapter: null,
    query: async <Row,>(sql: string, params?: unknown[]) => (await pg.query<Row>(sql, params)).rows,
  };
  return { pg, db };
}

const provided = new Map<string, unknown>();

function fakeContext(db: DatabaseHandle): PluginContext {
  const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => logger };
  const services = { provide: (name: string, impl: unknown) => provided.set(name, impl), get: (name: string) => provided.get(name), has: (name: string) => provided.has(name) };
  return { name: '@keeper/plugin-product-ner', logger, db, services, settings: { env: 'test', nodeId: 'n1', publicUrl: 'http://localhost' } } as unknown as PluginContext;
}

const draft = (body: string, authorType: MessageDraft['authorType'] = 'customer'): MessageDraft => ({
  conversationId: 'conv1', authorType, authorId: 'c1', body, annotations: { other: 1 }, clientMessageId: null,
});

describe('@keeper/plugin-product-ner', () => {
  let pg: PGlite;
  let db: DatabaseHandle;
  const ner = createProductNer(optionsSchema.parse({ catalog, retrain: { epochs: 4 } }));
  const resolvers = ner.body.graphql.resolvers as Record<string, Record<string, ResolverFn>>;
  const schema = buildSchema(`type Query { _root: Boolean } type Mutation { _root: Boolean }\n${ner.body.graphql.schema}`);
  for (const [type, fields] of Object.entries(resolvers)) {
    const gqlType = type === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
    for (const [name, fn] of Object.entries(fields)) gqlType.getFields()[name]!.resolve = fn as GraphQLFieldResolver<unknown, unknown>;
  }
  const run = async (actor: Actor, source: string, variableValues?: Record<string, unknown>) =>
    graphql({ schema, source, variableValues, contextValue: { actor, services: {}, hooks: {} } });

  beforeAll(async () => {
    ({ pg, db } = await pgliteHandle());
    await ner.body.setup(fakeContext(db));
  });
  afterAll(async () => {
    await pg.close();
  });

  it('validates options strictly and declares its migrations', () => {
    expect(() => productNer({ catalogFle: 'x' } as never)).toThrow(PluginOptionsError);
    expect(() => productNer({ margin: -1 })).toThrow(/margin/);
    const plugin = productNer({ catalog });
    expect(plugin.name).toBe('@keeper/plugin-product-ner');
    expect(readFileSync(`${plugin.database!.migrationsDir}/20261126000000_init/migration.sql`, 'utf8')).toContain('training_example');
  });

  it('annotates shopper messages with entities and candidate SKUs (price, stock)', async () => {
    const intercept = ner.body.interceptors['message.beforeCreate'].handler;
    const out = await intercept(draft('这件粉色XL码的羽绒服还有吗'), { actor: shopper, signal: new AbortController().signal });
    const a = out!.annotations['product-ner'] as ProductNerAnnotation;
    expect(out!.annotations.other).toBe(1);
    expect(a.entities.map((e) => [e.label, e.text])).toEqual([['COLOR', '粉色'], ['SIZE', 'XL码'], ['PRODUCT', '羽绒服']]);
    expect(a.sku).toBe('P001-04');
    expect(a.candidates[0]).toEqual({ product: 'P001', sku: 'P001-04', price: expect.any(Number), stock: expect.any(Number), score: expect.any(Number) });
  });

  it('offers the analyzer to other plugins as the productNer service', () => {
    const service = provided.get('productNer') as ProductNerService;
    expect(service.analyze('粉色XL码羽绒服').sku).toBe('P001-04');
    expect(service.graph.products.length).toBe(catalog.products.length);
  });

  it('leaves agent messages and messages without entities alone', async () => {
    const intercept = ner.body.interceptors['message.beforeCreate'].handler;
    const ctx = { actor: agent, signal: new AbortController().signal };
    expect(await intercept(draft('粉色XL码羽绒服有货', 'agent'), ctx)).toBeUndefined();
    expect(await intercept(draft('好的谢谢'), ctx)).toBeUndefined();
  });

  it('answers analyzeText and products(search:) for agents only', async () => {
    const r = await run(agent, '{ analyzeText(text: "有草莓味沐浴露250ml吗") { entities { label text } product sku candidates { sku title price stock } } }');
    expect(r.errors).toBeUndefined();
    const data = r.data as { analyzeText: { sku: string; candidates: Array<{ title: string }>; entities: unknown[] } };
    expect(data.analyzeText.sku).toMatch(new RegExp(`^${idOf('多芬 滋养沐浴露')}-`));
    expect(data.analyzeText.candidates[0]!.title).toBe('多芬 滋养沐浴露');
    const p = await run(agent, '{ products(search: "羽绒服") { id categoryPath skus { sku attributes { key value } } } }');
    expect((p.data as { products: Array<{ id: string; categoryPath: string[] }> }).products.map((x) => x.id)).toEqual(['P001', 'P002']);
    const denied = await run(shopper, '{ analyzeText(text: "x") { sku } }');
    expect(denied.errors?.[0]?.message).toMatch(/agents/);
  });

  it('stores corrections as training examples and rejects bad ones', async () => {
    const ok = await run(agent, 'mutation($i: ProductNerCorrectionInput!) { correctProductAnnotation(input: $i) }', {
      i: { messageId: 'm1', text: '粉色XL码羽绒服', entities: [{ start: 0, end: 2, label: 'COLOR' }], sku: 'P001-04' },
    });
    expect(ok.errors).toBeUndefined();
    const rows = await db.query<{ text: string; product: string; corrected_by: string }>(`SELECT text, product, corrected_by FROM ${SCHEMA}.training_example`);
    expect(rows).toEqual([{ text: '粉色XL码羽绒服', product: 'P001', corrected_by: 'a2' }]);
    const bad = await run(agent, 'mutation($i: ProductNerCorrectionInput!) { correctProductAnnotation(input: $i) }', {
      i: { text: 'abc', entities: [{ start: 2, end: 9, label: 'COLOR' }] },
    });
    expect(bad.errors?.[0]?.message).toMatch(/offsets/);
    const badLabel = await run(agent, 'mutation($i: ProductNerCorrectionInput!) { correctProductAnnotation(input: $i) }', {
      i: { text: 'abc', entities: [{ start: 0, end: 1, label: 'PRICE' }] },
    });
    expect(badLabel.errors?.[0]?.message).toMatch(/label/);
  });

  it('retrains on corrections (admins only), hot-swaps and persists the model', async () => {
    const word = '小可爱';
    const before = ner.runtime.analyze(`${word}还有吗`).entities;
    expect(before.some((e) => e.text === word && e.label === 'PRODUCT')).toBe(false);
    for (const [i, t] of ['小可爱还有吗', '我要小可爱', '小可爱什么时候发货', '请问小可爱有货吗', '小可爱多少钱', '想买小可爱'].entries()) {
      const start = t.indexOf(word);
      await new PgNerStore(db).saveExample({ messageId: `k${i}`, text: t, entities: [{ start, end: start + word.length, label: 'PRODUCT' }], product: null, sku: null, correctedBy: 'a1' });
    }
    const denied = await run(agent, 'mutation { retrainProductNer { source } }');
    expect(denied.errors?.[0]?.message).toMatch(/admins/);
    const r = await run(admin, 'mutation { retrainProductNer { source trainedOn examples } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ retrainProductNer: { source: 'retrained', examples: 7 } });
    expect(ner.runtime.analyze('小可爱还有吗').entities).toContainEqual({ start: 0, end: 3, label: 'PRODUCT', text: word });
    // A restart loads the retrained model from the database.
    const restarted = createProductNer(optionsSchema.parse({ catalog }));
    await restarted.body.setup(fakeContext(db));
    expect(restarted.runtime.info.source).toBe('retrained');
    expect(restarted.runtime.analyze('小可爱还有吗').entities[0]).toMatchObject({ label: 'PRODUCT', text: word });
  });

  it('imports a catalog (CSV) and links against it at once', async () => {
    const csv = 'product_id,title,brand,category,sku,price,stock,color,size\nZ1,大鹅 派克大衣,大鹅/Canada Goose,外套>大衣,Z1-R-M,9999,2,红色,M\nZ1,大鹅 派克大衣,大鹅/Canada Goose,外套>大衣,Z1-B-M,9999,0,黑色,M\n';
    const r = await run(admin, 'mutation($d: String!) { importProductCatalog(data: $d, format: "csv") { products skus } }', { d: csv });
    expect(r.data).toEqual({ importProductCatalog: { products: 1, skus: 2 } });
    expect(ner.runtime.analyze('大鹅大衣红色M码有吗')).toMatchObject({ product: 'Z1', sku: 'Z1-R-M' });
    const stored = await db.query<{ skus: number }>(`SELECT skus FROM ${SCHEMA}.catalog ORDER BY id DESC LIMIT 1`);
    expect(stored[0]!.skus).toBe(2);
  });
});
