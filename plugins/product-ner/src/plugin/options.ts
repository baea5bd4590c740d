import { z } from 'zod';

const authorType = z.enum(['customer', 'agent', 'system', 'bot']);

export const optionsSchema = z.strictObject({
  /** An inline catalog in the JSON format; wins over `catalogFile` and the stored catalog. */
  catalog: z.record(z.string(), z.unknown()).optional(),
  /** A catalog file (.json or .csv) read at setup. */
  catalogFile: z.string().min(1).optional(),
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
export type ProductNerOptionsInput = z.input<typeof optionsSchema>;
