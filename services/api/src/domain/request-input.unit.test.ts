import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { epochDay, requestParser, REQUEST_FIELDS, type InputRules } from './request-input.js';

const rules: InputRules = { defaultCountry: 'US', today: '2026-11-25', maxStayNights: 60, maxDaysSinceCheckOut: 730, maxDaysUntilCheckIn: 365 };
const parse = requestParser(rules);
const good = {
  externalId: 'exp-1',
  guestFirstName: 'José',
  guestLastName: '李',
  confirmationNumber: 'A1B2',
  checkIn: '2026-11-01',
  checkOut: '2026-11-03',
  hotelPhone: '(415) 555-2671',
  destinationEmail: 'audit@acme.example',
};

function fields(input: unknown): string[] {
  const result = parse(input);
  return result.ok ? [] : result.issues.map((i) => i.field);
}

describe('request input', () => {
  it('normalises a national hotel phone to E.164 in the default country and trims names', () => {
    const result = parse({ ...good, guestFirstName: '  José ' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ hotelPhone: '+14155552671', guestFirstName: 'José', hotelName: null, notes: null }) });
  });

  it('lists every failing field, not just the first', () => {
    expect(fields({ ...good, guestFirstName: ' ', guestLastName: '42', confirmationNumber: '', checkIn: '2026-02-30', hotelPhone: '+1 555', destinationEmail: 'nope', hotelTimeZone: 'Mars/Base', colour: 'red' }).sort()).toEqual(
      ['checkIn', 'colour', 'confirmationNumber', 'destinationEmail', 'guestFirstName', 'guestLastName', 'hotelPhone', 'hotelTimeZone'].sort(),
    );
  });

  it('keeps line breaks in notes but refuses them in names', () => {
    expect(parse({ ...good, notes: 'two\nlines' })).toMatchObject({ ok: true, value: { notes: 'two\nlines' } });
    expect(fields({ ...good, guestLastName: 'Le\ne' })).toEqual(['guestLastName']);
  });

  it('names a missing required field', () => {
    const { destinationEmail: _, ...rest } = good;
    expect(parse(rest)).toEqual({ ok: false, issues: [{ field: 'destinationEmail', reason: 'is required' }] });
  });

  it('refuses a check-out on or before the check-in', () => {
    expect(parse({ ...good, checkOut: good.checkIn })).toEqual({ ok: false, issues: [{ field: 'checkOut', reason: 'must be after checkIn' }] });
  });

  it('refuses stays longer than the configured bound and dates outside the window', () => {
    expect(fields({ ...good, checkIn: '2026-01-01', checkOut: '2026-06-01' })).toEqual(['checkOut']);
    expect(fields({ ...good, checkIn: '2020-01-01', checkOut: '2020-01-03' })).toEqual(['checkOut']);
    expect(fields({ ...good, checkIn: '2028-01-01', checkOut: '2028-01-03' })).toEqual(['checkIn']);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'x', 3]) expect(parse(body).ok).toBe(false);
  });

  it('accepts any non-empty Unicode name with a letter and keeps it', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => /\p{L}/u.test(s) && !/[\p{Cc}\p{Cs}]/u.test(s) && s.normalize('NFC').trim().length > 0);
    fc.assert(
      fc.property(name, name, (first, last) => {
        const result = parse({ ...good, guestFirstName: first, guestLastName: last });
        expect(result.ok && result.value.guestFirstName === first.normalize('NFC').trim() && result.value.guestLastName === last.normalize('NFC').trim()).toBe(true);
      }),
    );
  });

  it('never accepts a name without a letter', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }).filter((s) => !/\p{L}/u.test(s)), (name) => expect(fields({ ...good, guestLastName: name })).toContain('guestLastName')));
  });

  it('accepts every stay of 1..max nights inside the window, with check-out after check-in', () => {
    const today = epochDay(rules.today)!;
    fc.assert(
      fc.property(fc.integer({ min: today - 700, max: today + 365 }), fc.integer({ min: 1, max: rules.maxStayNights }), (checkInDay, nights) => {
        const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
        const result = parse({ ...good, checkIn: iso(checkInDay), checkOut: iso(checkInDay + nights) });
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('never accepts a check-out on or before the check-in', () => {
    const today = epochDay(rules.today)!;
    fc.assert(
      fc.property(fc.integer({ min: today - 300, max: today + 300 }), fc.integer({ min: 0, max: 400 }), (checkInDay, back) => {
        const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fields({ ...good, checkIn: iso(checkInDay), checkOut: iso(checkInDay - back) })).toContain('checkOut');
      }),
    );
  });

  it('never accepts a string that is not a real calendar date', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }).filter((s) => epochDay(s) === null), (s) => expect(fields({ ...good, checkIn: s })).toContain('checkIn')));
  });

  it('only ever returns E.164 phones, and refuses what libphonenumber cannot dial', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\+?[0-9 ()-]{3,18}$/)), (phone) => {
        const result = parse({ ...good, hotelPhone: phone });
        if (result.ok) expect(result.value.hotelPhone).toMatch(/^\+[1-9]\d{6,14}$/);
        else expect(result.issues.map((i) => i.field)).toEqual(['hotelPhone']);
      }),
    );
  });

  it('reports any unknown field by name and never a known one as unknown', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(REQUEST_FIELDS as readonly string[]).includes(k) && !['__proto__', 'constructor'].includes(k)), (key) => {
        expect(parse({ ...good, [key]: 'x' })).toEqual({ ok: false, issues: [{ field: key, reason: 'is not a field of a folio request' }] });
      }),
    );
  });

  it('refuses any field over its size limit', () => {
    fc.assert(fc.property(fc.constantFrom('guestFirstName', 'confirmationNumber', 'notes', 'externalId', 'hotelAddress'), fc.integer({ min: 0, max: 3 }), (field, extra) => {
      expect(fields({ ...good, [field]: 'x'.repeat(2001 + extra) })).toEqual([field]);
    }));
  });
});
