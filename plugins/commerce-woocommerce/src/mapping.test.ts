import { describe, expect, it } from 'vitest';
import { categoryPaths } from './catalog-mapping.js';
import { gmt, normaliseStatus, trackingFromMeta } from './mapping.js';

describe('WooCommerce mapping', () => {
  it('maps every core status, unknown ones to unknown', () => {
    expect(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash', 'custom-x'].map(normaliseStatus)).toEqual([
      'pending_payment',
      'processing',
      'on_hold',
      'completed',
      'cancelled',
      'refunded',
      'pending_payment',
      'cancelled',
      'unknown',
    ]);
  });

  it('reads *_gmt timestamps (no zone) as UTC', () => {
    expect(gmt('2017-03-22T16:28:02')).toBe('2017-03-22T16:28:02.000Z');
    expect(gmt('2017-03-22T16:28:02+02:00')).toBe('2017-03-22T14:28:02.000Z');
    expect(gmt(null)).toBeNull();
  });

  it('reads Shipment Tracking items from order meta, with unix or date ship dates', () => {
    const shipments = trackingFromMeta([{ key: '_wc_shipment_tracking_items', value: [{ custom_tracking_provider: 'Local', tracking_number: 'X1', date_shipped: 1700000000 }] }]);
    expect(shipments).toEqual([{ carrier: 'Local', trackingNumber: 'X1', trackingUrl: null, status: null, shippedAt: '2023-11-14T22:13:20.000Z' }]);
    expect(trackingFromMeta(undefined)).toEqual([]);
  });
});

describe('WooCommerce category paths', () => {
  it('builds root → leaf paths and stops on a parent cycle in bad data', () => {
    const paths = categoryPaths([
      { id: 1, name: '服装', parent: 0 },
      { id: 2, name: '外套', parent: 1 },
      { id: 3, name: '羽绒服', parent: 2 },
      { id: 8, name: 'A', parent: 9 },
      { id: 9, name: 'B', parent: 8 },
    ]);
    expect(paths.get(3)).toEqual(['服装', '外套', '羽绒服']);
    expect(paths.get(8)).toEqual(['B', 'A']);
  });
});
