/**
 * Decimal-string money helpers. All arithmetic is on BigInt minor units so "0.1" + "0.2" is "0.30",
 * not 0.30000000000000004.
 */
import type { Money } from './model.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Currencies whose minor unit is not 2 digits (ISO 4217); extend when a platform needs another. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/**
 * Normalises what a platform sent ("12.5", 12.5, "12") into a decimal string with the currency's
 * number of fraction digits. A JS number from JSON is converted through its shortest decimal text, which
 * is exactly what the platform wrote on the wire.
 */
export function toMoney(amount: string | number | null | undefined, currency: string | null | undefined): Money | null {
  if (amount === null || amount === undefined || amount === '' || !currency) return null;
  const text = typeof amount === 'number' ? numberToDecimal(amount) : amount.trim();
  if (!DECIMAL.test(text)) throw new TypeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const exp = currencyExponent(currency);
  return { amount: formatMinor(parseToMinor(text, exp), exp), currency: currency.toUpperCase() };
}

/** Money from integer minor units (Square, Stripe-style): 1250 USD → "12.50". */
export function fromMinorUnits(minor: number | string | bigint, currency: string): Money {
  const value = typeof minor === 'bigint' ? minor : BigInt(typeof minor === 'number' ? Math.trunc(minor) : minor);
  const exp = currencyExponent(currency);
  return { amount: formatMinor(value, exp), currency: currency.toUpperCase() };
}

export function toMinorUnits(money: Money): bigint {
  return parseToMinor(money.amount, currencyExponent(money.currency));
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new TypeError(`cannot add ${a.currency} and ${b.currency}`);
  return fromMinorUnits(toMinorUnits(a) + toMinorUnits(b), a.currency);
}

export function multiplyMoney(a: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new TypeError('quantity must be an integer');
  return fromMinorUnits(toMinorUnits(a) * BigInt(quantity), a.currency);
}

function numberToDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`not a finite amount: ${n}`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Exponent form only appears for very large/small numbers; toFixed(10) is exact enough for money.
  return n.toFixed(10).replace(/\.?0+$/, '');
}

function parseToMinor(text: string, exp: number): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = (fraction + '0'.repeat(exp + 1)).slice(0, exp + 1);
  let minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt(padded.slice(0, exp) || '0');
  // Round half away from zero on the first dropped digit.
  if (Number(padded[exp] ?? '0') >= 5) minor += 1n;
  return negative ? -minor : minor;
}

function formatMinor(minor: bigint, exp: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(exp + 1, '0');
  const text = exp === 0 ? abs : `${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
  return negative ? `-${text}` : text;
}
