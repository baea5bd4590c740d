import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';

export type CachedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parse + validate once per distinct query text: 20k clients subscribing with the same document must not
 * pay 20k parses, and the cached DocumentNode identity is what fan-out groups share. Bounded, evicting by
 * CLOCK (second chance): a hit only marks its entry; when full, the oldest unmarked entry goes, a marked one
 * loses its mark and moves to the back. An LRU that re-inserted on every hit (every operation a client sends)
 * rehashed this long-lived Map into V8's old generation and kept each message's copy of the query text as the
 * key. `noLocation`: token/location objects tripled a document's memory; errors still carry their message.
 */
export class DocumentCache {
  readonly #entries = new Map<string, { cached: CachedDocument; used: boolean }>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 1000,
  ) {}

  get(query: string): CachedDocument {
    const hit = this.#entries.get(query);
    if (hit) {
      hit.used = true;
      return hit.cached;
    }
    let cached: CachedDocument;
    try {
      const document = parse(query, { maxTokens: 5000, noLocation: true });
      const errors = validate(this.schema, document);
      cached = errors.length > 0 ? { errors } : { document };
    } catch (error) {
      cached = { errors: [error as GraphQLError] };
    }
    if (this.#entries.size >= this.maxEntries) this.#evictOne();
    this.#entries.set(query, { cached, used: false });
    return cached;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drops the oldest entry not used since it was last passed over (amortised O(1): each pass clears a mark). */
  #evictOne(): void {
    for (const [query, entry] of this.#entries) {
      this.#entries.delete(query);
      if (!entry.used) return;
      entry.used = false;
      this.#entries.set(query, entry);
    }
  }
}
