import { describe, expect, it } from 'vitest';
import { addMoney, fromMinorUnits, multiplyMoney, toMinorUnits, toMoney } from './money.js';

describe('money', () => {
  it('normalises strings and numbers to the currency precision', () => {
    expect(toMoney('12.5', 'usd')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(toMoney(12.5, 'CNY')).toEqual({ amount: '12.50', currency: 'CNY' });
    expect(toMoney('1000', 'JPY')).toEqual({ amount: '1000', currency: 'JPY' });
    expect(toMoney('0.125', 'USD')).toEqual({ amount: '0.13', currency: 'USD' });
    expect(toMoney('-3.1', 'EUR')).toEqual({ amount: '-3.10', currency: 'EUR' });
    expect(toMoney(null, 'USD')).toBeNull();
  });

  it('adds exactly where floats would not', () => {
    const sum = addMoney(toMoney('0.1', 'USD')!, toMoney('0.2', 'USD')!);
    expect(sum.amount).toBe('0.30');
    expect(multiplyMoney(toMoney('19.99', 'USD')!, 3).amount).toBe('59.97');
  });

  it('converts minor units both ways', () => {
    expect(fromMinorUnits(1250, 'USD')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(fromMinorUnits('5', 'USD').amount).toBe('0.05');
    expect(fromMinorUnits(-5, 'KWD').amount).toBe('-0.005');
    expect(toMinorUnits({ amount: '12.50', currency: 'USD' })).toBe(1250n);
  });

  it('refuses garbage and mixed currencies', () => {
    expect(() => toMoney('12,50', 'EUR')).toThrow(/decimal/);
    expect(() => addMoney(toMoney('1', 'USD')!, toMoney('1', 'EUR')!)).toThrow(/cannot add/);
  });
});
