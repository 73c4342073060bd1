// The one parser of a folio request as the API receives it (JSON body, batch item or CSV row): every field
// checked and normalised (hotel phone to E.164, trimmed names), every failing field listed. Pure.
import { z } from 'zod';
import { isFictionalNumber } from '@folio/contracts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { FieldIssue } from '@folio/errors';

/** Limits of a request's fields; all configurable (see config.ts). */
export interface InputRules {
  /** Country whose national format a hotel phone without a + is read in (ISO 3166-1 alpha-2). */
  readonly defaultCountry: CountryCode;
  /** Today's date in UTC (YYYY-MM-DD); the stay bounds count from it. */
  readonly today: string;
  /** Most nights one stay may have. */
  readonly maxStayNights: number;
  /** Accept the North American numbers reserved for fiction (the simulated hotels); dev and tests only. */
  readonly acceptFictionalNumbers?: boolean;
  /** How many days in the past a check-out may be (older folios are no longer kept by hotels). */
  readonly maxDaysSinceCheckOut: number;
  /** How many days ahead a check-in may be. */
  readonly maxDaysUntilCheckIn: number;
}

/** A request that passed every check; hotelPhone is E.164. */
export interface RequestInput {
  readonly externalId: string | null;
  readonly guestFirstName: string;
  readonly guestLastName: string;
  readonly confirmationNumber: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly hotelPhone: string;
  readonly hotelName: string | null;
  readonly hotelAddress: string | null;
  readonly hotelTimeZone: string | null;
  readonly hotelEmail: string | null;
  readonly destinationEmail: string;
  readonly notes: string | null;
}

export type ParseResult = { readonly ok: true; readonly value: RequestInput } | { readonly ok: false; readonly issues: FieldIssue[] };

/** Field size limits in characters (documented in the OpenAPI document). */
export const FIELD_LIMITS = {
  externalId: 128,
  name: 100,
  confirmationNumber: 64,
  hotelName: 200,
  hotelAddress: 500,
  email: 254,
  hotelPhone: 32,
  notes: 2000,
  hotelTimeZone: 64,
} as const;

/** The fields of a request, in the order the CSV import documents them. */
export const REQUEST_FIELDS = [
  'externalId',
  'guestFirstName',
  'guestLastName',
  'confirmationNumber',
  'checkIn',
  'checkOut',
  'hotelPhone',
  'hotelName',
  'hotelAddress',
  'hotelTimeZone',
  'hotelEmail',
  'destinationEmail',
  'notes',
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

// Control characters never belong in a name or id (they break CSV exports and phone scripts).
const CONTROL = /[\p{Cc}\p{Cs}]/u;
// Free text (notes) may span lines; other control characters are still refused.
const CONTROL_BUT_LINES = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;
const LETTER = /\p{L}/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function text(max: number, multiline = false) {
  return z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .transform((s) => s.normalize('NFC').trim())
    .check((ctx) => {
      if (ctx.value.length === 0) ctx.issues.push({ code: 'custom', message: 'must not be empty', input: ctx.value });
      else if (ctx.value.length > max) ctx.issues.push({ code: 'custom', message: `must be at most ${max} characters`, input: ctx.value });
      else if ((multiline ? CONTROL_BUT_LINES : CONTROL).test(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must not contain control characters', input: ctx.value });
    });
}

function optionalText(max: number, multiline = false) {
  return text(max, multiline).nullish().transform((v) => v ?? null);
}

function personName(max: number) {
  return text(max).check((ctx) => {
    if (ctx.value.length > 0 && !LETTER.test(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must contain a letter', input: ctx.value });
  });
}

// zod's email check is a pragmatic subset of RFC 5321 that mail servers accept in practice.
const emailFormat = z.email();
function email() {
  return text(FIELD_LIMITS.email).check((ctx) => {
    if (ctx.value.length > 0 && !emailFormat.safeParse(ctx.value).success) ctx.issues.push({ code: 'custom', message: 'must be a valid email address', input: ctx.value });
  });
}

/** Days since 1970-01-01 of a real calendar date 'YYYY-MM-DD', or null. */
export function epochDay(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function isoDate() {
  return z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }).check((ctx) => {
    if (epochDay(ctx.value) === null) ctx.issues.push({ code: 'custom', message: 'must be an ISO calendar date (YYYY-MM-DD)', input: ctx.value });
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function schemaFor(rules: InputRules) {
  return z
    .strictObject({
      externalId: optionalText(FIELD_LIMITS.externalId),
      guestFirstName: personName(FIELD_LIMITS.name),
      guestLastName: personName(FIELD_LIMITS.name),
      confirmationNumber: text(FIELD_LIMITS.confirmationNumber),
      checkIn: isoDate(),
      checkOut: isoDate(),
      hotelPhone: text(FIELD_LIMITS.hotelPhone).transform((raw, ctx) => {
        const phone = parsePhoneNumberFromString(raw, rules.defaultCountry);
        if (!phone || !(phone.isValid() || (rules.acceptFictionalNumbers === true && phone.isPossible() && isFictionalNumber(phone.number)))) {
          ctx.issues.push({ code: 'custom', message: `"${raw}" is not a dialable phone number (E.164, or national format of ${rules.defaultCountry})`, input: raw });
          return z.NEVER;
        }
        return phone.number;
      }),
      hotelName: optionalText(FIELD_LIMITS.hotelName),
      hotelAddress: optionalText(FIELD_LIMITS.hotelAddress),
      hotelTimeZone: optionalText(FIELD_LIMITS.hotelTimeZone).check((ctx) => {
        if (ctx.value !== null && !isTimeZone(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must be an IANA time zone such as Europe/Paris', input: ctx.value });
      }),
      hotelEmail: email().nullish().transform((v) => v ?? null),
      destinationEmail: email(),
      notes: optionalText(FIELD_LIMITS.notes, true),
    }, { error: (i) => (i.code === 'unrecognized_keys' ? 'is not a field of a folio request' : 'must be a JSON object') });
}

/** Check-out after check-in, stay length and window; only when both dates are real dates. */
function stayIssues(input: unknown, rules: InputRules): FieldIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const { checkIn: rawIn, checkOut: rawOut } = input as { checkIn?: unknown; checkOut?: unknown };
  const checkIn = typeof rawIn === 'string' ? epochDay(rawIn) : null;
  const checkOut = typeof rawOut === 'string' ? epochDay(rawOut) : null;
  const today = epochDay(rules.today)!;
  const issues: FieldIssue[] = [];
  if (checkIn !== null && checkOut !== null) {
    if (checkOut <= checkIn) issues.push({ field: 'checkOut', reason: 'must be after checkIn' });
    else if (checkOut - checkIn > rules.maxStayNights) issues.push({ field: 'checkOut', reason: `the stay must be at most ${rules.maxStayNights} nights` });
  }
  if (checkOut !== null && today - checkOut > rules.maxDaysSinceCheckOut && !issues.some((i) => i.field === 'checkOut')) {
    issues.push({ field: 'checkOut', reason: `must be at most ${rules.maxDaysSinceCheckOut} days ago` });
  }
  if (checkIn !== null && checkIn - today > rules.maxDaysUntilCheckIn) issues.push({ field: 'checkIn', reason: `must be at most ${rules.maxDaysUntilCheckIn} days ahead` });
  return issues;
}

/** zod issues as field issues; an unknown key is reported under its own name. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: prefix + (base ? `${base}.${key}` : key), reason: 'is not a field of a folio request' });
      continue;
    }
    out.push({ field: prefix + (base || '(body)'), reason: issue.message });
  }
  return out;
}

/** A parser bound to `rules`; build once per request (rules carry today's date). */
export function requestParser(rules: InputRules): (input: unknown) => ParseResult {
  const schema = schemaFor(rules);
  return (input) => {
    const result = schema.safeParse(input);
    // The stay is checked apart from zod, so its issues are listed even when other fields fail too.
    const stay = stayIssues(input, rules);
    if (result.success && stay.length === 0) return { ok: true, value: result.data };
    const issues = result.success ? [] : fieldIssues(result.error.issues);
    return { ok: false, issues: [...issues, ...stay.filter((s) => !issues.some((i) => i.field === s.field))] };
  };
}
