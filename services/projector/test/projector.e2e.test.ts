// The projector against the real broker and PostgreSQL: request states to rows, history and RecordStatus;
// duplicates and older versions change nothing; tombstones erase personal data; a rebuild from offset 0
// gives the same tables as live processing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { BatchSchema, CallSchema, FolioRequestStateSchema, HotelSchema, RecordStatusSchema, fullNameOf, type Batch, type Call, type Hotel } from '@folio/contracts';
import { getRecord, listRecords, recordStats } from '@folio/read-models';
import { startService, type RunningService } from '@folio/runtime';
import { serviceEnv, uniqueName, waitFor, collectMessages } from '@folio/testkit';
import { projectorService, rebuildProjections } from '../src/index.js';
import { statesOf } from '../src/projections/fixtures.test.js';
import { freshDatabase, projectorEnv, projectorTopics, runtime, send, snapshot, type ProjectorTopics, type TestDatabase } from './support.js';

const A = '6f1c1b9e-3b0e-4f53-9a57-0d5d1f3a2b10';
const B = '0b8a3c55-77aa-4d6e-8f00-1c2d3e4f5a6b';
const C = 'c0ffee00-1111-4222-8333-444455556666';
const at = new Date('2026-03-02T10:00:00Z');

let database: TestDatabase;
let pool: pg.Pool;
let topics: ProjectorTopics;
let service: RunningService;
let env: Record<string, string>;

const versionOf = async (recordId: string): Promise<number | null> => {
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM records WHERE record_id = $1', [recordId]);
  return rows[0] ? Number(rows[0].version) : null;
};

const call: Call = {
  callId: 'call-1',
  batchId: 'b-1',
  hotelPhone: '+15015551234',
  status: 'ENDED',
  connectionType: 'HUMAN',
  providerCallId: 'CA123',
  recordIds: [A, B],
  ivrSteps: [],
  turns: [
    { turnIndex: 0, recordId: A, speaker: 'FOLIO', text: 'Calling about Ada Lovelace, confirmation CONF-42', intent: null, confidence: null, at },
    { turnIndex: 1, recordId: B, speaker: 'FOLIO', text: 'And the next one', intent: null, confidence: null, at },
  ],
  outcomes: [
    { callId: 'call-1', batchId: 'b-1', hotelPhone: '+15015551234', recordId: A, tenantId: 'tenant-a', outcome: 'AGREED', callbackAt: null, hotelWords: 'we will send Ms Lovelace her folio', confidence: 0.9, reason: null, occurredAt: at },
  ],
  placedAt: at,
  connectedAt: at,
  endedAt: at,
  endReason: null,
  recordingKey: 'recordings/call-1.wav',
  version: 4,
  updatedAt: at,
};

const hotel = {
  hotelPhone: '+15015551234', name: 'Hotel Analytical', address: null, timeZone: 'America/New_York', email: null,
  contactPreference: 'CALL', leaveVoicemail: false, businessHours: [], ivrPath: [], answerStats: [], version: 2, updatedAt: at, ivrNavigationSeconds: null,
} as unknown as Hotel;

const batch = {
  hotelPhone: '+15015551234', batchId: 'b-1', status: 'DISPATCHED', channel: 'CALL',
  entries: [A, B].map((recordId, sequence) => ({
    recordId, tenantId: 'tenant-a', sequence, guestFirstName: 'Ada', guestLastName: 'Lovelace', confirmationNumber: 'CONF-42',
    stay: { checkIn: '2026-02-26', checkOut: '2026-02-28' }, reference: `R${sequence}`, replyToAddress: 'inbox@example.com', attempt: 1, queuedAt: at,
    createdAt: at, notBefore: null, recordVersion: 2,
  })),
  estimatedDurationSeconds: 120, hotelTimeZone: null, scheduledFor: null, dispatchedAt: at, callId: 'call-1', emailId: null,
  version: 3, createdAt: at, updatedAt: at, waiting: [], hotelName: null, hotelEmail: null,
} as unknown as Batch;

beforeAll(async () => {
  [database, topics] = await Promise.all([freshDatabase(), projectorTopics()]);
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  env = serviceEnv(projectorEnv(topics, database.url, uniqueName('projector')));
  service = await startService(projectorService(), { env });
});

afterAll(async () => {
  await service?.stop();
  await pool?.end();
  await runtime.close();
  await database?.drop();
});

describe('projector', () => {
  it('projects a sequence of request versions into rows, history and published statuses', async () => {
    for (const state of statesOf(A)) await send(topics.records, FolioRequestStateSchema, A, state);
    for (const state of statesOf(B).slice(0, 4)) await send(topics.records, FolioRequestStateSchema, B, state);
    await send(topics.hotels, HotelSchema, hotel.hotelPhone, hotel);
    await send(topics.batches, BatchSchema, batch.hotelPhone, batch);
    await send(topics.calls, CallSchema, call.callId, call);
    await waitFor('A at version 8 and B at 4', async () => (await versionOf(A)) === 8 && (await versionOf(B)) === 4, { timeoutMs: 60_000 });
    await waitFor('call projected', async () => (await pool.query('SELECT 1 FROM calls')).rowCount === 1, { timeoutMs: 30_000 });

    const detail = await getRecord(pool, 'tenant-a', A);
    expect(detail).toMatchObject({ status: 'delivered', guestLastName: 'Lovelace', checkIn: '2026-02-26', callAttempts: 1, lastChannel: 'CALL', version: 8 });
    expect(detail?.history.map((h) => h.type)).toEqual(statesOf(A)[7]!.history.map((h) => h.type));
    expect(detail?.calls).toEqual([expect.objectContaining({ callId: 'call-1', recordingKey: 'recordings/call-1.wav', outcome: 'AGREED' })]);
    expect(await getRecord(pool, 'other-tenant', A)).toBeNull();

    const page1 = await listRecords(pool, 'tenant-a', { limit: 1 });
    const page2 = await listRecords(pool, 'tenant-a', { limit: 1, after: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((r) => r.recordId).sort()).toEqual([A, B].sort());
    expect(page2.nextCursor).toBeNull();
    expect((await listRecords(pool, 'tenant-a', { limit: 10, status: 'IN_CALL' })).items.map((r) => r.recordId)).toEqual([B]);
    const stats = await recordStats(pool, 'tenant-a');
    expect(stats.byStatus).toEqual({ delivered: 1, in_call: 1 });
    expect(stats.timeToFolio).toMatchObject({ count: 1, p50Seconds: 50 * 60 });
    expect(stats.byChannel['CALL']).toEqual({ contacted: 2, succeeded: 1, rate: 0.5 });

  });

  it('publishes RecordStatus for each changed request', async () => {
    const messages = await collectMessages(topics.recordStatus, 12, { timeoutMs: 30_000, settleMs: 500 });
    const readers = new Map([[fullNameOf(RecordStatusSchema), RecordStatusSchema]]);
    const decoded = await Promise.all(messages.map(async (m) => ({ key: m.key, ...(await runtime.serde.decode<{ version: number; status: string }>(m.value!, readers)).value })));
    const last = (id: string) => decoded.filter((d) => d.key === id).sort((x, y) => x.version - y.version).at(-1);
    expect(last(A)).toMatchObject({ status: 'DELIVERED', version: 8 });
    expect(last(B)).toMatchObject({ status: 'IN_CALL', version: 4 });
  });

  it('changes nothing for replayed, duplicate and older versions', async () => {
    const before = await snapshot(pool);
    const states = statesOf(A);
    await send(topics.records, FolioRequestStateSchema, A, states[7]!);
    await send(topics.records, FolioRequestStateSchema, A, states[2]!);
    await send(topics.hotels, HotelSchema, hotel.hotelPhone, { ...hotel, version: 1, name: 'Old name' });
    await send(topics.calls, CallSchema, call.callId, { ...call, version: 2, recordingKey: null });
    // A marker after them: once it is projected, everything sent before it on its partition was too.
    for (const state of statesOf(C).slice(0, 2)) await send(topics.records, FolioRequestStateSchema, C, state);
    await waitFor('marker projected', async () => (await versionOf(C)) === 2, { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    const after = await snapshot(pool);
    const withoutC = (s: Record<string, unknown[]>) => ({
      ...s,
      records: s['records']!.filter((r) => (r as { record_id: string }).record_id !== C),
      record_history: s['record_history']!.filter((r) => (r as { record_id: string }).record_id !== C),
    });
    expect(withoutC(after)).toEqual(before);
  });

  it('rebuilds from offset 0 into the same tables as live processing', async () => {
    const live = await snapshot(pool);
    const result = await rebuildProjections({ env: { ...env, HTTP_PORT: '0' }, timeoutMs: 120_000 });
    expect(result.replayed[topics.records]).toBeGreaterThan(0);
    expect(await snapshot(pool)).toEqual(live);
  });

  it('erases the personal data of a request everywhere on its tombstone', async () => {
    await send(topics.records, FolioRequestStateSchema, A, null);
    await waitFor('A erased', async () => (await pool.query('SELECT 1 FROM record_erasures WHERE record_id = $1', [A])).rowCount === 1, { timeoutMs: 60_000 });
    expect(await versionOf(A)).toBeNull();
    expect((await pool.query('SELECT 1 FROM record_history WHERE record_id = $1', [A])).rowCount).toBe(0);
    const { record_erasures: erasures, ...rest } = await snapshot(pool);
    expect(erasures).toEqual([expect.objectContaining({ record_id: A, tenant_id: 'tenant-a' })]);
    const dump = JSON.stringify(rest);
    expect(dump).not.toContain(A);
    expect(dump).not.toContain('Ada Lovelace');
    expect(dump).not.toContain('Ms Lovelace');
    // B's rows are still there (B carries the same fixture names, so check by id).
    expect(await versionOf(B)).toBe(4);

    // An older state of A read again (e.g. a replay before compaction) does not bring it back.
    await send(topics.records, FolioRequestStateSchema, A, statesOf(A)[3]!);
    await send(topics.records, FolioRequestStateSchema, C, statesOf(C)[2]!);
    await waitFor('marker projected', async () => (await versionOf(C)) === 3, { timeoutMs: 60_000 });
    expect(await versionOf(A)).toBeNull();

    const messages = await collectMessages(topics.recordStatus, 1, { timeoutMs: 30_000, settleMs: 1_000 });
    expect(messages.some((m) => m.key === A && m.value === null)).toBe(true);
  });
});
