// The extractor in-process against the real broker, registry and object store: FolioReceived for documents in S3
// answered with FolioExtracted (a corpus folio of the request's guest), FolioMismatch (a request for another
// guest) and ExtractionFailed (corrupt bytes); a request created after the extractor started is found in
// folio.records.v1; a FolioReceived sent twice gets the same answer twice; metrics count what was read.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { kafkaEnv, loadConfig } from '@folio/config';
import {
  DeadLetterSchema,
  ExtractionFailedSchema,
  FolioExtractedSchema,
  FolioMismatchSchema,
  FolioReceivedSchema,
  FolioRequestStateSchema,
  fullNameOf,
  type ExtractionFailed,
  type FolioExtracted,
  type FolioMismatch,
  type FolioReceived,
  type FolioRequestState,
} from '@folio/contracts';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, topicRecordSubject, type RunningService } from '@folio/runtime';
import { collectMessages, createTestBucket, createTopics, deleteTestBucket, deleteTopics, requireEnv, s3ClientFromEnv, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { textractApi } from '../../hotel-sim/src/handlers/textract.js';
import { folioPdf } from '../../hotel-sim/src/adapters/folio-pdf.js';
import { createLocalExtractor, extractorService } from '../src/index.js';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'extractor-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const s3 = s3ClientFromEnv();
const PARTITIONS = 4;
let bucket: string;
let fakeTextract: Server;
const services: RunningService[] = [];
const topics: string[] = [];

const corpus = (name: string) => new URL(`./corpus/pdf/${name}`, import.meta.url);
const truth = JSON.parse(await readFile(corpus('folio-01-opera-en-usd.json'), 'utf8')) as {
  guest: { first: string; last: string };
  confirmationNumber: string;
  arrival: string;
  departure: string;
  totalMinor: number;
  folioNumber: string;
};

function requestState(recordId: string, guest: { first: string; last: string }): FolioRequestState {
  const at = new Date('2026-09-01T10:00:00Z');
  return {
    recordId,
    tenantId: 'tenant-1',
    version: 5,
    status: 'AWAITING_FOLIO',
    request: {
      externalId: `ext-${recordId}`,
      guestFirstName: guest.first,
      guestLastName: guest.last,
      confirmationNumber: truth.confirmationNumber,
      stay: { checkIn: truth.arrival, checkOut: truth.departure },
      hotelPhone: '+13125550100',
      hotelName: null,
      hotelAddress: null,
      hotelTimeZone: null,
      hotelEmail: null,
      destinationEmail: 'ap@tenant.example',
      notes: null,
      source: 'API',
      createdAt: at,
    },
    attempts: 1,
    batchId: null,
    lastCallId: null,
    nextContactAt: null,
    folio: null,
    documentKey: null,
    receivedAt: at,
    updatedAt: at,
    history: [],
  };
}

async function store(key: string, bytes: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/pdf' }));
}

function received(recordId: string, storageKey: string, sizeBytes: number): FolioReceived {
  return {
    recordId,
    tenantId: 'tenant-1',
    messageId: `<${recordId}@hotel.example>`,
    matchMethod: 'REPLY_TOKEN',
    attachment: { filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes, storageKey, sha256: 'ab'.repeat(32) },
    occurredAt: new Date('2026-10-01T08:00:00Z'),
  };
}

/** Topics of one test: extractions and records co-partitioned, and a dead-letter topic; schemas registered. */
async function freshTopics(): Promise<{ extractions: string; records: string; dlq: string }> {
  const [extractions, records, dlq] = (await createTopics([
    { prefix: 'extractor.extractions', partitions: PARTITIONS },
    { prefix: 'extractor.records', partitions: PARTITIONS, compact: true },
    { prefix: 'extractor.dlq' },
  ])) as [string, string, string];
  topics.push(extractions, records, dlq);
  for (const schema of [FolioReceivedSchema, FolioExtractedSchema, FolioMismatchSchema, ExtractionFailedSchema]) await runtime.serde.register(topicRecordSubject(extractions, fullNameOf(schema)), schema);
  await runtime.serde.register(topicRecordSubject(records, fullNameOf(FolioRequestStateSchema)), FolioRequestStateSchema);
  await runtime.serde.register(topicRecordSubject(dlq, fullNameOf(DeadLetterSchema)), DeadLetterSchema);
  return { extractions, records, dlq };
}

async function startExtractor(t: { extractions: string; records: string; dlq: string }, overrides: Record<string, string> = {}): Promise<RunningService> {
  const service = await startService(extractorService(), {
    env: serviceEnv({
      EXTRACTIONS_TOPIC: t.extractions,
      RECORDS_TOPIC: t.records,
      DEAD_LETTER_TOPIC: t.dlq,
      EXTRACTOR_GROUP_ID: uniqueName('extractor'),
      S3_ENDPOINT: requireEnv('S3_ENDPOINT'),
      S3_REGION: requireEnv('S3_REGION'),
      S3_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'),
      S3_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY'),
      DOCUMENTS_BUCKET: bucket,
      EXTRACTOR_OCR_ENABLED: 'false',
      ...overrides,
    }),
  });
  services.push(service);
  await waitFor('extractor ready', async () => (await fetch(`http://127.0.0.1:${service.port}/readyz`)).ok, { timeoutMs: 60_000 });
  return service;
}

const readers = new Map([FolioReceivedSchema, FolioExtractedSchema, FolioMismatchSchema, ExtractionFailedSchema].map((s) => [fullNameOf(s), s]));

/** The extractor's answers on `topic` once `count` messages (inputs and answers) are there. */
async function answersOn(topic: string, count: number) {
  const all = await collectMessages(topic, count, { timeoutMs: 120_000, settleMs: 2_000 });
  const decoded = await Promise.all(all.map(async (m) => ({ key: m.key, ...(await runtime.serde.decode(m.value!, readers)) })));
  return decoded.filter((d) => !d.fullName.endsWith('FolioReceived'));
}

beforeAll(async () => {
  bucket = await createTestBucket(s3, 'extractor-e2e');
  const app = express().use(textractApi({ objectStoreUrl: requireEnv('S3_ENDPOINT') }));
  fakeTextract = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await new Promise((resolve) => fakeTextract.close(resolve));
  await runtime.close();
  await deleteTopics(topics);
  await deleteTestBucket(bucket, s3);
});

describe('extractor service', () => {
  it('answers each FolioReceived once: extracted, mismatch with reasons, failed for a corrupt file; the same answer for a repeat', async () => {
    const matching = crypto.randomUUID();
    const otherGuest = crypto.randomUUID();
    const corrupt = crypto.randomUUID();
    const unknown = crypto.randomUUID();
    const pdf = new Uint8Array(await readFile(corpus('folio-01-opera-en-usd.pdf')));
    await store('documents/folio-01.pdf', pdf);
    await store('documents/corrupt.pdf', new TextEncoder().encode('%PDF-1.7 this is not a PDF'));

    const t = await freshTopics();
    const { extractions, records, dlq } = t;
    // One request exists before the extractor starts; the others are created after it read its partitions.
    await runtime.send([{ topic: records, key: matching, schema: FolioRequestStateSchema, value: requestState(matching, truth.guest) }]);
    const service = await startExtractor(t);
    await runtime.send([{ topic: extractions, key: matching, schema: FolioReceivedSchema, value: received(matching, 'documents/folio-01.pdf', pdf.byteLength) }]);

    await runtime.send([
      { topic: records, key: otherGuest, schema: FolioRequestStateSchema, value: requestState(otherGuest, { first: 'Maria', last: 'Gonzalez' }) },
      { topic: records, key: corrupt, schema: FolioRequestStateSchema, value: requestState(corrupt, truth.guest) },
    ]);
    await runtime.send([
      { topic: extractions, key: otherGuest, schema: FolioReceivedSchema, value: received(otherGuest, 'documents/folio-01.pdf', pdf.byteLength) },
      { topic: extractions, key: corrupt, schema: FolioReceivedSchema, value: received(corrupt, 'documents/corrupt.pdf', 26) },
      { topic: extractions, key: unknown, schema: FolioReceivedSchema, value: received(unknown, 'documents/folio-01.pdf', pdf.byteLength) },
      { topic: extractions, key: matching, schema: FolioReceivedSchema, value: received(matching, 'documents/folio-01.pdf', pdf.byteLength) },
    ]);

    // 5 FolioReceived in, 4 answers out (the unknown request is dead-lettered).
    const answers = await answersOn(extractions, 9);
    expect(answers).toHaveLength(4);

    const forMatching = answers.filter((a) => a.key === matching);
    expect(forMatching.map((a) => a.fullName)).toEqual(['io.folio.extraction.FolioExtracted', 'io.folio.extraction.FolioExtracted']);
    expect(forMatching[1]!.value).toEqual(forMatching[0]!.value);
    const extracted = forMatching[0]!.value as FolioExtracted;
    expect(extracted).toMatchObject({ recordId: matching, documentKey: 'documents/folio-01.pdf', method: 'PDF_TEXT', occurredAt: new Date('2026-10-01T08:00:00Z') });
    expect(extracted.folio).toMatchObject({ folioNumber: truth.folioNumber, totalMinor: truth.totalMinor, currency: 'USD', stay: { checkIn: truth.arrival, checkOut: truth.departure } });
    expect(extracted.folio.fieldConfidence?.total).toBeGreaterThanOrEqual(0.9);
    expect(extracted.folio.taxes).not.toBeNull();

    const mismatch = answers.find((a) => a.key === otherGuest)!;
    expect(mismatch.fullName).toBe('io.folio.extraction.FolioMismatch');
    expect((mismatch.value as FolioMismatch).mismatches).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'GUEST_NAME_MISMATCH', field: 'guestName' })]));

    const failed = answers.find((a) => a.key === corrupt)!;
    expect(failed.fullName).toBe('io.folio.extraction.ExtractionFailed');
    expect((failed.value as ExtractionFailed).reason.code).toBe('CORRUPT_DOCUMENT');

    const dead = await collectMessages(dlq, 1, { timeoutMs: 30_000, settleMs: 500 });
    const letter = await runtime.serde.decode<{ errorCode: string }>(dead[0]!.value!, new Map([[fullNameOf(DeadLetterSchema), DeadLetterSchema]]));
    expect(letter.value.errorCode).toBe('UNKNOWN_REQUEST');

    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toMatch(/folio_extractor_documents_total\{[^}]*method="PDF_TEXT",result="FolioExtracted"[^}]*\} 2/);
    expect(metrics).toMatch(/folio_extractor_documents_total\{[^}]*method="PDF_TEXT",result="ExtractionFailed"[^}]*\} 1/);
    expect(metrics).toMatch(/folio_extractor_field_confidence_count\{[^}]*method="PDF_TEXT",field="total"[^}]*\} 3/);
  });

  it('reads through Textract (the SDK against hotel-sim) when a region is configured: the same folio as the built-in extractor, method TEXTRACT', async () => {
    const t = await freshTopics();
    const recordId = crypto.randomUUID();
    const pdf = await folioPdf({
      hotelName: 'Hotel Lakeside',
      hotelAddress: '1 Shore Road, Chicago',
      guest: 'Ada Lovelace',
      confirmation: 'LK-552031',
      checkIn: '2026-04-10',
      checkOut: '2026-04-13',
      nightlyRate: 189,
      currency: 'USD',
      issuedOn: '2026-04-13',
      folioNumber: 'F-88213',
    });
    await store('documents/lakeside.pdf', pdf);
    const state = requestState(recordId, { first: 'Ada', last: 'Lovelace' });
    const request = { ...state, request: { ...state.request, confirmationNumber: 'LK-552031', stay: { checkIn: '2026-04-10', checkOut: '2026-04-13' } } };
    await runtime.send([{ topic: t.records, key: recordId, schema: FolioRequestStateSchema, value: request }]);
    await startExtractor(t, {
      TEXTRACT_REGION: 'eu-west-1',
      TEXTRACT_ENDPOINT: `http://127.0.0.1:${(fakeTextract.address() as AddressInfo).port}`,
      TEXTRACT_ACCESS_KEY_ID: 'AKIDLOCAL',
      TEXTRACT_SECRET_ACCESS_KEY: 'local-secret',
    });
    await runtime.send([{ topic: t.extractions, key: recordId, schema: FolioReceivedSchema, value: received(recordId, 'documents/lakeside.pdf', pdf.byteLength) }]);
    const [answer] = await answersOn(t.extractions, 2);
    expect(answer?.fullName).toBe('io.folio.extraction.FolioExtracted');
    const extracted = answer!.value as FolioExtracted;
    expect(extracted.method).toBe('TEXTRACT');

    const local = createLocalExtractor({ ocr: null });
    const own = await local.extract(pdf);
    await local.close();
    if (own.status !== 'read') throw new Error('the built-in extractor should read the hotel-sim folio');
    const { confidence: _a, fieldConfidence: _b, ...viaTextract } = extracted.folio;
    const { confidence: _c, fieldConfidence: _d, ...builtIn } = own.folio.document;
    expect(viaTextract).toEqual(builtIn);
    expect(viaTextract).toMatchObject({ folioNumber: 'F-88213', totalMinor: 57450, currency: 'USD' });
  });
});
