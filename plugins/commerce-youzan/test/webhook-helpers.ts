import { md5Hex } from '@keeper/commerce';

/** A Youzan trade push as the gateway sends it, plus a copy whose msg was changed after signing. */
export function youzanPush(clientId: string, secret: string) {
  const msg = encodeURIComponent(JSON.stringify({ tid: 'E20240105000000000000001', status: 'WAIT_BUYER_CONFIRM_GOODS', buyer_id: 9001 }));
  const body = { client_id: clientId, kdt_id: 44001122, type: 'trade_TradeSellerShip', status: 'WAIT_BUYER_CONFIRM_GOODS', msg, sign: md5Hex(`${clientId}${msg}${secret}`), test: false };
  const rawBody = Buffer.from(JSON.stringify(body));
  const headers = { 'event-sign': body.sign, 'event-type': body.type, 'client-id': clientId };
  const tamperedMsg = encodeURIComponent(JSON.stringify({ tid: 'E20240105000000000000001', status: 'TRADE_CLOSED', buyer_id: 9001 }));
  return { valid: { headers, rawBody }, tampered: { headers, rawBody: Buffer.from(JSON.stringify({ ...body, msg: tamperedMsg })) }, orderId: 'E20240105000000000000001' };
}

