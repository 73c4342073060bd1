// The event each validation outcome becomes on folio.extractions.v1: FolioExtracted (deliver), FolioMismatch
// (operator review) or ExtractionFailed (ask the hotel for a readable copy).
import type { ExtractionFailed, ExtractionMethod, FolioExtracted, FolioMismatch } from '@folio/contracts';
import type { FolioValidation } from './validate-folio.js';

export interface OutcomeContext {
  readonly recordId: string;
  readonly tenantId: string;
  readonly documentKey: string;
  readonly occurredAt: Date;
  /** How the document was read (TEXTRACT, PDF_TEXT, or OCR when a page had to be read as a picture). */
  readonly method: ExtractionMethod;
}

export type OutcomeEvent =
  | { readonly type: 'FolioExtracted'; readonly data: FolioExtracted }
  | { readonly type: 'FolioMismatch'; readonly data: FolioMismatch }
  | { readonly type: 'ExtractionFailed'; readonly data: ExtractionFailed };

export function outcomeEvent(validation: FolioValidation, ctx: OutcomeContext): OutcomeEvent {
  switch (validation.outcome) {
    case 'validated':
      return { type: 'FolioExtracted', data: { ...ctx, folio: validation.folio.document } };
    case 'needs_review':
      return { type: 'FolioMismatch', data: { ...ctx, folio: validation.folio.document, mismatches: [...validation.reasons] } };
    case 'unreadable': {
      const [first] = validation.reasons;
      const reason = first ?? { code: 'UNREADABLE_DOCUMENT', message: 'The document could not be read.', field: null };
      return { type: 'ExtractionFailed', data: { ...ctx, reason } };
    }
    default: {
      const never: never = validation;
      return never;
    }
  }
}
