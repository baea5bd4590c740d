import { describe, expect, it } from 'vitest';
import { collect, decodePageCursor, encodePageCursor, nextPageNumber, paginate, parseLinkHeader, takeFromPages } from './pagination.js';

describe('pagination helpers', () => {
  it('parses Shopify/Woo Link headers', () => {
    const header =
      '<https://shop.myshopify.com/admin/api/2024-10/orders.json?limit=2&page_info=abc>; rel="previous", <https://shop.myshopify.com/admin/api/2024-10/orders.json?limit=2&page_info=def>; rel="next"';
    const links = parseLinkHeader(header);
    expect(links.next).toContain('page_info=def');
    expect(links.previous).toContain('page_info=abc');
    expect(parseLinkHeader(null)).toEqual({});
  });

  it('computes the next page from whichever total the platform gives', () => {
    expect(nextPageNumber({ page: 1, pageSize: 10, received: 10, totalPages: 2 })).toBe(2);
    expect(nextPageNumber({ page: 2, pageSize: 10, received: 5, totalPages: 2 })).toBeNull();
    expect(nextPageNumber({ page: 1, pageSize: 10, received: 10, totalItems: 10 })).toBeNull();
    expect(nextPageNumber({ page: 1, pageSize: 10, received: 10, hasNext: true })).toBe(2);
    expect(nextPageNumber({ page: 3, pageSize: 10, received: 10 })).toBe(4);
    expect(nextPageNumber({ page: 3, pageSize: 10, received: 0, totalPages: 9 })).toBeNull();
  });

  it('paginate follows cursors and stops at limit and maxPages', async () => {
    const pages = ['a', 'b', 'c'];
    const fetchPage = async (cursor: number | null) => {
      const i = cursor ?? 0;
      return { items: [pages[i]!, `${pages[i]}2`], next: i + 1 < pages.length ? i + 1 : null };
    };
    expect(await collect(paginate(fetchPage))).toEqual(['a', 'a2', 'b', 'b2', 'c', 'c2']);
    expect(await collect(paginate(fetchPage, { limit: 3 }))).toEqual(['a', 'a2', 'b']);
    expect(await collect(paginate(fetchPage, { maxPages: 1 }))).toEqual(['a', 'a2']);
  });

  it('page cursors round-trip and reject junk', () => {
    expect(decodePageCursor(encodePageCursor(7))).toBe(7);
    expect(decodePageCursor(null)).toBe(1);
    expect(() => decodePageCursor('bogus')).toThrow(/invalid page cursor/);
  });
});

describe('takeFromPages', () => {
  const data = Array.from({ length: 7 }, (_, i) => i);
  const fetchPage = async (cursor: string | null) => {
    const page = cursor ? Number(cursor) : 1;
    const items = data.slice((page - 1) * 3, page * 3);
    return { items, next: page * 3 < data.length ? String(page + 1) : null, total: data.length };
  };

  it('collects across pages and resumes mid-page without gaps or duplicates', async () => {
    const first = await takeFromPages(4, null, fetchPage);
    expect(first.items).toEqual([0, 1, 2, 3]);
    expect(first.total).toBe(7);
    const rest = await takeFromPages(10, first.nextCursor, fetchPage);
    expect(rest.items).toEqual([4, 5, 6]);
    expect(rest.nextCursor).toBeNull();
  });

  it('stops exactly at a page boundary with a cursor to the next page', async () => {
    const first = await takeFromPages(3, null, fetchPage);
    expect(first.items).toEqual([0, 1, 2]);
    expect((await takeFromPages(3, first.nextCursor, fetchPage)).items).toEqual([3, 4, 5]);
  });

  it('rejects a forged cursor', async () => {
    await expect(takeFromPages(3, 'nope', fetchPage)).rejects.toThrow(/invalid cursor/);
  });
});
