// @folio/extractor: the built-in folio extractor and the validation of a folio against its request.
export { createLocalExtractor, type FolioExtractor, type LocalExtractorOptions } from './extractor.js';
export { createTesseractOcr, OCR_LANGUAGES, type OcrEngine, type OcrLanguage, type OcrWord } from './adapters/tesseract-ocr.js';
export { readFolio, detectFamily } from './domain/reading/read-folio.js';
export { FOLIO_FIELDS, REQUIRED_FIELDS, type ExtractedFolio, type ExtractionResult, type FolioField, type LayoutFamily, type TaxAmount } from './domain/reading/folio.js';
export type { PageText, TextCell, TextLine } from './domain/reading/text-layout.js';
export { validateFolio, confirmationMatches, DEFAULT_POLICY, type FolioValidation, type RequestToCheck, type ValidationPolicy } from './domain/validation/validate-folio.js';
export { guestNameMatches, nameTokens } from './domain/validation/guest-name.js';
export { parseAmount, formatAmount, parseRate, type AmountConvention } from './domain/reading/amounts.js';
export { findDates, parseDate, inferDayOrder, type DayOrder } from './domain/reading/dates.js';
export { outcomeEvent, type OutcomeContext, type OutcomeEvent } from './domain/validation/outcome-events.js';
export { extractorEnv, extractorConfigSchema, type ExtractorConfig } from './config.js';
export { extractorService, EXTRACTOR_READERS, type ExtractorOptions } from './service.js';
export { folioFromExpense, type ExpenseAnalysisShape, type ExpenseDocumentShape, type ExpenseFieldShape } from './domain/textract/expense-folio.js';
export { createTextractExtractor, textractClient, SYNC_MAX_BYTES, type TextractSettings } from './adapters/textract-extractor.js';
export { S3DocumentStore, s3Client, type DocumentStore, type StoredDocument } from './adapters/document-store.js';
export { RecordsStateDirectory, type RequestDirectory } from './adapters/request-directory.js';
export type { DocumentSource } from './extractor.js';
