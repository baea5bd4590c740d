/** Pagination helpers fake servers use to serve fixture arrays the way each platform pages. */

export function pageSlice<T>(items: readonly T[], page: number, perPage: number): { items: T[]; total: number; totalPages: number } {
  const start = (Math.max(1, page) - 1) * perPage;
  return { items: items.slice(start, start + perPage), total: items.length, totalPages: Math.max(1, Math.ceil(items.length / perPage)) };
}

/** Opaque offset cursors, like Shopify's `endCursor`. */
export function cursorSlice<T>(items: readonly T[], after: string | null | undefined, first: number): { items: T[]; endCursor: string | null; hasNextPage: boolean } {
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
  const slice = items.slice(start, start + first);
  const end = start + slice.length;
  return { items: slice, endCursor: slice.length ? Buffer.from(`o:${end}`).toString('base64url') : null, hasNextPage: end < items.length };
}

/** An RFC 8288 Link header for page-number APIs (WooCommerce style). */
export function pageLinkHeader(baseUrl: string, path: string, query: URLSearchParams, page: number, totalPages: number): string | undefined {
  const links: string[] = [];
  const make = (p: number, rel: string) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    links.push(`<${baseUrl}${path}?${q.toString()}>; rel="${rel}"`);
  };
  if (page > 1) make(page - 1, 'prev');
  if (page < totalPages) make(page + 1, 'next');
  return links.length ? links.join(', ') : undefined;
}
