// Maps a Textract AnalyzeExpense / GetExpenseAnalysis answer (ExpenseDocuments with SummaryFields and
// LineItemGroups) to the same normalised folio the built-in reader produces. Pure: the shapes below are the
// parts of the SDK's response types the mapping reads, so the domain does not import the SDK.
import type { FolioLineItem } from '@folio/contracts';
import { currencyOf, parseAmount, parseRate } from '../reading/amounts.js';
import { findDates, inferDayOrder, parseDate, type DayOrder } from '../reading/dates.js';
import { FOLIO_FIELDS, type ExtractedFolio, type FolioField, type TaxAmount } from '../reading/folio.js';
import { kindOf, labelAt, NOT_TOTAL, SALUTATION } from '../reading/labels.js';

export interface ExpenseDetectionShape {
  readonly Text?: string | undefined;
  readonly Confidence?: number | undefined;
}

export interface ExpenseFieldShape {
  readonly Type?: { readonly Text?: string | undefined; readonly Confidence?: number | undefined } | undefined;
  readonly LabelDetection?: ExpenseDetectionShape | undefined;
  readonly ValueDetection?: ExpenseDetectionShape | undefined;
  readonly PageNumber?: number | undefined;
  readonly Currency?: { readonly Code?: string | undefined; readonly Confidence?: number | undefined } | undefined;
  readonly GroupProperties?: ReadonlyArray<{ readonly Types?: readonly string[] | undefined; readonly Id?: string | undefined }> | undefined;
}

export interface ExpenseDocumentShape {
  readonly ExpenseIndex?: number | undefined;
  readonly SummaryFields?: readonly ExpenseFieldShape[] | undefined;
  readonly LineItemGroups?:
    | ReadonlyArray<{
        readonly LineItemGroupIndex?: number | undefined;
        readonly LineItems?: ReadonlyArray<{ readonly LineItemExpenseFields?: readonly ExpenseFieldShape[] | undefined }> | undefined;
      }>
    | undefined;
}

export interface ExpenseAnalysisShape {
  readonly DocumentMetadata?: { readonly Pages?: number | undefined } | undefined;
  readonly ExpenseDocuments?: readonly ExpenseDocumentShape[] | undefined;
}

interface Summary {
  readonly type: string;
  readonly label: string;
  readonly value: string;
  readonly groups: readonly string[];
  readonly currency: string | null;
  /** 0..1: the lesser of Textract's type and value confidences (Textract reports 0..100). */
  readonly confidence: number;
}

interface Found<T> {
  readonly value: T;
  readonly confidence: number;
}

const percent = (c: number | undefined): number => Math.max(0, Math.min(1, (c ?? 0) / 100));

function summaryOf(field: ExpenseFieldShape): Summary | null {
  const value = field.ValueDetection?.Text?.trim() ?? '';
  if (value === '') return null;
  return {
    type: field.Type?.Text ?? 'OTHER',
    label: field.LabelDetection?.Text?.trim() ?? '',
    value,
    groups: (field.GroupProperties ?? []).flatMap((g) => g.Types ?? []),
    currency: field.Currency?.Code ?? null,
    confidence: Math.min(percent(field.Type?.Confidence ?? 100), percent(field.ValueDetection?.Confidence)),
  };
}

function first(summaries: readonly Summary[], test: (s: Summary) => boolean): Found<string> | null {
  const hit = summaries.find(test);
  return hit ? { value: hit.value, confidence: hit.confidence } : null;
}

function matchesLabel(label: string, field: string): boolean {
  const hit = labelAt(`${label.trim().replace(/[:#]$/, '')}:`);
  return hit !== null && hit.rest === '' && hit.field === field;
}

/** A field Textract typed OTHER, recognised by the label printed before it (the reader's four-language labels). */
function labelled(summaries: readonly Summary[], field: string): Summary[] {
  return summaries.filter((s) => s.type === 'OTHER' && s.label !== '' && matchesLabel(s.label, field));
}

interface Row {
  readonly item: FolioLineItem;
  readonly confidence: number;
}

function rowsOf(docs: readonly ExpenseDocumentShape[], order: DayOrder): Row[] {
  const rows: Row[] = [];
  for (const doc of docs) {
    for (const group of doc.LineItemGroups ?? []) {
      for (const line of group.LineItems ?? []) {
        const fields = (line.LineItemExpenseFields ?? []).map(summaryOf).filter((s): s is Summary => s !== null);
        const price = fields.find((f) => f.type === 'PRICE');
        const amount = price ? parseAmount(price.value) : null;
        if (!price || amount === null) continue;
        const row = fields.find((f) => f.type === 'EXPENSE_ROW')?.value ?? '';
        const itemText = fields.find((f) => f.type === 'ITEM')?.value ?? row;
        const [date] = findDates(itemText, order).length > 0 ? findDates(itemText, order) : findDates(row, order);
        let description = itemText;
        if (date && itemText.slice(date.index, date.index + date.length) !== '') {
          description = (itemText.slice(0, date.index) + itemText.slice(date.index + date.length)).trim();
        }
        if (description === '') description = row.replace(price.value, '').trim();
        const kind = kindOf(description);
        const amountMinor = kind === 'PAYMENT' && amount > 0 ? -amount : amount;
        rows.push({ item: { date: date?.iso ?? null, description, kind, amountMinor }, confidence: price.confidence });
      }
    }
  }
  return rows;
}

function name(value: string): string {
  return value.replace(SALUTATION, '').replace(/\s+/g, ' ').trim();
}

/**
 * The folio in an expense analysis; null when it holds nothing a folio has (no number, guest, dates, total or
 * lines), as the built-in reader answers for a document that is not a folio.
 */
export function folioFromExpense(analysis: ExpenseAnalysisShape): ExtractedFolio | null {
  const docs = analysis.ExpenseDocuments ?? [];
  const summaries = docs.flatMap((d) => (d.SummaryFields ?? []).map(summaryOf)).filter((s): s is Summary => s !== null);
  const texts = summaries.map((s) => s.value);

  const totals = summaries.filter((s) => s.type === 'TOTAL' && !NOT_TOTAL.test(s.label));
  const currency =
    totals.find((t) => t.currency)?.currency ?? summaries.find((s) => s.currency)?.currency ?? (totals[0] ? currencyOf(totals[0].value) : null);
  const order = inferDayOrder(
    [...texts, ...docs.flatMap((d) => (d.LineItemGroups ?? []).flatMap((g) => (g.LineItems ?? []).flatMap((l) => (l.LineItemExpenseFields ?? []).map((f) => f.ValueDetection?.Text ?? ''))))],
    currency,
  ).order;

  const rows = rowsOf(docs, order);
  const charges = rows.filter((r) => r.item.kind !== 'PAYMENT').reduce((sum, r) => sum + r.item.amountMinor, 0);
  const totalCandidates = totals.map((t) => ({ minor: parseAmount(t.value), confidence: t.confidence })).filter((t): t is { minor: number; confidence: number } => t.minor !== null);
  const total = totalCandidates.find((t) => rows.length > 0 && t.minor === charges) ?? totalCandidates[0] ?? null;

  const folioNumber = first(summaries, (s) => s.type === 'INVOICE_RECEIPT_ID') ?? first(labelled(summaries, 'folioNumber'), () => true);
  const hotelName = first(summaries, (s) => s.type === 'VENDOR_NAME') ?? first(summaries, (s) => s.type === 'NAME' && s.groups.includes('VENDOR'));
  const guestRaw = first(summaries, (s) => s.type === 'RECEIVER_NAME') ?? first(summaries, (s) => s.type === 'NAME' && s.groups.includes('RECEIVER')) ?? first(labelled(summaries, 'guestName'), () => true);
  const guestName = guestRaw ? { value: name(guestRaw.value), confidence: guestRaw.confidence } : null;
  const confirmationNumber = first(labelled(summaries, 'confirmationNumber'), () => true);
  const roomNumber = first(labelled(summaries, 'roomNumber'), () => true);

  const dateOf = (field: 'checkIn' | 'checkOut'): Found<string> | null => {
    for (const s of labelled(summaries, field)) {
      const iso = parseDate(s.value, order) ?? findDates(s.value, order)[0]?.iso ?? null;
      if (iso) return { value: iso, confidence: s.confidence };
    }
    for (const s of labelled(summaries, 'stay')) {
      const dates = findDates(s.value, order);
      const d = field === 'checkIn' ? dates[0] : dates[1];
      if (dates.length === 2 && d) return { value: d.iso, confidence: s.confidence };
    }
    return null;
  };
  const checkIn = dateOf('checkIn');
  const checkOut = dateOf('checkOut');

  const taxes: TaxAmount[] = [];
  let taxConfidence = 0;
  for (const s of summaries.filter((t) => t.type === 'TAX')) {
    const taxMinor = parseAmount(s.value);
    if (taxMinor === null) continue;
    taxes.push({ ratePercent: parseRate(s.label) ?? parseRate(s.value) ?? 0, taxMinor, netMinor: null });
    taxConfidence = taxConfidence === 0 ? s.confidence : Math.min(taxConfidence, s.confidence);
  }

  if (!folioNumber && !guestName && !checkIn && !total && rows.length === 0) return null;

  const linesConfidence = rows.length === 0 ? 0 : Math.min(...rows.map((r) => r.confidence));
  const confidence = {} as Record<FolioField, number>;
  confidence.folioNumber = folioNumber?.confidence ?? 0;
  confidence.hotelName = hotelName?.confidence ?? 0;
  confidence.guestName = guestName?.confidence ?? 0;
  confidence.confirmationNumber = confirmationNumber?.confidence ?? 0;
  confidence.roomNumber = roomNumber?.confidence ?? 0;
  confidence.checkIn = checkIn?.confidence ?? 0;
  confidence.checkOut = checkOut?.confidence ?? 0;
  confidence.currency = currency ? (totals.find((t) => t.currency) ? percent((docs.flatMap((d) => d.SummaryFields ?? []).find((f) => f.Currency?.Code === currency)?.Currency?.Confidence)) : 0.8) : 0;
  confidence.lineItems = linesConfidence;
  confidence.taxes = taxConfidence;
  confidence.total = total?.confidence ?? 0;
  for (const f of FOLIO_FIELDS) confidence[f] = Math.round(confidence[f] * 1000) / 1000;

  const found = [confidence.folioNumber, confidence.guestName, confidence.checkIn, confidence.checkOut, confidence.total, linesConfidence];
  const overall = Math.round((found.reduce((s, c) => s + c, 0) / found.length) * 1000) / 1000;

  return {
    document: {
      folioNumber: folioNumber?.value ?? null,
      hotelName: hotelName?.value ?? null,
      guestName: guestName?.value ?? null,
      confirmationNumber: confirmationNumber?.value ?? null,
      roomNumber: roomNumber?.value ?? null,
      stay: checkIn && checkOut ? { checkIn: checkIn.value, checkOut: checkOut.value } : null,
      currency,
      lineItems: rows.map((r) => r.item),
      totalMinor: total?.minor ?? null,
      confidence: overall,
      taxes: taxes.map((t) => ({ ...t })),
      fieldConfidence: { ...confidence },
    },
    taxes,
    confidence,
    dates: { checkIn: checkIn?.value ?? null, checkOut: checkOut?.value ?? null },
    layout: 'generic',
    pages: analysis.DocumentMetadata?.Pages ?? 1,
    ocrPages: 0,
  };
}
