// Public holidays per country (and optionally state or region) from date-holidays, whose rules ship inside
// the package: computing them reads nothing from disk or network, so this stays pure domain code.
import Holidays from 'date-holidays';
import type { HolidayCalendar } from './business-hours.js';

export type HolidayKind = 'public' | 'bank' | 'optional' | 'school' | 'observance';

export interface HolidayOptions {
  /** Subdivision code as date-holidays names it, e.g. "BY" for Bavaria in DE, "NSW" in AU. */
  readonly state?: string;
  readonly region?: string;
  /** Which kinds close a hotel's front desk for our purposes; default public holidays only. */
  readonly kinds?: readonly HolidayKind[];
  /** Local dates ("YYYY-MM-DD") the hotel adds to its country's holidays. */
  readonly extraDates?: readonly string[];
}

/** True when date-holidays knows rules for the country (ISO 3166-1 alpha-2). */
export function holidaysKnownFor(country: string): boolean {
  knownCountries ??= new Set(Object.keys(new Holidays().getCountries()));
  return knownCountries.has(country.toUpperCase());
}
let knownCountries: Set<string> | undefined;

/**
 * The public holidays of `country`; an unknown country has none but the hotel's own `extraDates`.
 * Holidays are whole local days: a partial-day holiday (e.g. an afternoon) closes the whole day.
 */
export function countryHolidays(country: string | undefined, options: HolidayOptions = {}): HolidayCalendar {
  const kinds = new Set<HolidayKind>(options.kinds ?? ['public']);
  const extra = new Set(options.extraDates ?? []);
  const code = country?.toUpperCase();
  const rules = code !== undefined && holidaysKnownFor(code) ? rulesFor(code, options) : undefined;
  const byYear = new Map<number, Map<string, string>>();
  const ofYear = (year: number): Map<string, string> => {
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Map();
      for (const h of rules?.getHolidays(year) ?? []) {
        if (!kinds.has(h.type)) continue;
        const date = h.date.slice(0, 10);
        if (!dates.has(date)) dates.set(date, h.name);
      }
      byYear.set(year, dates);
    }
    return dates;
  };
  return {
    holidayOn(localDate: string): string | undefined {
      if (extra.has(localDate)) return 'hotel closed';
      return ofYear(Number(localDate.slice(0, 4))).get(localDate);
    },
  };
}

function rulesFor(country: string, options: HolidayOptions): Holidays {
  if (options.state !== undefined && options.region !== undefined) return new Holidays(country, options.state, options.region);
  if (options.state !== undefined) return new Holidays(country, options.state);
  return new Holidays(country);
}

/** The time zones date-holidays lists for a country, in tz database order (the principal zone first). */
export function countryZones(country: string): string[] {
  const code = country.toUpperCase();
  if (!holidaysKnownFor(code)) return [];
  return new Holidays(code).getTimezones();
}
