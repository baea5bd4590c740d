import { describe, expect, it } from 'vitest';
import { catalogCategory, mapCatalogVariant, normaliseStatus, searchValue, toGid } from './mapping.js';

describe('Shopify status normalisation', () => {
  const base = { cancelledAt: null, closed: false, displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'UNFULFILLED', fulfillments: [] };
  it.each([
    [{}, 'paid'],
    [{ displayFinancialStatus: 'PENDING' }, 'pending_payment'],
    [{ cancelledAt: '2024-01-01T00:00:00Z', displayFulfillmentStatus: 'FULFILLED' }, 'cancelled'],
    [{ displayFinancialStatus: 'REFUNDED' }, 'refunded'],
    [{ displayFulfillmentStatus: 'PARTIALLY_FULFILLED' }, 'partially_shipped'],
    [{ displayFulfillmentStatus: 'FULFILLED' }, 'shipped'],
    [{ displayFulfillmentStatus: 'FULFILLED', closed: true }, 'completed'],
    [{ displayFulfillmentStatus: 'FULFILLED', fulfillments: [{ displayStatus: 'DELIVERED' }] }, 'delivered'],
    [{ displayFulfillmentStatus: 'ON_HOLD' }, 'on_hold'],
    [{ displayFinancialStatus: 'SOMETHING_NEW' }, 'unknown'],
  ])('%o → %s', (patch, expected) => {
    expect(normaliseStatus({ ...base, ...patch })).toBe(expected);
  });

  it('builds GIDs and quotes search values', () => {
    expect(toGid('Order', '123')).toBe('gid://shopify/Order/123');
    expect(toGid('Order', 'gid://shopify/Order/9')).toBe('gid://shopify/Order/9');
    expect(searchValue('a"b@c.com')).toBe('"a\\"b@c.com"');
  });
});

describe('Shopify catalog mapping', () => {
  it('puts the shop\'s own product type under the taxonomy path, without repeating the leaf', () => {
    expect(catalogCategory({ category: { name: 'Coats', fullName: 'Apparel > Outerwear > Coats' }, productType: '羽绒服' })).toEqual(['Apparel', 'Outerwear', 'Coats', '羽绒服']);
    expect(catalogCategory({ category: { name: 'Coats', fullName: 'Apparel > Outerwear > Coats' }, productType: 'coats' })).toEqual(['Apparel', 'Outerwear', 'Coats']);
    expect(catalogCategory({ category: null, productType: 'Mugs' })).toEqual(['Mugs']);
    expect(catalogCategory({ category: null, productType: '' })).toEqual([]);
  });

  it('keeps real options as attributes and drops the Default Title placeholder', () => {
    const sku = mapCatalogVariant('s', { id: 'gid://shopify/ProductVariant/1', sku: ' A-1 ', title: 'Pink / XL', price: '9.90', inventoryQuantity: 2, selectedOptions: [{ name: 'Color ', value: 'Pink' }, { name: 'Size', value: 'XL' }] }, 'CNY');
    expect(sku).toEqual({ system: 's', externalId: 'gid://shopify/ProductVariant/1', sku: 'A-1', title: 'Pink / XL', attributes: { Color: 'Pink', Size: 'XL' }, price: { amount: '9.90', currency: 'CNY' }, inventory: 2 });
    const plain = mapCatalogVariant('s', { id: 'v2', sku: '', title: 'Default Title', price: null, selectedOptions: [{ name: 'Title', value: 'Default Title' }] }, 'CNY');
    expect(plain).toMatchObject({ sku: 'v2', title: null, attributes: {}, price: null, inventory: null });
  });
});
