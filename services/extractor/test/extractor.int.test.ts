// The built-in extractor on documents that are not clean folios: corrupt bytes, blank scans, letters, pictures.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPdf } from '../src/adapters/pdf-document.js';
import { createLocalExtractor } from '../src/extractor.js';
import { validateFolio } from '../src/domain/validation/validate-folio.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus', 'pdf');

async function pdfWith(text: string | null): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  if (text !== null) page.drawText(text, { x: 50, y: 700, size: 11, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

describe('local extractor', () => {
  const extractor = createLocalExtractor();
  afterAll(() => extractor.close());

  it('answers CORRUPT_DOCUMENT for bytes that are not a PDF or a truncated one', async () => {
    const whole = await readFile(join(corpus, 'folio-01-opera-en-usd.pdf'));
    for (const bytes of [new TextEncoder().encode('%PDF-1.7 garbage'), new Uint8Array(whole.subarray(0, 400)), new TextEncoder().encode('hello')]) {
      const result = await extractor.extract(bytes);
      expect(result).toMatchObject({ status: 'unreadable', reason: { code: 'CORRUPT_DOCUMENT' } });
    }
  });

  it('answers UNREADABLE_DOCUMENT for a blank page with nothing to read, even by OCR', async () => {
    expect(await extractor.extract(await pdfWith(null))).toMatchObject({ status: 'unreadable', reason: { code: 'UNREADABLE_DOCUMENT' }, pages: 1 });
  });

  it('answers NO_RECOGNIZABLE_FORMAT for a PDF that is not a folio', async () => {
    const letter = await pdfWith('Dear guest, thank you for choosing our hotel. We look forward to your next visit.');
    expect(await extractor.extract(letter)).toMatchObject({ status: 'unreadable', reason: { code: 'NO_RECOGNIZABLE_FORMAT' } });
  });

  it('reads a folio sent as a picture (PNG attachment) by OCR', async () => {
    const scan = await openPdf(new Uint8Array(await readFile(join(corpus, 'folio-13-opera-en-gbp-scan.pdf'))));
    const png = await (await scan.page(1)).render(200);
    await scan.close();
    const result = await extractor.extract(png);
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(result.folio.ocrPages).toBe(1);
    expect(result.folio.document).toMatchObject({ folioNumber: '120801', totalMinor: 45800, currency: 'GBP' });
    const truth = JSON.parse(await readFile(join(corpus, 'folio-13-opera-en-gbp-scan.json'), 'utf8')) as { guest: { first: string; last: string }; arrival: string; departure: string };
    const validation = validateFolio(result, {
      guestFirstName: truth.guest.first,
      guestLastName: truth.guest.last,
      confirmationNumber: '18499672',
      stay: { checkIn: truth.arrival, checkOut: truth.departure },
    });
    expect(validation.outcome).toBe('validated');
  });

  it('reads without OCR when it is turned off, and calls a scan unreadable', async () => {
    const textOnly = createLocalExtractor({ ocr: null });
    const scan = new Uint8Array(await readFile(join(corpus, 'folio-08-independent-de-eur-scan.pdf')));
    expect(await textOnly.extract(scan)).toMatchObject({ status: 'unreadable', reason: { code: 'UNREADABLE_DOCUMENT' } });
    const text = new Uint8Array(await readFile(join(corpus, 'folio-05-opera-de-eur.pdf')));
    expect(await textOnly.extract(text)).toMatchObject({ status: 'read', folio: { ocrPages: 0, layout: 'opera' } });
    await textOnly.close();
  });
});
