import { hmacHex } from '@keeper/commerce';

/** A Kontor ERP order-change callback, signed `sha256=<hex>` over the raw body, plus a tampered copy. */
export function kontorDelivery(secret: string) {
  const rawBody = Buffer.from(JSON.stringify({ ereignis: 'AUFTRAG_GEAENDERT', auftrag: { auftragsId: 77001, belegNr: 'AB-2024-0001', zustand: 'ZUGESTELLT', kunde: { nr: 'K-100' } } }));
  const headers = { 'x-kontor-signatur': `sha256=${hmacHex(secret, rawBody)}` };
  return { valid: { headers, rawBody }, tampered: { headers, rawBody: Buffer.from(rawBody.toString().replace('ZUGESTELLT', 'STORNIERT')) }, orderId: '77001' };
}
