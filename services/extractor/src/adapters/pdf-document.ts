// pdf.js behind a small interface: open a PDF, read each page's text layer with positions, render a page to PNG.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { layoutWords, type TextLine } from '../domain/reading/text-layout.js';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

export interface PdfPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** The text layer as lines of cells (empty for image-only pages). */
  readonly lines: TextLine[];
  /** Characters in the text layer. */
  readonly characters: number;
  /** The page rendered at `dpi` as PNG bytes. */
  render(dpi: number): Promise<Uint8Array>;
}

export interface PdfDocument {
  readonly pageCount: number;
  page(number: number): Promise<PdfPage>;
  close(): Promise<void>;
}

/** The document could not be parsed as a PDF (corrupt, truncated, encrypted without password). */
export class UnreadablePdfError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadablePdfError';
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

interface PositionedItem {
  str: string;
  transform: number[];
  width: number;
}

export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({
      // pdf.js detaches the buffer it is given: hand it a copy.
      data: new Uint8Array(bytes),
      standardFontDataUrl: join(pdfjsRoot, 'standard_fonts/'),
      cMapUrl: join(pdfjsRoot, 'cmaps/'),
      cMapPacked: true,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw new UnreadablePdfError(`not a readable PDF: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    pageCount: doc.numPages,
    async page(number) {
      const page = await doc.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = (content.items as unknown[]).filter((i): i is PositionedItem => typeof (i as PositionedItem).str === 'string');
      const words = items.map((i) => {
        const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = i.transform;
        const [x, y] = viewport.convertToViewportPoint(e, f) as [number, number];
        const scaleX = Math.hypot(a, b) || 1;
        return { x, y, right: x + (i.width || i.str.length * scaleX * 0.5), text: i.str, size: Math.hypot(c, d) };
      });
      const lines = layoutWords(number, words, { lineTolerance: 2.5, cellGap: 4 });
      return {
        number,
        width: viewport.width,
        height: viewport.height,
        lines,
        characters: items.reduce((n, i) => n + i.str.trim().length, 0),
        async render(dpi) {
          const { createCanvas } = await import('@napi-rs/canvas');
          const scaled = page.getViewport({ scale: dpi / 72 });
          const canvas = createCanvas(Math.ceil(scaled.width), Math.ceil(scaled.height));
          const ctx = canvas.getContext('2d');
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          // pdf.js types expect a DOM canvas; @napi-rs/canvas implements the same 2D API.
          await page.render({ canvasContext: ctx as never, viewport: scaled, canvas: canvas as never }).promise;
          return canvas.encode('png');
        },
      };
    },
    async close() {
      await doc.destroy();
    },
  };
}
