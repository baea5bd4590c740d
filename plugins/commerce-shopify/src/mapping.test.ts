import { describe, expect, it } from 'vitest';
import { normaliseStatus, searchValue, toGid } from './mapping.js';

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
