// The api in-process (port 0) against the real broker, registry and PostgreSQL: what it accepts reaches the
// intake topic exactly once with its headers, what it refuses never does, keys and scopes are enforced, a
// tenant never touches another's requests, and every response matches the served OpenAPI document.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { recordIdFor } from '@folio/contracts';
import { startService, type RunningService } from '@folio/runtime';
import { serviceEnv } from '@folio/testkit';
import { apiService } from '../src/index.js';
import { freshDatabase, openApiValidator, runtime, tenantWithKeys, watchedTopics, type Seen } from './support.js';

let service: RunningService;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let topics: Awaited<ReturnType<typeof watchedTopics>>;
let base: string;
let validator: ReturnType<typeof openApiValidator>;
let acme: Awaited<ReturnType<typeof tenantWithKeys>>;
let globex: Awaited<ReturnType<typeof tenantWithKeys>>;
let intakeTopic: string;
let operatorTopic: string;

beforeAll(async () => {
  db = await freshDatabase();
  topics = await watchedTopics(['api.intake', 'api.operator']);
  [intakeTopic, operatorTopic] = topics.names as [string, string];
  service = await startService(apiService(), {
    env: serviceEnv({ DATABASE_URL: db.url, INTAKE_TOPIC: intakeTopic, OPERATOR_COMMANDS_TOPIC: operatorTopic, BATCH_MAX_ITEMS: '5', IMPORT_CHUNK_ROWS: '100', API_KEY_CACHE_MS: '0' }),
  });
  base = `http://127.0.0.1:${service.port}`;
  acme = await tenantWithKeys(db.pool, { write: ['write'], read: ['read'], admin: ['admin'] });
  globex = await tenantWithKeys(db.pool, { write: ['write', 'read'] });
  const document = (await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>;
  validator = openApiValidator(document);
});

afterAll(async () => {
  await service?.stop();
  await topics?.close();
  await runtime.close();
  await db?.drop();
});

interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked against the OpenAPI schemas
}

/** Calls the api and checks the answer against the OpenAPI document's schema for `template`. */
async function call(method: string, path: string, template: string, options: { key?: string; json?: unknown; body?: string | ReadableStream<Uint8Array>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body, duplex: 'half' } : {}) } as RequestInit);
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  const parsed: unknown = contentType.includes('json') ? JSON.parse(text) : text;
  validator.check(template, method, res.status, contentType, parsed);
  return { status: res.status, contentType, headers: res.headers, body: parsed };
}

let counter = 0;
function request(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    externalId: `exp-${Date.now()}-${counter}`,
    guestFirstName: 'Zoë',
    guestLastName: 'Ñúñez',
    confirmationNumber: `CONF${counter}`,
    checkIn: '2026-11-02',
    checkOut: '2026-11-05',
    hotelPhone: '(415) 555-2671',
    hotelName: 'Hotel Test',
    destinationEmail: 'audit@acme.example',
    ...overrides,
  };
}

const created = (seen: readonly Seen[], recordId: string) => seen.filter((m) => m.topic === intakeTopic && m.key === recordId && m.type === 'RecordCreated');

describe('api', () => {
  it('serves an OpenAPI 3.1 document describing every route', async () => {
    const res = await fetch(`${base}/openapi.json`);
    const document = (await res.json()) as { openapi: string; paths: Record<string, object> };
    expect(res.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/imports',
      '/v1/records',
      '/v1/records/{id}',
      '/v1/records/{id}/calls/{callId}/recording',
      '/v1/records/{id}/calls/{callId}/transcript',
      '/v1/records/{id}/folio',
      '/v1/records/{id}:erase',
      '/v1/records:batch',
      '/v1/stats',
    ]);
  });

  it('accepts a valid request with 202 and publishes exactly one RecordCreated with its headers', async () => {
    const input = request();
    const res = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input, headers: { 'x-correlation-id': 'corr-post-1' } });
    expect(res.status).toBe(202);
    const recordId = recordIdFor(acme.tenantId, input.externalId);
    expect(res.body).toEqual({ recordId, status: 'accepted' });
    expect(res.headers.get('location')).toBe(`/v1/records/${recordId}`);
    const seen = await topics.settle((s) => created(s, recordId).length >= 1);
    const [message, ...more] = created(seen, recordId);
    expect(more).toHaveLength(0);
    expect(message!.headers).toMatchObject({ 'correlation-id': 'corr-post-1', 'tenant-id': acme.tenantId });
    expect(message!.value).toMatchObject({
      recordId,
      tenantId: acme.tenantId,
      externalId: input.externalId,
      guestFirstName: 'Zoë',
      hotelPhone: '+14155552671',
      stay: { checkIn: '2026-11-02', checkOut: '2026-11-05' },
      source: 'API',
    });
  });

  it('refuses invalid input with a field-specific 422 problem and publishes nothing', async () => {
    const input = request({ hotelPhone: '555', checkOut: '2026-11-01', destinationEmail: 'not-an-email', guestFirstName: '   ', shoeSize: 42 });
    const res = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', title: 'Invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['checkOut', 'destinationEmail', 'guestFirstName', 'hotelPhone', 'shoeSize']);
    const bad = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: request({ checkOut: '2026-11-01' }) });
    expect(bad.body.errors).toEqual([{ field: 'checkOut', reason: 'must be after checkIn' }]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(topics.seen.filter((m) => m.value && (m.value as { externalId?: string }).externalId === input.externalId)).toHaveLength(0);
  });

  it('answers malformed JSON with 400, another content type with 415 and an oversized body with 413', async () => {
    expect((await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, body: '{"a":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: request({ notes: 'x'.repeat(1_100_000) }) })).status).toBe(413);
  });

  it('answers a repeated POST with the same recordId and publishes one request; a different one under the same externalId is a 409', async () => {
    const input = request();
    const first = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input });
    const again = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: { ...input, guestFirstName: ' Zoë ' } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ recordId: first.body.recordId, status: 'duplicate' });
    const changed = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: { ...input, checkOut: '2026-11-06' } });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'DUPLICATE_EXTERNAL_ID', errors: [{ field: 'externalId' }] });
    const seen = await topics.settle((s) => created(s, first.body.recordId).length >= 1);
    expect(created(seen, first.body.recordId)).toHaveLength(1);
  });

  it('makes a request without externalId idempotent by its Idempotency-Key', async () => {
    const { externalId: _, ...input } = request();
    const key = `idem-${Date.now()}`;
    const first = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, body: { recordId: first.body.recordId, status: 'duplicate' } });
    const reused = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: { ...input, confirmationNumber: 'OTHER' }, headers: { 'idempotency-key': key } });
    expect(reused).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    // Without a key nothing ties two submissions together: a second request.
    const unkeyed = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input });
    expect(unkeyed.body.recordId).not.toBe(first.body.recordId);
    const seen = await topics.settle((s) => created(s, first.body.recordId).length >= 1 && created(s, unkeyed.body.recordId).length >= 1);
    expect(created(seen, first.body.recordId)).toHaveLength(1);
    const value = created(seen, first.body.recordId)[0]!.value as { externalId: string };
    expect(value.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recordIdFor(acme.tenantId, value.externalId)).toBe(first.body.recordId);
  });

  it('accepts the good items of a batch and names the fields of the bad ones', async () => {
    const good = [request(), request()];
    const res = await call('POST', '/v1/records:batch', '/v1/records:batch', {
      key: acme.keys.write!,
      json: { items: [good[0], request({ hotelPhone: 'call me' }), good[1], good[0], request({ checkIn: '2026-13-01' })] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 2 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'duplicate', 'rejected']);
    expect(res.body.results[1].errors).toEqual([{ field: 'items[1].hotelPhone', reason: expect.stringContaining('not a dialable phone number') }]);
    expect(res.body.results[4].errors).toEqual([{ field: 'items[4].checkIn', reason: expect.any(String) }]);
    const ids = [res.body.results[0].recordId, res.body.results[2].recordId];
    const seen = await topics.settle((s) => ids.every((id) => created(s, id).length >= 1));
    for (const id of ids) expect(created(seen, id)).toHaveLength(1);

    const tooMany = await call('POST', '/v1/records:batch', '/v1/records:batch', { key: acme.keys.write!, json: { items: Array.from({ length: 6 }, () => request()) } });
    expect(tooMany).toMatchObject({ status: 422, body: { errors: [{ field: 'items', reason: 'must have at most 5 items' }] } });
  });

  it('imports a CSV with good and bad rows, lists every bad row with its number and field, and imports nothing new the second time', async () => {
    const stamp = Date.now();
    const csv = [
      'externalId,guestFirstName,guestLastName,confirmationNumber,checkIn,checkOut,hotelPhone,destinationEmail,notes',
      `csv-${stamp}-1,Ann,Lee,C1,2026-11-01,2026-11-03,+14155552671,a@acme.example,`,
      `csv-${stamp}-2,Bob,,C2,2026-11-01,2026-11-03,+14155552671,a@acme.example,`,
      `csv-${stamp}-3,Cy,"O'Neil, Jr.",C3,2026-11-01,2026-11-03,415 555 2671,a@acme.example,"two\nlines"`,
      `csv-${stamp}-4,Di,Ng,C4,2026-11-05,2026-11-03,+14155552671,nope,`,
      `csv-${stamp}-5,Ed,Yu,C5,2026-11-01`,
      `,Fa,Xi,C6,2026-11-01,2026-11-03,+14155552671,a@acme.example,`,
    ].join('\n');
    const res = await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 6, accepted: 2, duplicates: 0, complete: true });
    expect(res.body.rejected).toEqual([
      { row: 2, line: 3, code: 'VALIDATION_FAILED', errors: [{ field: 'guestLastName', reason: 'is required' }] },
      { row: 4, line: 6, code: 'VALIDATION_FAILED', errors: [{ field: 'destinationEmail', reason: 'must be a valid email address' }, { field: 'checkOut', reason: 'must be after checkIn' }] },
      { row: 5, line: 7, code: 'VALIDATION_FAILED', errors: [{ field: '(row)', reason: 'has a different number of cells than the header' }] },
      { row: 6, line: 8, code: 'VALIDATION_FAILED', errors: [{ field: 'externalId', reason: 'is required in a CSV import' }] },
    ]);
    const ids = [1, 3].map((n) => recordIdFor(acme.tenantId, `csv-${stamp}-${n}`));
    const seen = await topics.settle((s) => ids.every((id) => created(s, id).length >= 1));
    expect(created(seen, ids[1]!)[0]!.value).toMatchObject({ guestLastName: "O'Neil, Jr.", notes: 'two\nlines', source: 'CSV_IMPORT', hotelPhone: '+14155552671' });

    const again = await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    await new Promise((r) => setTimeout(r, 1_000));
    for (const id of ids) expect(created(topics.seen, id)).toHaveLength(1);
  });

  it('refuses a CSV whose header names unknown or misses required columns, importing nothing', async () => {
    const res = await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, body: 'externalId,guestName\nx,y\n', headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field: 'guestName', reason: 'is not a documented column' }, { field: 'hotelPhone', reason: 'column is required' }]));
    expect((await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, json: {} })).status).toBe(415);
    const empty = await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, body: '', headers: { 'content-type': 'text/csv' } });
    expect(empty).toMatchObject({ status: 422, body: { errors: [{ field: '(csv)', reason: 'is empty; the first row must name the columns' }] } });
  });

  it('imports 50,000 streamed rows, publishing each once', async () => {
    const stamp = Date.now();
    const total = 50_000;
    const header = 'externalId,guestFirstName,guestLastName,confirmationNumber,checkIn,checkOut,hotelPhone,destinationEmail\n';
    let i = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === 0) controller.enqueue(encoder.encode(header));
        if (i >= total) return controller.close();
        let chunk = '';
        for (const end = Math.min(total, i + 1_000); i < end; i++) chunk += `big-${stamp}-${i},Guest,Number${i},B${i},2026-10-01,2026-10-03,+1415555${String(2000 + (i % 7000)).padStart(4, '0')},audit@acme.example\n`;
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const res = await call('POST', '/v1/imports', '/v1/imports', { key: acme.keys.write!, body, headers: { 'content-type': 'text/csv' } });
    expect(res.body.rejected.slice(0, 3)).toEqual([]);
    expect(res.body).toMatchObject({ rows: total, accepted: total, complete: true });
    const bigKeys = new Set(Array.from({ length: total }, (_, n) => recordIdFor(acme.tenantId, `big-${stamp}-${n}`)));
    const count = () => topics.seen.filter((m) => m.key !== null && bigKeys.has(m.key)).length;
    await topics.settle(() => count() >= total, 1_000);
    expect(count()).toBe(total);
  }, 180_000);

  it('answers 401 without a key or with an unknown one, and 403 without the scope', async () => {
    const none = await call('POST', '/v1/records', '/v1/records', { json: request() });
    expect(none).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await call('POST', '/v1/records', '/v1/records', { key: 'folio_not-a-key', json: request() })).status).toBe(401);
    expect((await call('GET', '/v1/stats', '/v1/stats', { key: 'folio_not-a-key' })).status).toBe(401);
    const readOnly = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.read!, json: request() });
    expect(readOnly).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const posted = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: request() });
    expect((await call('POST', `/v1/records/${posted.body.recordId}:erase`, '/v1/records/{id}:erase', { key: acme.keys.write! })).status).toBe(403);
    expect((await call('DELETE', `/v1/records/${posted.body.recordId}`, '/v1/records/{id}', { key: acme.keys.read! })).status).toBe(403);
  });

  it("never lets a tenant cancel or erase another tenant's request; the owner can", async () => {
    const input = request();
    const posted = await call('POST', '/v1/records', '/v1/records', { key: acme.keys.write!, json: input });
    const id = posted.body.recordId as string;
    expect((await call('DELETE', `/v1/records/${id}`, '/v1/records/{id}', { key: globex.keys.write! })).status).toBe(404);
    // The same externalId names a different request in another tenant.
    const theirs = await call('POST', '/v1/records', '/v1/records', { key: globex.keys.write!, json: input });
    expect(theirs.status).toBe(202);
    expect(theirs.body.recordId).not.toBe(id);

    const cancelled = await call('DELETE', `/v1/records/${id}?reason=booked+twice`, '/v1/records/{id}', { key: acme.keys.write!, headers: { 'x-correlation-id': 'corr-cancel' } });
    expect(cancelled).toMatchObject({ status: 202, body: { recordId: id, status: 'cancellation_requested' } });
    const erased = await call('POST', `/v1/records/${id}:erase`, '/v1/records/{id}:erase', { key: acme.keys.admin!, json: { reason: 'DATA_SUBJECT_REQUEST' } });
    expect(erased).toMatchObject({ status: 202, body: { recordId: id, status: 'erasure_requested' } });
    expect((await call('POST', `/v1/records/${id}:erase`, '/v1/records/{id}:erase', { key: acme.keys.admin!, json: { reason: 'BECAUSE' } })).status).toBe(422);
    expect((await call('DELETE', `/v1/records/not-a-uuid`, '/v1/records/{id}', { key: acme.keys.write! })).status).toBe(404);

    const seen = await topics.settle((s) => s.some((m) => m.key === id && m.type === 'RecordCancelled') && s.some((m) => m.key === id && m.type === 'EraseRecord'));
    const cancel = seen.filter((m) => m.key === id && m.type === 'RecordCancelled');
    expect(cancel).toHaveLength(1);
    expect(cancel[0]).toMatchObject({ topic: intakeTopic, headers: { 'correlation-id': 'corr-cancel', 'tenant-id': acme.tenantId }, value: { tenantId: acme.tenantId, reason: 'booked twice' } });
    expect(seen.filter((m) => m.key === id && m.type === 'EraseRecord')).toEqual([
      expect.objectContaining({ topic: operatorTopic, value: expect.objectContaining({ tenantId: acme.tenantId, reason: { code: 'DATA_SUBJECT_REQUEST', message: expect.any(String), field: null } }) }),
    ]);
    expect(seen.filter((m) => m.key === theirs.body.recordId && m.type !== 'RecordCreated')).toHaveLength(0);
  });

  it('checks list filters and reads only the caller tenant\'s rows of the read models', async () => {
    const bad = await call('GET', '/v1/records?status=sleeping&limit=0&colour=red', '/v1/records', { key: acme.keys.read! });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'limit', 'status']);
    expect((await call('GET', '/v1/records?cursor=bm90LWEtY3Vyc29y', '/v1/records', { key: acme.keys.read! })).body.errors).toEqual([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
    // The projector is not running in this file: the read models are empty.
    const page = await call('GET', '/v1/records?status=queued&hotelPhone=(415)%20555-2671&createdFrom=2026-01-01', '/v1/records', { key: acme.keys.read! });
    expect(page).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    expect((await call('GET', `/v1/records/${recordIdFor(acme.tenantId, 'x')}`, '/v1/records/{id}', { key: acme.keys.read! })).status).toBe(404);
    const stats = await call('GET', '/v1/stats', '/v1/stats', { key: acme.keys.read! });
    expect(stats).toMatchObject({ status: 200, body: { total: 0, byStatus: {}, byChannel: {}, timeToFolio: { count: 0, p50Seconds: null, p90Seconds: null } } });
  });

  it('counts submitted items by source and result', async () => {
    const metric = await service.context.registry.getSingleMetric('folio_api_intake_items_total')!.get();
    const value = (source: string, result: string) => metric.values.find((v) => v.labels.source === source && v.labels.result === result)?.value ?? 0;
    expect(value('API', 'accepted')).toBeGreaterThan(0);
    expect(value('API', 'rejected')).toBeGreaterThan(0);
    expect(value('CSV_IMPORT', 'accepted')).toBeGreaterThan(0);
  });

  it('answers every route it documents, and an unknown route with a 404 problem', async () => {
    const raw = await fetch(`${base}/v1/nothing-here`, { headers: { authorization: `Bearer ${acme.keys.read!}` } });
    expect(raw.status).toBe(404);
    expect(raw.headers.get('content-type')).toContain('application/problem+json');
    const documented = ['POST /v1/records 202', 'POST /v1/records 200', 'POST /v1/records 422', 'POST /v1/records:batch 200', 'POST /v1/imports 200', 'DELETE /v1/records/{id} 202', 'POST /v1/records/{id}:erase 202', 'GET /v1/records 200', 'GET /v1/stats 200'];
    for (const d of documented) expect([...validator.checked]).toContain(d);
  });
});
