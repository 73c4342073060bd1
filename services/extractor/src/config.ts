// The extractor's own settings: OCR for scanned pages and the validation thresholds.
import { booleanFromString, commaList, z } from '@folio/config';
import { OCR_LANGUAGES } from './adapters/tesseract-ocr.js';

export const extractorEnv = {
  /** Read image-only pages and picture attachments with OCR (tesseract.js, offline). */
  EXTRACTOR_OCR_ENABLED: booleanFromString.default(true),
  /** OCR languages, tesseract codes; each needs its @tesseract.js-data package installed. */
  EXTRACTOR_OCR_LANGUAGES: commaList.pipe(z.array(z.enum(OCR_LANGUAGES))).default([...OCR_LANGUAGES]),
  /** Resolution scanned pages are rendered at for OCR, dots per inch. */
  EXTRACTOR_OCR_DPI: z.coerce.number().int().min(100).max(400).default(300),
  /** Least confidence a required folio field must be read with (ORIGINAL-DESIGN §6: 0.70). */
  EXTRACTION_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.7),
  /** Most uncertain fields a folio may have and still be delivered (ORIGINAL-DESIGN §6: 2). */
  EXTRACTION_MAX_UNCERTAIN_FIELDS: z.coerce.number().int().min(0).max(11).default(2),
};

export const extractorConfigSchema = z.object(extractorEnv);
export type ExtractorConfig = z.infer<typeof extractorConfigSchema>;
