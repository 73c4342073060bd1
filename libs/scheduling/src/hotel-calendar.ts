// One hotel's business calendar from what Folio knows about it: zone hints, stored hours and its country's
// public holidays. This is what the records and batcher services hand to nextWindowStart and nextAction.
import { DEFAULT_WEEKLY_HOURS, parseWeeklyHours, validCalendar, type BusinessCalendar, type WeeklyHours } from './business-hours.js';
import { countryHolidays, type HolidayOptions } from './holidays.js';
import { resolveTimeZone, type ResolvedTimeZone, type TimeZoneHints } from './hotel-time-zone.js';

export interface HotelCalendarInput extends TimeZoneHints {
  /** The hotel's calling windows, typed or in the compact form ("Mon-Fri 14:00-18:00"); default Mon-Fri 08:00-18:00. */
  readonly hours?: WeeklyHours | string | undefined;
  /** Whose public holidays apply; default the phone number's country (none when it has none). */
  readonly holidayCountry?: string | undefined;
  readonly holidayOptions?: HolidayOptions;
}

export interface HotelCalendar {
  readonly calendar: BusinessCalendar;
  /** Where the zone came from, for the request's history. */
  readonly timeZone: ResolvedTimeZone;
}

/** Throws `INVALID_BUSINESS_HOURS` / `INVALID_BUSINESS_CALENDAR` (ValidationError) for unusable hours. */
export function hotelCalendar(input: HotelCalendarInput): HotelCalendar {
  const timeZone = resolveTimeZone(input);
  const hours = input.hours === undefined ? DEFAULT_WEEKLY_HOURS : typeof input.hours === 'string' ? parseWeeklyHours(input.hours) : input.hours;
  const calendar = validCalendar({
    zone: timeZone.zone,
    hours,
    holidays: countryHolidays(input.holidayCountry ?? timeZone.country, input.holidayOptions),
  });
  return { calendar, timeZone };
}
