import { describe, expect, it } from '@jest/globals';
import type { FolioReceived } from '@folio/contracts';
import { InfraError, PoisonMessageError } from '@folio/errors';
import { createLogger } from '@folio/logger';
import type { InboundMessage } from '@folio/runtime';
import type { DocumentStore, StoredDocument } from '../adapters/document-store.js';
import type { RequestDirectory } from '../adapters/request-directory.js';
import type { ExtractionResult, FolioExtractor } from '../extractor.js';
import { FOLIO_FIELDS, type ExtractedFolio } from '../domain/reading/folio.js';
import { DEFAULT_POLICY } from '../domain/validation/validate-folio.js';
import { folioReceivedHandler, type ExtractionsInput } from './folio-received.js';

const RECORD = '7f1c0e3a-5d2b-4a51-9a55-0d9b9e6f4a10';
const request = { guestFirstName: 'Ada', guestLastName: 'Lovelace', confirmationNumber: 'C-1', stay: { checkIn: '2026-04-10', checkOut: '2026-04-12' } };
const context = { logger: createLogger({ service: 't', level: 'silent' }), state: undefined as never };

const folio: ExtractedFolio = {
  document: {
    folioNumber: 'F-1',
    hotelName: 'Hotel',
    guestName: 'Ada Lovelace',
    confirmationNumber: 'C-1',
    roomNumber: '1',
    stay: { checkIn: '2026-04-10', checkOut: '2026-04-12' },
    currency: 'EUR',
    lineItems: [
      { date: '2026-04-10', description: 'Room', kind: 'ROOM', amountMinor: 10000 },
      { date: '2026-04-11', description: 'Room', kind: 'ROOM', amountMinor: 10000 },
    ],
    totalMinor: 20000,
    confidence: 0.95,
    taxes: [],
    fieldConfidence: null,
  },
  taxes: [],
  confidence: Object.fromEntries(FOLIO_FIELDS.map((f) => [f, 0.95])) as ExtractedFolio['confidence'],
  dates: { checkIn: '2026-04-10', checkOut: '2026-04-12' },
  layout: 'generic',
  pages: 1,
  ocrPages: 0,
};

function message(value: ExtractionsInput, type = 'FolioReceived'): InboundMessage<ExtractionsInput> {
  return { topic: 'x', partition: 3, offset: '7', key: RECORD, timestamp: 0, headers: {}, type, value, correlationId: 'c' };
}

function received(sizeBytes = 1000): FolioReceived {
  return {
    recordId: RECORD,
    tenantId: 't1',
    messageId: '<m@h>',
    matchMethod: 'REPLY_TOKEN',
    attachment: { filename: 'f.pdf', contentType: 'application/pdf', sizeBytes, storageKey: 'folios/a.pdf', sha256: 'ab' },
    occurredAt: new Date('2026-04-12T09:00:00Z'),
  };
}

function handler(options: { stored?: StoredDocument; read?: () => Promise<ExtractionResult>; known?: boolean; engine?: 'textract' | 'local' } = {}) {
  const seen: Array<[string, string]> = [];
  const documents: DocumentStore = { bucket: 'docs', get: async () => options.stored ?? { status: 'found', bytes: new Uint8Array([1]) } };
  const extractor: FolioExtractor = { extract: options.read ?? (async () => ({ status: 'read', folio })), close: async () => undefined };
  const requests: RequestDirectory = { lookup: async (partition, id) => (partition === 3 && id === RECORD && options.known !== false ? request : null) };
  const handle = folioReceivedHandler({
    topic: 'folio.extractions.v1',
    documents,
    extractor,
    engine: options.engine ?? 'local',
    requests,
    policy: DEFAULT_POLICY,
    maxDocumentBytes: 5_000,
    observe: { document: (method, result) => seen.push([method, result]), fieldConfidence: () => undefined },
    now: () => 0,
  });
  return { handle: (m: InboundMessage<ExtractionsInput>) => handle(m, context), seen };
}

describe('FolioReceived handler', () => {
  it('answers a matching folio with FolioExtracted keyed by the record, timed as the FolioReceived', async () => {
    const { handle, seen } = handler();
    const [out] = await handle(message(received()));
    expect(out).toMatchObject({ topic: 'folio.extractions.v1', key: RECORD, value: { recordId: RECORD, documentKey: 'folios/a.pdf', method: 'PDF_TEXT', occurredAt: new Date('2026-04-12T09:00:00Z') } });
    expect(out!.schema.name).toBe('FolioExtracted');
    expect(seen).toEqual([['PDF_TEXT', 'FolioExtracted']]);
  });

  it('gives the same answer to the same message twice', async () => {
    const { handle } = handler();
    expect(await handle(message(received()))).toEqual(await handle(message(received())));
  });

  it('names the method: OCR when a page was read as a picture, TEXTRACT for Textract', async () => {
    const ocr = handler({ read: async () => ({ status: 'read', folio: { ...folio, ocrPages: 1 } }) });
    expect((await ocr.handle(message(received())))[0]!.value).toMatchObject({ method: 'OCR' });
    const textract = handler({ engine: 'textract' });
    expect((await textract.handle(message(received())))[0]!.value).toMatchObject({ method: 'TEXTRACT' });
  });

  it('answers ExtractionFailed for a document too large, missing, or one that breaks the reader', async () => {
    const cases: Array<[ReturnType<typeof handler>, FolioReceived, string]> = [
      [handler(), received(6_000), 'DOCUMENT_TOO_LARGE'],
      [handler({ stored: { status: 'too-large', sizeBytes: 9_000 } }), received(), 'DOCUMENT_TOO_LARGE'],
      [handler({ stored: { status: 'missing' } }), received(), 'DOCUMENT_MISSING'],
      [handler({ read: async () => Promise.reject(new TypeError('bad xref')) }), received(), 'UNREADABLE_DOCUMENT'],
      [handler({ read: async () => ({ status: 'unreadable', reason: { code: 'CORRUPT_DOCUMENT', message: 'x', field: null }, pages: 0 }) }), received(), 'CORRUPT_DOCUMENT'],
    ];
    for (const [{ handle }, value, code] of cases) {
      const [out] = await handle(message(value));
      expect(out!.schema.name).toBe('ExtractionFailed');
      expect(out!.value).toMatchObject({ reason: { code } });
    }
  });

  it('lets an outage be retried instead of answering', async () => {
    const { handle } = handler({ read: async () => Promise.reject(new InfraError('TEXTRACT_UNAVAILABLE', 'throttled', { retriable: true })) });
    await expect(handle(message(received()))).rejects.toMatchObject({ code: 'TEXTRACT_UNAVAILABLE', retriable: true });
  });

  it('dead-letters a FolioReceived for a request the records state does not hold', async () => {
    const { handle } = handler({ known: false });
    await expect(handle(message(received()))).rejects.toBeInstanceOf(PoisonMessageError);
  });

  it('answers a folio of another guest with FolioMismatch and its reasons', async () => {
    const { handle } = handler({ read: async () => ({ status: 'read', folio: { ...folio, document: { ...folio.document, guestName: 'Grace Hopper' } } }) });
    const [out] = await handle(message(received()));
    expect(out!.schema.name).toBe('FolioMismatch');
    expect(out!.value).toMatchObject({ mismatches: [{ code: 'GUEST_NAME_MISMATCH' }] });
  });

  it('skips its own answers on the topic', async () => {
    const { handle } = handler();
    const [answer] = await handle(message(received()));
    expect(await handle(message(answer!.value as ExtractionsInput, 'FolioExtracted'))).toEqual([]);
  });
});
