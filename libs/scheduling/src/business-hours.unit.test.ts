import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  DEFAULT_WEEKLY_HOURS,
  NO_HOLIDAYS,
  WEEKDAYS,
  isWithinWindow,
  nextDayWindowStart,
  nextWindowStart,
  onlyAfter,
  parseWeeklyHours,
  validCalendar,
  weeklyHours,
  type BusinessCalendar,
  type CallingWindow,
  type Weekday,
  type WeeklyHours,
} from './business-hours.js';
import { countryHolidays } from './holidays.js';

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const iso = (instant: number, zone: string) => DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true });
const calendar = (zone: string, country?: string, hours: WeeklyHours = DEFAULT_WEEKLY_HOURS): BusinessCalendar => ({
  zone,
  hours,
  holidays: country ? countryHolidays(country) : NO_HOLIDAYS,
});

describe('nextWindowStart: examples', () => {
  it('returns the instant itself inside a window', () => {
    const cal = calendar('America/New_York', 'US');
    const t = ms('2026-03-10T10:15:00-04:00');
    expect(nextWindowStart(t, cal)).toBe(t);
    expect(isWithinWindow(t, cal)).toBe(true);
  });

  it('moves a Saturday evening in New York to Monday 08:00 across the March DST change', () => {
    const cal = calendar('America/New_York', 'US');
    const next = nextWindowStart(ms('2026-03-07T20:00:00-05:00'), cal);
    expect(iso(next, cal.zone)).toBe('2026-03-09T08:00:00-04:00');
    expect(new Date(next).toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });

  it('moves a Friday evening in New York to Monday 08:00 EST across the November DST change', () => {
    const cal = calendar('America/New_York', 'US');
    const next = nextWindowStart(ms('2026-10-30T19:00:00-04:00'), cal);
    expect(new Date(next).toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('moves to 08:00 of the same day before opening, and to the next morning after closing', () => {
    const cal = calendar('Europe/Berlin', 'DE');
    expect(iso(nextWindowStart(ms('2026-06-10T06:59:00+02:00'), cal), cal.zone)).toBe('2026-06-10T08:00:00+02:00');
    expect(iso(nextWindowStart(ms('2026-06-10T18:00:00+02:00'), cal), cal.zone)).toBe('2026-06-11T08:00:00+02:00');
  });

  it('follows Europe/Berlin into summer time (March) and back (October)', () => {
    const cal = calendar('Europe/Berlin', 'DE');
    expect(new Date(nextWindowStart(ms('2026-03-27T18:30:00+01:00'), cal)).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(new Date(nextWindowStart(ms('2026-10-23T19:00:00+02:00'), cal)).toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('skips Easter holidays in Sydney as daylight saving ends (Good Friday to Easter Monday 2026)', () => {
    const cal = calendar('Australia/Sydney', 'AU');
    const next = nextWindowStart(ms('2026-04-02T18:00:00+11:00'), cal);
    expect(iso(next, cal.zone)).toBe('2026-04-07T08:00:00+10:00');
  });

  it('skips Thanksgiving and Christmas in the US', () => {
    const cal = calendar('America/Chicago', 'US');
    expect(iso(nextWindowStart(ms('2026-11-25T18:00:00-06:00'), cal), cal.zone)).toBe('2026-11-27T08:00:00-06:00');
    expect(iso(nextWindowStart(ms('2026-12-24T18:00:00-06:00'), cal), cal.zone)).toBe('2026-12-28T08:00:00-06:00');
    expect(isWithinWindow(ms('2026-12-25T10:00:00-06:00'), cal)).toBe(false);
  });

  it('honours a hotel that takes calls only after 14:00', () => {
    const cal = calendar('Europe/Paris', 'FR', onlyAfter(DEFAULT_WEEKLY_HOURS, '14:00'));
    expect(iso(nextWindowStart(ms('2026-06-08T09:00:00+02:00'), cal), cal.zone)).toBe('2026-06-08T14:00:00+02:00');
    expect(isWithinWindow(ms('2026-06-08T13:59:00+02:00'), cal)).toBe(false);
    expect(isWithinWindow(ms('2026-06-08T14:00:00+02:00'), cal)).toBe(true);
  });

  it('uses the second window of a split day and a Saturday window', () => {
    const cal = calendar('Europe/Madrid', undefined, parseWeeklyHours('Mon-Fri 09:00-13:00,16:00-19:00; Sat 10:00-12:00'));
    expect(iso(nextWindowStart(ms('2026-06-10T13:30:00+02:00'), cal), cal.zone)).toBe('2026-06-10T16:00:00+02:00');
    expect(iso(nextWindowStart(ms('2026-06-12T19:00:00+02:00'), cal), cal.zone)).toBe('2026-06-13T10:00:00+02:00');
  });

  it('starts a window placed in the skipped spring-forward hour when the clock resumes', () => {
    const cal = calendar('America/New_York', undefined, weeklyHours([7], { start: '02:30', end: '05:00' }));
    expect(iso(nextWindowStart(ms('2026-03-07T12:00:00-05:00'), cal), cal.zone)).toBe('2026-03-08T03:30:00-04:00');
  });

  it('keeps a window through the repeated fall-back hour', () => {
    const cal = calendar('America/New_York', undefined, weeklyHours([7], { start: '00:30', end: '03:00' }));
    // 01:30 EST is the second 01:30 of 2026-11-01: still inside 00:30-03:00.
    expect(isWithinWindow(ms('2026-11-01T01:30:00-05:00'), cal)).toBe(true);
    expect(isWithinWindow(ms('2026-11-01T03:00:00-05:00'), cal)).toBe(false);
  });

  it('nextDayWindowStart always lands on a later local day', () => {
    const cal = calendar('America/New_York', 'US');
    expect(iso(nextDayWindowStart(ms('2026-03-10T07:00:00-04:00'), cal), cal.zone)).toBe('2026-03-11T08:00:00-04:00');
    expect(iso(nextDayWindowStart(ms('2026-03-13T10:00:00-04:00'), cal), cal.zone)).toBe('2026-03-16T08:00:00-04:00');
  });

  it('throws NO_CALLING_WINDOW for a calendar without windows', () => {
    expect(() => nextWindowStart(0, calendar('UTC', undefined, {}))).toThrow(expect.objectContaining({ code: 'NO_CALLING_WINDOW' }));
  });
});

describe('calendar input', () => {
  it('parses day ranges, lists and wrapping ranges', () => {
    const hours = parseWeeklyHours('Fri-Mon 10:00-11:00; Wed 08:00-09:00,12:00-24:00');
    expect(hours).toEqual({
      5: [{ start: '10:00', end: '11:00' }],
      6: [{ start: '10:00', end: '11:00' }],
      7: [{ start: '10:00', end: '11:00' }],
      1: [{ start: '10:00', end: '11:00' }],
      3: [{ start: '08:00', end: '09:00' }, { start: '12:00', end: '24:00' }],
    });
  });

  it('rejects bad hours listing every problem', () => {
    try {
      parseWeeklyHours('Mon-Fri 18:00-08:00; Someday 09:00-10:00; Sat 9-12');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_BUSINESS_HOURS' });
      expect((error as { issues: unknown[] }).issues).toHaveLength(2);
    }
    expect(() => parseWeeklyHours('Mon 18:00-08:00')).toThrow('end 08:00 must be after start 18:00');
  });

  it('rejects an unknown zone', () => {
    expect(() => validCalendar(calendar('Europe/Atlantis'))).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_CALENDAR' }));
  });
});

// Zones: every IANA zone this runtime knows, with the DST-switching ones drawn more often.
const ALL_ZONES = Intl.supportedValuesOf('timeZone');
const DST_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Santiago', 'America/Havana',
  'America/Asuncion', 'America/St_Johns', 'Europe/Berlin', 'Europe/London', 'Europe/Lisbon', 'Europe/Chisinau',
  'Australia/Sydney', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham', 'Asia/Beirut',
  'Asia/Jerusalem', 'Africa/Cairo', 'America/Godthab', 'Atlantic/Azores',
].filter((z) => ALL_ZONES.includes(z));
const zoneArb = fc.oneof(fc.constantFrom(...ALL_ZONES), fc.constantFrom(...DST_ZONES));

// Instants from 2000 to 2040, and instants in the weeks around the usual DST changes.
const instantArb = fc.oneof(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
  fc
    .record({
      year: fc.integer({ min: 2000, max: 2039 }),
      month: fc.constantFrom(2, 3, 3, 9, 9, 10),
      offset: fc.integer({ min: 0, max: 30 * 86_400_000 }),
    })
    .map(({ year, month, offset }) => Date.UTC(year, month, 1) - 7 * 86_400_000 + offset),
);

// Windows at quarter hours (every zone's offset is a whole number of quarter hours since 2000).
const windowArb: fc.Arbitrary<CallingWindow> = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
  .filter(([a, b]) => a < b)
  .map(([a, b]) => ({ start: hhmm(a * 15), end: hhmm(b * 15) }));
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
const hoursArb: fc.Arbitrary<WeeklyHours> = fc.oneof(
  fc.constant(DEFAULT_WEEKLY_HOURS),
  fc
    .record({ days: fc.subarray([...WEEKDAYS], { minLength: 1 }), windows: fc.array(windowArb, { minLength: 1, maxLength: 3 }) })
    .map(({ days, windows }) => weeklyHours(days, ...nonOverlapping(windows))),
);
function nonOverlapping(windows: CallingWindow[]): CallingWindow[] {
  const sorted = [...windows].sort((a, b) => a.start.localeCompare(b.start));
  const kept: CallingWindow[] = [];
  for (const w of sorted) if (!kept.some((k) => w.start < k.end)) kept.push(w);
  return kept;
}
const countryArb = fc.constantFrom(undefined, 'US', 'DE', 'AU', 'BR', 'GB', 'JP', 'FR', 'IN', 'NZ', 'CL');
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({ zone: zoneArb, hours: hoursArb, country: countryArb })
  .map(({ zone, hours, country }) => calendar(zone, country, hours));

// The oracle: wall-clock time of the instant inside a configured window of its local weekday, not a holiday.
// On a day whose UTC offset changes the wall clock skips or repeats, so the oracle abstains there.
function wallClockVerdict(instant: number, cal: BusinessCalendar): boolean | 'transition-day' {
  const local = DateTime.fromMillis(instant, { zone: cal.zone });
  const dayStart = local.startOf('day');
  if (dayStart.offset !== dayStart.plus({ days: 1 }).minus({ milliseconds: 1 }).offset) return 'transition-day';
  if (cal.holidays.holidayOn(local.toISODate()!) !== undefined) return false;
  const minutes = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  return (cal.hours[local.weekday as Weekday] ?? []).some((w) => {
    const [sh, sm] = w.start.split(':').map(Number) as [number, number];
    const [eh, em] = w.end.split(':').map(Number) as [number, number];
    return sh * 60 + sm <= minutes && minutes < eh * 60 + em;
  });
}

describe('business hours: properties', () => {
  it('the next window start is inside business hours, not before the instant, not on a holiday, and minimal', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, (instant, cal) => {
        const next = nextWindowStart(instant, cal);
        expect(next).toBeGreaterThanOrEqual(instant);
        expect(isWithinWindow(next, cal)).toBe(true);
        const local = DateTime.fromMillis(next, { zone: cal.zone });
        expect(cal.holidays.holidayOn(local.toISODate()!)).toBeUndefined();
        expect(cal.hours[local.weekday as Weekday]?.length ?? 0).toBeGreaterThan(0);
        const verdict = wallClockVerdict(next, cal);
        if (verdict !== 'transition-day') expect(verdict).toBe(true);
        // Minimal: nothing in between is inside a window (checked on the quarter-hour grid and just before).
        const grid = 15 * 60_000;
        for (let t = Math.floor(instant / grid) * grid + grid; t < next; t += grid) {
          if (t > instant) expect(isWithinWindow(t, cal)).toBe(false);
        }
        if (next > instant) expect(isWithinWindow(next - 1, cal)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('isWithinWindow agrees with the wall clock on every day without a DST change', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, (instant, cal) => {
        const verdict = wallClockVerdict(instant, cal);
        if (verdict !== 'transition-day') expect(isWithinWindow(instant, cal)).toBe(verdict);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent: the next window start of a window start is itself', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, (instant, cal) => {
        const next = nextWindowStart(instant, cal);
        expect(nextWindowStart(next, cal)).toBe(next);
      }),
      { numRuns: 300 },
    );
  });

  it('nextDayWindowStart is a window start on a later local day', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, (instant, cal) => {
        const next = nextDayWindowStart(instant, cal);
        expect(isWithinWindow(next, cal)).toBe(true);
        const day = (t: number) => DateTime.fromMillis(t, { zone: cal.zone }).toISODate()!;
        expect(day(next) > day(instant)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
