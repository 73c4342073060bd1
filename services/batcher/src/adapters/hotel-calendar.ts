// A hotel's business calendar from what is known about it (scheduling domain of @folio/scheduler): zone
// from the request, else the profile, else the phone number; the profile's weekly hours, else 08:00-18:00
// Monday to Friday; the public holidays of the phone number's country.
import type { Hotel } from '@folio/contracts';
import {
  DEFAULT_WEEKLY_HOURS,
  countryHolidays,
  nextWindowStart,
  resolveTimeZone,
  type BusinessCalendar,
  type CallingWindow,
  type Weekday,
  type WeeklyHours,
} from '@folio/scheduler';
import type { HotelContact, HotelHints } from '../domain/batch/index.js';

export function hotelCalendar(hotelPhone: string, hints: HotelHints, profile: Hotel | null, fallbackZone: string): BusinessCalendar {
  const zone = resolveTimeZone({ requestZone: hints.timeZone ?? undefined, hotelZone: profile?.timeZone ?? undefined, phone: hotelPhone, fallbackZone });
  return { zone: zone.zone, hours: weeklyHoursOf(profile), holidays: countryHolidays(zone.country) };
}

function weeklyHoursOf(profile: Hotel | null): WeeklyHours {
  if (!profile || profile.businessHours.length === 0) return DEFAULT_WEEKLY_HOURS;
  const hours: Partial<Record<Weekday, CallingWindow[]>> = {};
  for (const h of profile.businessHours) {
    if (h.dayOfWeek < 1 || h.dayOfWeek > 7) continue;
    const day = h.dayOfWeek as Weekday;
    hours[day] = [...(hours[day] ?? []), { start: h.opens, end: h.closes }];
  }
  return hours;
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
