// A batch waits for the hotel's calling window: zone from the phone number, profile hours or the defaults,
// public holidays of the hotel's country.
import { describe, it, expect } from '@jest/globals';
import type { Hotel } from '@folio/contracts';
import { decide, initialState, DEFAULT_RULES, type BatchEvent } from '../domain/batch/index.js';
import { request } from '../domain/batch/fixtures.test.js';
import { contactWindowFrom, hotelContact } from './hotel-calendar.js';

const NEW_YORK = '+12125551234';
const noHints = { name: null, email: null, timeZone: null };

function profile(overrides: Partial<Hotel> = {}): Hotel {
  return {
    hotelPhone: NEW_YORK,
    name: 'Hotel',
    address: null,
    timeZone: null,
    email: 'desk@hotel.example',
    contactPreference: 'CALL',
    leaveVoicemail: false,
    businessHours: [],
    ivrPath: [],
    answerStats: [],
    version: 1,
    updatedAt: new Date(0),
    ivrNavigationSeconds: null,
    ...overrides,
  };
}

function scheduledFor(now: number, hotel: Hotel | null): string {
  const deps = { rules: DEFAULT_RULES, contactWindow: contactWindowFrom(() => hotel, 'UTC') };
  const events = decide({ type: 'AddRequest', request: request(1), hints: noHints, newBatchId: 'b-1', now }, initialState(NEW_YORK), deps);
  const scheduled = events.find((e): e is Extract<BatchEvent, { type: 'BatchScheduled' }> => e.type === 'BatchScheduled');
  return new Date(scheduled!.scheduledFor).toISOString();
}

describe('hotel calendar', () => {
  it('moves a batch queued at night to 08:00 in the zone of the phone area code', () => {
    // Tuesday 22:00 in New York.
    expect(scheduledFor(Date.parse('2026-11-24T03:00:00Z'), null)).toBe('2026-11-24T13:00:00.000Z');
  });

  it('fires inside the window after the collection delay', () => {
    expect(scheduledFor(Date.parse('2026-11-24T15:00:00Z'), null)).toBe('2026-11-24T15:01:00.000Z');
  });

  it('skips the public holidays of the hotel country (Thanksgiving)', () => {
    // Wednesday 18:30 in New York; Thursday 26 November 2026 is Thanksgiving.
    expect(scheduledFor(Date.parse('2026-11-25T23:30:00Z'), null)).toBe('2026-11-27T13:00:00.000Z');
  });

  it('follows the hours of the hotel profile ("only after 14:00")', () => {
    const hours = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opens: '14:00', closes: '18:00' }));
    expect(scheduledFor(Date.parse('2026-11-24T15:00:00Z'), profile({ businessHours: hours }))).toBe('2026-11-24T19:00:00.000Z');
  });

  it('takes preference, email and IVR time from the profile over what requests said', () => {
    const contact = hotelContact({ name: 'Old', email: 'old@hotel.example', timeZone: null }, profile({ contactPreference: 'EMAIL_ONLY', ivrNavigationSeconds: 40 }));
    expect(contact).toEqual({ name: 'Hotel', email: 'desk@hotel.example', timeZone: null, emailOnly: true, ivrSeconds: 40 });
  });
});
