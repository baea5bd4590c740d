/**
 * The three pagination styles platforms use, as async iterators over pages so adapters (and the
 * generic REST adapter's config) pick one instead of re-writing loops. Every helper stops at `maxPages`
 * so a misbehaving upstream (Magento returns the last page again past the end) cannot loop forever.
 */

export interface LinkRelations {
  next?: string;
  previous?: string;
  first?: string;
  last?: string;
}

/** Parses an RFC 8288 `Link` header (Shopify REST, WooCommerce, GitHub-style). */
export function parseLinkHeader(header: string | null | undefined): LinkRelations {
  const out: LinkRelations = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (!match) continue;
    const rel = /rel="?([^";]+)"?/i.exec(match[2] ?? '');
    if (!rel?.[1]) continue;
    for (const name of rel[1].split(/\s+/)) {
      if (name === 'next' || name === 'previous' || name === 'first' || name === 'last') out[name] = match[1];
      if (name === 'prev') out.previous = match[1];
    }
  }
  return out;
}

export interface PageResult<T, C> {
  items: T[];
  /** The cursor/URL/page for the next request; null or undefined when done. */
  next: C | null | undefined;
}

/** Generic driver: `fetchPage(cursor)` until `next` is empty, `maxPages` or `limit` items. */
export async function* paginate<T, C>(
  fetchPage: (cursor: C | null) => Promise<PageResult<T, C>>,
  options: { maxPages?: number; limit?: number; start?: C | null } = {},
): AsyncGenerator<T[], void, void> {
  const maxPages = options.maxPages ?? 50;
  let cursor: C | null = options.start ?? null;
  let seen = 0;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    const items = options.limit === undefined ? result.items : result.items.slice(0, options.limit - seen);
    seen += items.length;
    yield items;
    if (result.next === null || result.next === undefined || (options.limit !== undefined && seen >= options.limit)) return;
    cursor = result.next;
  }
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/**
 * Next page number for page-number APIs: from a total-pages count (WooCommerce `X-WP-TotalPages`),
 * a total-items count (Magento `total_count`, Youzan `total_results`), a `has_next` flag, or, lacking
 * all of these, "a full page means there may be more".
 */
export function nextPageNumber(input: {
  page: number;
  pageSize: number;
  received: number;
  totalPages?: number | null;
  totalItems?: number | null;
  hasNext?: boolean | null;
}): number | null {
  if (input.received === 0) return null;
  if (input.hasNext !== undefined && input.hasNext !== null) return input.hasNext ? input.page + 1 : null;
  if (input.totalPages != null) return input.page < input.totalPages ? input.page + 1 : null;
  if (input.totalItems != null) return input.page * input.pageSize < input.totalItems ? input.page + 1 : null;
  return input.received >= input.pageSize ? input.page + 1 : null;
}

/** Opaque cursors for adapters whose platform pages by number: callers see one cursor style. */
export function encodePageCursor(page: number): string {
  return Buffer.from(`p:${page}`).toString('base64url');
}

export function decodePageCursor(cursor: string | null | undefined): number {
  if (!cursor) return 1;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const page = text.startsWith('p:') ? Number(text.slice(2)) : Number.NaN;
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`invalid page cursor: ${cursor}`);
  return page;
}

interface TakeCursor {
  /** The platform's cursor for the page being read (page number, endCursor, next URL). */
  c: string | null;
  /** Items of that page already handed out. */
  s: number;
}

/**
 * Collects `first` items over a platform's fixed-size pages and returns an opaque cursor that can
 * resume mid-page, so a caller asking for 5 orders from a platform paging by 2 gets exactly 5 and
 * can continue without gaps or duplicates, whatever the platform's own cursor style.
 */
export async function takeFromPages<T>(
  first: number,
  after: string | null | undefined,
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; next: string | null; total?: number | null }>,
  options: { maxPages?: number } = {},
): Promise<{ items: T[]; nextCursor: string | null; total: number | null }> {
  let cursor: TakeCursor = after ? decodeTakeCursor(after) : { c: null, s: 0 };
  const items: T[] = [];
  let total: number | null = null;
  for (let pages = 0; pages < (options.maxPages ?? 20); pages++) {
    const page = await fetchPage(cursor.c);
    total = page.total ?? total;
    const available = page.items.slice(cursor.s);
    const taken = available.slice(0, first - items.length);
    items.push(...taken);
    if (taken.length < available.length) return { items, nextCursor: encodeTakeCursor({ c: cursor.c, s: cursor.s + taken.length }), total };
    if (!page.next || page.items.length === 0) return { items, nextCursor: null, total };
    cursor = { c: page.next, s: 0 };
    if (items.length >= first) return { items, nextCursor: encodeTakeCursor(cursor), total };
  }
  return { items, nextCursor: encodeTakeCursor(cursor), total };
}

function encodeTakeCursor(cursor: TakeCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeTakeCursor(text: string): TakeCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as TakeCursor;
    if ((typeof value.c === 'string' || value.c === null) && Number.isInteger(value.s) && value.s >= 0) return value;
  } catch {
    // fall through to the error below
  }
  throw new RangeError(`invalid cursor: ${text}`);
}
