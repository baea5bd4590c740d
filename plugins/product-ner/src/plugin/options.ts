import { z } from 'zod';

const authorType = z.enum(['customer', 'agent', 'system', 'bot']);

export const catalogSyncSchema = z.strictObject({
  /** One commerce system (adapter instance name); default: every installed system that can list its catalog. */
  system: z.string().min(1).optional(),
  /** How often to sync; 0 syncs only at boot and on request. */
  intervalMs: z.union([z.literal(0), z.number().int().min(1_000).max(7 * 24 * 3_600_000)]).default(15 * 60_000),
  /** Sync once every plugin is set up (in the background: the stored catalog serves meanwhile). */
  onBoot: z.boolean().default(true),
  /** A sync that takes longer is abandoned and the current catalog kept. */
  timeoutMs: z.number().int().min(1_000).max(3_600_000).default(600_000),
  /** A shop with more products fails the sync instead of filling memory. */
  maxProducts: z.number().int().positive().max(2_000_000).default(200_000),
});

export const optionsSchema = z.strictObject({
  /** An inline catalog in the JSON format; wins over `catalogFile` and the stored catalog. */
  catalog: z.record(z.string(), z.unknown()).optional(),
  /** A catalog file (.json or .csv) read at setup. */
  catalogFile: z.string().min(1).optional(),
  /**
   * Keep the catalog in step with the shop systems through @keeper/commerce (when installed): at boot,
   * every `intervalMs`, and with the `syncProductCatalog` mutation. `{}` takes every default.
   */
  catalogSync: catalogSyncSchema.optional(),
  /** A model file written by `keeper-ner train`; default: the last retrained model, else the shipped one. */
  modelFile: z.string().min(1).optional(),
  /** Whose messages get annotated on their way in. */
  annotateAuthorTypes: z.array(authorType).default(['customer']),
  /** Longer messages are analysed up to this many characters (keeps the interceptor's time bounded). */
  maxTextLength: z.number().int().positive().default(2000),
  maxCandidates: z.number().int().min(1).max(50).default(5),
  /** Score gap the best product needs over the next to be named (see README: tuned on dev). */
  margin: z.number().min(0).default(0.5),
  retrain: z
    .strictObject({
      /** Train on the shipped lines too, so a few corrections do not make a model that knows only them. */
      includeShippedData: z.boolean().default(true),
      /** How many times each stored correction is repeated in training (they are the shop's own lines). */
      exampleWeight: z.number().int().min(1).max(10).default(3),
      epochs: z.number().int().min(1).max(30).default(8),
    })
    .default({ includeShippedData: true, exampleWeight: 3, epochs: 8 }),
});

export type ProductNerOptions = z.output<typeof optionsSchema>;
export type CatalogSyncOptions = z.output<typeof catalogSyncSchema>;
export type ProductNerOptionsInput = z.input<typeof optionsSchema>;
