// OCR for image-only pages with tesseract.js (WebAssembly, runs offline) and the traineddata shipped by the
// @tesseract.js-data npm packages, so nothing is downloaded at run time.
import { mkdtempSync, symlinkSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);

/** A word found by OCR, its box in pixels of the image read, and the engine's confidence 0..100. */
export interface OcrWord {
  readonly text: string;
  readonly confidence: number;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Baseline of the word's OCR line at the word's centre with the page's tilt taken out, in pixels. */
  readonly baseline: number;
}

export interface OcrEngine {
  recognize(png: Uint8Array): Promise<{ words: OcrWord[]; confidence: number }>;
  close(): Promise<void>;
}

export const OCR_LANGUAGES = ['eng', 'deu', 'fra', 'spa'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** One folder holding every language's LSTM model, linked from the npm packages (tesseract.js takes one langPath). */
function languageFolder(languages: readonly OcrLanguage[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'folio-tessdata-'));
  for (const lang of languages) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const file = join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
    if (!existsSync(file)) throw new Error(`traineddata for ${lang} missing at ${file}`);
    symlinkSync(file, join(folder, `${lang}.traineddata.gz`));
  }
  return folder;
}

/** A tesseract.js worker with the given languages (default English, German, French, Spanish). */
export async function createTesseractOcr(languages: readonly OcrLanguage[] = OCR_LANGUAGES, dpi = 300): Promise<OcrEngine> {
  const worker: Worker = await createWorker([...languages], OEM.LSTM_ONLY, {
    langPath: languageFolder(languages),
    gzip: true,
    cacheMethod: 'none',
  });
  // Pages are rendered at a known resolution (300 dpi by default); saying so spares tesseract its guess.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: '1', user_defined_dpi: String(dpi) });
  return {
    async recognize(png) {
      const { data } = await worker.recognize(Buffer.from(png), {}, { blocks: true, text: false });
      const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
      // Deskew: the median slope of the longer lines' baselines is the page's tilt; baselines are read as if
      // the page lay straight, so words of one printed row share a height from one margin to the other.
      const slopes = lines
        .filter((l) => l.baseline.x1 - l.baseline.x0 > 150)
        .map((l) => (l.baseline.y1 - l.baseline.y0) / (l.baseline.x1 - l.baseline.x0))
        .sort((a, b) => a - b);
      const skew = slopes.length > 0 ? (slopes[Math.floor(slopes.length / 2)] as number) : 0;
      const words: OcrWord[] = [];
      for (const line of lines) {
        const { x0, y0, x1, y1 } = line.baseline;
        for (const w of line.words) {
          const mid = (w.bbox.x0 + w.bbox.x1) / 2;
          const atMid = x1 === x0 ? (y0 + y1) / 2 : y0 + ((y1 - y0) * (mid - x0)) / (x1 - x0);
          words.push({ text: w.text, confidence: w.confidence, x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1, baseline: atMid - skew * mid });
        }
      }
      return { words, confidence: data.confidence / 100 };
    },
    async close() {
      await worker.terminate();
    },
  };
}
