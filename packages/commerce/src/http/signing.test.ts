import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacBase64, safeEqual, signHmacSorted, signMd5Sandwich, sortedParamString } from './signing.js';

const params = { method: 'taobao.trades.sold.get', app_key: '12345678', timestamp: '2024-01-01 12:00:00', v: '2.0', sign_method: 'md5', format: 'json', sign: 'ignored', empty: undefined };

describe('signing', () => {
  it('concatenates key+value in ASCII key order without sign or absent values', () => {
    expect(sortedParamString(params)).toBe('app_key12345678formatjsonmethodtaobao.trades.sold.getsign_methodmd5timestamp2024-01-01 12:00:00v2.0');
    // Uppercase sorts before lowercase in ASCII, as TOP/JD/PDD require.
    expect(sortedParamString({ b: 1, B: 2, a: 3 })).toBe('B2a3b1');
  });

  it('md5 sandwich is UPPER(hex(md5(secret+str+secret)))', () => {
    const expected = createHash('md5').update(`secret${sortedParamString(params)}secret`).digest('hex').toUpperCase();
    expect(signMd5Sandwich(params, 'secret')).toBe(expected);
    expect(signMd5Sandwich(params, 'secret')).toMatch(/^[0-9A-F]{32}$/);
    expect(signMd5Sandwich({ ...params, v: '2.1' }, 'secret')).not.toBe(expected);
  });

  it('sorted HMAC supports a path prefix (Lazada) and other algorithms', () => {
    const lazada = signHmacSorted({ app_key: 'k', timestamp: 1 }, 's', { algorithm: 'sha256', prefix: '/orders/get' });
    expect(lazada).toBe(createHmac('sha256', 's').update('/orders/getapp_keyktimestamp1').digest('hex').toUpperCase());
  });

  it('webhook base64 HMAC and constant-time compare', () => {
    const sig = hmacBase64('whsec', Buffer.from('{"id":1}'));
    expect(sig).toBe(createHmac('sha256', 'whsec').update('{"id":1}').digest('base64'));
    expect(safeEqual(sig, sig)).toBe(true);
    expect(safeEqual(sig, `${sig}x`)).toBe(false);
    expect(safeEqual(sig, undefined)).toBe(false);
  });
});
