import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { currencyOf, formatAmount, parseAmount, parseRate, type AmountConvention } from './amounts.js';

describe('parseAmount', () => {
  it.each([
    ['1,234.56', 123456],
    ['1.234,56', 123456],
    ['1 234,56', 123456],
    ["1'234.56", 123456],
    ['0.00', 0],
    ['12,50', 1250],
    ['$1,234.56', 123456],
    ['1.234,56 €', 123456],
    ['CHF 1\'050.00', 105000],
    ['120,00 EUR', 12000],
    ['EUR 98,30', 9830],
    ['-1.234,56', -123456],
    ['£-45.00', -4500],
    ['45.00-', -4500],
    ['12345.67', 1234567],
  ])('reads %s as %d minor units', (text, minor) => {
    expect(parseAmount(text)).toBe(minor);
  });

  it.each(['', '12', '1.234', 'Total', '12.5', '03/12/2026', '14.75%', '1,2,3.45'])('rejects %s', (text) => {
    expect(parseAmount(text)).toBeNull();
  });

  it('reads back any amount in every printing convention', () => {
    const conventions: AmountConvention[] = ['en', 'de', 'fr', 'ch', 'plain'];
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_99, max: 99_999_999_99 }), fc.constantFrom(...conventions), (minor, convention) => {
        expect(parseAmount(formatAmount(minor, convention))).toBe(minor);
      }),
    );
  });
});

describe('currencyOf and parseRate', () => {
  it('names the currency of a code or symbol, and none when two disagree', () => {
    expect(currencyOf('Total (EUR)')).toBe('EUR');
    expect(currencyOf('£12.00')).toBe('GBP');
    expect(currencyOf('$5 or €5')).toBeNull();
  });

  it('reads tax rates in both decimal conventions', () => {
    expect(parseRate('MwSt. 7%')).toBe(7);
    expect(parseRate('3,8 %')).toBe(3.8);
    expect(parseRate('Occupancy Tax 14.75%')).toBe(14.75);
    expect(parseRate('no rate')).toBeNull();
  });
});
