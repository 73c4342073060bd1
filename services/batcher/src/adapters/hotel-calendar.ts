// A hotel's business calendar from what is known about it (profileCalendar of the scheduling domain): zone
// from the request, else the profile, else the phone number; the profile's weekly hours, else 08:00-18:00
// Monday to Friday; the public holidays of the phone number's country.
import type { Hotel } from '@folio/contracts';
import { nextWindowStart, profileCalendar, type BusinessCalendar } from '@folio/scheduler';
import type { HotelContact, HotelHints } from '../domain/batch/index.js';

export function hotelCalendar(hotelPhone: string, hints: HotelHints, profile: Hotel | null, fallbackZone: string): BusinessCalendar {
  return profileCalendar(hotelPhone, hints.timeZone, profile, fallbackZone).calendar;
}

/** The contact window function the batching domain is given: the next business-hours instant for a hotel. */
export function contactWindowFrom(lookup: (hotelPhone: string) => Hotel | null, fallbackZone: string) {
  return (instant: number, hotelPhone: string, hints: HotelHints): number =>
    nextWindowStart(instant, hotelCalendar(hotelPhone, hints, lookup(hotelPhone), fallbackZone));
}

/** What the batching domain needs to know about reaching a hotel: its profile first, then the requests' hints. */
export function hotelContact(hints: HotelHints, profile: Hotel | null): HotelContact {
  return {
    name: profile?.name ?? hints.name,
    email: profile?.email ?? hints.email,
    timeZone: hints.timeZone ?? profile?.timeZone ?? null,
    emailOnly: profile?.contactPreference === 'EMAIL_ONLY',
    ivrSeconds: profile?.ivrNavigationSeconds ?? null,
  };
}
