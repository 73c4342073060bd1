// Entry point of the extractor. Until the Kafka consumer is wired in (issue 8), it reads the folio files named on
// the command line and prints what was read and how it validates against no request: one JSON line per file.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '@folio/config';
import { createTesseractOcr } from './adapters/tesseract-ocr.js';
import { extractorConfigSchema } from './config.js';
import { createLocalExtractor } from './extractor.js';

const config = loadConfig(extractorConfigSchema);
const extractor = createLocalExtractor({
  ocr: config.EXTRACTOR_OCR_ENABLED ? await createTesseractOcr(config.EXTRACTOR_OCR_LANGUAGES, config.EXTRACTOR_OCR_DPI) : null,
  ocrDpi: config.EXTRACTOR_OCR_DPI,
});
try {
  for (const file of process.argv.slice(2)) {
    const result = await extractor.extract(new Uint8Array(await readFile(file)));
    process.stdout.write(`${JSON.stringify({ file, ...result })}\n`);
  }
} finally {
  await extractor.close();
}
