// A folio as a front desk that prints and scans it sends it: every page of the text PDF rendered by pdf.js on a
// canvas at 200 dpi, fed a little crooked onto slightly grey paper with a few specks, JPEG-compressed and
// wrapped in a PDF that holds nothing but the picture (no text layer: a reader needs OCR). Deterministic:
// the specks come from a generator seeded by the caller, the dates of the PDF are fixed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';

const require = createRequire(import.meta.url);
const DPI = 200;

export async function scannedPdf(textPdf: Uint8Array, seed: number): Promise<Uint8Array> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const source = await pdfjs.getDocument({ data: new Uint8Array(textPdf), standardFontDataUrl: join(root, 'standard_fonts/'), isEvalSupported: false, verbosity: 0 }).promise;
  const rnd = seeded(seed);
  const out = await PDFDocument.create();
  out.setProducer('front desk scanner');
  out.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  out.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  try {
    for (let n = 1; n <= source.numPages; n++) {
      const page = await source.getPage(n);
      const viewport = page.getViewport({ scale: DPI / 72 });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      // pdf.js types expect a DOM canvas; @napi-rs/canvas implements the same 2D API.
      await page.render({ canvasContext: ctx as never, viewport, canvas: canvas as never }).promise;
      const sheet = createCanvas(canvas.width, canvas.height);
      const s = sheet.getContext('2d');
      s.fillStyle = '#f4f4f2';
      s.fillRect(0, 0, sheet.width, sheet.height);
      s.translate(sheet.width / 2, sheet.height / 2);
      s.rotate(((rnd() - 0.5) * 0.8 * Math.PI) / 180);
      s.globalCompositeOperation = 'multiply';
      s.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);
      s.setTransform(1, 0, 0, 1, 0, 0);
      for (let k = 0; k < 300; k++) {
        s.fillStyle = `rgba(0,0,0,${(0.2 + rnd() * 0.5).toFixed(2)})`;
        s.fillRect(rnd() * sheet.width, rnd() * sheet.height, 1 + rnd() * 2, 1 + rnd() * 2);
      }
      const image = await out.embedJpg(await sheet.encode('jpeg', 70));
      const { width, height } = page.getViewport({ scale: 1 });
      out.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
    }
  } finally {
    await source.destroy();
  }
  return out.save();
}

/** mulberry32: a small seeded generator, so a folio scans the same way every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
