import { describe, expect, it } from 'vitest';
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
