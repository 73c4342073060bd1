// Reads a folio from positioned text: header fields by multi-language labels (value in the same cell, to the right
// or below, in the order the layout family prefers), line items as date-led rows with an amount, the total that
// the lines add up to, taxes per rate, and a confidence per field.
import type { FolioLineItem } from '@folio/contracts';
import { currencyOf, parseAmount, parseRate } from './amounts.js';
import { findDates, inferDayOrder, parseDate, type DayOrder } from './dates.js';
import { FOLIO_FIELDS, type ExtractedFolio, type FolioField, type LayoutFamily, type TaxAmount } from './folio.js';
import {
  BALANCE_LABEL,
  CREDIT_HEADER,
  NOT_TOTAL,
  SALUTATION,
  TAX_WORD,
  TOTAL_LABEL,
  TOTAL_WORD,
  isLabel,
  kindOf,
  labelAt,
  type LabelledField,
} from './labels.js';
import { lineText, type PageText, type TextCell, type TextLine } from './text-layout.js';

interface Found<T> {
  readonly value: T;
  readonly confidence: number;
}

interface Context {
  readonly lines: readonly TextLine[];
  readonly order: DayOrder;
  readonly family: LayoutFamily;
  /** Page confidence (OCR) by page number. */
  readonly pageConfidence: ReadonlyMap<number, number>;
}

const SIGNATURES: ReadonlyArray<[Exclude<LayoutFamily, 'generic'>, RegExp[]]> = [
  ['opera', [/^INFORMATION INVOICE$/i, /^(?:Page No\.|Seite|Página|Page)$/i, /^:\s?\S/, /^(?:Conf\. No\.|Buchungsnr\.|N° confirmation|N\.º confirmación)$/i]],
  ['mews', [/^(?:Invoice number|Rechnungsnummer|Numéro de facture|Número de factura)$/i, /^(?:Amount|Betrag|Montant|Importe) \((?:EUR|USD|GBP|CHF)\)$/i, /^(?:Space|Issued|Ausgestellt|Émise le|Emitida)$/i]],
  ['cloudbeds', [/^(?:GUEST FOLIO|GASTFOLIO|FOLIO CLIENT|FOLIO DEL HUÉSPED)$/i, /^(?:Check-In|Check-in|Entrada|Arrivée)\s?:$/i, /^(?:Balance Due|Offener Betrag|Solde dû|Saldo pendiente)$/i, /^(?:Debit|Soll|Débit|Débito)$/i]],
  ['independent', [/^(?:Stay|Aufenthalt|Séjour|Estancia)\s?:/i, /^(?:Thank you for staying|Vielen Dank|Merci de votre séjour|Gracias por su estancia)/i, /^(?:Invoice No\.|Rechnung Nr\.|Facture N°|Factura N\.º)\s\S/i]],
];

/** The layout family whose signature cells the document shows most (two at least), else generic. */
export function detectFamily(lines: readonly TextLine[]): LayoutFamily {
  let best: LayoutFamily = 'generic';
  let bestScore = 1;
  for (const [family, patterns] of SIGNATURES) {
    const score = patterns.filter((re) => lines.some((l) => l.cells.some((c) => re.test(c.text.trim())))).length;
    if (score > bestScore) {
      best = family;
      bestScore = score;
    }
  }
  return best;
}

/** Where a family prints a header value relative to its label. */
const VALUE_ORDER: Record<LayoutFamily, ReadonlyArray<'same' | 'right' | 'below'>> = {
  opera: ['same', 'right', 'below'],
  mews: ['same', 'below', 'right'],
  cloudbeds: ['same', 'right', 'below'],
  independent: ['same', 'right', 'below'],
  generic: ['same', 'right', 'below'],
};

const VALUE_SHAPE: Record<Exclude<LabelledField, 'stay'>, (v: string, order: DayOrder) => boolean> = {
  folioNumber: (v) => /^[A-Z0-9][A-Z0-9\-/.]{2,24}$/i.test(v) && /\d/.test(v),
  confirmationNumber: (v) => /^[A-Z0-9][A-Z0-9\-/]{3,24}$/i.test(v) && /\d/.test(v),
  roomNumber: (v) => /^[A-Z]?\d{1,5}[A-Z]?$/i.test(v),
  // OCR may turn a letter it does not know (Ø, Ł) into a sign: keep the name, validation compares it loosely.
  guestName: (v) => /^[\p{L}@][\p{L}@'’.,\- ]{2,80}$/u.test(v) && !isLabel(v),
  checkIn: (v, order) => parseDate(v, order) !== null,
  checkOut: (v, order) => parseDate(v, order) !== null,
};

/** The value without the colon before it and the quote marks or specks OCR leaves around it. */
function clean(value: string): string {
  return value
    .replace(/^[:#]\s*/, '')
    .replace(/[\s‘’“”"'`´,;|_~]+$/u, '')
    .replace(/^[‘’“”"'`´,;|_~]+\s*/u, '')
    .replace(/(?<=\d)\.$/, '')
    .trim();
}

/** Cells of the next line(s) below `line` that start near the label's left edge. */
function cellBelow(ctx: Context, line: TextLine, cell: TextCell): TextCell | null {
  const idx = ctx.lines.indexOf(line);
  for (let i = idx + 1; i < ctx.lines.length && i <= idx + 2; i++) {
    const next = ctx.lines[i] as TextLine;
    if (next.page !== line.page || next.y - line.y > 30) return null;
    const hit = next.cells.find((c) => Math.abs(c.x - cell.x) <= 12);
    if (hit) return hit;
  }
  return null;
}

function pageFactor(ctx: Context, page: number): number {
  const c = ctx.pageConfidence.get(page) ?? 1;
  return c >= 1 ? 1 : Math.min(1, 0.15 + c);
}

/** The first value a label in the document gives for a field, trying the family's value positions in order. */
function labelled(ctx: Context, field: Exclude<LabelledField, 'stay'>): Found<string> | null {
  const shape = VALUE_SHAPE[field];
  for (const line of ctx.lines) {
    for (const [ci, cell] of line.cells.entries()) {
      const hit = labelAt(cell.text);
      if (!hit || hit.field !== field) continue;
      for (const where of VALUE_ORDER[ctx.family]) {
        let value: string | null = null;
        let confidence = 0.95;
        if (where === 'same' && hit.rest !== '') value = clean(hit.rest);
        if (where === 'right' && hit.rest === '') {
          const right = line.cells[ci + 1];
          if (right && right.x - cell.right < 200 && !isLabel(right.text)) value = clean(right.text);
        }
        if (where === 'below' && hit.rest === '') {
          const below = cellBelow(ctx, line, cell);
          if (below && !isLabel(below.text)) {
            value = clean(below.text);
            confidence = 0.9;
          }
        }
        if (value === null || value === '' || value === '-') continue;
        if (!shape(value, ctx.order)) continue;
        return { value, confidence: confidence * pageFactor(ctx, line.page) };
      }
    }
  }
  return null;
}

function dateField(ctx: Context, field: 'checkIn' | 'checkOut'): Found<string> | null {
  const found = labelled(ctx, field);
  if (!found) return null;
  const iso = parseDate(found.value, ctx.order);
  return iso ? { value: iso, confidence: found.confidence } : null;
}

/** "Stay: 12 March 2026 – 15 March 2026": arrival and departure on one labelled line. */
function stayLine(ctx: Context): { checkIn: Found<string>; checkOut: Found<string> } | null {
  for (const line of ctx.lines) {
    const text = lineText(line);
    const hit = labelAt(text);
    if (!hit || hit.field !== 'stay') continue;
    const dates = findDates(hit.rest, ctx.order);
    if (dates.length >= 2) {
      const c = 0.9 * pageFactor(ctx, line.page);
      return { checkIn: { value: (dates[0] as { iso: string }).iso, confidence: c }, checkOut: { value: (dates[1] as { iso: string }).iso, confidence: c } };
    }
  }
  return null;
}

/**
 * Characters OCR tends to misread in numbers and dates: O for 0, l for 1, a colon for the dot of a date, a hyphen
 * for the space before a currency code, a speck after the last digit.
 */
function ocrDigits(text: string): string {
  if (!/\d/.test(text)) return text;
  return text
    .replace(/(?<=\d)[Oo](?=\d|[.,])|(?<=[\d.,])[Oo]\b/g, '0')
    .replace(/(?<=\d)[lI](?=\d)/g, '1')
    .replace(/(?<=\b\d{1,2})[:;](?=\d{1,2}[./:;-]\d{2,4}\b)|(?<=\b\d{1,2}[./-]\d{1,2})[:;](?=\d{2,4}\b)/g, '.')
    .replace(/(?<=\d)-(?=(?:EUR|USD|GBP|CHF)\b)/g, ' ')
    .replace(/^(\d{1,3})\/(\d{2})(?=\s|$)/, '$1,$2')
    .replace(/(?<=\d)[.,'‘’]$/u, '');
}

/** The amount a cell ends with ("Net 381.67", "120,00 EUR"), or null. */
function trailingAmount(text: string): number | null {
  const whole = parseAmount(ocrDigits(text));
  if (whole !== null) return whole;
  // OCR drops a decimal point printed thin ("162 50"): a space before the last two digits of a number is one.
  const dropped = /^((?:EUR|USD|GBP|CHF|[$€£])?\s?[-−]?\d[\d.,'’ ]*) (\d{2})(\s?(?:EUR|USD|GBP|CHF|[$€£]))?$/.exec(ocrDigits(text).trim());
  if (dropped) return parseAmount(`${dropped[1]}.${dropped[2]}${dropped[3] ?? ''}`);
  const m = /(?:^|\s)((?:[$€£]|CHF|EUR|USD|GBP)?\s?-?\d[\d.,'’ ]*[.,]\d{2}(?:\s?(?:[$€£]|CHF|EUR|USD|GBP))?)$/.exec(ocrDigits(text));
  return m ? parseAmount(m[1] as string) : null;
}

/** An amount cell on an undated line within 9 points above or below `line`, right of its date. */
function strayAmount(ctx: Context, line: TextLine, after: number): TextCell | undefined {
  if ((ctx.pageConfidence.get(line.page) ?? 1) >= 1) return undefined;
  const idx = ctx.lines.indexOf(line);
  for (const j of [idx - 1, idx + 1]) {
    const other = ctx.lines[j];
    if (!other || other.page !== line.page || Math.abs(other.y - line.y) > 9) continue;
    const [head] = other.cells;
    if (!head || parseDate(ocrDigits(head.text), ctx.order)) continue;
    const cell = [...other.cells].reverse().find((c) => c.x > after + 100 && trailingAmount(c.text) !== null);
    if (cell) return cell;
  }
  return undefined;
}

interface ItemRow {
  readonly line: TextLine;
  readonly item: FolioLineItem;
}

function creditColumns(lines: readonly TextLine[]): Map<number, number> {
  const byPage = new Map<number, number>();
  for (const line of lines) {
    for (const cell of line.cells) {
      if (CREDIT_HEADER.test(cell.text.trim()) && !byPage.has(line.page)) byPage.set(line.page, cell.right);
    }
  }
  return byPage;
}

/** Rows that open with a date and carry an amount: the folio's lines, payments negative. */
function lineItems(ctx: Context): ItemRow[] {
  const credits = creditColumns(ctx.lines);
  const rows: ItemRow[] = [];
  for (const line of ctx.lines) {
    const [first, ...rest] = line.cells;
    if (!first || rest.length === 0) continue;
    const date = parseDate(ocrDigits(first.text), ctx.order);
    if (!date) continue;
    let amountCell = [...rest].reverse().find((c) => trailingAmount(c.text) !== null);
    // OCR may put a row's amount on a line of its own a few points off: borrow it from an undated neighbour.
    if (!amountCell) amountCell = strayAmount(ctx, line, first.right);
    if (!amountCell) continue;
    const description = rest
      .filter((c) => c !== amountCell && parseAmount(ocrDigits(c.text)) === null)
      .map((c) => c.text.trim())
      .join(' ')
      .trim();
    if (description === '' || TOTAL_LABEL.test(description) || BALANCE_LABEL.test(description)) continue;
    let amount = trailingAmount(amountCell.text) as number;
    const creditRight = credits.get(line.page);
    const inCreditColumn = creditRight !== undefined && Math.abs(amountCell.right - creditRight) < 30;
    const kind = kindOf(description);
    if ((inCreditColumn || kind === 'PAYMENT') && amount > 0) amount = -amount;
    rows.push({ line, item: { date, description, kind: kind === 'PAYMENT' || amount >= 0 ? kind : 'PAYMENT', amountMinor: amount } });
  }
  return rows;
}

/**
 * A line dated in a year the stay does not touch (OCR read 2026 as 2076) takes the stay's year when that puts it
 * inside the stay. `rows` is changed in place.
 */
function repairLineYears(rows: ItemRow[], checkIn: string, checkOut: string): void {
  const years = new Set([checkIn.slice(0, 4), checkOut.slice(0, 4)]);
  rows.forEach((row, i) => {
    const date = row.item.date;
    if (date === null || years.has(date.slice(0, 4))) return;
    for (const year of years) {
      const candidate = `${year}${date.slice(4)}`;
      if (candidate >= checkIn && candidate <= checkOut) {
        rows[i] = { line: row.line, item: { ...row.item, date: candidate } };
        return;
      }
    }
  });
}

/** Candidate totals: the amounts on lines labelled total (not payments, not balance). */
function totals(ctx: Context, items: ReadonlySet<TextLine>): Array<{ value: number; page: number }> {
  const found: Array<{ value: number; page: number }> = [];
  for (const line of ctx.lines) {
    if (items.has(line)) continue;
    const isTotal = (c: TextCell) => (TOTAL_LABEL.test(c.text.trim()) || TOTAL_WORD.test(c.text.trim())) && !NOT_TOTAL.test(c.text) && !TAX_WORD.test(c.text);
    const labelIdx = line.cells.findIndex(isTotal);
    if (labelIdx < 0) continue;
    const label = line.cells[labelIdx] as TextCell;
    const inline = trailingAmount(label.text.replace(TOTAL_LABEL, ''));
    const amounts = line.cells.slice(labelIdx + 1).map((c) => trailingAmount(c.text)).filter((a): a is number => a !== null);
    const value = inline ?? amounts[0];
    if (value !== undefined) found.push({ value, page: line.page });
  }
  return found;
}

function taxesOf(ctx: Context, items: readonly ItemRow[], itemLines: ReadonlySet<TextLine>): TaxAmount[] {
  const byRate = new Map<number, TaxAmount>();
  for (const line of ctx.lines) {
    if (itemLines.has(line)) continue;
    const text = lineText(line);
    const rateCell = line.cells.find((c) => parseRate(c.text) !== null);
    if (!rateCell) continue;
    const rate = parseRate(rateCell.text) as number;
    const amounts = line.cells.filter((c) => c !== rateCell).map((c) => trailingAmount(c.text)).filter((a): a is number => a !== null);
    const rateOnly = /^\d{1,2}(?:[.,]\d{1,3})?\s?%$/.test(rateCell.text.trim());
    if (!TAX_WORD.test(text) && !(rateOnly && amounts.length >= 2)) continue;
    if (amounts.length === 0) continue;
    const tax = amounts.length >= 3 ? (amounts[1] as number) : (amounts[amounts.length - 1] as number);
    const net = amounts.length >= 2 ? (amounts[0] as number) : null;
    if (!byRate.has(rate)) byRate.set(rate, { ratePercent: rate, taxMinor: tax, netMinor: net });
  }
  if (byRate.size === 0) {
    // Taxes charged as lines (US): one total per rate named in the description.
    for (const { item } of items) {
      if (item.kind !== 'TAX') continue;
      const rate = parseRate(item.description);
      if (rate === null) continue;
      const prev = byRate.get(rate);
      byRate.set(rate, { ratePercent: rate, taxMinor: (prev?.taxMinor ?? 0) + item.amountMinor, netMinor: null });
    }
  }
  return [...byRate.values()].sort((a, b) => a.ratePercent - b.ratePercent);
}

/** The name line of an address block ("Mr. Lars Ødegaard" above a street): the guest when no label names one. */
function addressee(ctx: Context): Found<string> | null {
  const firstPage = ctx.lines.filter((l) => l.page === (ctx.lines[0]?.page ?? 1)).slice(0, 12);
  for (const line of firstPage) {
    const cell = line.cells[0];
    if (!cell || !SALUTATION.test(cell.text.trim())) continue;
    const value = cell.text.trim();
    if (VALUE_SHAPE.guestName(value, ctx.order)) return { value, confidence: 0.75 * pageFactor(ctx, line.page) };
  }
  return null;
}

function hotelName(ctx: Context): Found<string> | null {
  const firstPage = ctx.lines.filter((l) => l.page === (ctx.lines[0]?.page ?? 1)).slice(0, 4);
  for (const line of firstPage) {
    if (line.cells.length === 0) continue;
    // A name the text layer or OCR split into words spaced like columns is still one name.
    const joined = line.cells.filter((c, i, all) => i === 0 || c.x - (all[i - 1] as TextCell).right < 30);
    const text = joined.map((c) => c.text.trim()).join(' ');
    if (text.length < 4 || labelAt(text) || /\d{3,}/.test(text) || /^(?:invoice|rechnung|facture|factura|folio)\b/i.test(text)) continue;
    return { value: text, confidence: 0.8 * pageFactor(ctx, line.page) };
  }
  return null;
}

function currency(ctx: Context): Found<string> | null {
  const counts = new Map<string, number>();
  for (const line of ctx.lines) {
    for (const cell of line.cells) {
      for (const m of cell.text.matchAll(/(?<![A-Z])(EUR|USD|GBP|CHF)(?![A-Z])/g)) counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 2);
      const sym = /[$€£]/.test(cell.text) ? currencyOf(cell.text.replace(/EUR|USD|GBP|CHF/g, '')) : null;
      if (sym) counts.set(sym, (counts.get(sym) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const top = ranked[0];
  if (!top) return null;
  const clear = ranked.length === 1 || top[1] >= 2 * (ranked[1] as [string, number])[1];
  return { value: top[0], confidence: clear ? 0.95 : 0.6 };
}

/**
 * Reads a folio from the pages' positioned text; null when no folio field at all is recognisable.
 */
export function readFolio(pages: readonly PageText[]): ExtractedFolio | null {
  const lines = pages.flatMap((p) => p.lines);
  if (lines.length === 0) return null;
  const texts = lines.map(lineText);
  const cur = currency({ lines, order: 'DMY', family: 'generic', pageConfidence: new Map() });
  const { order, proven } = inferDayOrder(texts, cur?.value ?? null);
  const family = detectFamily(lines);
  const ctx: Context = { lines, order, family, pageConfidence: new Map(pages.map((p) => [p.page, p.confidence])) };

  const rows = lineItems(ctx);
  const itemLines = new Set(rows.map((r) => r.line));
  const charges = rows.filter((r) => r.item.kind !== 'PAYMENT').reduce((s, r) => s + r.item.amountMinor, 0);
  const candidates = totals(ctx, itemLines);
  const matching = candidates.find((c) => c.value === charges);
  const total: Found<number> | null = matching
    ? { value: matching.value, confidence: 0.97 * pageFactor(ctx, matching.page) }
    : candidates[0]
      ? { value: candidates[0].value, confidence: 0.6 * pageFactor(ctx, candidates[0].page) }
      : null;

  const stay = stayLine(ctx);
  const dateConfidence = proven ? 1 : 0.9;
  let checkIn = stay?.checkIn ?? dateField(ctx, 'checkIn');
  let checkOut = stay?.checkOut ?? dateField(ctx, 'checkOut');
  const itemDates = rows.map((r) => r.item.date).filter((d): d is string => d !== null).sort();
  if (!checkIn && itemDates.length > 0) checkIn = { value: itemDates[0] as string, confidence: 0.5 };
  if (!checkOut && itemDates.length > 0) checkOut = { value: itemDates[itemDates.length - 1] as string, confidence: 0.4 };
  if (checkIn && checkOut) repairLineYears(rows, checkIn.value, checkOut.value);
  if (checkIn && checkOut && checkIn.value >= checkOut.value) {
    checkIn = { ...checkIn, confidence: checkIn.confidence * 0.5 };
    checkOut = { ...checkOut, confidence: checkOut.confidence * 0.5 };
  }

  const folioNumber = labelled(ctx, 'folioNumber');
  const guestName = labelled(ctx, 'guestName') ?? addressee(ctx);
  const roomNumber = labelled(ctx, 'roomNumber');
  const confirmationNumber = labelled(ctx, 'confirmationNumber');
  const hotel = hotelName(ctx);
  const taxes = taxesOf(ctx, rows, itemLines);

  if (!folioNumber && !guestName && !checkIn && !total && rows.length === 0) return null;

  const linesConfidence = rows.length === 0 ? 0 : total && matching ? 0.95 : 0.6;
  const confidence: Record<FolioField, number> = Object.fromEntries(FOLIO_FIELDS.map((f) => [f, 0])) as Record<FolioField, number>;
  confidence.folioNumber = folioNumber?.confidence ?? 0;
  confidence.hotelName = hotel?.confidence ?? 0;
  confidence.guestName = guestName?.confidence ?? 0;
  confidence.confirmationNumber = confirmationNumber?.confidence ?? 0;
  confidence.roomNumber = roomNumber?.confidence ?? 0;
  confidence.checkIn = (checkIn?.confidence ?? 0) * dateConfidence;
  confidence.checkOut = (checkOut?.confidence ?? 0) * dateConfidence;
  confidence.currency = cur?.confidence ?? 0;
  confidence.lineItems = linesConfidence;
  confidence.taxes = taxes.length > 0 ? 0.85 : 0;
  confidence.total = total?.confidence ?? 0;
  for (const f of FOLIO_FIELDS) confidence[f] = Math.round(confidence[f] * 1000) / 1000;

  const found = [confidence.folioNumber, confidence.guestName, confidence.checkIn, confidence.checkOut, confidence.total, linesConfidence];
  const overall = found.reduce((s, c) => s + c, 0) / found.length;

  return {
    document: {
      folioNumber: folioNumber?.value ?? null,
      hotelName: hotel?.value ?? null,
      guestName: guestName?.value ?? null,
      confirmationNumber: confirmationNumber?.value ?? null,
      roomNumber: roomNumber?.value ?? null,
      stay: checkIn && checkOut ? { checkIn: checkIn.value, checkOut: checkOut.value } : null,
      currency: cur?.value ?? null,
      lineItems: rows.map((r) => r.item),
      totalMinor: total?.value ?? null,
      confidence: Math.round(overall * 1000) / 1000,
      taxes: taxes.map((t) => ({ ratePercent: t.ratePercent, taxMinor: t.taxMinor, netMinor: t.netMinor })),
      fieldConfidence: { ...confidence },
    },
    taxes,
    confidence,
    dates: { checkIn: checkIn?.value ?? null, checkOut: checkOut?.value ?? null },
    layout: family,
    pages: pages.length,
    ocrPages: pages.filter((p) => p.source === 'ocr').length,
  };
}
