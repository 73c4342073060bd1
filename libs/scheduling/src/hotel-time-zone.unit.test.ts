import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { resolveTimeZone } from './hotel-time-zone.js';
import { areaCodeZones, zoneForAreaCode } from './area-code-zones.js';
import { countryHolidays, holidaysKnownFor } from './holidays.js';

describe('resolveTimeZone', () => {
  it('prefers the request, then the hotel profile, then the phone number', () => {
    expect(resolveTimeZone({ requestZone: 'Asia/Tokyo', hotelZone: 'Europe/Paris', phone: '+12125550123' })).toMatchObject({ zone: 'Asia/Tokyo', source: 'request', country: 'US' });
    expect(resolveTimeZone({ hotelZone: 'Europe/Paris', phone: '+12125550123' })).toMatchObject({ zone: 'Europe/Paris', source: 'hotel-profile' });
    expect(resolveTimeZone({ phone: '+12125550123' })).toMatchObject({ zone: 'America/New_York', source: 'phone-area-code' });
  });

  it('skips a zone that is not an IANA zone and says so', () => {
    const resolved = resolveTimeZone({ requestZone: 'EST5EDT-ish', hotelZone: 'Europe/Paris' });
    expect(resolved).toMatchObject({ zone: 'Europe/Paris', source: 'hotel-profile' });
    expect(resolved.reason).toContain('"EST5EDT-ish" is not an IANA zone');
  });

  it.each([
    ['+12125550123', 'America/New_York'],
    ['+13125551234', 'America/Chicago'],
    ['+19155551234', 'America/Denver'],
    ['+16025551234', 'America/Phoenix'],
    ['+14155551234', 'America/Los_Angeles'],
    ['+19075551234', 'America/Anchorage'],
    ['+18085551234', 'Pacific/Honolulu'],
    ['+14165551234', 'America/Toronto'],
    ['+15149876543', 'America/Toronto'],
    ['+16045551234', 'America/Vancouver'],
    ['+14035551234', 'America/Edmonton'],
    ['+17095551234', 'America/St_Johns'],
    ['+61298765432', 'Australia/Sydney'],
    ['+61398765432', 'Australia/Melbourne'],
    ['+61732345678', 'Australia/Brisbane'],
    ['+61882345678', 'Australia/Adelaide'],
    ['+61889812345', 'Australia/Darwin'],
    ['+61893456789', 'Australia/Perth'],
    ['+551123456789', 'America/Sao_Paulo'],
    ['+559232345678', 'America/Manaus'],
    ['+557132345678', 'America/Bahia'],
    ['+525512345678', 'America/Mexico_City'],
    ['+526641234567', 'America/Tijuana'],
    ['+529981234567', 'America/Cancun'],
    ['+74951234567', 'Europe/Moscow'],
    ['+73432123456', 'Asia/Yekaterinburg'],
    ['+73832123456', 'Asia/Novosibirsk'],
    ['+74232123456', 'Asia/Vladivostok'],
  ])('derives the zone of %s from its area code: %s', (phone, zone) => {
    expect(resolveTimeZone({ phone })).toMatchObject({ zone, source: 'phone-area-code' });
  });

  it('uses the only zone of a one-zone country', () => {
    expect(resolveTimeZone({ phone: '+4930123456' })).toMatchObject({ zone: 'Europe/Berlin', source: 'phone-country', country: 'DE' });
    expect(resolveTimeZone({ phone: '+442071234567' })).toMatchObject({ zone: 'Europe/London', source: 'phone-country', country: 'GB' });
    expect(resolveTimeZone({ phone: '+17875551234' })).toMatchObject({ zone: 'America/Puerto_Rico', country: 'PR' });
  });

  it('falls back to the principal zone for a number without a geographic area code', () => {
    const mobile = resolveTimeZone({ phone: '+61412345678' });
    expect(mobile).toMatchObject({ zone: 'Australia/Sydney', source: 'phone-country', country: 'AU' });
    expect(mobile.reason).toContain('principal zone');
    expect(resolveTimeZone({ phone: '+18002345678' })).toMatchObject({ zone: 'America/New_York', source: 'phone-country' });
  });

  it('falls back to UTC (or the configured zone) with a reason when nothing is known', () => {
    expect(resolveTimeZone({})).toMatchObject({ zone: 'UTC', source: 'fallback', reason: 'no zone and no phone number: UTC' });
    expect(resolveTimeZone({ phone: '+999' })).toMatchObject({ zone: 'UTC', source: 'fallback' });
    expect(resolveTimeZone({ phone: 'not a phone', fallbackZone: 'America/Chicago' })).toMatchObject({ zone: 'America/Chicago', source: 'fallback' });
  });

  it('names only zones this runtime knows, in every table', () => {
    for (const zone of areaCodeZones()) expect([zone, IANAZone.isValidZone(zone)]).toEqual([zone, true]);
  });

  it('prefers the longest matching prefix', () => {
    expect(zoneForAreaCode('AU', '889812345')?.zone).toBe('Australia/Darwin');
    expect(zoneForAreaCode('AU', '882345678')?.zone).toBe('Australia/Adelaide');
    expect(zoneForAreaCode('DE', '30123456')).toBeUndefined();
  });

  it('never throws and always answers a valid zone, whatever the hints', () => {
    const phoneArb = fc.oneof(
      fc.string(),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{4,12}$/)).map(([cc, n]) => `+${cc}${n}`),
    );
    const zoneHint = fc.option(fc.oneof(fc.string(), fc.constantFrom(...Intl.supportedValuesOf('timeZone'))), { nil: undefined });
    fc.assert(
      fc.property(zoneHint, zoneHint, fc.option(phoneArb, { nil: undefined }), (requestZone, hotelZone, phone) => {
        const resolved = resolveTimeZone({ requestZone, hotelZone, phone });
        expect(IANAZone.isValidZone(resolved.zone)).toBe(true);
        expect(resolved.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('countryHolidays', () => {
  it('knows public holidays offline and ignores observances', () => {
    const us = countryHolidays('US');
    expect(us.holidayOn('2026-07-04')).toBe('Independence Day');
    expect(us.holidayOn('2026-07-03')).toBe('Independence Day (substitute day)');
    expect(us.holidayOn('2026-02-14')).toBeUndefined();
    expect(countryHolidays('DE').holidayOn('2026-10-03')).toBe('Tag der Deutschen Einheit');
  });

  it('adds state holidays and the hotel\'s own closed days', () => {
    expect(countryHolidays('DE').holidayOn('2026-01-06')).toBeUndefined();
    expect(countryHolidays('DE', { state: 'BY' }).holidayOn('2026-01-06')).toBeDefined();
    expect(countryHolidays('DE', { extraDates: ['2026-08-03'] }).holidayOn('2026-08-03')).toBe('hotel closed');
  });

  it('has no holidays for an unknown or missing country', () => {
    expect(holidaysKnownFor('XX')).toBe(false);
    expect(countryHolidays('XX').holidayOn('2026-12-25')).toBeUndefined();
    expect(countryHolidays(undefined).holidayOn('2026-12-25')).toBeUndefined();
  });
});
