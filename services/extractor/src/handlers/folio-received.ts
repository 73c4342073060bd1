// FolioReceived on folio.extractions.v1: fetch the document, read it (Textract or the built-in extractor),
// check it against the request and answer with exactly one FolioExtracted, FolioMismatch or ExtractionFailed on
// the same topic. The answer depends only on the message, the document and the request (its time is the
// FolioReceived's), so a redelivered message gives the same answer. The extractor's own answers are skipped.
import { ExtractionFailedSchema, FolioExtractedSchema, FolioMismatchSchema, type ExtractionFailed, type FolioExtracted, type FolioMismatch, type FolioReceived, type ExtractionMethod } from '@folio/contracts';
import { PoisonMessageError, isRetriable } from '@folio/errors';
import type { HandlerContext, InboundMessage, OutboundMessage } from '@folio/runtime';
import type { DocumentStore } from '../adapters/document-store.js';
import type { RequestDirectory } from '../adapters/request-directory.js';
import type { ExtractionResult, FolioExtractor } from '../extractor.js';
import { FOLIO_FIELDS, type FolioField } from '../domain/reading/folio.js';
import { outcomeEvent, type OutcomeEvent } from '../domain/validation/outcome-events.js';
import { validateFolio, type ValidationPolicy } from '../domain/validation/validate-folio.js';

export type ExtractionsInput = FolioReceived | FolioExtracted | FolioMismatch | ExtractionFailed;

export interface ExtractionObserver {
  /** One document read, by method and outcome event type; `seconds` from fetch to outcome. */
  document(method: ExtractionMethod, result: OutcomeEvent['type'], seconds: number): void;
  /** The confidence each field of a read folio was read with. */
  fieldConfidence(method: ExtractionMethod, field: FolioField, confidence: number): void;
}

export interface FolioReceivedDeps {
  readonly topic: string;
  readonly documents: DocumentStore;
  readonly extractor: FolioExtractor;
  /** TEXTRACT when the extractor is Textract; the built-in one reports PDF_TEXT or OCR per document. */
  readonly engine: 'textract' | 'local';
  readonly requests: RequestDirectory;
  readonly policy: ValidationPolicy;
  readonly maxDocumentBytes: number;
  readonly observe: ExtractionObserver;
  readonly now: () => number;
}

const SCHEMAS = { FolioExtracted: FolioExtractedSchema, FolioMismatch: FolioMismatchSchema, ExtractionFailed: ExtractionFailedSchema } as const;

function methodOf(engine: 'textract' | 'local', result: ExtractionResult): ExtractionMethod {
  if (engine === 'textract') return 'TEXTRACT';
  return result.status === 'read' && result.folio.ocrPages > 0 ? 'OCR' : 'PDF_TEXT';
}

function failed(code: string, message: string): ExtractionResult {
  return { status: 'unreadable', reason: { code, message, field: null }, pages: 0 };
}

export function folioReceivedHandler(deps: FolioReceivedDeps) {
  async function read(received: FolioReceived, context: HandlerContext<never>): Promise<ExtractionResult> {
    const { storageKey, sizeBytes } = received.attachment;
    if (sizeBytes > deps.maxDocumentBytes) return failed('DOCUMENT_TOO_LARGE', `The document has ${sizeBytes} bytes; at most ${deps.maxDocumentBytes} are read. Ask the hotel for a smaller copy.`);
    const stored = await deps.documents.get(storageKey, deps.maxDocumentBytes);
    if (stored.status === 'missing') return failed('DOCUMENT_MISSING', `The document ${storageKey} is not in the object store; ask the hotel to send it again.`);
    if (stored.status === 'too-large') return failed('DOCUMENT_TOO_LARGE', `The document has ${stored.sizeBytes} bytes; at most ${deps.maxDocumentBytes} are read. Ask the hotel for a smaller copy.`);
    try {
      return await deps.extractor.extract(stored.bytes, { bucket: deps.documents.bucket, key: storageKey });
    } catch (error) {
      if (isRetriable(error)) throw error;
      // A document that breaks the reader must not stall the partition: it is unreadable, and the cause is logged.
      context.logger.warn({ err: error, storageKey }, 'document could not be read');
      return failed('UNREADABLE_DOCUMENT', `The document could not be read (${(error as Error).message}); ask the hotel for a readable copy.`);
    }
  }

  return async (message: InboundMessage<ExtractionsInput>, context: HandlerContext<never>): Promise<readonly OutboundMessage[]> => {
    if (message.type !== 'FolioReceived') return [];
    const received = message.value as FolioReceived;
    const started = deps.now();
    const request = await deps.requests.lookup(message.partition, received.recordId);
    if (!request) throw new PoisonMessageError('UNKNOWN_REQUEST', `folio.records.v1 holds no request ${received.recordId} (erased, or never created)`);
    const result = await read(received, context);
    const method = methodOf(deps.engine, result);
    const validation = validateFolio(result, request, deps.policy);
    const event = outcomeEvent(validation, {
      recordId: received.recordId,
      tenantId: received.tenantId,
      documentKey: received.attachment.storageKey,
      occurredAt: received.occurredAt,
      method,
    });
    deps.observe.document(method, event.type, (deps.now() - started) / 1000);
    if (result.status === 'read') for (const field of FOLIO_FIELDS) deps.observe.fieldConfidence(method, field, result.folio.confidence[field]);
    context.logger.info({ recordId: received.recordId, documentKey: received.attachment.storageKey, method, result: event.type }, 'document read');
    return [{ topic: deps.topic, key: received.recordId, schema: SCHEMAS[event.type], value: event.data }];
  };
}
