import { FakeServer, type FakeRequest, pageLinkHeader, pageSlice } from '@keeper/commerce/testing';
import type { WooCatalogProduct, WooCategory, WooVariation } from '../src/catalog-mapping.js';
import type { WooCustomer, WooOrder } from '../src/mapping.js';

export const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
export const SECRET = 'cs_fedcba9876543210fedcba9876543210fedcba98';

const API = '/wp-json/wc/v3';

const customers: WooCustomer[] = [
  { id: 11, email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee', date_created_gmt: '2023-01-01T10:00:00', billing: { phone: '+15550001' } },
  { id: 12, email: 'bob@example.com', first_name: 'Bob', last_name: 'Roe', date_created_gmt: '2023-02-01T10:00:00' },
];

function order(id: number, extra: Partial<WooOrder> = {}): WooOrder {
  return {
    id,
    number: String(id),
    status: 'processing',
    currency: 'EUR',
    date_created_gmt: `2024-01-${String(30 - (id % 30)).padStart(2, '0')}T10:00:00`,
    date_modified_gmt: null,
    total: '12.00',
    customer_id: 11,
    billing: { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', phone: '+15550001' },
    line_items: [{ id: id * 10, name: 'Mug', quantity: 1, sku: 'MUG-1', price: 12, subtotal: '12.00', total: '12.00' }],
    meta_data: [],
    ...extra,
  };
}

/** Ann has seven orders (ids 101–107), newest first; 200 is a guest order with Ann's email. */
export const orders: WooOrder[] = [
  ...[107, 106, 105, 104, 103, 102].map((id) => order(id)),
  order(101, {
    status: 'completed',
    total: '59.90',
    customer_note: 'Leave at the door',
    shipping: { first_name: 'Ann', last_name: 'Lee', address_1: 'Hauptstr. 1', city: 'Berlin', postcode: '10115', country: 'DE' },
    line_items: [
      { id: 1, name: 'Hoodie', quantity: 2, sku: 'HOOD-M', price: 24.95, subtotal: '49.90', total: '49.90', meta_data: [{ display_key: 'Size', display_value: 'M' }] },
      { id: 2, name: 'Socks', quantity: 1, sku: 'SOCK-1', price: '10.00', subtotal: '10.00', total: '10.00' },
    ],
    meta_data: [{ key: '_wc_shipment_tracking_items', value: [{ tracking_provider: 'DHL', tracking_number: 'JD014600006281234567', tracking_link: 'https://www.dhl.de/track?id=JD014600006281234567', date_shipped: '2024-01-25' }] }],
  }),
  order(200, { customer_id: 0, billing: { email: 'ann@example.com' } }),
];

export const categories: WooCategory[] = [
  { id: 30, name: '服装', parent: 0 },
  { id: 32, name: '外套', parent: 30 },
  { id: 31, name: '羽绒服', parent: 32 },
  { id: 22, name: 'Hoodies', parent: 30 },
  { id: 40, name: 'Home', parent: 0 },
];

type FakeProduct = WooCatalogProduct & { status: string };

const simple = (id: number, name: string, extra: Partial<FakeProduct> = {}): FakeProduct => ({
  id, name, type: 'simple', status: 'publish', sku: '', price: '9.90', stock_quantity: null, date_modified_gmt: '2024-05-01T10:00:00', categories: [{ id: 40, name: 'Home' }], ...extra,
});

/** Seven published products (variable, simple, grouped, one without a SKU code) and a draft. */
export const catalogProducts: FakeProduct[] = [
  simple(501, 'Hoodie', {
    sku: 'HOOD-M', price: '24.95', stock_quantity: 7, categories: [{ id: 22, name: 'Hoodies' }], brands: [{ id: 3, name: 'Keeper Basics' }],
    attributes: [{ id: 1, name: 'Size', variation: false, options: ['M'] }, { id: 0, name: 'Material', variation: false, options: ['Cotton', 'Polyester'] }],
  }),
  {
    id: 510, name: '连帽羽绒服', type: 'variable', status: 'publish', sku: 'NR-DJ', price: '599', stock_quantity: null, date_modified_gmt: '2024-06-01T08:00:00',
    categories: [{ id: 30, name: '服装' }, { id: 31, name: '羽绒服' }],
    attributes: [{ id: 2, name: '颜色', variation: true, options: ['樱花粉', '曜石黑'] }, { id: 3, name: '尺码', variation: true, options: ['L', 'XL'] }, { id: 0, name: '品牌', variation: false, options: ['北岭'] }],
    variations: [511, 512, 513, 514],
  },
  simple(520, 'Gift set', { type: 'grouped', price: '' }),
  simple(530, 'Socks', { price: '5.00', stock_quantity: 40 }),
  simple(535, 'Draft kettle', { status: 'draft', sku: 'KETTLE-1' }),
  simple(550, 'Mug', { sku: 'MUG-1', price: '10.00', stock_quantity: 25 }),
  simple(560, 'Cap', { sku: 'CAP-1', price: '19.99', date_modified_gmt: '2024-06-15T00:00:00' }),
  simple(570, 'Scarf', { sku: 'SCARF-1', price: '15.00', attributes: [{ id: 0, name: 'Colour', variation: false, options: ['Red'] }] }),
];

const variation = (id: number, sku: string, colour: string, size: string | null, price: string, stock: number | null, status = 'publish'): WooVariation => ({
  id, sku, price, stock_quantity: stock, status,
  attributes: [{ id: 2, name: '颜色', option: colour }, ...(size ? [{ id: 3, name: '尺码', option: size }] : [])],
});

export const variations: Record<number, WooVariation[]> = {
  510: [
    variation(511, 'NR-DJ-PK-L', '樱花粉', 'L', '599.00', 3),
    variation(512, 'NR-DJ-PK-XL', '樱花粉', 'XL', '599.00', 5),
    // "Any size" in black: the variation leaves the size out.
    variation(513, 'NR-DJ-BK', '曜石黑', null, '629.00', null),
    variation(514, 'NR-DJ-OLD', '曜石黑', 'L', '499.00', 0, 'private'),
  ],
};

const listHeaders = (url: string, req: FakeRequest, page: number, slice: { total: number; totalPages: number }) => {
  const link = pageLinkHeader(url, req.path, req.query, page, slice.totalPages);
  return { 'x-wp-total': String(slice.total), 'x-wp-totalpages': String(slice.totalPages), ...(link ? { link } : {}) };
};

function listProducts(url: string, req: FakeRequest) {
  const sku = req.query.get('sku');
  if (sku !== null) return { body: catalogProducts.filter((p) => p.sku === sku) };
  const status = req.query.get('status');
  const since = req.query.get('modified_after');
  const matches = catalogProducts
    .filter((p) => (!status || status === 'any' || p.status === status) && (!since || (p.date_modified_gmt ?? '') >= since))
    .sort((a, b) => (req.query.get('orderby') === 'id' ? a.id - b.id : 0) * (req.query.get('order') === 'desc' ? -1 : 1));
  const page = Number(req.query.get('page') ?? 1);
  const slice = pageSlice(matches, page, Number(req.query.get('per_page') ?? 10));
  return { headers: listHeaders(url, req, page, slice), body: slice.items };
}

function listPaged<T>(url: string, req: FakeRequest, items: T[]) {
  const page = Number(req.query.get('page') ?? 1);
  const slice = pageSlice(items, page, Number(req.query.get('per_page') ?? 10));
  return { headers: listHeaders(url, req, page, slice), body: slice.items };
}

const wooError = (status: number, code: string, message: string) => ({ status, body: { code, message, data: { status } } });

function authorised(req: FakeRequest): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${KEY}:${SECRET}`;
  return req.query.get('consumer_key') === KEY && req.query.get('consumer_secret') === SECRET;
}

/** A fake WooCommerce site: Basic/query auth, page/per_page with X-WP-Total(Pages) and Link, 429 from the "host". */
export function fakeWoo(limit: { capacity: number; refillPerSecond: number }): Promise<FakeServer> {
  const server: FakeServer = new FakeServer({
    auth: (req) => (authorised(req) ? null : wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')),
    rateLimit: {
      ...limit,
      reject: (_req, retryAfterMs) => ({ status: 429, headers: { 'retry-after': (retryAfterMs / 1000).toFixed(2) }, body: '<html>429 Too Many Requests</html>' }),
    },
    routes: [
      { method: 'GET', path: `${API}/customers`, handler: (req) => ({ body: customers.filter((c) => c.email === req.query.get('email')) }) },
      {
        method: 'GET',
        path: `${API}/customers/:id`,
        handler: (req) => {
          const c = customers.find((x) => String(x.id) === req.params.id);
          return c ? { body: c } : wooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
        },
      },
      {
        method: 'GET',
        path: `${API}/orders`,
        handler: (req) => {
          const customer = req.query.get('customer');
          const search = req.query.get('search');
          const matches = orders.filter((o) => (customer !== null ? String(o.customer_id) === customer : search ? JSON.stringify(o).includes(search) : true));
          const page = Number(req.query.get('page') ?? 1);
          const perPage = Number(req.query.get('per_page') ?? 10);
          const slice = pageSlice(matches, page, perPage);
          const link = pageLinkHeader(server.url, req.path, req.query, page, slice.totalPages);
          return { headers: { 'x-wp-total': String(slice.total), 'x-wp-totalpages': String(slice.totalPages), ...(link ? { link } : {}) }, body: slice.items };
        },
      },
      {
        method: 'GET',
        path: `${API}/orders/:id`,
        handler: (req) => {
          const o = orders.find((x) => String(x.id) === req.params.id);
          return o ? { body: o } : wooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
        },
      },
      {
        method: 'POST',
        path: `${API}/orders/:id/notes`,
        handler: (req) => ({ status: 201, body: { id: 9001, note: (req.body as { note: string }).note, customer_note: false, date_created_gmt: '2024-02-01T00:00:00' } }),
      },
      { method: 'GET', path: `${API}/products`, handler: (req) => listProducts(server.url, req) },
      { method: 'GET', path: `${API}/products/categories`, handler: (req) => listPaged(server.url, req, categories) },
      {
        method: 'GET',
        path: `${API}/products/:id/variations`,
        handler: (req) => {
          const list = variations[Number(req.params.id)];
          return list ? listPaged(server.url, req, list) : wooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
        },
      },
      { method: 'GET', path: `${API}/settings/general/woocommerce_currency`, handler: () => ({ body: { id: 'woocommerce_currency', value: 'EUR' } }) },
    ],
  });
  return server.start();
}
