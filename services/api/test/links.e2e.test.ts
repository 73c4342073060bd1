// Links to call recordings, transcripts and folio documents: the api in-process against the real PostgreSQL read
// models (rows written by the projector's own adapter) and the real local object store. A link redirects to a
// presigned URL that fetches the stored bytes and is signed for the host clients use; other tenants, calls of other
// requests, missing objects and erased requests get their problems; every answer matches the OpenAPI document.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Call, FolioRequestState, RequestStatus } from '@folio/contracts';
import { eraseRecordRows } from '@folio/read-models';
import { PgReadModels } from '@folio/projector';
import { startService, type RunningService } from '@folio/runtime';
import { createTestBucket, deleteTestBucket, requireEnv, s3ClientFromEnv, serviceEnv } from '@folio/testkit';
import { apiService } from '../src/index.js';
import { freshDatabase, openApiValidator, runtime, tenantWithKeys } from './support.js';
import { verifyPresignedUrl } from './sigv4.js';

const TTL = 600;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let s3: S3Client;
let callsBucket: string;
let documentsBucket: string;
let archiveBucket: string;
let service: RunningService;
let publicService: RunningService;
let storeDownService: RunningService;
let base: string;
let validator: ReturnType<typeof openApiValidator>;
let acme: Awaited<ReturnType<typeof tenantWithKeys>>;
let globex: Awaited<ReturnType<typeof tenantWithKeys>>;

const T0 = Date.parse('2026-11-20T15:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const s3Endpoint = () => requireEnv('S3_ENDPOINT');

/** A request of `tenantId` at `status`, with the history the records service would have written up to there. */
function requestState(recordId: string, tenantId: string, status: RequestStatus, documentKey: string | null, lastCallId: string | null): FolioRequestState {
  return {
    recordId,
    tenantId,
    version: 3,
    status,
    request: {
      externalId: `ext-${recordId.slice(0, 8)}`,
      guestFirstName: 'Ada',
      guestLastName: 'Lovelace',
      confirmationNumber: 'CONF-42',
      stay: { checkIn: '2026-11-02', checkOut: '2026-11-04' },
      hotelPhone: '+14155552671',
      hotelName: 'Hotel Analytical',
      hotelAddress: null,
      hotelTimeZone: 'America/Los_Angeles',
      hotelEmail: null,
      destinationEmail: 'expenses@example.com',
      notes: null,
      source: 'API',
      createdAt: at(0),
    },
    attempts: 1,
    batchId: null,
    lastCallId,
    nextContactAt: null,
    folio: null,
    documentKey,
    receivedAt: at(1),
    updatedAt: at(30),
    history: [
      { version: 1, type: 'RecordReceived', occurredAt: at(1), status: 'RECEIVED', reason: null, correlationId: 'corr-links', causationId: null, details: { source: 'API' } },
      { version: 2, type: 'RecordContacted', occurredAt: at(10), status: 'IN_CALL', reason: null, correlationId: 'corr-links', causationId: null, details: { channel: 'CALL' } },
      { version: 3, type: 'StatusNow', occurredAt: at(30), status, reason: null, correlationId: 'corr-links', causationId: null, details: {} },
    ],
  };
}

function call(callId: string, recordIds: string[], recordingKey: string | null): Call {
  return {
    callId,
    batchId: `batch-${callId}`,
    hotelPhone: '+14155552671',
    status: 'ENDED',
    connectionType: 'HUMAN',
    providerCallId: `CA${callId}`,
    recordIds,
    ivrSteps: [],
    turns: [],
    outcomes: [],
    placedAt: at(10),
    connectedAt: at(11),
    endedAt: at(14),
    endReason: 'COMPLETED',
    recordingKey,
    version: 5,
    updatedAt: at(15),
  };
}

const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]);
const TRANSCRIPT = JSON.stringify({ text: 'Front desk, how can I help? ... yes, we will email the folio.', words: [] });
const PDF = Buffer.from('%PDF-1.4\n% folio of Ada Lovelace\n%%EOF\n');

const ids = {
  delivered: '0b7c5d1e-1111-4a2b-8c3d-000000000001',
  waiting: '0b7c5d1e-1111-4a2b-8c3d-000000000002',
  globex: '0b7c5d1e-1111-4a2b-8c3d-000000000003',
  erased: '0b7c5d1e-1111-4a2b-8c3d-000000000004',
  archived: '0b7c5d1e-1111-4a2b-8c3d-000000000005',
};

beforeAll(async () => {
  db = await freshDatabase();
  s3 = s3ClientFromEnv();
  [callsBucket, documentsBucket, archiveBucket] = await Promise.all([createTestBucket(s3, 'api-calls'), createTestBucket(s3, 'api-documents'), createTestBucket(s3, 'api-archive')]);
  const put = (Bucket: string, Key: string, Body: Buffer | string, ContentType: string) => s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType }));
  await Promise.all([
    put(callsBucket, 'recordings/call-answered.wav', WAV, 'audio/wav'),
    put(callsBucket, 'transcripts/call-answered.json', TRANSCRIPT, 'application/json'),
    put(callsBucket, 'recordings/call-untranscribed.wav', WAV, 'audio/wav'),
    put(documentsBucket, 'documents/5e884898.pdf', PDF, 'application/pdf'),
    put(archiveBucket, 'documents/2026/older.pdf', PDF, 'application/pdf'),
  ]);
  const s3Env = { S3_ENDPOINT: s3Endpoint(), S3_REGION: requireEnv('S3_REGION'), S3_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'), S3_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY') };
  const env = { DATABASE_URL: db.url, API_KEY_CACHE_MS: '0', CALLS_BUCKET: callsBucket, DOCUMENTS_BUCKET: documentsBucket, RECORDING_LINK_TTL_SECONDS: String(TTL), ...s3Env };
  // The second api reaches the store as the first does but hands out links for another host name of it, as a
  // cluster-internal endpoint and a public one would be. The calls bucket reaches it through S3_BUCKET, as the chart sets it.
  const publicEndpoint = s3Endpoint().replace('127.0.0.1', 'localhost');
  const { CALLS_BUCKET: _, ...withoutCallsBucket } = env;
  // The third reaches no object store at all (a closed port).
  [service, publicService, storeDownService] = await Promise.all([
    startService(apiService(), { env: serviceEnv(env) }),
    startService(apiService(), { env: serviceEnv({ ...withoutCallsBucket, S3_BUCKET: callsBucket, S3_PUBLIC_ENDPOINT: publicEndpoint }) }),
    startService(apiService(), { env: serviceEnv({ ...env, S3_ENDPOINT: 'http://127.0.0.1:1' }) }),
  ]);
  base = `http://127.0.0.1:${service.port}`;
  acme = await tenantWithKeys(db.pool, { read: ['read'], write: ['write'] });
  globex = await tenantWithKeys(db.pool, { read: ['read'] });
  validator = openApiValidator((await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>);

  // The read models as the projector writes them.
  const models = new PgReadModels(db.pool);
  await models.applyRecordState(requestState(ids.delivered, acme.tenantId, 'EXTRACTED', 'documents/5e884898.pdf', 'call-answered'));
  await models.applyRecordState(requestState(ids.waiting, acme.tenantId, 'AWAITING_FOLIO', null, 'call-pending'));
  await models.applyRecordState(requestState(ids.globex, globex.tenantId, 'EXTRACTED', 'documents/5e884898.pdf', 'call-globex'));
  await models.applyRecordState(requestState(ids.erased, acme.tenantId, 'EXTRACTED', 'documents/5e884898.pdf', 'call-answered'));
  await models.applyRecordState(requestState(ids.archived, acme.tenantId, 'DELIVERED', `s3://${archiveBucket}/documents/2026/older.pdf`, null));
  await models.applyCall(call('call-answered', [ids.delivered, ids.erased], 'recordings/call-answered.wav'));
  await models.applyCall(call('call-untranscribed', [ids.delivered], 'recordings/call-untranscribed.wav'));
  await models.applyCall(call('call-no-recording', [ids.delivered], null));
  await models.applyCall(call('call-lost', [ids.delivered], 'recordings/call-lost.wav'));
  await models.applyCall(call('call-pending', [ids.waiting], null));
  await models.applyCall(call('call-globex', [ids.globex], 'recordings/call-answered.wav'));
  await models.applyCall(call('call-shared', [ids.delivered, ids.globex], 'recordings/call-answered.wav'));
  await eraseRecordRows(db.pool, ids.erased);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([service?.stop(), publicService?.stop(), storeDownService?.stop()]);
  await runtime.close();
  await Promise.allSettled([callsBucket, documentsBucket, archiveBucket].filter(Boolean).map((b) => deleteTestBucket(b, s3)));
  s3?.destroy();
  await db?.drop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked against the OpenAPI schemas
}

/** GET on the api without following redirects; the answer is checked against the document's schema for `template`. */
async function get(path: string, template: string, key: string, on = base): Promise<Answer> {
  const res = await fetch(`${on}${path}`, { headers: { authorization: `Bearer ${key}` }, redirect: 'manual' });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  const body: unknown = contentType.includes('json') ? JSON.parse(text) : text;
  validator.check(template, 'GET', res.status, contentType, body);
  return { status: res.status, headers: res.headers, body };
}

const RECORDING = '/v1/records/{id}/calls/{callId}/recording';
const TRANSCRIPT_ROUTE = '/v1/records/{id}/calls/{callId}/transcript';
const FOLIO = '/v1/records/{id}/folio';

describe('links to recordings, transcripts and folio documents', () => {
  it('shows the api path of each recording and of the folio document in GET /v1/records/:id, null where there is none', async () => {
    const got = await get(`/v1/records/${ids.delivered}`, '/v1/records/{id}', acme.keys.read!);
    expect(got.status).toBe(200);
    expect(got.body.folioUrl).toBe(`/v1/records/${ids.delivered}/folio`);
    const byCall = Object.fromEntries(got.body.calls.map((c: { callId: string; recordingUrl: string | null }) => [c.callId, c.recordingUrl]));
    expect(byCall).toEqual({
      'call-answered': `/v1/records/${ids.delivered}/calls/call-answered/recording`,
      'call-untranscribed': `/v1/records/${ids.delivered}/calls/call-untranscribed/recording`,
      'call-no-recording': null,
      'call-lost': `/v1/records/${ids.delivered}/calls/call-lost/recording`,
      // Shown, and answered 403 SHARED_CALL: the call also raised another tenant's request.
      'call-shared': `/v1/records/${ids.delivered}/calls/call-shared/recording`,
    });
    const waiting = await get(`/v1/records/${ids.waiting}`, '/v1/records/{id}', acme.keys.read!);
    expect(waiting.body).toMatchObject({ folioUrl: null, calls: [{ callId: 'call-pending', recordingUrl: null }] });
  });

  it('redirects a recording link to a presigned URL that fetches the stored bytes, valid for the configured time', async () => {
    const before = Date.now();
    const res = await get(`/v1/records/${ids.delivered}/calls/call-answered/recording`, RECORDING, acme.keys.read!);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const location = res.headers.get('location')!;
    expect(new URL(location).pathname).toBe(`/${callsBucket}/recordings/call-answered.wav`);
    const signed = verifyPresignedUrl(location, requireEnv('S3_SECRET_ACCESS_KEY'));
    expect(signed).toMatchObject({ host: new URL(s3Endpoint()).host, accessKeyId: requireEnv('S3_ACCESS_KEY_ID'), expiresInSeconds: TTL });
    expect(signed.signedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    // Fetched like a browser would: no API key, straight from the object store.
    const object = await fetch(location);
    expect(object.status).toBe(200);
    expect(Buffer.from(await object.arrayBuffer()).equals(WAV)).toBe(true);
    expect(object.headers.get('content-disposition')).toBe('attachment; filename="recording-call-answered.wav"');
  });

  it('answers ?redirect=false with the URL and when it expires', async () => {
    const before = Date.now();
    const res = await get(`/v1/records/${ids.delivered}/calls/call-answered/recording?redirect=false`, RECORDING, acme.keys.read!);
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'url']);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + TTL * 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + TTL * 1000);
    const signed = verifyPresignedUrl(res.body.url, requireEnv('S3_SECRET_ACCESS_KEY'));
    // The signature's own expiry (whole seconds) agrees with expiresAt.
    expect(Math.abs(signed.signedAt.getTime() + signed.expiresInSeconds * 1000 - expiresAt)).toBeLessThan(1_000);
    expect(Buffer.from(await (await fetch(res.body.url)).arrayBuffer()).equals(WAV)).toBe(true);
  });

  it('links the transcript stored next to the recording, and answers TRANSCRIPT_NOT_AVAILABLE where none was stored', async () => {
    const res = await get(`/v1/records/${ids.delivered}/calls/call-answered/transcript`, TRANSCRIPT_ROUTE, acme.keys.read!);
    expect(res.status).toBe(302);
    const object = await fetch(res.headers.get('location')!);
    expect(await object.text()).toBe(TRANSCRIPT);
    const none = await get(`/v1/records/${ids.delivered}/calls/call-untranscribed/transcript`, TRANSCRIPT_ROUTE, acme.keys.read!);
    expect(none).toMatchObject({ status: 404, body: { code: 'TRANSCRIPT_NOT_AVAILABLE' } });
    const noRecording = await get(`/v1/records/${ids.delivered}/calls/call-no-recording/transcript?redirect=false`, TRANSCRIPT_ROUTE, acme.keys.read!);
    expect(noRecording).toMatchObject({ status: 404, body: { code: 'TRANSCRIPT_NOT_AVAILABLE' } });
  });

  it('answers RECORDING_NOT_AVAILABLE for a call without recording and for a recording missing from the store', async () => {
    const none = await get(`/v1/records/${ids.delivered}/calls/call-no-recording/recording`, RECORDING, acme.keys.read!);
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body).toMatchObject({ code: 'RECORDING_NOT_AVAILABLE', status: 404, detail: expect.stringContaining('call-no-recording') });
    const lost = await get(`/v1/records/${ids.delivered}/calls/call-lost/recording?redirect=false`, RECORDING, acme.keys.read!);
    expect(lost).toMatchObject({ status: 404, body: { code: 'RECORDING_NOT_AVAILABLE' } });
  });

  it('links the folio document from the documents bucket, or from the bucket an s3:// key names', async () => {
    const res = await get(`/v1/records/${ids.delivered}/folio`, FOLIO, acme.keys.read!);
    expect(res.status).toBe(302);
    const object = await fetch(res.headers.get('location')!);
    expect(Buffer.from(await object.arrayBuffer()).equals(PDF)).toBe(true);
    expect(object.headers.get('content-disposition')).toBe(`attachment; filename="folio-${ids.delivered}.pdf"`);
    const archived = await get(`/v1/records/${ids.archived}/folio?redirect=false`, FOLIO, acme.keys.read!);
    expect(new URL(archived.body.url).pathname).toBe(`/${archiveBucket}/documents/2026/older.pdf`);
    expect(Buffer.from(await (await fetch(archived.body.url)).arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('answers FOLIO_NOT_AVAILABLE before a document was received', async () => {
    const res = await get(`/v1/records/${ids.waiting}/folio`, FOLIO, acme.keys.read!);
    expect(res).toMatchObject({ status: 404, body: { code: 'FOLIO_NOT_AVAILABLE' } });
  });

  it("never links another tenant's request, nor a call of another request", async () => {
    for (const [path, template] of [
      [`/v1/records/${ids.delivered}/calls/call-answered/recording`, RECORDING],
      [`/v1/records/${ids.delivered}/calls/call-answered/transcript`, TRANSCRIPT_ROUTE],
      [`/v1/records/${ids.delivered}/folio`, FOLIO],
    ] as const) {
      const res = await get(path, template, globex.keys.read!);
      expect(res).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect(res.headers.get('location')).toBeNull();
    }
    // The owner of the other request can reach the same recording through its own request only.
    expect((await get(`/v1/records/${ids.globex}/calls/call-globex/recording`, RECORDING, globex.keys.read!)).status).toBe(302);
    const foreignCall = await get(`/v1/records/${ids.delivered}/calls/call-globex/recording`, RECORDING, acme.keys.read!);
    expect(foreignCall).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const otherRequestsCall = await get(`/v1/records/${ids.waiting}/calls/call-answered/recording`, RECORDING, acme.keys.read!);
    expect(otherRequestsCall).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await get('/v1/records/not-a-uuid/folio', FOLIO, acme.keys.read!)).status).toBe(404);
  });

  it("keeps a call that also raised another tenant's request to operators: 403 SHARED_CALL for its recording and transcript", async () => {
    for (const [path, template] of [
      [`/v1/records/${ids.delivered}/calls/call-shared/recording`, RECORDING],
      [`/v1/records/${ids.delivered}/calls/call-shared/transcript`, TRANSCRIPT_ROUTE],
      [`/v1/records/${ids.globex}/calls/call-shared/recording`, RECORDING],
    ] as const) {
      const res = await get(path, template, path.includes(ids.globex) ? globex.keys.read! : acme.keys.read!);
      expect(res).toMatchObject({ status: 403, body: { code: 'SHARED_CALL' } });
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('answers 410 for an erased request, whose calls no longer name it', async () => {
    const res = await get(`/v1/records/${ids.erased}/calls/call-answered/recording`, RECORDING, acme.keys.read!);
    expect(res).toMatchObject({ status: 410, body: { code: 'RECORD_ERASED' } });
    expect((await get(`/v1/records/${ids.erased}/folio`, FOLIO, acme.keys.read!)).status).toBe(410);
  });

  it('needs the read scope and a valid redirect parameter', async () => {
    expect((await get(`/v1/records/${ids.delivered}/folio`, FOLIO, acme.keys.write!)).status).toBe(403);
    const raw = await fetch(`${base}/v1/records/${ids.delivered}/folio`, { redirect: 'manual' });
    expect(raw.status).toBe(401);
    const bad = await get(`/v1/records/${ids.delivered}/folio?redirect=maybe&size=big`, FOLIO, acme.keys.read!);
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['redirect', 'size']);
  });

  it('signs links for S3_PUBLIC_ENDPOINT when set, and such a link fetches the bytes from there', async () => {
    const on = `http://127.0.0.1:${publicService.port}`;
    const res = await get(`/v1/records/${ids.delivered}/calls/call-answered/recording?redirect=false`, RECORDING, acme.keys.read!, on);
    const url = new URL(res.body.url);
    expect(url.hostname).toBe('localhost');
    expect(url.pathname).toBe(`/${callsBucket}/recordings/call-answered.wav`);
    expect(verifyPresignedUrl(res.body.url, requireEnv('S3_SECRET_ACCESS_KEY')).host).toBe(url.host);
    // A link re-pointed at another host after signing does not verify: the signature covers the host.
    const repointed = res.body.url.replace('//localhost:', '//127.0.0.1:');
    expect(() => verifyPresignedUrl(repointed, requireEnv('S3_SECRET_ACCESS_KEY'))).toThrow(/signature does not match/);
    expect(() => verifyPresignedUrl(res.body.url, 'another-secret')).toThrow(/signature does not match/);
    expect(Buffer.from(await (await fetch(res.body.url)).arrayBuffer()).equals(WAV)).toBe(true);
  });

  it('answers 503 UNAVAILABLE with Retry-After while the object store cannot be reached, and still serves the request', async () => {
    const on = `http://127.0.0.1:${storeDownService.port}`;
    const res = await get(`/v1/records/${ids.delivered}/folio`, FOLIO, acme.keys.read!, on);
    expect(res).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await get(`/v1/records/${ids.delivered}`, '/v1/records/{id}', acme.keys.read!, on)).status).toBe(200);
    expect((await fetch(`${on}/readyz`)).status).toBe(200);
  });

  it('counts the links answered by kind and result', async () => {
    const metric = await service.context.registry.getSingleMetric('folio_api_links_total')!.get();
    const value = (kind: string, result: string) => metric.values.find((v) => v.labels.kind === kind && v.labels.result === result)?.value ?? 0;
    expect(value('recording', 'redirect')).toBeGreaterThanOrEqual(1);
    expect(value('recording', 'url')).toBeGreaterThanOrEqual(1);
    expect(value('recording', 'not_available')).toBeGreaterThanOrEqual(2);
    expect(value('folio', 'redirect')).toBeGreaterThanOrEqual(1);
    expect(value('transcript', 'not_available')).toBeGreaterThanOrEqual(2);
  });

  it('answers every documented link response it was asked for', () => {
    for (const d of [`GET ${RECORDING} 302`, `GET ${RECORDING} 200`, `GET ${RECORDING} 404`, `GET ${RECORDING} 410`, `GET ${TRANSCRIPT_ROUTE} 302`, `GET ${TRANSCRIPT_ROUTE} 404`, `GET ${FOLIO} 302`, `GET ${FOLIO} 200`, `GET ${FOLIO} 404`, `GET ${FOLIO} 403`, `GET ${FOLIO} 422`, `GET ${FOLIO} 503`]) {
      expect([...validator.checked]).toContain(d);
    }
  });
});
