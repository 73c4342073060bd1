import { describe, it, expect } from '@jest/globals';
import { DateTime } from 'luxon';
import { nextWindowStart } from './business-hours.js';
import { hotelCalendar } from './hotel-calendar.js';

describe('hotelCalendar', () => {
  it('combines the zone from the phone, the stored hours and the country\'s holidays', () => {
    const { calendar, timeZone } = hotelCalendar({ phone: '+13125551234', hours: 'Mon-Fri 14:00-18:00' });
    expect(timeZone).toMatchObject({ zone: 'America/Chicago', source: 'phone-area-code', country: 'US' });
    // Wednesday 2026-11-25 19:00 Chicago: Thanksgiving on Thursday, so Friday 14:00.
    const next = nextWindowStart(DateTime.fromISO('2026-11-25T19:00', { zone: 'America/Chicago' }).toMillis(), calendar);
    expect(DateTime.fromMillis(next, { zone: 'America/Chicago' }).toISO({ suppressMilliseconds: true })).toBe('2026-11-27T14:00:00-06:00');
  });

  it('keeps a request zone and uses the named country\'s holidays', () => {
    const { calendar, timeZone } = hotelCalendar({ requestZone: 'Europe/Berlin', holidayCountry: 'DE' });
    expect(timeZone.source).toBe('request');
    expect(calendar.holidays.holidayOn('2026-10-03')).toBe('Tag der Deutschen Einheit');
  });

  it('rejects unusable hours', () => {
    expect(() => hotelCalendar({ phone: '+4930123456', hours: 'Mon 18:00-08:00' })).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_HOURS' }));
  });
});
