// The extractor's own settings, on top of the shared service and Kafka environment: topics, the object store,
// Textract (used when a region is configured, see EXTRACTOR_ENGINE), OCR for scanned pages and the validation thresholds.
import { booleanFromString, commaList, z } from '@folio/config';
import { objectStoreEnv } from '@folio/object-store';
import { OCR_LANGUAGES } from './adapters/tesseract-ocr.js';

export const extractorEnv = {
  /** Consumer group of the extractor replicas. */
  EXTRACTOR_GROUP_ID: z.string().min(1).default('folio.extractor'),
  /** FolioReceived in, FolioExtracted / FolioMismatch / ExtractionFailed out (same topic, keyed by recordId). */
  EXTRACTIONS_TOPIC: z.string().min(1).default('folio.extractions.v1'),
  /** The records service's state (compacted, co-partitioned): the request data a folio is checked against. */
  RECORDS_TOPIC: z.string().min(1).default('folio.records.v1'),
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),
  /** Consumer session: longer than the slowest document (a multi-page OCR, a Textract job), at most the broker's group.max.session.timeout.ms. */
  EXTRACTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(120_000),
  /** Largest document read; a bigger one gives ExtractionFailed DOCUMENT_TOO_LARGE (the inbox accepts up to 25 MB). */
  EXTRACTOR_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1_024).default(25 * 1024 * 1024),

  /** Object store of documents (Attachment.storageKey is a key in DOCUMENTS_BUCKET). */
  ...objectStoreEnv,
  /** Also where StartExpenseAnalysis reads multi-page documents: Textract's role must be able to read it, in Textract's region. */
  DOCUMENTS_BUCKET: z.string().min(3).default('folio-documents'),

  /** Who reads documents: `textract`, `local` (the built-in extractor), or `auto`: Textract when a region is set. */
  EXTRACTOR_ENGINE: z.enum(['auto', 'textract', 'local']).default('auto'),
  /** AWS region of Textract; default AWS_REGION (the chart's `aws` integration). */
  TEXTRACT_REGION: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** Textract endpoint override (hotel-sim's fake Textract locally); unset: the region's AWS endpoint. */
  TEXTRACT_ENDPOINT: z.url().optional(),
  /** Static credentials for Textract; unset: the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, IRSA, instance role). */
  TEXTRACT_ACCESS_KEY_ID: z.string().min(1).optional(),
  TEXTRACT_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** First wait between GetExpenseAnalysis polls, doubled up to TEXTRACT_POLL_MAX_MS. */
  TEXTRACT_POLL_INITIAL_MS: z.coerce.number().int().min(10).default(1_000),
  TEXTRACT_POLL_MAX_MS: z.coerce.number().int().min(10).default(10_000),
  /** Longest an asynchronous job is waited for (below EXTRACTOR_SESSION_TIMEOUT_MS); then the message is read again later, and the same ClientRequestToken finds the same job. */
  TEXTRACT_JOB_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(90_000),

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

/** The Textract region when Textract reads documents, else null (the built-in extractor). */
export function textractRegion(config: Pick<ExtractorConfigShape, 'EXTRACTOR_ENGINE' | 'TEXTRACT_REGION' | 'AWS_REGION'>): string | null {
  if (config.EXTRACTOR_ENGINE === 'local') return null;
  const region = config.TEXTRACT_REGION ?? config.AWS_REGION ?? null;
  if (config.EXTRACTOR_ENGINE === 'textract' && !region) throw new Error('EXTRACTOR_ENGINE=textract needs TEXTRACT_REGION or AWS_REGION');
  return region;
}
type ExtractorConfigShape = z.infer<typeof extractorConfigSchema>;
export type ExtractorConfig = z.infer<typeof extractorConfigSchema>;
