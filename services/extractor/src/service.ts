// The extractor service: one exactly-once consumer of folio.extractions.v1 that answers each FolioReceived with
// FolioExtracted, FolioMismatch or ExtractionFailed in the same transaction as its offset. Documents come from
// the object store; Textract reads them when a region is configured (EXTRACTOR_ENGINE), the built-in extractor otherwise; the
// request data comes from the records service's state on folio.records.v1 (ADR 0028).
import { FolioRequestStateSchema, ExtractionFailedSchema, FolioExtractedSchema, FolioMismatchSchema, FolioReceivedSchema } from '@folio/contracts';
import { counter, histogram } from '@folio/metrics';
import type { ServiceDefinition } from '@folio/runtime';
import { extractorEnv, textractRegion } from './config.js';
import { createLocalExtractor, type FolioExtractor } from './extractor.js';
import { createTesseractOcr } from './adapters/tesseract-ocr.js';
import { S3DocumentStore, s3Client, type DocumentStore } from './adapters/document-store.js';
import { RecordsStateDirectory, type RequestDirectory } from './adapters/request-directory.js';
import { createTextractExtractor, textractClient } from './adapters/textract-extractor.js';
import { folioReceivedHandler, type ExtractionsInput } from './handlers/folio-received.js';

export const EXTRACTOR_READERS = [FolioReceivedSchema, FolioExtractedSchema, FolioMismatchSchema, ExtractionFailedSchema];

export interface ExtractorOptions {
  /** Replaces the extractor chosen from the configuration (tests). */
  readonly extractor?: FolioExtractor;
  readonly documents?: DocumentStore;
  readonly requests?: RequestDirectory;
  readonly now?: () => number;
}

export function extractorService(options: ExtractorOptions = {}): ServiceDefinition<typeof extractorEnv> {
  return {
    name: 'extractor',
    produces: ['folio.extractions.v1', 'folio.dlq.v1'],
    env: extractorEnv,
    async start({ config, kafka, registry, logger, onShutdown }) {
      const documentsRead = counter(registry, 'folio_extractor_documents_total', 'Documents read, by method (TEXTRACT, PDF_TEXT, OCR) and result (FolioExtracted, FolioMismatch, ExtractionFailed).', ['method', 'result']);
      const latency = histogram(registry, 'folio_extractor_extraction_duration_seconds', 'Time from a FolioReceived to its answer: fetch, read and validation, by method.', ['method'], [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160]);
      const confidence = histogram(registry, 'folio_extractor_field_confidence', 'Confidence each folio field was read with (0 when not found), by method and field.', ['method', 'field'], [0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]);
      const stateReads = histogram(registry, 'folio_extractor_request_state_read_seconds', 'Reads of a folio.records.v1 partition for a request not seen yet.', [], [0.1, 0.5, 1, 2, 5, 10, 30]);

      const region = textractRegion(config);
      const s3 = { endpoint: config.S3_ENDPOINT, region: config.S3_REGION, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, forcePathStyle: config.S3_FORCE_PATH_STYLE };
      const documents = options.documents ?? new S3DocumentStore(s3Client(s3), config.DOCUMENTS_BUCKET);
      let extractor = options.extractor;
      let engine: 'textract' | 'local' = 'local';
      if (!extractor && region) {
        const settings = {
          region,
          endpoint: config.TEXTRACT_ENDPOINT,
          accessKeyId: config.TEXTRACT_ACCESS_KEY_ID,
          secretAccessKey: config.TEXTRACT_SECRET_ACCESS_KEY,
          pollInitialMs: config.TEXTRACT_POLL_INITIAL_MS,
          pollMaxMs: config.TEXTRACT_POLL_MAX_MS,
          jobTimeoutMs: config.TEXTRACT_JOB_TIMEOUT_MS,
        };
        extractor = createTextractExtractor(textractClient(settings), settings);
        engine = 'textract';
      }
      extractor ??= createLocalExtractor({
        ocr: config.EXTRACTOR_OCR_ENABLED ? await createTesseractOcr(config.EXTRACTOR_OCR_LANGUAGES, config.EXTRACTOR_OCR_DPI) : null,
        ocrDpi: config.EXTRACTOR_OCR_DPI,
      });
      if (options.extractor) engine = region ? 'textract' : 'local';
      const used = extractor;
      onShutdown(() => used.close(), 'after-kafka');
      logger.info({ engine, bucket: documents.bucket }, 'extractor configured');

      const requests =
        options.requests ??
        new RecordsStateDirectory({
          kafka: kafka.kafka,
          serde: kafka.serde,
          logger,
          topic: config.RECORDS_TOPIC,
          schema: FolioRequestStateSchema,
          onRead: (_partition, _records, ms) => stateReads.observe(ms / 1000),
        });
      const handler = folioReceivedHandler({
        topic: config.EXTRACTIONS_TOPIC,
        documents,
        extractor,
        engine,
        requests,
        policy: { minConfidence: config.EXTRACTION_MIN_CONFIDENCE, maxUncertainFields: config.EXTRACTION_MAX_UNCERTAIN_FIELDS, roundingMinorPerLine: 0.5 },
        maxDocumentBytes: config.EXTRACTOR_MAX_DOCUMENT_BYTES,
        observe: {
          document: (method, result, seconds) => {
            documentsRead.inc({ method, result });
            latency.observe({ method }, seconds);
          },
          fieldConfidence: (method, field, value) => confidence.observe({ method, field }, value),
        },
        now: options.now ?? Date.now,
      });
      const consumer = kafka.consumer<ExtractionsInput>({
        groupId: config.EXTRACTOR_GROUP_ID,
        topics: [config.EXTRACTIONS_TOPIC],
        readers: EXTRACTOR_READERS,
        delivery: 'exactly-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        // Documents take seconds each (OCR, Textract jobs) and the group hears from a member once per chunk: one
        // document per chunk, and a session long enough for the slowest one (ADR 0029).
        chunkSize: 1,
        sessionTimeoutMs: config.EXTRACTOR_SESSION_TIMEOUT_MS,
        handler,
      });
      await consumer.start();
    },
  };
}
