import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { daysBetween, findDates, inferDayOrder, parseDate } from './dates.js';

describe('parseDate', () => {
  it.each([
    ['12.03.2026', 'DMY', '2026-03-12'],
    ['12/03/26', 'DMY', '2026-03-12'],
    ['03-12-26', 'MDY', '2026-03-12'],
    ['03/12/2026', 'MDY', '2026-03-12'],
    ['2026-03-12', 'DMY', '2026-03-12'],
    ['12 Mar 2026', 'MDY', '2026-03-12'],
    ['12. März 2026', 'DMY', '2026-03-12'],
    ['12 mars 2026', 'DMY', '2026-03-12'],
    ['12 de marzo de 2026', 'DMY', '2026-03-12'],
    ['March 12, 2026', 'DMY', '2026-03-12'],
    ['1 août 2026', 'DMY', '2026-08-01'],
  ] as const)('reads %s (%s) as %s', (text, order, iso) => {
    expect(parseDate(text, order)).toBe(iso);
  });

  it('reads a day above 12 as the day whatever the order', () => {
    expect(parseDate('25/03/2026', 'MDY')).toBe('2026-03-25');
    expect(parseDate('03/25/2026', 'DMY')).toBe('2026-03-25');
  });

  it.each(['31.02.2026', 'Total 12', '120,00', '12.50', 'Room 204'])('finds no date in %s', (text) => {
    expect(parseDate(text, 'DMY')).toBeNull();
  });

  it('reads back any date in every numeric format', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('.', '/', '-'), fc.boolean(), fc.boolean(), (date, sep, us, shortYear) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-') as [string, string, string];
        const year = shortYear ? y.slice(2) : y;
        const text = us ? `${m}${sep}${d}${sep}${year}` : `${d}${sep}${m}${sep}${year}`;
        expect(parseDate(text, us ? 'MDY' : 'DMY')).toBe(iso);
      }),
    );
  });
});

describe('findDates and inferDayOrder', () => {
  it('finds both dates of a stay line', () => {
    const found = findDates('Aufenthalt: 12. März 2026 – 15. März 2026 (3 Nächte)', 'DMY').map((d) => d.iso);
    expect(found).toEqual(['2026-03-12', '2026-03-15']);
  });

  it('proves the day order from a part above 12, else guesses it from the currency', () => {
    expect(inferDayOrder(['03/25/26', '03/26/26'], null)).toEqual({ order: 'MDY', proven: true });
    expect(inferDayOrder(['25.03.26'], 'USD')).toEqual({ order: 'DMY', proven: true });
    expect(inferDayOrder(['03/04/26'], 'USD')).toEqual({ order: 'MDY', proven: false });
    expect(inferDayOrder(['03/04/26'], 'EUR')).toEqual({ order: 'DMY', proven: false });
  });

  it('counts nights between two dates', () => {
    expect(daysBetween('2026-03-29', '2026-04-02')).toBe(4);
  });
});
