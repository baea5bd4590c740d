import type { ShopifyCatalogNode, ShopifyCatalogVariantNode, ShopifyCustomerNode, ShopifyOrderNode, ShopifyVariantNode } from '../mapping.js';

export const customers: ShopifyCustomerNode[] = [
  { id: 'gid://shopify/Customer/1', email: 'ann@example.com', phone: '+15550001', displayName: 'Ann Lee', createdAt: '2023-01-01T00:00:00Z' },
  { id: 'gid://shopify/Customer/2', email: 'bob@example.com', phone: null, displayName: 'Bob Roe', createdAt: '2023-02-01T00:00:00Z' },
];

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });

function order(n: number, extra: Partial<ShopifyOrderNode> = {}): ShopifyOrderNode {
  return {
    id: `gid://shopify/Order/${5000 + n}`,
    name: `#${1000 + n}`,
    createdAt: `2024-0${Math.min(n, 9)}-10T08:00:00Z`,
    updatedAt: `2024-0${Math.min(n, 9)}-11T08:00:00Z`,
    email: 'ann@example.com',
    phone: null,
    cancelledAt: null,
    closed: false,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    note: null,
    tags: [],
    customer: { id: 'gid://shopify/Customer/1' },
    totalPriceSet: money('10.00'),
    lineItems: { nodes: [{ sku: 'MUG-1', title: 'Mug', variantTitle: null, quantity: 1, originalUnitPriceSet: money('10.00'), originalTotalSet: money('10.00') }] },
    fulfillments: [],
    shippingAddress: null,
    ...extra,
  };
}

/** Ann's five orders, newest first as Shopify returns them with `reverse: true`. */
export const orders: ShopifyOrderNode[] = [
  order(5),
  order(4, { displayFinancialStatus: 'REFUNDED' }),
  order(3, { cancelledAt: '2024-03-12T00:00:00Z' }),
  order(2, { displayFinancialStatus: 'PENDING' }),
  order(1, {
    displayFulfillmentStatus: 'FULFILLED',
    note: 'Gift wrap',
    tags: ['vip'],
    totalPriceSet: money('59.97'),
    lineItems: {
      nodes: [
        { sku: 'TEE-BLK-XL', title: 'T-shirt', variantTitle: 'Black / XL', quantity: 2, originalUnitPriceSet: money('19.99'), originalTotalSet: money('39.98') },
        { sku: 'CAP-1', title: 'Cap', variantTitle: null, quantity: 1, originalUnitPriceSet: money('19.99'), originalTotalSet: money('19.99') },
      ],
    },
    fulfillments: [
      { status: 'SUCCESS', displayStatus: 'IN_TRANSIT', createdAt: '2024-01-11T09:00:00Z', trackingInfo: [{ company: 'UPS', number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }] },
    ],
    shippingAddress: { name: 'Ann Lee', phone: '+15550001', address1: '1 Main St', address2: null, city: 'Springfield', province: 'IL', zip: '62701', countryCodeV2: 'US' },
  }),
];

export const variants: Array<ShopifyVariantNode & { productId: string }> = [
  { id: 'gid://shopify/ProductVariant/77', productId: 'gid://shopify/Product/7', sku: 'TEE-BLK-XL', title: 'Black / XL', price: '19.99', inventoryQuantity: 4, product: { id: 'gid://shopify/Product/7', title: 'T-shirt' } },
];

/** A product as the fake stores it: every variant, plus the status the catalog query filters on. */
export type ShopifyCatalogFixture = Omit<ShopifyCatalogNode, 'variants'> & { status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED'; variants: ShopifyCatalogVariantNode[] };

const variant = (id: number, sku: string | null, options: Record<string, string>, price: string, stock: number | null): ShopifyCatalogVariantNode => ({
  id: `gid://shopify/ProductVariant/${id}`,
  sku,
  title: Object.values(options).join(' / ') || 'Default Title',
  price,
  inventoryQuantity: stock,
  selectedOptions: Object.keys(options).length ? Object.entries(options).map(([name, value]) => ({ name, value })) : [{ name: 'Title', value: 'Default Title' }],
});

const product = (id: number, extra: Partial<ShopifyCatalogFixture> & { title: string; variants: ShopifyCatalogVariantNode[] }): ShopifyCatalogFixture => ({
  id: `gid://shopify/Product/${id}`,
  vendor: 'Keeper Basics',
  productType: '',
  updatedAt: `2024-05-${String(id % 28 || 1).padStart(2, '0')}T10:00:00Z`,
  category: null,
  status: 'ACTIVE',
  ...extra,
});

/**
 * The shop's catalog: seven active products (one with more variants than a page query carries, one
 * without options, one variant without a SKU code) and a draft that must never be listed.
 */
export const catalog: ShopifyCatalogFixture[] = [
  product(7, {
    title: 'T-shirt',
    productType: 'T-Shirts',
    category: { name: 'T-Shirts', fullName: 'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts' },
    variants: [variant(77, 'TEE-BLK-XL', { Color: 'Black', Size: 'XL' }, '19.99', 4), variant(78, 'TEE-WHT-M', { Color: 'White', Size: 'M' }, '19.99', 0)],
  }),
  product(11, {
    title: '轻暖连帽羽绒服',
    vendor: '北岭/Northridge',
    productType: '羽绒服',
    category: { name: 'Coats & Jackets', fullName: 'Apparel & Accessories > Clothing > Outerwear > Coats & Jackets' },
    updatedAt: '2024-06-01T08:00:00Z',
    variants: [
      variant(1101, 'NR-DJ-PK-L', { 颜色: '樱花粉', 尺码: 'L' }, '599.00', 3),
      variant(1102, 'NR-DJ-PK-XL', { 颜色: '樱花粉', 尺码: 'XL' }, '599.00', 5),
      variant(1103, 'NR-DJ-BK-L', { 颜色: '曜石黑', 尺码: 'L' }, '599.00', 0),
      variant(1104, 'NR-DJ-BK-XL', { 颜色: '曜石黑', 尺码: 'XL' }, '629.00', null),
    ],
  }),
  product(12, { title: 'Mug', productType: 'Mugs', variants: [variant(1201, 'MUG-1', {}, '10.00', 25)] }),
  product(13, { title: 'Socks', variants: [variant(1301, 'SOCK-1', { Size: 'M' }, '5.00', 40), variant(1302, null, { Size: 'L' }, '5.00', 12)] }),
  product(14, { title: 'Cap', status: 'DRAFT', variants: [variant(1401, 'CAP-1', {}, '19.99', 1)] }),
  product(15, { title: 'Hoodie', productType: 'Hoodies', variants: [variant(1501, 'HOOD-M', { Size: 'M', Color: 'Grey' }, '24.95', 7)] }),
  product(16, { title: 'Scarf', vendor: '', variants: [variant(1601, 'SCARF-1', { Colour: 'Red' }, '15.00', 2)] }),
  product(17, { title: 'Water bottle', updatedAt: '2024-06-15T00:00:00Z', variants: [variant(1701, 'BTL-500', { Volume: '500ml' }, '12.50', 9)] }),
];
