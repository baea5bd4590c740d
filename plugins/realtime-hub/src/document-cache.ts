import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';

export type CachedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parse + validate once per distinct query text: 20k clients subscribing with the same document must not
 * pay 20k parses, and the cached DocumentNode identity is what fan-out groups share. Bounded LRU.
 * `noLocation`: token/location objects tripled a document's memory; errors still carry their message.
 */
export class DocumentCache {
  readonly #entries = new Map<string, CachedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 1000,
  ) {}

  get(query: string): CachedDocument {
    const hit = this.#entries.get(query);
    if (hit) {
      // Re-insert to keep Map order = recency.
      this.#entries.delete(query);
      this.#entries.set(query, hit);
      return hit;
    }
    let entry: CachedDocument;
    try {
      const document = parse(query, { maxTokens: 5000, noLocation: true });
      const errors = validate(this.schema, document);
      entry = errors.length > 0 ? { errors } : { document };
    } catch (error) {
      entry = { errors: [error as GraphQLError] };
    }
    this.#entries.set(query, entry);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return entry;
  }
}
