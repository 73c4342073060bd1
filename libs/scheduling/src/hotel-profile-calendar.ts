// A hotel's business calendar from what Folio knows about it at run time: the zone from the request, else
// the hotel profile, else the phone number; the profile's weekly hours, else Monday-Friday 08:00-18:00; the
// public holidays of the zone's country. The batcher (when to raise a batch) and the records service (when
// to retry, call back or verify) both resolve a hotel's calendar with this one function.
import { DEFAULT_WEEKLY_HOURS, calendarIssues, type BusinessCalendar, type CallingWindow, type Weekday, type WeeklyHours } from './business-hours.js';
import { countryHolidays } from './holidays.js';
import { resolveTimeZone, type ResolvedTimeZone } from './hotel-time-zone.js';

/** The part of a hotel profile (io.folio.hotels.Hotel) a calendar is made of. */
export interface HotelProfileHours {
  readonly timeZone: string | null;
  /** Front desk hours per ISO weekday (1 = Monday); empty means the defaults. */
  readonly businessHours: readonly { readonly dayOfWeek: number; readonly opens: string; readonly closes: string }[];
}

export interface ProfileCalendar {
  readonly calendar: BusinessCalendar;
  readonly timeZone: ResolvedTimeZone;
  /** Why the profile's hours were not used (they are unusable, e.g. "25:00"): the default hours apply instead. */
  readonly hoursIgnored?: string;
}

/**
 * The calendar of the hotel with phone `hotelPhone`: `requestZone` (the request's own hint) wins over the
 * profile's zone, which wins over the phone number's; `fallbackZone` when none of them names a zone.
 */
export function profileCalendar(hotelPhone: string, requestZone: string | null | undefined, profile: HotelProfileHours | null, fallbackZone: string): ProfileCalendar {
  const timeZone = resolveTimeZone({ requestZone: requestZone ?? undefined, hotelZone: profile?.timeZone ?? undefined, phone: hotelPhone, fallbackZone });
  const calendar = { zone: timeZone.zone, hours: weeklyHoursOf(profile), holidays: countryHolidays(timeZone.country) };
  // A profile with unusable hours must not stop every decision about the hotel: the defaults apply.
  const issues = calendarIssues(calendar);
  if (issues.length === 0) return { calendar, timeZone };
  return { calendar: { ...calendar, hours: DEFAULT_WEEKLY_HOURS }, timeZone, hoursIgnored: issues.map((i) => `${i.field}: ${i.reason}`).join('; ') };
}

/** The profile's stored hours as WeeklyHours; days outside 1..7 are ignored, no hours at all means the defaults. */
export function weeklyHoursOf(profile: HotelProfileHours | null): WeeklyHours {
  if (!profile || profile.businessHours.length === 0) return DEFAULT_WEEKLY_HOURS;
  const hours: Partial<Record<Weekday, CallingWindow[]>> = {};
  for (const h of profile.businessHours) {
    if (h.dayOfWeek < 1 || h.dayOfWeek > 7) continue;
    const day = h.dayOfWeek as Weekday;
    hours[day] = [...(hours[day] ?? []), { start: h.opens, end: h.closes }];
  }
  return hours;
}
