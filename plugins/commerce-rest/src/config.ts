import { OrderStatuses, resilienceOptionShape } from '@keeper/commerce';
import { z } from 'zod';
import { compilePath } from './json-path.js';

/** A JSONPath from the safe subset, checked when the config is loaded so typos fail at boot. */
const path = z.string().superRefine((value, ctx) => {
  try {
    compilePath(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** A mapped field: a path, several paths joined with spaces (first + last name), or a constant. */
const field = z.union([path, z.array(path).min(1), z.strictObject({ const: z.union([z.string(), z.number(), z.boolean(), z.null()]) })]);

const endpoint = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('GET'),
  /** Relative to baseUrl; `{email}`, `{id}`... are replaced (URL-encoded). */
  path: z.string().min(1),
  query: z.record(z.string(), z.string()).optional(),
  /** JSON body template; string values may contain `{placeholders}`. */
  body: z.record(z.string(), z.unknown()).optional(),
  /** Where the list of records is (`$.data[*]`), for list endpoints. */
  itemsPath: path.optional(),
  /** Where the single record is (`$.result`), for detail endpoints. */
  itemPath: path.optional(),
  /** Whether the list endpoint pages (uses the global pagination settings). Default true for lists. */
  paginated: z.boolean().optional(),
});

const pagination = z.discriminatedUnion('style', [
  z.strictObject({
    style: z.literal('page'),
    pageParam: z.string().default('page'),
    sizeParam: z.string().default('pageSize'),
    pageSize: z.number().int().min(1).max(1000).default(20),
    firstPage: z.number().int().min(0).default(1),
    totalPagesPath: path.optional(),
    totalItemsPath: path.optional(),
    hasNextPath: path.optional(),
  }),
  z.strictObject({
    style: z.literal('offset'),
    offsetParam: z.string().default('offset'),
    limitParam: z.string().default('limit'),
    pageSize: z.number().int().min(1).max(1000).default(20),
    totalItemsPath: path.optional(),
  }),
  z.strictObject({
    style: z.literal('cursor'),
    cursorParam: z.string().default('cursor'),
    sizeParam: z.string().optional(),
    pageSize: z.number().int().min(1).max(1000).default(20),
    nextCursorPath: path,
  }),
  z.strictObject({ style: z.literal('link'), sizeParam: z.string().optional(), pageSize: z.number().int().min(1).max(1000).default(20) }),
  z.strictObject({ style: z.literal('none') }),
]);

const auth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), name: z.string().min(1), value: z.string().min(1) }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.strictObject({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.strictObject({ type: z.literal('query'), name: z.string().min(1), value: z.string().min(1) }),
  z.strictObject({ type: z.literal('none') }),
]);

const time = z.union([
  z.enum(['iso', 'epoch-seconds', 'epoch-millis']),
  /** `YYYY-MM-DD HH:mm:ss`-style local times with the server's UTC offset, e.g. "+08:00". */
  z.strictObject({ utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/) }),
]);

const match = z.strictObject({ path, equals: z.union([z.string(), z.number(), z.boolean()]) });

/**
 * Where attributes are: `{ path }` of an object of name → value, `{ items, name, value }` for a list
 * of name/value records (paths inside each item), or `{ fields }` with fixed names → mapped fields.
 */
const attributes = z.union([
  z.strictObject({ path }),
  z.strictObject({ items: path, name: path, value: path }),
  z.strictObject({ fields: z.record(z.string().min(1), field) }),
]);

const catalogMapping = z.strictObject({
  id: field,
  title: field,
  brand: field.optional(),
  /** A path string ("Kleidung > Oberteile") split on `categorySeparator`, or a list of names. */
  category: field.optional(),
  categorySeparator: z.string().min(1).default('>'),
  updatedAt: field.optional(),
  attributes: attributes.optional(),
  /**
   * The SKU records inside a product record. Without it (and without a `catalogSkus` endpoint) the
   * product record is its own single SKU.
   */
  skus: path.optional(),
  sku: z.strictObject({
    id: field.optional(),
    sku: field,
    title: field.optional(),
    price: field.optional(),
    currency: field.optional(),
    inventory: field.optional(),
    attributes: attributes.optional(),
  }),
});

export const restConfigSchema = z.strictObject({
  system: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('erp'),
  baseUrl: z.url(),
  auth,
  headers: z.record(z.string(), z.string()).optional(),
  pagination: pagination.default({ style: 'none' }),
  endpoints: z.strictObject({
    customerById: endpoint.optional(),
    customersByEmail: endpoint.optional(),
    customersByPhone: endpoint.optional(),
    ordersByCustomer: endpoint.optional(),
    ordersByEmail: endpoint.optional(),
    ordersByPhone: endpoint.optional(),
    orderById: endpoint.optional(),
    ordersByNumber: endpoint.optional(),
    skusBySku: endpoint.optional(),
    createTicket: endpoint.optional(),
    addNote: endpoint.optional(),
    /** The catalog, paged like every list; `{updatedSince}` is the time in `mapping.time`'s format (omitted when absent). */
    catalogProducts: endpoint.optional(),
    /** SKUs of one product (`{productId}`), for ERPs that serve variants separately. */
    catalogSkus: endpoint.optional(),
  }),
  mapping: z.strictObject({
    customer: z.strictObject({ id: field, email: field.optional(), phone: field.optional(), name: field.optional(), createdAt: field.optional() }).optional(),
    order: z.strictObject({
      id: field,
      number: field.optional(),
      status: field,
      placedAt: field.optional(),
      updatedAt: field.optional(),
      customerId: field.optional(),
      email: field.optional(),
      phone: field.optional(),
      total: field.optional(),
      currency: field,
      note: field.optional(),
      tags: path.optional(),
      adminUrl: field.optional(),
      items: path.optional(),
      item: z.strictObject({ sku: field.optional(), title: field, quantity: field, unitPrice: field.optional(), total: field.optional(), variant: field.optional() }).optional(),
      shipments: path.optional(),
      shipment: z.strictObject({ carrier: field.optional(), trackingNumber: field.optional(), trackingUrl: field.optional(), status: field.optional(), shippedAt: field.optional() }).optional(),
    }),
    sku: z.strictObject({ id: field, sku: field, title: field, productTitle: field.optional(), price: field.optional(), currency: field.optional(), inventory: field.optional() }).optional(),
    ticket: z.strictObject({ id: field, status: field.optional(), createdAt: field.optional() }).optional(),
    catalog: catalogMapping.optional(),
    /** Raw status → normalised status; unmapped values become "unknown" (raw is always kept). */
    statusMap: z.record(z.string(), z.enum(OrderStatuses)).default({}),
    time: time.default('iso'),
    /** `minor` when the ERP sends integer cents. */
    money: z.enum(['major', 'minor']).default('major'),
  }),
  errors: z
    .strictObject({
      /** A throttle signalled inside a 2xx body. */
      throttle: match.extend({ retryAfterSecondsPath: path.optional() }).optional(),
      /** Bad credentials signalled inside a 2xx body. */
      auth: match.optional(),
      /** "Not found" signalled inside a 2xx body. */
      notFound: match.optional(),
    })
    .default({}),
  webhook: z
    .strictObject({
      secret: z.string().min(1),
      signatureHeader: z.string().min(1),
      algorithm: z.enum(['sha256', 'sha1', 'md5']).default('sha256'),
      encoding: z.enum(['hex', 'base64']).default('hex'),
      /** Text before the digest in the header, e.g. "sha256=". */
      prefix: z.string().default(''),
      orderIdPath: path,
      statusPath: path,
      customerIdPath: path.optional(),
      orderNumberPath: path.optional(),
    })
    .optional(),
  ...resilienceOptionShape,
}).superRefine((config, ctx) => {
  const e = config.endpoints;
  if ((e.catalogProducts || e.catalogSkus) && !config.mapping.catalog) {
    ctx.addIssue({ code: 'custom', path: ['mapping', 'catalog'], message: 'catalog endpoints need mapping.catalog' });
  }
  if (e.catalogSkus && !e.catalogProducts) ctx.addIssue({ code: 'custom', path: ['endpoints', 'catalogSkus'], message: 'catalogSkus needs catalogProducts' });
});

export type RestConfig = z.output<typeof restConfigSchema>;
export type RestConfigInput = z.input<typeof restConfigSchema>;
export type EndpointConfig = z.output<typeof endpoint>;
export type FieldSpec = z.output<typeof field>;
export type AttributesSpec = z.output<typeof attributes>;
export type CatalogMapping = z.output<typeof catalogMapping>;
