import { type Customer, fromMinorUnits, type Money, type Order, type Shipment, type Sku, toMoney } from '@keeper/commerce';
import type { FieldSpec, RestConfig } from './config.js';
import { queryAll, queryOne } from './json-path.js';

type Mapping = RestConfig['mapping'];

/** Reads one mapped field: a path, several paths joined by spaces, or a constant. */
export function readField(record: unknown, spec: FieldSpec | undefined): unknown {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return queryOne(record, spec);
  if (Array.isArray(spec)) {
    const parts = spec.map((p) => queryOne(record, p)).filter((v) => v !== undefined && v !== null && v !== '');
    return parts.length ? parts.map(String).join(' ') : undefined;
  }
  return spec.const;
}

export function text(record: unknown, spec: FieldSpec | undefined): string | null {
  const value = readField(record, spec);
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function count(record: unknown, spec: FieldSpec | undefined): number | null {
  const value = readField(record, spec);
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** ERP timestamps → ISO-8601 UTC, per the configured format. Unparseable values become null, not a wrong date. */
export function readTime(value: unknown, format: Mapping['time']): string | null {
  if (value === undefined || value === null || value === '') return null;
  let date: Date;
  if (format === 'epoch-seconds') date = new Date(Number(value) * 1000);
  else if (format === 'epoch-millis') date = new Date(Number(value));
  else if (format === 'iso') date = new Date(String(value));
  else {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)/.exec(String(value));
    date = m ? new Date(`${m[1]}T${m[2]}${format.utcOffset}`) : new Date(Number.NaN);
  }
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function money(record: unknown, amountSpec: FieldSpec | undefined, currency: string | null, mapping: Mapping): Money | null {
  const amount = readField(record, amountSpec);
  if (amount === undefined || amount === null || amount === '' || !currency) return null;
  if (mapping.money === 'minor') return fromMinorUnits(String(amount), currency);
  return toMoney(typeof amount === 'number' ? amount : String(amount), currency);
}

/** The inverse of `readTime`: an instant in the ERP's own format, for filters such as `{updatedSince}`. */
export function writeTime(iso: string, format: Mapping['time']): string {
  const date = new Date(iso);
  if (format === 'epoch-seconds') return String(Math.floor(date.getTime() / 1000));
  if (format === 'epoch-millis') return String(date.getTime());
  if (format === 'iso') return date.toISOString();
  const sign = format.utcOffset.startsWith('-') ? -1 : 1;
  const [h, m] = format.utcOffset.slice(1).split(':').map(Number);
  const local = new Date(date.getTime() + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

export function mapOrder(system: string, record: unknown, mapping: Mapping): Order {
  const m = mapping.order;
  const id = text(record, m.id);
  if (!id) throw new TypeError(`order record without an id at ${JSON.stringify(m.id)}`);
  const currency = text(record, m.currency);
  const rawStatus = text(record, m.status) ?? '';
  const shipment = m.shipment;
  const shipments: Shipment[] = m.shipments
    ? queryAll(record, m.shipments).map((s) => ({
        carrier: text(s, shipment?.carrier),
        trackingNumber: text(s, shipment?.trackingNumber),
        trackingUrl: text(s, shipment?.trackingUrl),
        status: text(s, shipment?.status),
        shippedAt: readTime(readField(s, shipment?.shippedAt), mapping.time),
      }))
    : [];
  const tags = m.tags ? queryAll(record, m.tags).map(String) : [];
  return {
    system,
    externalId: id,
    number: text(record, m.number) ?? id,
    status: mapping.statusMap[rawStatus] ?? 'unknown',
    rawStatus,
    placedAt: readTime(readField(record, m.placedAt), mapping.time),
    updatedAt: readTime(readField(record, m.updatedAt), mapping.time),
    customerExternalId: text(record, m.customerId),
    email: text(record, m.email),
    phone: text(record, m.phone),
    total: money(record, m.total, currency, mapping),
    lineItems:
      m.items && m.item
        ? queryAll(record, m.items).map((line) => ({
            sku: text(line, m.item?.sku),
            title: text(line, m.item?.title) ?? '',
            quantity: count(line, m.item?.quantity) ?? 0,
            unitPrice: money(line, m.item?.unitPrice, currency, mapping),
            total: money(line, m.item?.total, currency, mapping),
            variant: text(line, m.item?.variant),
          }))
        : [],
    shipments,
    shippingAddress: null,
    note: text(record, m.note),
    tags,
    adminUrl: text(record, m.adminUrl),
  };
}

export function mapCustomer(system: string, record: unknown, mapping: Mapping): Customer {
  const c = mapping.customer;
  if (!c) throw new TypeError('mapping.customer is required for customer endpoints');
  const id = text(record, c.id);
  if (!id) throw new TypeError('customer record without an id');
  return { system, externalId: id, email: text(record, c.email), phone: text(record, c.phone), name: text(record, c.name), createdAt: readTime(readField(record, c.createdAt), mapping.time) };
}

export function mapSku(system: string, record: unknown, mapping: Mapping): Sku {
  const s = mapping.sku;
  if (!s) throw new TypeError('mapping.sku is required for skusBySku');
  return {
    system,
    externalId: text(record, s.id) ?? '',
    sku: text(record, s.sku) ?? '',
    title: text(record, s.title) ?? '',
    productTitle: text(record, s.productTitle),
    price: money(record, s.price, text(record, s.currency), mapping),
    inventory: count(record, s.inventory),
  };
}
