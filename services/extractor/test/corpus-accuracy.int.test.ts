// Per-field accuracy of the built-in extractor on the generated folio corpus (text-layer PDFs and image-only
// scans read by OCR). Prints the figures per field, per layout and per route; asserts floors set below them.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLocalExtractor } from '../src/extractor.js';
import { accuracy, loadCorpus, report, score, type Scored } from './corpus/accuracy.js';

const corpusDir = join(dirname(fileURLToPath(import.meta.url)), 'corpus', 'pdf');

// Floors: below what the extractor reaches today (see the printed table), so a regression fails the test.
const TEXT_FLOORS = {
  hotel: 0.95, guest: 0.95, folioNumber: 0.95, confirmationNumber: 0.95, room: 0.95, arrival: 0.95, departure: 0.95,
  currency: 0.95, total: 0.95, lineItems: 0.9, taxes: 0.9,
};
const SCAN_FLOORS = {
  hotel: 0.75, guest: 0.75, folioNumber: 0.75, confirmationNumber: 0.75, room: 0.75, arrival: 0.75, departure: 0.75,
  currency: 0.75, total: 0.75, lineItems: 0.65, taxes: 0.65,
};

describe('built-in extractor on the folio corpus', () => {
  const extractor = createLocalExtractor();
  afterAll(() => extractor.close());

  it('reads every field of the corpus at or above its floor, text layer and OCR', async () => {
    const corpus = await loadCorpus(corpusDir);
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    const rows: Scored[] = [];
    for (const { truth, pdf } of corpus) {
      const started = performance.now();
      const result = await extractor.extract(new Uint8Array(await readFile(pdf)));
      rows.push({ truth, ...score(truth, result), ms: performance.now() - started });
    }
    const table = report(rows);
    const ocrMs = rows.filter((r) => r.truth.scan).reduce((s, r) => s + r.ms, 0);
    console.log(`folio corpus accuracy (${rows.length} documents, OCR ${Math.round(ocrMs)} ms in all)\n${table}`);

    const text = accuracy(rows.filter((r) => !r.truth.scan));
    const scans = accuracy(rows.filter((r) => r.truth.scan));
    for (const [field, floor] of Object.entries(TEXT_FLOORS)) expect({ field, route: 'text', accuracy: text[field as keyof typeof text] >= floor }).toEqual({ field, route: 'text', accuracy: true });
    for (const [field, floor] of Object.entries(SCAN_FLOORS)) expect({ field, route: 'ocr', accuracy: scans[field as keyof typeof scans] >= floor }).toEqual({ field, route: 'ocr', accuracy: true });
  }, 600_000);
});
