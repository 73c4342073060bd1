// Validation of a RecordCreated from any producer (the API, CSV imports, systems outside Folio): every
// field-level problem at once, and the request normalised (trimmed text, hotel phone in E.164).
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isFictionalNumber, recordIdFor, type FolioRequest, type Reason, type RecordCreated } from '@folio/contracts';

export interface ValidationPolicy {
  /** Country assumed for hotel phones written in national format; none means only +E.164 input parses. */
  readonly defaultPhoneCountry: CountryCode | undefined;
  /** Longest stay accepted, in nights. */
  readonly maxStayNights: number;
  /** Accept the North American numbers reserved for fiction (the simulated hotels); dev and tests only. */
  readonly acceptFictionalNumbers?: boolean;
}

/** What Folio remembers of a hotel, looked up by its E.164 phone; fills what a request leaves out. */
export interface HotelMemory {
  readonly name: string | null;
  readonly timeZone: string | null;
  readonly email: string | null;
  /** Front desk hours per ISO weekday from the profile; empty or absent: the default hours. */
  readonly businessHours?: readonly { readonly dayOfWeek: number; readonly opens: string; readonly closes: string }[];
  /** The hotel asked to be contacted by email only. */
  readonly emailOnly?: boolean;
}

export type Validated = { readonly ok: true; readonly request: FolioRequest } | { readonly ok: false; readonly reasons: readonly Reason[] };

const MAX_TEXT = 200;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function reason(code: string, field: string, message: string): Reason {
  return { code, field, message };
}

/** Epoch day of an ISO date, or null when it is not a real calendar date. */
export function isoDay(value: string): number | null {
  if (!ISO_DATE.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
  return ms / DAY_MS;
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The hotel phone in E.164, or null when it is not a dialable number. */
export function normaliseHotelPhone(raw: string, defaultCountry: CountryCode | undefined, acceptFictional = false): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  if (!parsed) return null;
  if (parsed.isValid()) return parsed.number;
  return acceptFictional && parsed.isPossible() && isFictionalNumber(parsed.number) ? parsed.number : null;
}

function text(value: string, field: string, label: string, reasons: Reason[], code: string): string {
  const trimmed = value.normalize('NFC').trim();
  if (trimmed.length === 0) reasons.push(reason(code, field, `${label} is empty`));
  else if (trimmed.length > MAX_TEXT) reasons.push(reason('TEXT_TOO_LONG', field, `${label} is longer than ${MAX_TEXT} characters`));
  return trimmed;
}

function optional(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * Checks a RecordCreated and returns the request as Folio keeps it, or every reason it is refused.
 * `tenantHeader` is the message's tenant-id header (null when absent); `hotel` looks up hotel memory.
 */
export function validateRecordCreated(
  message: RecordCreated,
  tenantHeader: string | null,
  policy: ValidationPolicy,
  hotel: (hotelPhone: string) => HotelMemory | null,
): Validated {
  const reasons: Reason[] = [];
  const tenantId = message.tenantId.trim();
  if (tenantId.length === 0) reasons.push(reason('MISSING_TENANT_ID', 'tenantId', 'tenantId is empty'));
  else if (/[\r\n]/.test(tenantId)) reasons.push(reason('INVALID_TENANT_ID', 'tenantId', 'tenantId contains a line break'));
  else if (tenantHeader !== null && tenantHeader !== message.tenantId) {
    reasons.push(reason('TENANT_MISMATCH', 'tenantId', `tenantId "${message.tenantId}" differs from the tenant-id header "${tenantHeader}"`));
  }
  if (tenantId.length > 0 && tenantId !== message.tenantId) reasons.push(reason('INVALID_TENANT_ID', 'tenantId', 'tenantId has leading or trailing whitespace'));
  const externalId = message.externalId.trim();
  if (externalId.length === 0) reasons.push(reason('MISSING_EXTERNAL_ID', 'externalId', 'externalId is empty'));
  else if (externalId !== message.externalId) reasons.push(reason('INVALID_EXTERNAL_ID', 'externalId', 'externalId has leading or trailing whitespace'));
  else if (externalId.length > MAX_TEXT) reasons.push(reason('TEXT_TOO_LONG', 'externalId', `externalId is longer than ${MAX_TEXT} characters`));
  else if (tenantId.length > 0 && tenantId === message.tenantId) {
    const expected = recordIdFor(tenantId, externalId);
    if (message.recordId !== expected) {
      reasons.push(reason('RECORD_ID_MISMATCH', 'recordId', `recordId must be recordIdFor(tenantId, externalId) = ${expected}: one request per (tenantId, externalId)`));
    }
  }
  const guestFirstName = text(message.guestFirstName, 'guestFirstName', 'guest first name', reasons, 'MISSING_GUEST_NAME');
  const guestLastName = text(message.guestLastName, 'guestLastName', 'guest last name', reasons, 'MISSING_GUEST_NAME');
  const confirmationNumber = text(message.confirmationNumber, 'confirmationNumber', 'confirmation number', reasons, 'MISSING_CONFIRMATION_NUMBER');

  const checkIn = isoDay(message.stay.checkIn);
  const checkOut = isoDay(message.stay.checkOut);
  if (checkIn === null) reasons.push(reason('INVALID_DATE', 'stay.checkIn', `"${message.stay.checkIn}" is not an ISO date (YYYY-MM-DD)`));
  if (checkOut === null) reasons.push(reason('INVALID_DATE', 'stay.checkOut', `"${message.stay.checkOut}" is not an ISO date (YYYY-MM-DD)`));
  if (checkIn !== null && checkOut !== null) {
    if (checkOut <= checkIn) reasons.push(reason('CHECK_OUT_NOT_AFTER_CHECK_IN', 'stay.checkOut', 'check-out must be after check-in'));
    else if (checkOut - checkIn > policy.maxStayNights) reasons.push(reason('STAY_TOO_LONG', 'stay.checkOut', `a stay may last at most ${policy.maxStayNights} nights`));
  }

  const hotelPhone = normaliseHotelPhone(message.hotelPhone, policy.defaultPhoneCountry, policy.acceptFictionalNumbers);
  if (hotelPhone === null) reasons.push(reason('INVALID_HOTEL_PHONE', 'hotelPhone', `"${message.hotelPhone}" is not a dialable phone number (use E.164, e.g. +15015551234)`));

  const destinationEmail = message.destinationEmail.trim();
  if (!isEmail(destinationEmail)) reasons.push(reason('INVALID_EMAIL', 'destinationEmail', 'destinationEmail is not an email address'));
  const hotelEmail = optional(message.hotelEmail);
  if (hotelEmail !== null && !isEmail(hotelEmail)) reasons.push(reason('INVALID_EMAIL', 'hotelEmail', 'hotelEmail is not an email address'));
  const hotelTimeZone = optional(message.hotelTimeZone);
  if (hotelTimeZone !== null && !isTimeZone(hotelTimeZone)) reasons.push(reason('INVALID_TIME_ZONE', 'hotelTimeZone', `"${hotelTimeZone}" is not an IANA time zone`));

  if (reasons.length > 0 || hotelPhone === null) return { ok: false, reasons };
  const known = hotel(hotelPhone);
  return {
    ok: true,
    request: {
      externalId,
      guestFirstName,
      guestLastName,
      confirmationNumber,
      stay: { checkIn: message.stay.checkIn, checkOut: message.stay.checkOut },
      hotelPhone,
      hotelName: optional(message.hotelName) ?? known?.name ?? null,
      hotelAddress: optional(message.hotelAddress),
      hotelTimeZone: hotelTimeZone ?? known?.timeZone ?? null,
      hotelEmail: hotelEmail ?? known?.email ?? null,
      destinationEmail,
      notes: optional(message.notes),
      source: message.source,
      createdAt: message.createdAt,
    },
  };
}
