// The built-in folio extractor: the PDF text layer where a page has one, OCR where a page is only a picture,
// then the layout reader. Used when Textract is not configured.
import type { Reason } from '@folio/contracts';
import { openPdf, UnreadablePdfError, type PdfDocument } from './adapters/pdf-document.js';
import { createTesseractOcr, type OcrEngine } from './adapters/tesseract-ocr.js';
import type { ExtractionResult } from './domain/reading/folio.js';
import { readFolio } from './domain/reading/read-folio.js';
import { layoutWords, type PageText } from './domain/reading/text-layout.js';

export type { ExtractionResult };

/** Where a document is kept in the object store (Textract reads multi-page documents from there). */
export interface DocumentSource {
  readonly bucket: string;
  readonly key: string;
}

export interface FolioExtractor {
  extract(bytes: Uint8Array, source?: DocumentSource): Promise<ExtractionResult>;
  close(): Promise<void>;
}

export interface LocalExtractorOptions {
  /** OCR engine for image-only pages; `null` turns OCR off; default: tesseract.js, created on first need. */
  readonly ocr?: OcrEngine | null;
  /** Resolution scanned pages are rendered at for OCR (300: scans of 150 dpi read better upsampled). */
  readonly ocrDpi?: number;
  /** A page with fewer text-layer characters than this is treated as a picture. */
  readonly minTextCharacters?: number;
}

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Pictures sent as attachments are read as if scanned at this resolution. */
const IMAGE_DPI = 200;

function unreadable(code: string, message: string, pages = 0): ExtractionResult {
  return { status: 'unreadable', reason: { code, message, field: null }, pages };
}

export function createLocalExtractor(options: LocalExtractorOptions = {}): FolioExtractor {
  const dpi = options.ocrDpi ?? 300;
  const minChars = options.minTextCharacters ?? 20;
  let ocr: Promise<OcrEngine> | null = options.ocr === undefined ? null : options.ocr === null ? null : Promise.resolve(options.ocr);
  const ocrEnabled = options.ocr !== null;
  const engine = (): Promise<OcrEngine> => (ocr ??= createTesseractOcr(undefined, dpi));

  async function ocrPage(png: Uint8Array, page: number, pixelsPerPoint: number, width: number, height: number): Promise<PageText> {
    const { words, confidence } = await (await engine()).recognize(png);
    const positioned = words
      .filter((w) => w.text.trim() !== '' && w.confidence > 20)
      .map((w) => ({ x: w.x0 / pixelsPerPoint, right: w.x1 / pixelsPerPoint, y: w.baseline / pixelsPerPoint, text: w.text }));
    return { page, width, height, source: 'ocr', confidence, lines: layoutWords(page, positioned, { lineTolerance: 6, cellGap: 8 }) };
  }

  async function pagesOf(doc: PdfDocument): Promise<PageText[]> {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.pageCount; n++) {
      const page = await doc.page(n);
      if (page.characters >= minChars || !ocrEnabled) {
        pages.push({ page: n, width: page.width, height: page.height, source: 'text-layer', confidence: 1, lines: page.lines });
        continue;
      }
      pages.push(await ocrPage(await page.render(dpi), n, dpi / 72, page.width, page.height));
    }
    return pages;
  }

  return {
    async extract(bytes) {
      let pages: PageText[];
      if (startsWith(bytes, PNG) || startsWith(bytes, JPEG)) {
        if (!ocrEnabled) return unreadable('UNREADABLE_DOCUMENT', 'The attachment is a picture and OCR is turned off; ask the hotel for a PDF.');
        pages = [await ocrPage(bytes, 1, IMAGE_DPI / 72, 0, 0)];
      } else {
        let doc: PdfDocument;
        try {
          doc = await openPdf(bytes);
        } catch (error) {
          if (error instanceof UnreadablePdfError) return unreadable('CORRUPT_DOCUMENT', `The attachment is not a readable PDF (${error.message}); ask the hotel for a new copy.`);
          throw error;
        }
        try {
          pages = await pagesOf(doc);
        } finally {
          await doc.close();
        }
      }
      const text = pages.reduce((n, p) => n + p.lines.length, 0);
      if (text === 0) return unreadable('UNREADABLE_DOCUMENT', 'No text could be read from the document; ask the hotel for a readable copy.', pages.length);
      const folio = readFolio(pages);
      if (!folio) return unreadable('NO_RECOGNIZABLE_FORMAT', 'The document does not look like a folio (no folio number, guest, dates, total or charges found).', pages.length);
      return { status: 'read', folio };
    },
    async close() {
      if (ocr) await (await ocr).close();
    },
  };
}
