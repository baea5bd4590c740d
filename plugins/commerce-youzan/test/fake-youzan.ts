import { type FakeRequest, FakeServer, pageSlice } from '@keeper/commerce/testing';
import type { YouzanFullOrderInfo } from '../src/mapping.js';

export const CLIENT_ID = 'yz_client_id_fake';
export const CLIENT_SECRET = 'yz_client_secret_0123456789';
export const GRANT_ID = '44001122';

function info(tid: string, created: string, extra: Partial<YouzanFullOrderInfo['order_info']> = {}, more: Partial<YouzanFullOrderInfo> = {}): YouzanFullOrderInfo {
  return {
    order_info: { tid, status: 'WAIT_SELLER_SEND_GOODS', status_str: '待发货', created, update_time: created, ...extra },
    buyer_info: { buyer_id: 9001, buyer_phone: '13800138000', fans_nickname: '小李' },
    pay_info: { payment: '99.00', total_fee: '99.00', post_fee: '0.00' },
    address_info: { receiver_name: '李雷', receiver_tel: '13800138000', delivery_province: '浙江省', delivery_city: '杭州市', delivery_district: '西湖区', delivery_address: '文三路 1 号' },
    orders: [{ oid: `${tid}-1`, title: '保温杯', num: 1, price: '99.00', payment: '99.00', outer_sku_id: 'CUP-500' }],
    ...more,
  };
}

/** Buyer 9001 has five trades, newest first. E20240105 has shipped. */
export const trades: YouzanFullOrderInfo[] = [
  info('E20240205000000000000005', '2024-02-05 10:00:00'),
  info('E20240204000000000000004', '2024-02-04 10:00:00', { status: 'TRADE_CLOSED', status_str: '交易关闭' }),
  info('E20240203000000000000003', '2024-02-03 10:00:00', { status: 'WAIT_BUYER_PAY', status_str: '待付款' }),
  info('E20240202000000000000002', '2024-02-02 10:00:00', { status: 'TRADE_SUCCESS', status_str: '交易成功' }),
  info(
    'E20240105000000000000001',
    '2024-01-05 08:30:00',
    { status: 'WAIT_BUYER_CONFIRM_GOODS', status_str: '已发货', consign_time: '2024-01-06 09:00:00' },
    {
      pay_info: { payment: 258.5 },
      orders: [
        { oid: 1, title: '保温杯', num: 2, price: '99.00', payment: '198.00', outer_sku_id: 'CUP-500', sku_properties_name: '颜色:黑色' },
        { oid: 2, title: '杯套', num: 1, price: 60.5, payment: 60.5, outer_item_id: 'SLEEVE' },
      ],
      remark_info: { buyer_message: '请尽快发货' },
    },
  ),
];

const deliveries: Record<string, unknown> = {
  E20240105000000000000001: [{ dist_order_DTOs: [{ dist_id: 'D1', express_info: { express_id: 1, express_name: '顺丰速运', express_no: 'SF1234567890123' }, create_time: '2024-01-06 09:00:00' }] }],
};

const ok = (data: unknown) => ({ body: { success: true, code: 200, message: 'successful', data, trace_id: 'trace-fake' } });
const gwError = (code: number, msg: string) => ({ body: { gw_err_resp: { err_code: code, err_msg: msg, trace_id: 'trace-fake' } } });

/**
 * A fake Youzan Cloud gateway: silent token flow, token checked on every call (gw_err_resp 4201),
 * the v4 envelope, page_no/page_size paging with total_results, and 4101 throttling in HTTP 200.
 */
export async function fakeYouzan(limit: { capacity: number; refillPerSecond: number }): Promise<FakeServer & { revokeTokens(): void }> {
  let issued = 0;
  const valid = new Set<string>();
  const requireToken = (req: FakeRequest) => (valid.has(req.query.get('access_token') ?? '') ? null : gwError(4201, 'access_token 无效'));
  const server = new FakeServer({
    rateLimit: { ...limit, reject: () => ({ body: { success: false, code: 4101, message: '请求太频繁', trace_id: 'trace-fake' } }) },
    routes: [
      {
        method: 'POST',
        path: '/auth/token',
        handler: (req) => {
          const b = req.body as Record<string, unknown>;
          if (b.authorize_type !== 'silent' || b.client_id !== CLIENT_ID || b.client_secret !== CLIENT_SECRET || b.grant_id !== GRANT_ID) {
            return { body: { success: false, code: 40001, message: 'client_id 或 client_secret 错误' } };
          }
          const token = `yz_token_${++issued}_abcdef`;
          valid.add(token);
          return ok({ access_token: token, expires: Date.now() + 7 * 86_400_000, scope: 'trade', authority_id: GRANT_ID });
        },
      },
      {
        method: 'POST',
        path: '/api/youzan.trades.sold.get/4.0.4',
        handler: (req) => {
          const bad = requireToken(req);
          if (bad) return bad;
          const b = req.body as Record<string, unknown>;
          const matches = trades.filter(
            (t) =>
              (b.tid === undefined || t.order_info.tid === b.tid) &&
              (b.buyer_id === undefined || String(t.buyer_info?.buyer_id) === String(b.buyer_id)) &&
              (b.receiver_phone === undefined || t.address_info?.receiver_tel === b.receiver_phone),
          );
          const slice = pageSlice(matches, Number(b.page_no ?? 1), Number(b.page_size ?? 20));
          return ok({ total_results: slice.total, full_order_info_list: slice.items.map((full_order_info) => ({ full_order_info })) });
        },
      },
      {
        method: 'POST',
        path: '/api/youzan.trade.get/4.0.0',
        handler: (req) => {
          const bad = requireToken(req);
          if (bad) return bad;
          const tid = (req.body as { tid?: string }).tid ?? '';
          const t = trades.find((x) => x.order_info.tid === tid);
          return t ? ok({ full_order_info: t, delivery_order: deliveries[tid] ?? [] }) : { body: { success: false, code: 50001, message: '订单不存在' } };
        },
      },
    ],
  });
  await server.start();
  return Object.assign(server, { revokeTokens: () => valid.clear() });
}

