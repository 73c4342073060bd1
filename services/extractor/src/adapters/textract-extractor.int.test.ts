// The Textract path with the official SDK against hotel-sim's Textract endpoint (JSON 1.1 over HTTP, SigV4 with
// dummy credentials) and the real object store: AnalyzeExpense for a one-page folio, StartExpenseAnalysis and
// GetExpenseAnalysis (polled, paginated) for a two-page one in S3, refusals as unreadable results.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import express from 'express';
import { createTestBucket, deleteTestBucket, requireEnv, s3ClientFromEnv } from '@folio/testkit';
import { textractApi } from '../../../hotel-sim/src/handlers/textract.js';
import { folioPdf } from '../../../hotel-sim/src/adapters/folio-pdf.js';
import { createLocalExtractor } from '../extractor.js';
import { createTextractExtractor, textractClient, type TextractSettings } from './textract-extractor.js';

const s3 = s3ClientFromEnv();
let bucket: string;
let server: Server;
let settings: TextractSettings;

beforeAll(async () => {
  bucket = await createTestBucket(s3, 'extractor-textract');
  const app = express().use(textractApi({ objectStoreUrl: requireEnv('S3_ENDPOINT') }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  settings = {
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accessKeyId: 'AKIDLOCAL',
    secretAccessKey: 'local-secret',
    pollInitialMs: 20,
    pollMaxMs: 100,
    jobTimeoutMs: 10_000,
  };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await deleteTestBucket(bucket, s3);
});

const hotelFolio = () =>
  folioPdf({
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

describe('Textract extractor through the SDK and hotel-sim', () => {
  it('reads a one-page text-layer folio with AnalyzeExpense to the same folio as the built-in extractor', async () => {
    const textract = createTextractExtractor(textractClient(settings), settings);
    const local = createLocalExtractor({ ocr: null });
    const bytes = await hotelFolio();
    const [remote, own] = [await textract.extract(bytes), await local.extract(bytes)];
    await Promise.all([textract.close(), local.close()]);
    expect(remote.status).toBe('read');
    expect(own.status).toBe('read');
    if (remote.status !== 'read' || own.status !== 'read') return;
    // Everything but the confidences, which are each reader's own.
    const { confidence: _a, fieldConfidence: _b, ...remoteDoc } = remote.folio.document;
    const { confidence: _d, fieldConfidence: _e, ...ownDoc } = own.folio.document;
    expect(remoteDoc).toEqual(ownDoc);
    expect(remoteDoc).toMatchObject({ folioNumber: 'F-88213', guestName: 'Ada Lovelace', confirmationNumber: 'LK-552031', stay: { checkIn: '2026-04-10', checkOut: '2026-04-13' }, currency: 'USD', totalMinor: 57450 });
    expect(remote.folio.document.hotelName).toBe('Hotel Lakeside');
    expect(remote.folio.dates).toEqual(own.folio.dates);
  });

  it('reads a two-page folio from the bucket with StartExpenseAnalysis and paged GetExpenseAnalysis', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../test/corpus/pdf/folio-04-independent-en-usd.pdf', import.meta.url)));
    const key = `documents/${Date.now()}-folio-04.pdf`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/pdf' }));
    const textract = createTextractExtractor(textractClient(settings), settings);
    const result = await textract.extract(bytes, { bucket, key });
    await textract.close();
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    const truth = JSON.parse(await readFile(new URL('../../test/corpus/pdf/folio-04-independent-en-usd.json', import.meta.url), 'utf8')) as { lineItems: unknown[]; totalMinor: number };
    expect(result.folio.pages).toBe(2);
    // Lines of both pages arrive, the second page's through NextToken.
    expect(result.folio.document.lineItems.length).toBe(truth.lineItems.length);
    expect(result.folio.document.totalMinor).toBe(truth.totalMinor);
  });

  it('answers a document Textract refuses as unreadable, and a missing object too', async () => {
    const textract = createTextractExtractor(textractClient(settings), settings);
    expect(await textract.extract(new TextEncoder().encode('%PDF-1.7 garbage'))).toMatchObject({ status: 'unreadable', reason: { code: 'CORRUPT_DOCUMENT' } });
    const twoPages = new Uint8Array(await readFile(new URL('../../test/corpus/pdf/folio-04-independent-en-usd.pdf', import.meta.url)));
    expect(await textract.extract(twoPages, { bucket, key: 'documents/not-there.pdf' })).toMatchObject({ status: 'unreadable', reason: { code: 'UNREADABLE_DOCUMENT' } });
    await textract.close();
  });
});
