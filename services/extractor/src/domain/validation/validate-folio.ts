// Checks a read folio against its request: required fields read with enough confidence, the guest, the
// confirmation number where printed, the dates and nights, and lines that add up to the total.
import type { FolioRequest, Reason } from '@folio/contracts';
import { daysBetween } from '../reading/dates.js';
import { FOLIO_FIELDS, REQUIRED_FIELDS, type ExtractedFolio, type ExtractionResult, type FolioField } from '../reading/folio.js';
import { guestNameMatches } from './guest-name.js';

/** What the request says, as far as a folio can be checked against it. */
export type RequestToCheck = Pick<FolioRequest, 'guestFirstName' | 'guestLastName' | 'confirmationNumber' | 'stay'>;

export interface ValidationPolicy {
  /** A required field read with less confidence than this is uncertain (ORIGINAL-DESIGN §6: 0.70). */
  readonly minConfidence: number;
  /** More uncertain fields than this sends the folio to review (ORIGINAL-DESIGN §6: 2). */
  readonly maxUncertainFields: number;
  /** Rounding allowed between the sum of the lines and the total, in minor units per line (at least 1 in all). */
  readonly roundingMinorPerLine: number;
}

export const DEFAULT_POLICY: ValidationPolicy = { minConfidence: 0.7, maxUncertainFields: 2, roundingMinorPerLine: 0.5 };

/**
 * validated: deliver it. needs_review: an operator looks (partial: something could not be read surely;
 * mismatch: something read does not agree with the request). unreadable: ask the hotel for a readable copy.
 */
export type FolioValidation =
  | { readonly outcome: 'validated'; readonly folio: ExtractedFolio }
  | { readonly outcome: 'needs_review'; readonly kind: 'partial' | 'mismatch'; readonly folio: ExtractedFolio; readonly reasons: readonly Reason[] }
  | { readonly outcome: 'unreadable'; readonly reasons: readonly Reason[] };

const FIELD_NAMES: Record<FolioField, string> = {
  folioNumber: 'folio number',
  hotelName: 'hotel name',
  guestName: 'guest name',
  confirmationNumber: 'confirmation number',
  roomNumber: 'room number',
  checkIn: 'check-in date',
  checkOut: 'check-out date',
  currency: 'currency',
  lineItems: 'line items',
  taxes: 'taxes',
  total: 'total',
};

const PARTIAL_CODES = new Set(['MISSING_FIELD', 'LOW_CONFIDENCE', 'TOO_MANY_UNCERTAIN_FIELDS', 'NO_LINE_ITEMS']);

function reason(code: string, message: string, field: string | null): Reason {
  return { code, message, field };
}

function comparable(confirmation: string): string {
  return confirmation.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** "CB-1234567" printed for "1234567" requested (or the other way round) is the same reservation. */
export function confirmationMatches(printed: string, requested: string): boolean {
  const a = comparable(printed);
  const b = comparable(requested);
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.endsWith(short);
}

function present(folio: ExtractedFolio, field: FolioField): boolean {
  const d = folio.document;
  switch (field) {
    case 'folioNumber':
      return d.folioNumber !== null;
    case 'hotelName':
      return d.hotelName !== null;
    case 'guestName':
      return d.guestName !== null;
    case 'confirmationNumber':
      return d.confirmationNumber !== null;
    case 'roomNumber':
      return d.roomNumber !== null;
    case 'checkIn':
      return folio.dates.checkIn !== null;
    case 'checkOut':
      return folio.dates.checkOut !== null;
    case 'currency':
      return d.currency !== null;
    case 'lineItems':
      return d.lineItems.length > 0;
    case 'taxes':
      return folio.taxes.length > 0;
    case 'total':
      return d.totalMinor !== null;
    default: {
      const never: never = field;
      return never;
    }
  }
}

export function validateFolio(result: ExtractionResult, request: RequestToCheck, policy: ValidationPolicy = DEFAULT_POLICY): FolioValidation {
  if (result.status === 'unreadable') return { outcome: 'unreadable', reasons: [result.reason] };
  const folio = result.folio;
  const d = folio.document;
  const reasons: Reason[] = [];

  if (REQUIRED_FIELDS.every((f) => !present(folio, f))) {
    return { outcome: 'unreadable', reasons: [reason('NO_RECOGNIZABLE_FORMAT', 'None of folio number, guest, dates or total could be read; ask the hotel for a readable copy.', null)] };
  }

  // Confidence: required fields must be read surely; found optional fields count when uncertain.
  const uncertain: FolioField[] = [];
  for (const field of FOLIO_FIELDS) {
    const c = folio.confidence[field];
    const required = REQUIRED_FIELDS.includes(field);
    if (required && !present(folio, field)) {
      reasons.push(reason('MISSING_FIELD', `The ${FIELD_NAMES[field]} could not be found on the folio.`, field));
      uncertain.push(field);
    } else if (present(folio, field) && c < policy.minConfidence) {
      if (required) reasons.push(reason('LOW_CONFIDENCE', `The ${FIELD_NAMES[field]} was read with confidence ${c.toFixed(2)}, below ${policy.minConfidence}.`, field));
      uncertain.push(field);
    }
  }
  if (uncertain.length > policy.maxUncertainFields) {
    reasons.push(reason('TOO_MANY_UNCERTAIN_FIELDS', `${uncertain.length} fields are uncertain (${uncertain.join(', ')}); at most ${policy.maxUncertainFields} are accepted.`, null));
  }

  // Against the request.
  if (d.guestName !== null && !guestNameMatches(d.guestName, request.guestFirstName, request.guestLastName)) {
    reasons.push(reason('GUEST_NAME_MISMATCH', `The folio is made out to "${d.guestName}", not to ${request.guestFirstName} ${request.guestLastName}.`, 'guestName'));
  }
  if (d.confirmationNumber !== null && request.confirmationNumber.trim() !== '' && !confirmationMatches(d.confirmationNumber, request.confirmationNumber)) {
    reasons.push(reason('CONFIRMATION_NUMBER_MISMATCH', `The folio shows confirmation number ${d.confirmationNumber}, the request ${request.confirmationNumber}.`, 'confirmationNumber'));
  }
  const { checkIn, checkOut } = folio.dates;
  if (checkIn !== null && checkIn !== request.stay.checkIn) {
    reasons.push(reason('CHECK_IN_MISMATCH', `The folio shows arrival on ${checkIn}, the request ${request.stay.checkIn}.`, 'checkIn'));
  }
  if (checkOut !== null && checkOut !== request.stay.checkOut) {
    reasons.push(reason('CHECK_OUT_MISMATCH', `The folio shows departure on ${checkOut}, the request ${request.stay.checkOut}.`, 'checkOut'));
  }
  const nights = daysBetween(request.stay.checkIn, request.stay.checkOut);
  const roomNights = new Set(d.lineItems.filter((l) => l.kind === 'ROOM' && l.date !== null).map((l) => l.date)).size;
  if (roomNights > 0 && roomNights !== nights) {
    reasons.push(reason('NIGHTS_MISMATCH', `The folio charges ${roomNights} room night(s), the request is for ${nights}.`, 'lineItems'));
  }

  // The lines add up to the total.
  const charges = d.lineItems.filter((l) => l.kind !== 'PAYMENT');
  if (charges.length === 0) {
    reasons.push(reason('NO_LINE_ITEMS', 'No charge lines could be read, so the total cannot be checked.', 'lineItems'));
  } else if (d.totalMinor !== null) {
    const sum = charges.reduce((s, l) => s + l.amountMinor, 0);
    const tolerance = Math.max(1, Math.floor(charges.length * policy.roundingMinorPerLine));
    if (Math.abs(sum - d.totalMinor) > tolerance) {
      reasons.push(reason('TOTAL_MISMATCH', `The lines add up to ${sum} minor units, the printed total is ${d.totalMinor}.`, 'total'));
    }
  }

  if (reasons.length === 0) return { outcome: 'validated', folio };
  const kind = reasons.every((r) => PARTIAL_CODES.has(r.code)) ? 'partial' : 'mismatch';
  return { outcome: 'needs_review', kind, folio, reasons };
}
