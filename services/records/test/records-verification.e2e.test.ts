// A promised folio is verified by a durable timer: the records service and the scheduler in-process against
// the real broker and registry, both on one test clock. WILL_SEND arms a FOLLOW_UP timer on the timers topic;
// when it is due the scheduler publishes VerifyFolio back to the request, which, with no folio, moves on to a
// reminder by email. A folio arriving before the timer cancels it (a tombstone), and nothing fires.
import { describe, it, expect, afterAll } from '@jest/globals';
import { startService, type RunningService } from '@folio/runtime';
import { deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { schedulerService } from '@folio/scheduler';
import { recordsService } from '../src/index.js';
import { recordCreated } from '../src/domain/folio-request/fixtures.test.js';
import { read, recordsEnv, recordsTopics, runtime, send, type RecordsTopics } from './support.js';

const services: RunningService[] = [];
const created: RecordsTopics[] = [];
// Wednesday 09:00 in Chicago (the requests' hotel zone): inside business hours, not a holiday.
const clock = { now: Date.parse('2026-11-25T15:00:00Z') };
const VERIFY_AFTER_S = 60;
const PHONE = '+15015551234';

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await deleteTopics(created.flatMap((t) => Object.values(t)));
});

async function setup() {
  const t = await recordsTopics(3);
  created.push(t);
  const scheduler = await startService(schedulerService({ now: () => clock.now }), {
    env: serviceEnv({ TIMERS_TOPIC: t.timers, SCHEDULER_GROUP_ID: uniqueName('records-verify-scheduler'), TIMER_TICK_MS: '50' }),
  });
  services.push(scheduler);
  const records = await startService(recordsService({ now: () => clock.now }), {
    env: serviceEnv({ ...recordsEnv(t, uniqueName('records-verify')), CONTACT_POLICY: JSON.stringify({ verification: { delaySeconds: VERIFY_AFTER_S } }) }),
  });
  services.push(records);
  await waitFor('records and scheduler to be ready', () => records.context.kafka.isReady() && scheduler.context.kafka.isReady(), { timeoutMs: 60_000 });
  return t;
}

/** The latest state of every request once the records topic holds `count` states (the service writes one per message it applies). */
async function states(t: RecordsTopics, count: number): Promise<Map<string, Record<string, unknown>>> {
  const all = await read(t.records, count, 300);
  return new Map(all.filter((m) => m.value !== null).map((m) => [m.key!, m.value!]));
}

const lastReason = (s: Record<string, unknown>) => (s['history'] as { reason: { code: string } | null }[]).at(-1)?.reason?.code;

/** Creates a request and takes it through a call whose outcome is WILL_SEND; resolves once it awaits its folio. */
async function promised(t: RecordsTopics, externalId: string, statesBefore: number): Promise<string> {
  const r = recordCreated({ externalId });
  const id = r.recordId;
  const at = new Date(clock.now);
  await send(t.intake, 'RecordCreated', id, r);
  await send(t.outcomes, 'BatchScheduled', id, { batchId: `b-${externalId}`, hotelPhone: PHONE, recordIds: [id], channel: 'CALL', scheduledFor: at, estimatedDurationSeconds: 60, reason: null, occurredAt: at });
  await send(t.outcomes, 'CallPlaced', id, { callId: `c-${externalId}`, batchId: `b-${externalId}`, hotelPhone: PHONE, recordIds: [id], providerCallId: null, occurredAt: at });
  await send(t.outcomes, 'RecordCallOutcome', id, {
    callId: `c-${externalId}`,
    batchId: `b-${externalId}`,
    hotelPhone: PHONE,
    recordId: id,
    tenantId: 'acme',
    outcome: 'WILL_SEND',
    callbackAt: null,
    hotelWords: null,
    confidence: 0.9,
    reason: { code: 'PROMISED_AT', message: 'the hotel promised it "later today"', field: null },
    occurredAt: at,
  });
  expect((await states(t, statesBefore + 4)).get(id)).toMatchObject({ status: 'AWAITING_FOLIO' });
  return id;
}

describe('records verification of a promised folio', () => {
  it('arms a FOLLOW_UP timer on WILL_SEND; when due, the request moves on to a reminder; a folio first cancels it', async () => {
    const t = await setup();
    const kept = await promised(t, uniqueName('kept'), 0);
    const broken = await promised(t, uniqueName('broken'), 4);

    const timerOf = (id: string) => `verify:${id}:5`;
    const armed = await read(t.timers, 2, 500);
    expect(armed.map((m) => m.key).sort()).toEqual([timerOf(kept), timerOf(broken)].sort());
    for (const timer of armed) {
      expect(timer.value).toMatchObject({ purpose: 'FOLLOW_UP', dueAt: new Date(clock.now + VERIFY_AFTER_S * 1000), topic: t.outcomes, createdBy: 'records' });
      expect(timer.value!['key']).toBe(timer.value!['recordId']);
    }

    // The hotel keeps its promise for one request before the check is due: its timer is cancelled (a tombstone).
    const attachment = { filename: 'f.pdf', contentType: 'application/pdf', sizeBytes: 10, storageKey: `docs/${kept}.pdf`, sha256: 'ab' };
    await send(t.extractions, 'FolioReceived', kept, { recordId: kept, tenantId: 'acme', messageId: '<m@h>', matchMethod: 'REPLY_TOKEN', attachment, occurredAt: new Date(clock.now) });
    expect((await states(t, 9)).get(kept)).toMatchObject({ status: 'FOLIO_RECEIVED' });
    const cancelled = (await read(t.timers, 3, 500)).filter((m) => m.value === null);
    expect(cancelled.map((m) => m.key)).toEqual([timerOf(kept)]);

    // The check falls due: the scheduler publishes VerifyFolio for the broken promise, which moves on to a reminder.
    clock.now += (VERIFY_AFTER_S + 1) * 1000;
    const after = await states(t, 10);
    const reminded = after.get(broken)!;
    expect(reminded).toMatchObject({ status: 'QUEUED', version: 6 });
    expect(lastReason(reminded)).toBe('FOLIO_REMINDER');
    expect((reminded['history'] as { details: Record<string, string> }[]).at(-1)!.details).toMatchObject({ checkedTimerId: timerOf(broken), contactOutcome: 'FolioNotYetReceived', channel: 'EMAIL' });
    expect(after.get(kept)).toMatchObject({ status: 'FOLIO_RECEIVED', version: 6 });
    const queue = await read(t.contactQueue, 3, 500);
    expect(queue.filter((m) => m.value!['recordId'] === broken).at(-1)!.value).toMatchObject({ channel: 'EMAIL', attempt: 2, createdAt: expect.any(Date) });

    // Exactly one check was published (the cancelled timer never fires), and the fired timer was removed.
    const checks = (await read(t.outcomes, 7, 1_500)).filter((m) => m.type === 'VerifyFolio');
    expect(checks.map((m) => m.key)).toEqual([broken]);
    expect((await read(t.timers, 4, 500)).filter((m) => m.value === null).map((m) => m.key).sort()).toEqual([timerOf(kept), timerOf(broken)].sort());
  });
});
