import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FolioLineItem } from '@folio/contracts';
import { FOLIO_FIELDS, type ExtractedFolio, type ExtractionResult, type FolioField } from '../reading/folio.js';
import { outcomeEvent } from './outcome-events.js';
import { confirmationMatches, validateFolio, type RequestToCheck } from './validate-folio.js';

const request: RequestToCheck = {
  guestFirstName: 'Jürgen',
  guestLastName: 'Weiß',
  confirmationNumber: '25757312',
  stay: { checkIn: '2026-03-12', checkOut: '2026-03-15' },
};

function room(date: string, amountMinor = 20000): FolioLineItem {
  return { date, description: 'Übernachtung', kind: 'ROOM', amountMinor };
}

/** A folio read surely that matches `request`: three nights at 200.00 and a breakfast. */
function folio(overrides: { document?: Partial<ExtractedFolio['document']>; dates?: Partial<ExtractedFolio['dates']>; confidence?: Partial<Record<FolioField, number>> } = {}): ExtractionResult {
  const lineItems = [room('2026-03-12'), room('2026-03-13'), room('2026-03-14'), { date: '2026-03-13', description: 'Frühstück', kind: 'FOOD_AND_BEVERAGE', amountMinor: 2450 } as FolioLineItem];
  const document = {
    folioNumber: '373635',
    hotelName: 'Parkhotel Schönblick',
    guestName: 'WEISS, Jürgen',
    confirmationNumber: '25757312',
    roomNumber: '208',
    stay: { checkIn: '2026-03-12', checkOut: '2026-03-15' },
    currency: 'EUR',
    lineItems,
    totalMinor: 62450,
    confidence: 0.95,
    taxes: null,
    fieldConfidence: null,
    ...overrides.document,
  };
  const confidence = { ...(Object.fromEntries(FOLIO_FIELDS.map((f) => [f, 0.95])) as Record<FolioField, number>), ...overrides.confidence };
  return {
    status: 'read',
    folio: {
      document,
      taxes: [{ ratePercent: 7, taxMinor: 3925, netMinor: 56075 }],
      confidence,
      dates: { checkIn: '2026-03-12', checkOut: '2026-03-15', ...overrides.dates },
      layout: 'opera',
      pages: 1,
      ocrPages: 0,
    },
  };
}

const codes = (v: ReturnType<typeof validateFolio>) => (v.outcome === 'validated' ? [] : v.reasons.map((r) => r.code));

describe('validateFolio', () => {
  it('validates a folio that matches the request', () => {
    expect(validateFolio(folio(), request).outcome).toBe('validated');
  });

  it('validates when the confirmation number is not printed', () => {
    expect(validateFolio(folio({ document: { confirmationNumber: null } }), request).outcome).toBe('validated');
  });

  it('validates a total one cent off the lines (rounding)', () => {
    expect(validateFolio(folio({ document: { totalMinor: 62451 } }), request).outcome).toBe('validated');
  });

  it('sends a folio made out to someone else to review as a mismatch', () => {
    const v = validateFolio(folio({ document: { guestName: 'Mrs. Anna Schmidt' } }), request);
    expect(v).toMatchObject({ outcome: 'needs_review', kind: 'mismatch' });
    expect(codes(v)).toEqual(['GUEST_NAME_MISMATCH']);
  });

  it('names every disagreement with the request', () => {
    const v = validateFolio(folio({ document: { confirmationNumber: '99999999', totalMinor: 70000 }, dates: { checkIn: '2026-03-11', checkOut: '2026-03-16' } }), request);
    expect(codes(v)).toEqual(['CONFIRMATION_NUMBER_MISMATCH', 'CHECK_IN_MISMATCH', 'CHECK_OUT_MISMATCH', 'TOTAL_MISMATCH']);
  });

  it('notices room nights that do not match the stay', () => {
    const lines = [room('2026-03-12'), room('2026-03-13')];
    const v = validateFolio(folio({ document: { lineItems: lines, totalMinor: 40000 } }), request);
    expect(codes(v)).toEqual(['NIGHTS_MISMATCH']);
  });

  it('sends a folio missing a required field to review as partial', () => {
    const v = validateFolio(folio({ document: { folioNumber: null }, confidence: { folioNumber: 0 } }), request);
    expect(v).toMatchObject({ outcome: 'needs_review', kind: 'partial' });
    expect(v.outcome !== 'validated' && v.reasons[0]).toMatchObject({ code: 'MISSING_FIELD', field: 'folioNumber' });
  });

  it('flags a required field read with confidence below 0.70', () => {
    const v = validateFolio(folio({ confidence: { total: 0.6 } }), request);
    expect(codes(v)).toEqual(['LOW_CONFIDENCE']);
  });

  it('accepts two uncertain optional fields but not three', () => {
    expect(validateFolio(folio({ confidence: { hotelName: 0.5, roomNumber: 0.5 } }), request).outcome).toBe('validated');
    const v = validateFolio(folio({ confidence: { hotelName: 0.5, roomNumber: 0.5, currency: 0.4 } }), request);
    expect(codes(v)).toEqual(['TOO_MANY_UNCERTAIN_FIELDS']);
  });

  it('asks for a readable copy when the document could not be read', () => {
    const unreadable: ExtractionResult = { status: 'unreadable', reason: { code: 'CORRUPT_DOCUMENT', message: 'not a PDF', field: null }, pages: 0 };
    expect(validateFolio(unreadable, request)).toEqual({ outcome: 'unreadable', reasons: [unreadable.reason] });
  });

  it('treats a read with none of the required fields as unreadable', () => {
    const v = validateFolio(
      folio({ document: { folioNumber: null, guestName: null, totalMinor: null }, dates: { checkIn: null, checkOut: null } }),
      request,
    );
    expect(v).toMatchObject({ outcome: 'unreadable', reasons: [{ code: 'NO_RECOGNIZABLE_FORMAT' }] });
  });

  it('validates any consistent folio and catches any total off by more than the rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1000, max: 100000 }),
        fc.array(fc.integer({ min: 100, max: 20000 }), { maxLength: 10 }),
        fc.integer({ min: 50, max: 100000 }),
        (nights, rate, extras, off) => {
          const checkIn = '2026-05-01';
          const checkOut = new Date(Date.parse('2026-05-01T00:00:00Z') + nights * 86_400_000).toISOString().slice(0, 10);
          const lines: FolioLineItem[] = [
            ...Array.from({ length: nights }, (_, i) => room(new Date(Date.parse('2026-05-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10), rate)),
            ...extras.map((amountMinor): FolioLineItem => ({ date: checkIn, description: 'Bar', kind: 'FOOD_AND_BEVERAGE', amountMinor })),
          ];
          const total = lines.reduce((s, l) => s + l.amountMinor, 0);
          const req = { ...request, stay: { checkIn, checkOut } };
          const good = folio({ document: { lineItems: lines, totalMinor: total }, dates: { checkIn, checkOut } });
          expect(validateFolio(good, req).outcome).toBe('validated');
          const tolerance = Math.max(1, Math.floor(lines.length * 0.5));
          const bad = folio({ document: { lineItems: lines, totalMinor: total + tolerance + off }, dates: { checkIn, checkOut } });
          expect(codes(validateFolio(bad, req))).toEqual(['TOTAL_MISMATCH']);
        },
      ),
    );
  });
});

describe('confirmationMatches', () => {
  it('matches the same reservation printed with a prefix or separators', () => {
    expect(confirmationMatches('CB-1234567', '1234567')).toBe(true);
    expect(confirmationMatches('mw 240255', 'MW240255')).toBe(true);
    expect(confirmationMatches('1234', '91234')).toBe(false);
    expect(confirmationMatches('CB-1234567', '1234568')).toBe(false);
  });
});

describe('outcomeEvent', () => {
  const ctx = { recordId: '7f1c0e3a-5d2b-4a51-9a55-0d9b9e6f4a10', tenantId: 't1', documentKey: 'attachments/ab12', occurredAt: new Date('2026-03-16T10:00:00Z'), method: 'PDF_TEXT' as const };

  it('turns each outcome into its event on folio.extractions.v1', () => {
    expect(outcomeEvent(validateFolio(folio(), request), ctx).type).toBe('FolioExtracted');
    const mismatch = outcomeEvent(validateFolio(folio({ document: { guestName: 'Anna Schmidt' } }), request), ctx);
    expect(mismatch).toMatchObject({ type: 'FolioMismatch', data: { mismatches: [{ code: 'GUEST_NAME_MISMATCH' }] } });
    const failed = outcomeEvent({ outcome: 'unreadable', reasons: [{ code: 'CORRUPT_DOCUMENT', message: 'x', field: null }] }, ctx);
    expect(failed).toMatchObject({ type: 'ExtractionFailed', data: { reason: { code: 'CORRUPT_DOCUMENT' } } });
  });
});
