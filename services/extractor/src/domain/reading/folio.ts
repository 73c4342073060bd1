// What the extractor hands on: the contract's FolioDocument plus what it lacks (taxes per rate, a confidence per field).
import type { FolioDocument, Reason } from '@folio/contracts';

/** The fields a confidence is kept for. */
export const FOLIO_FIELDS = [
  'folioNumber',
  'hotelName',
  'guestName',
  'confirmationNumber',
  'roomNumber',
  'checkIn',
  'checkOut',
  'currency',
  'lineItems',
  'taxes',
  'total',
] as const;
export type FolioField = (typeof FOLIO_FIELDS)[number];

/** Fields the validation requires (ORIGINAL-DESIGN §6: folio number, guest name, check-in, check-out, total). */
export const REQUIRED_FIELDS: readonly FolioField[] = ['folioNumber', 'guestName', 'checkIn', 'checkOut', 'total'];

/** Tax at one rate, as the document shows it. */
export interface TaxAmount {
  readonly ratePercent: number;
  readonly taxMinor: number;
  /** Net amount at that rate, when printed. */
  readonly netMinor: number | null;
}

/** Families of hotel property-management systems whose folio layouts the reader knows. */
export type LayoutFamily = 'opera' | 'mews' | 'cloudbeds' | 'independent' | 'generic';

export interface ExtractedFolio {
  readonly document: FolioDocument;
  readonly taxes: readonly TaxAmount[];
  /** Confidence per field, 0..1; 0 for a field not found. */
  readonly confidence: Readonly<Record<FolioField, number>>;
  /** Arrival and departure as read, each on its own (the document's `stay` needs both). */
  readonly dates: { readonly checkIn: string | null; readonly checkOut: string | null };
  readonly layout: LayoutFamily;
  readonly pages: number;
  /** Pages read by OCR because they had no text layer. */
  readonly ocrPages: number;
}

/** What reading a document gave: a folio, or the reason it could not be read (corrupt, a blank scan, not a folio). */
export type ExtractionResult =
  | { readonly status: 'read'; readonly folio: ExtractedFolio }
  | { readonly status: 'unreadable'; readonly reason: Reason; readonly pages: number };
