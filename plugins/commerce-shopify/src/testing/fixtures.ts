import type { ShopifyCustomerNode, ShopifyOrderNode, ShopifyVariantNode } from '../mapping.js';

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
