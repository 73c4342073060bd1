// The request slice in one process: api, records and projector against the real broker, registry and
// PostgreSQL. A POST becomes a queryable request with its history within a bounded wait; cancel and erasure
// travel the same way; a tenant sees only its own requests.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startService, type RunningService } from '@folio/runtime';
import { createTopics, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { recordsService } from '@folio/records';
import { projectorService } from '@folio/projector';
import { apiService } from '../src/index.js';
import { freshDatabase, openApiValidator, runtime, tenantWithKeys } from './support.js';

const services: RunningService[] = [];
let topicNames: string[] = [];
let db: Awaited<ReturnType<typeof freshDatabase>>;
let base: string;
let acme: Awaited<ReturnType<typeof tenantWithKeys>>;
let globex: Awaited<ReturnType<typeof tenantWithKeys>>;
let validator: ReturnType<typeof openApiValidator>;

beforeAll(async () => {
  db = await freshDatabase();
  const partitions = 3;
  topicNames = await createTopics([
    { prefix: 'slice.intake', partitions },
    { prefix: 'slice.outcomes', partitions },
    { prefix: 'slice.extractions', partitions },
    { prefix: 'slice.operator', partitions },
    { prefix: 'slice.records', partitions, compact: true },
    { prefix: 'slice.events', partitions },
    { prefix: 'slice.contact', partitions },
    { prefix: 'slice.hotels', partitions, compact: true },
    { prefix: 'slice.batches', partitions, compact: true },
    { prefix: 'slice.calls', partitions, compact: true },
    { prefix: 'slice.status', partitions, compact: true },
    { prefix: 'slice.timers', partitions, compact: true },
    { prefix: 'slice.email-commands', partitions },
    { prefix: 'slice.dlq' },
  ]);
  const [intake, outcomes, extractions, operator, records, events, contact, hotels, batches, calls, status, timers, emailCommands, dlq] = topicNames as [string, ...string[]];
  const records$ = startService(recordsService(), {
    env: serviceEnv({
      RECORDS_GROUP_ID: uniqueName('slice-records'),
      INTAKE_TOPIC: intake,
      OUTCOMES_TOPIC: outcomes!,
      EXTRACTIONS_TOPIC: extractions!,
      OPERATOR_COMMANDS_TOPIC: operator!,
      RECORDS_TOPIC: records!,
      RECORD_EVENTS_TOPIC: events!,
      CONTACT_QUEUE_TOPIC: contact!,
      HOTELS_TOPIC: hotels!,
      TIMERS_TOPIC: timers!,
      EMAIL_COMMANDS_TOPIC: emailCommands!,
      DEAD_LETTER_TOPIC: dlq!,
    }),
  });
  const projector$ = startService(projectorService(), {
    env: serviceEnv({
      DATABASE_URL: db.url,
      PROJECTOR_GROUP_ID: uniqueName('slice-projector'),
      RECORDS_TOPIC: records!,
      BATCHES_TOPIC: batches!,
      CALLS_TOPIC: calls!,
      HOTELS_TOPIC: hotels!,
      RECORD_STATUS_TOPIC: status!,
      DEAD_LETTER_TOPIC: dlq!,
    }),
  });
  const api$ = startService(apiService(), { env: serviceEnv({ DATABASE_URL: db.url, INTAKE_TOPIC: intake, OPERATOR_COMMANDS_TOPIC: operator!, API_KEY_CACHE_MS: '0' }) });
  services.push(...(await Promise.all([records$, projector$, api$])));
  await waitFor('records and projector to be ready', () => services.every((s) => s.context.kafka.isReady()), { timeoutMs: 60_000 });
  base = `http://127.0.0.1:${services[2]!.port}`;
  acme = await tenantWithKeys(db.pool, { key: ['write', 'read'], admin: ['admin'] });
  globex = await tenantWithKeys(db.pool, { key: ['write', 'read'] });
  validator = openApiValidator((await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await deleteTopics(topicNames);
  await db?.drop();
});

async function api(method: string, path: string, key: string, json?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const body = (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  // Every answer is checked against the OpenAPI document, here with real read-model rows.
  const template = path.split('?')[0]!.replace(/^\/v1\/records\/[^/:]+/, '/v1/records/{id}');
  validator.check(template, method, res.status, res.headers.get('content-type') ?? '', body);
  return { status: res.status, body };
}

/** Polls GET /v1/records/:id until `done` holds (bounded wait). */
async function until(id: string, key: string, done: (r: { status: number; body: any }) => boolean) { // eslint-disable-line @typescript-eslint/no-explicit-any
  let last: { status: number; body: unknown } | undefined;
  await waitFor(`request ${id} (last ${JSON.stringify(last)?.slice(0, 200)})`, async () => done((last = await api('GET', `/v1/records/${id}`, key))), { timeoutMs: 30_000, intervalMs: 100 });
  return last as { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const request = (externalId: string) => ({
  externalId,
  guestFirstName: 'Ana',
  guestLastName: 'Souza',
  confirmationNumber: 'R-1',
  checkIn: '2026-11-02',
  checkOut: '2026-11-04',
  hotelPhone: '+14155552671',
  destinationEmail: 'audit@acme.example',
});

describe('request slice', () => {
  it('POST then GET returns the queued request with its history within a bounded wait; only its tenant sees it', async () => {
    const posted = await api('POST', '/v1/records', acme.keys.key!, request(`slice-${Date.now()}`));
    expect(posted.status).toBe(202);
    const id = posted.body.recordId as string;
    const got = await until(id, acme.keys.key!, (r) => r.status === 200 && r.body.status === 'queued');
    expect(got.body).toMatchObject({ recordId: id, hotelPhone: '+14155552671', guestLastName: 'Souza', checkIn: '2026-11-02' });
    expect(got.body.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['RecordReceived', 'RecordQueued']));

    expect((await api('GET', `/v1/records/${id}`, globex.keys.key!)).status).toBe(404);
    expect((await api('GET', '/v1/records', globex.keys.key!)).body.items).toEqual([]);
    const mine = await api('GET', '/v1/records?status=queued&hotelPhone=%2B14155552671', acme.keys.key!);
    expect(mine.body.items.map((r: { recordId: string }) => r.recordId)).toContain(id);
    const stats = await api('GET', '/v1/stats', acme.keys.key!);
    expect(stats.body.total).toBeGreaterThanOrEqual(1);
  });

  it('queues a request posted without externalId (its recordId derived from a random externalId)', async () => {
    const { externalId: _, ...body } = request('unused');
    const posted = await api('POST', '/v1/records', acme.keys.key!, body);
    expect(posted.status).toBe(202);
    const got = await until(posted.body.recordId, acme.keys.key!, (r) => r.status === 200 && r.body.status === 'queued');
    expect(got.body.externalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pages through the list with keyset cursors', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await api('POST', '/v1/records', globex.keys.key!, request(`page-${Date.now()}-${n}`))).body.recordId);
    for (const id of ids) await until(id, globex.keys.key!, (r) => r.status === 200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { recordId: string }[]; nextCursor: string | null } } = await api('GET', `/v1/records?limit=2${cursor ? `&cursor=${cursor}` : ''}`, globex.keys.key!);
      seen.push(...page.body.items.map((r) => r.recordId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('cancels and erases through the records service', async () => {
    const a = (await api('POST', '/v1/records', acme.keys.key!, request(`cancel-${Date.now()}`))).body.recordId as string;
    const erasedExternalId = `erase-${Date.now()}`;
    const b = (await api('POST', '/v1/records', acme.keys.key!, request(erasedExternalId))).body.recordId as string;
    await until(a, acme.keys.key!, (r) => r.status === 200);
    await until(b, acme.keys.key!, (r) => r.status === 200);
    expect((await api('DELETE', `/v1/records/${a}`, acme.keys.key!)).status).toBe(202);
    await until(a, acme.keys.key!, (r) => r.body.status === 'cancelled');
    expect(await api('DELETE', `/v1/records/${a}`, acme.keys.key!)).toMatchObject({ status: 409, body: { code: 'NOT_CANCELLABLE' } });
    expect((await api('POST', `/v1/records/${b}:erase`, acme.keys.admin!, {})).status).toBe(202);
    const gone = await until(b, acme.keys.key!, (r) => r.status === 410);
    expect(gone.body).toMatchObject({ code: 'RECORD_ERASED' });
    expect(JSON.stringify(gone.body)).not.toContain('Souza');
    // The api keeps only that the recordId was taken: no externalId, no fingerprint of the content.
    const kept = await db.pool.query('SELECT external_id, fingerprint FROM api_submissions WHERE record_id = $1', [b]);
    expect(kept.rows).toEqual([{ external_id: '', fingerprint: '0'.repeat(64) }]);
    expect((await api('POST', '/v1/records', acme.keys.key!, request(erasedExternalId))).status).toBe(409);
  });
});
