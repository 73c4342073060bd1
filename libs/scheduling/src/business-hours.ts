// When a hotel may be contacted: calling windows per weekday in the hotel's own time zone, minus its
// country's public holidays. Instants are ms since the epoch; every local time is resolved with luxon, so
// windows follow the zone's DST rules (a window starting in a skipped hour starts when the clock resumes).
import { DateTime, IANAZone } from 'luxon';
import { DomainError, ValidationError, type FieldIssue } from '@folio/errors';

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A calling window inside one local day: `start` inclusive, `end` exclusive, "HH:mm" (end may be "24:00"). */
export interface CallingWindow {
  readonly start: string;
  readonly end: string;
}

/** Calling windows per weekday; a missing or empty day has none. */
export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly CallingWindow[]>>>;

/** Names the public holiday on a local date ("YYYY-MM-DD"), or undefined on an ordinary day. */
export interface HolidayCalendar {
  holidayOn(localDate: string): string | undefined;
}

export const NO_HOLIDAYS: HolidayCalendar = { holidayOn: () => undefined };

/** Everything needed to decide whether an instant is a good time to contact one hotel. */
export interface BusinessCalendar {
  /** IANA zone, e.g. "America/New_York". */
  readonly zone: string;
  readonly hours: WeeklyHours;
  readonly holidays: HolidayCalendar;
}

/** The original design's default: 08:00-18:00, Monday to Friday. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = weeklyHours([1, 2, 3, 4, 5], { start: '08:00', end: '18:00' });

/** The same window on each of `days`, e.g. `weeklyHours([1,2,3,4,5], { start: '14:00', end: '18:00' })`. */
export function weeklyHours(days: readonly Weekday[], ...windows: CallingWindow[]): WeeklyHours {
  const hours: Partial<Record<Weekday, readonly CallingWindow[]>> = {};
  for (const day of days) hours[day] = windows;
  return hours;
}

/**
 * Narrows every window to start no earlier than `from` ("only after 14:00"): a window ending before it
 * disappears.
 */
export function onlyAfter(hours: WeeklyHours, from: string): WeeklyHours {
  const fromMinutes = minutesOf(from, 'from');
  const narrowed: Partial<Record<Weekday, readonly CallingWindow[]>> = {};
  for (const day of WEEKDAYS) {
    const windows = (hours[day] ?? [])
      .filter((w) => minutesOf(w.end, 'end') > fromMinutes)
      .map((w) => (minutesOf(w.start, 'start') >= fromMinutes ? w : { start: from, end: w.end }));
    if (windows.length > 0) narrowed[day] = windows;
  }
  return narrowed;
}

const DAY_NAMES: Record<string, Weekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/**
 * Parses the compact form hotel profiles store: `"Mon-Fri 08:00-12:00,14:00-18:00; Sat 09:00-12:00"`.
 * Every problem is listed at once (ValidationError `INVALID_BUSINESS_HOURS`).
 */
export function parseWeeklyHours(text: string): WeeklyHours {
  const issues: FieldIssue[] = [];
  const hours: Partial<Record<Weekday, CallingWindow[]>> = {};
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p.length > 0);
  for (const part of parts) {
    const match = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(.+)$/.exec(part);
    const first = match ? DAY_NAMES[match[1]!.toLowerCase()] : undefined;
    const last = match?.[2] ? DAY_NAMES[match[2].toLowerCase()] : first;
    if (!match || first === undefined || last === undefined) {
      issues.push({ field: 'hours', reason: `"${part}" should look like "Mon-Fri 08:00-18:00"` });
      continue;
    }
    const windows: CallingWindow[] = [];
    for (const range of match[3]!.split(',').map((r) => r.trim())) {
      const times = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(range);
      if (!times) {
        issues.push({ field: 'hours', reason: `"${range}" should look like "08:00-18:00"` });
        continue;
      }
      windows.push({ start: times[1]!, end: times[2]! });
    }
    for (let d = first; ; d = ((d % 7) + 1) as Weekday) {
      hours[d] = [...(hours[d] ?? []), ...windows];
      if (d === last) break;
    }
  }
  if (issues.length === 0) issues.push(...weeklyHoursIssues(hours));
  if (issues.length > 0) throw new ValidationError(issues, 'INVALID_BUSINESS_HOURS');
  return hours;
}

/** Problems with a calendar's zone and windows (empty when it is usable). */
export function calendarIssues(calendar: BusinessCalendar): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!IANAZone.isValidZone(calendar.zone)) issues.push({ field: 'zone', reason: `"${calendar.zone}" is not an IANA time zone` });
  issues.push(...weeklyHoursIssues(calendar.hours));
  return issues;
}

/** Throws `INVALID_BUSINESS_CALENDAR` listing every problem; returns the calendar otherwise. */
export function validCalendar(calendar: BusinessCalendar): BusinessCalendar {
  const issues = calendarIssues(calendar);
  if (issues.length > 0) throw new ValidationError(issues, 'INVALID_BUSINESS_CALENDAR');
  return calendar;
}

function weeklyHoursIssues(hours: WeeklyHours): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const day of WEEKDAYS) {
    const windows = [...(hours[day] ?? [])];
    for (const [i, w] of windows.entries()) {
      const field = `hours.${day}[${i}]`;
      const start = parseMinutes(w.start);
      const end = parseMinutes(w.end);
      if (start === undefined || start >= 24 * 60) issues.push({ field, reason: `start "${w.start}" is not a time HH:mm` });
      if (end === undefined) issues.push({ field, reason: `end "${w.end}" is not a time HH:mm (or 24:00)` });
      if (start !== undefined && end !== undefined && end <= start) {
        issues.push({ field, reason: `end ${w.end} must be after start ${w.start} (windows do not cross midnight)` });
      }
    }
  }
  return issues;
}

function parseMinutes(hhmm: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

function minutesOf(hhmm: string, field: string): number {
  const minutes = parseMinutes(hhmm);
  if (minutes === undefined) throw new ValidationError([{ field, reason: `"${hhmm}" is not a time HH:mm` }], 'INVALID_BUSINESS_HOURS');
  return minutes;
}

/** One calling window resolved to instants: [start, end). */
export interface WindowInterval {
  readonly start: number;
  readonly end: number;
}

/** A local date's windows as instants, in order; none on a holiday. */
export function windowsOn(localDay: DateTime, calendar: BusinessCalendar): WindowInterval[] {
  const day = localDay.setZone(calendar.zone).startOf('day');
  if (calendar.holidays.holidayOn(day.toISODate()!) !== undefined) return [];
  const windows = calendar.hours[day.weekday as Weekday] ?? [];
  const intervals: WindowInterval[] = [];
  for (const w of windows) {
    const start = atLocalTime(day, minutesOf(w.start, 'start'), calendar.zone);
    const end = atLocalTime(day, minutesOf(w.end, 'end'), calendar.zone);
    if (end > start) intervals.push({ start, end });
  }
  return intervals.sort((a, b) => a.start - b.start);
}

// A wall-clock time on a local date. Times the zone skips (spring forward) move to when the clock resumes;
// repeated times (fall back) take the first occurrence. "24:00" is the next day's midnight.
function atLocalTime(day: DateTime, minutes: number, zone: string): number {
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  ).toMillis();
}

/** How far ahead to look for a window before giving up (a calendar with no window at all). */
const SEARCH_DAYS = 400;

/** True when `instant` lies inside one of the hotel's calling windows (and not on a holiday). */
export function isWithinWindow(instant: number, calendar: BusinessCalendar): boolean {
  const local = DateTime.fromMillis(instant, { zone: calendar.zone });
  return windowsOn(local, calendar).some((w) => w.start <= instant && instant < w.end);
}

/**
 * `instant` itself when it lies inside a calling window, else the start of the next window. Throws
 * `NO_CALLING_WINDOW` when the calendar has no window in the next 400 days (e.g. every day empty).
 */
export function nextWindowStart(instant: number, calendar: BusinessCalendar): number {
  return firstWindowFrom(instant, calendar, 0);
}

/**
 * The start of the first window on a later local day than `instant`'s, for "try again tomorrow" (a retry
 * that has backed off past today's windows).
 */
export function nextDayWindowStart(instant: number, calendar: BusinessCalendar): number {
  return firstWindowFrom(instant, calendar, 1);
}

function firstWindowFrom(instant: number, calendar: BusinessCalendar, skipDays: number): number {
  if (!IANAZone.isValidZone(calendar.zone)) {
    throw new ValidationError([{ field: 'zone', reason: `"${calendar.zone}" is not an IANA time zone` }], 'INVALID_BUSINESS_CALENDAR');
  }
  const today = DateTime.fromMillis(instant, { zone: calendar.zone }).startOf('day');
  for (let offset = skipDays; offset < SEARCH_DAYS; offset++) {
    for (const w of windowsOn(today.plus({ days: offset }), calendar)) {
      if (offset > 0 && skipDays > 0) return w.start;
      if (w.end > instant) return Math.max(w.start, instant);
    }
  }
  throw new DomainError('NO_CALLING_WINDOW', `no calling window in the ${SEARCH_DAYS} days after ${new Date(instant).toISOString()} in ${calendar.zone}: check the hotel's business hours`);
}
