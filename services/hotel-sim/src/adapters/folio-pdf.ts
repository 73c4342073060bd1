// A hotel folio as a one-page PDF (pdf-lib): hotel, guest, confirmation number, stay dates, one line per night,
// city tax, VAT and the total. Lines add up to the total, so an extractor's checks pass on an honest folio.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface FolioDocument {
  hotelName: string;
  hotelAddress: string;
  guest: string;
  confirmation?: string;
  /** ISO dates; when unknown the folio shows one night ending on `issuedOn`. */
  checkIn?: string;
  checkOut?: string;
  nightlyRate: number;
  currency: string;
  /** ISO date the folio is issued. */
  issuedOn: string;
  folioNumber: string;
}

export interface FolioLine {
  date: string;
  description: string;
  amount: number;
}

const CITY_TAX_PER_NIGHT = 2.5;
const VAT_RATE = 0.07;

export function folioLines(folio: FolioDocument): { lines: FolioLine[]; vat: number; total: number } {
  const checkOut = folio.checkOut ?? folio.issuedOn;
  const checkIn = folio.checkIn ?? addDays(checkOut, -1);
  const nights = Math.max(1, Math.round((Date.parse(checkOut) - Date.parse(checkIn)) / 86_400_000));
  const lines: FolioLine[] = [];
  for (let n = 0; n < nights; n++) {
    const date = addDays(checkIn, n);
    lines.push({ date, description: 'Accommodation', amount: folio.nightlyRate });
    lines.push({ date, description: 'City tax', amount: CITY_TAX_PER_NIGHT });
  }
  const total = round(lines.reduce((sum, l) => sum + l.amount, 0));
  const vat = round((nights * folio.nightlyRate * VAT_RATE) / (1 + VAT_RATE));
  return { lines, vat, total };
}

export async function folioPdf(folio: FolioDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Folio ${folio.folioNumber}`);
  pdf.setAuthor(folio.hotelName);
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const write = (text: string, options: { x?: number; size?: number; strong?: boolean } = {}) => {
    page.drawText(text, { x: options.x ?? 50, y, size: options.size ?? 10, font: options.strong ? bold : font, color: rgb(0, 0, 0) });
  };
  const next = (gap = 16) => void (y -= gap);
  const { lines, vat, total } = folioLines(folio);
  const checkOut = folio.checkOut ?? folio.issuedOn;
  const checkIn = folio.checkIn ?? addDays(checkOut, -1);

  write(folio.hotelName, { size: 18, strong: true });
  next(20);
  write(folio.hotelAddress);
  next(30);
  write('GUEST FOLIO', { size: 14, strong: true });
  next(22);
  for (const [label, value] of [
    ['Folio number', folio.folioNumber],
    ['Guest', folio.guest],
    ['Confirmation number', folio.confirmation ?? '-'],
    ['Arrival', checkIn],
    ['Departure', checkOut],
    ['Date issued', folio.issuedOn],
  ] as const) {
    write(`${label}:`, { strong: true });
    write(value, { x: 200 });
    next();
  }
  next(14);
  write('Date', { strong: true });
  write('Description', { x: 150, strong: true });
  write(`Amount (${folio.currency})`, { x: 430, strong: true });
  next();
  for (const line of lines) {
    write(line.date);
    write(line.description, { x: 150 });
    write(line.amount.toFixed(2), { x: 430 });
    next();
  }
  next(10);
  write('Total', { strong: true });
  write(total.toFixed(2), { x: 430, strong: true });
  next();
  write(`of which VAT ${(VAT_RATE * 100).toFixed(0)}% on accommodation`);
  write(vat.toFixed(2), { x: 430 });
  next();
  write('Balance due');
  write('0.00', { x: 430 });
  return pdf.save();
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
