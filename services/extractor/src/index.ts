// @folio/extractor: the built-in folio extractor and the validation of a folio against its request.
export { createLocalExtractor, type ExtractionResult, type FolioExtractor, type LocalExtractorOptions } from './extractor.js';
export { createTesseractOcr, OCR_LANGUAGES, type OcrEngine, type OcrLanguage, type OcrWord } from './adapters/tesseract-ocr.js';
export { readFolio, detectFamily } from './domain/reading/read-folio.js';
export { FOLIO_FIELDS, REQUIRED_FIELDS, type ExtractedFolio, type FolioField, type LayoutFamily, type TaxAmount } from './domain/reading/folio.js';
export type { PageText, TextCell, TextLine } from './domain/reading/text-layout.js';
