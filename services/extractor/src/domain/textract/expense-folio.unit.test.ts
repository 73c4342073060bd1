import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { folioFromExpense, type ExpenseAnalysisShape } from './expense-folio.js';
import { validateFolio } from '../validation/validate-folio.js';

// An AnalyzeExpense answer of the real shape (SummaryFields with Type/LabelDetection/ValueDetection/Currency/
// GroupProperties, LineItemGroups of ITEM/PRICE/EXPENSE_ROW, Confidence 0..100) for a German hotel folio.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/analyze-expense-folio-de.json', import.meta.url), 'utf8')) as ExpenseAnalysisShape;

describe('folioFromExpense', () => {
  const folio = folioFromExpense(fixture)!;

  it('maps the typed summary fields and the labelled OTHER fields to the folio header', () => {
    expect(folio.document).toMatchObject({
      folioNumber: '204817',
      hotelName: 'Grand Hotel Esplanade',
      guestName: 'Jonas Müller',
      confirmationNumber: 'RES-88412',
      roomNumber: '412',
      stay: { checkIn: '2026-03-03', checkOut: '2026-03-05' },
      currency: 'EUR',
      totalMinor: 36500,
    });
    expect(folio.dates).toEqual({ checkIn: '2026-03-03', checkOut: '2026-03-05' });
    expect(folio.pages).toBe(1);
  });

  it('reads line items with their dates, kinds and signed amounts, payments negative', () => {
    expect(folio.document.lineItems).toEqual([
      { date: '2026-03-03', description: 'Übernachtung', kind: 'ROOM', amountMinor: 16500 },
      { date: '2026-03-03', description: 'Frühstück', kind: 'FOOD_AND_BEVERAGE', amountMinor: 2200 },
      { date: '2026-03-04', description: 'Übernachtung', kind: 'ROOM', amountMinor: 16500 },
      { date: '2026-03-04', description: 'Minibar', kind: expect.any(String), amountMinor: 1300 },
      { date: '2026-03-05', description: 'Zahlung Visa', kind: 'PAYMENT', amountMinor: -36500 },
    ]);
  });

  it('keeps taxes per rate and Textract confidences scaled to 0..1, the weakest row for the lines', () => {
    expect(folio.taxes).toEqual([
      { ratePercent: 7, taxMinor: 2355, netMinor: null },
      { ratePercent: 19, taxMinor: 500, netMinor: null },
    ]);
    expect(folio.document.taxes).toEqual(folio.taxes);
    expect(folio.confidence.guestName).toBeCloseTo(0.964, 3);
    expect(folio.confidence.total).toBeCloseTo(0.978, 3);
    expect(folio.confidence.lineItems).toBeCloseTo(0.88, 3);
    expect(folio.document.fieldConfidence).toEqual(folio.confidence);
  });

  it('gives a folio that validates against its request like the built-in reader', () => {
    const validation = validateFolio({ status: 'read', folio }, { guestFirstName: 'Jonas', guestLastName: 'Mueller', confirmationNumber: 'RES-88412', stay: { checkIn: '2026-03-03', checkOut: '2026-03-05' } });
    expect(validation.outcome).toBe('validated');
  });

  it('takes the total that the charges add up to when several are printed', () => {
    const docs = fixture.ExpenseDocuments!;
    const first = docs[0]!;
    const withSubtotalAsTotal: ExpenseAnalysisShape = {
      ...fixture,
      ExpenseDocuments: [{ ...first, SummaryFields: [{ Type: { Text: 'TOTAL', Confidence: 90 }, ValueDetection: { Text: '341,45', Confidence: 90 } }, ...(first.SummaryFields ?? [])] }],
    };
    expect(folioFromExpense(withSubtotalAsTotal)!.document.totalMinor).toBe(36500);
  });

  it('answers null for an analysis with nothing a folio has', () => {
    expect(folioFromExpense({ DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [{ ExpenseIndex: 1, SummaryFields: [], LineItemGroups: [] }] })).toBeNull();
    expect(folioFromExpense({})).toBeNull();
  });
});
