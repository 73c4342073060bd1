import { describe, it, expect } from '@jest/globals';
import { DEFAULT_WEEKLY_HOURS, isWithinWindow } from './business-hours.js';
import { profileCalendar } from './hotel-profile-calendar.js';

const PHONE = '+15015551234'; // Arkansas: America/Chicago by area code

describe('profileCalendar', () => {
  it('takes the zone from the request, else the profile, else the phone number', () => {
    expect(profileCalendar(PHONE, 'Europe/Paris', { timeZone: 'Asia/Tokyo', businessHours: [] }, 'UTC').calendar.zone).toBe('Europe/Paris');
    expect(profileCalendar(PHONE, null, { timeZone: 'Asia/Tokyo', businessHours: [] }, 'UTC').calendar.zone).toBe('Asia/Tokyo');
    expect(profileCalendar(PHONE, null, null, 'UTC').timeZone).toMatchObject({ zone: 'America/Chicago', source: 'phone-area-code' });
  });

  it("uses the profile's weekly hours, and the US holidays of a US number", () => {
    const { calendar } = profileCalendar(PHONE, null, { timeZone: null, businessHours: [{ dayOfWeek: 6, opens: '10:00', closes: '12:00' }] }, 'UTC');
    expect(isWithinWindow(Date.parse('2026-11-28T16:30:00Z'), calendar)).toBe(true); // Saturday 10:30 in Chicago
    expect(isWithinWindow(Date.parse('2026-11-25T16:30:00Z'), calendar)).toBe(false); // Wednesday: closed in this profile
    expect(isWithinWindow(Date.parse('2026-11-26T16:30:00Z'), profileCalendar(PHONE, null, null, 'UTC').calendar)).toBe(false); // Thanksgiving
  });

  it('falls back to the default hours, saying why, when the profile hours are unusable', () => {
    const result = profileCalendar(PHONE, null, { timeZone: null, businessHours: [{ dayOfWeek: 2, opens: '25:00', closes: '26:00' }] }, 'UTC');
    expect(result.calendar.hours).toBe(DEFAULT_WEEKLY_HOURS);
    expect(result.hoursIgnored).toMatch(/25:00/);
  });
});
