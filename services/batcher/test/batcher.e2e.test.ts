// The batcher in-process against the real broker, registry and PostgreSQL, with the scheduler firing its
// BATCH_FIRE timers: 30 pending requests split into a call part and an email part; two replicas never call
// one hotel twice at once and never grant calls faster than the calls-per-second limit.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { loadConfig, kafkaEnv } from '@folio/config';
import {
  BatchCancelledSchema,
  BatchDueSchema,
  BatchSchema,
  DeadLetterSchema,
  TimerSchema,
  BatchCreatedSchema,
  BatchDispatchedSchema,
  BatchScheduledSchema,
  BatchSplitSchema,
  fullNameOf,
  type AvroRecordSchema,
  CallEndedSchema,
  PlaceCallSchema,
  RecordReadyForContactSchema,
  SendEmailSchema,
  type BatchScheduled,
  type BatchSplit,
  type Timer,
  type Hotel,
  type PlaceCall,
  type RecordReadyForContact,
  type SendEmail,
} from '@folio/contracts';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, topicRecordSubject, type RunningService } from '@folio/runtime';
import { nextWindowStart, schedulerService } from '@folio/scheduler';
import { collectMessages, createTopics, databaseUrl, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { batcherService, hotelCalendar } from '../src/index.js';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'batcher-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const services: RunningService[] = [];
const created: string[] = [];

beforeAll(async () => {
  await migrate(databaseUrl());
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await deleteTopics(created);
});

/** A hotel open around the clock, with an email address, so the test never waits for business hours. */
function openHotel(hotelPhone: string): Hotel {
  return {
    hotelPhone,
    name: 'Test Hotel',
    address: null,
    timeZone: 'America/Chicago',
    email: 'frontdesk@hotel.example',
    contactPreference: 'CALL',
    leaveVoicemail: false,
    businessHours: [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' })),
    ivrPath: [],
    answerStats: [],
    version: 1,
    updatedAt: new Date(),
    ivrNavigationSeconds: null,
  };
}

// The runtime's consumer groups use kafkajs' round-robin assigner over every input topic-partition; it keeps a
// hotel's contact queue, batch commands and events on one replica only when the replicas divide the partition
// count (as 2, 3, 4 or 6 replicas do the catalog's 12). Four partitions for two replicas keep that here.
const PARTITIONS = 4;

let phoneCounter = 0;
function hotelPhone(): string {
  phoneCounter++;
  return `+1501555${String((Date.now() + phoneCounter) % 10_000).padStart(4, '0')}`;
}

function ready(hotel: string, n: number, queuedAt: number): RecordReadyForContact {
  return {
    recordId: crypto.randomUUID(),
    tenantId: 'tenant-1',
    version: 1,
    hotelPhone: hotel,
    hotelName: null,
    hotelEmail: null,
    hotelTimeZone: null,
    guestFirstName: 'Ada',
    guestLastName: `Guest${n}`,
    confirmationNumber: `CONF${n}`,
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
    reference: `REF-${n}`,
    replyToAddress: 'folios@tenant.example',
    attempt: 1,
    notBefore: null,
    queuedAt: new Date(queuedAt),
    createdAt: null,
    channel: null,
  };
}

async function setup(overrides: Record<string, string>) {
  const names = await createTopics([
    { prefix: 'batcher.contact-queue', partitions: PARTITIONS },
    { prefix: 'batcher.batch-commands', partitions: PARTITIONS },
    { prefix: 'batcher.call-events', partitions: PARTITIONS },
    { prefix: 'batcher.email-events', partitions: PARTITIONS },
    { prefix: 'batcher.batches', partitions: PARTITIONS, compact: true },
    { prefix: 'batcher.batch-events', partitions: PARTITIONS },
    { prefix: 'batcher.record-outcomes', partitions: PARTITIONS },
    { prefix: 'batcher.call-commands', partitions: PARTITIONS },
    { prefix: 'batcher.email-commands', partitions: PARTITIONS },
    { prefix: 'batcher.timers', partitions: PARTITIONS, compact: true },
    { prefix: 'batcher.dlq' },
  ]);
  created.push(...names);
  const [contactQueue, batchCommands, callEvents, emailEvents, batches, batchEvents, recordOutcomes, callCommands, emailCommands, timers, dlq] = names as [string, string, string, string, string, string, string, string, string, string, string];
  const topics = { contactQueue, batchCommands, callEvents, emailEvents, batches, batchEvents, recordOutcomes, callCommands, emailCommands, timers, dlq };
  // Replicas register a new subject on first use; two registering the same one at once is refused by the
  // registry, so the test registers what the batcher writes before it starts (as `produces` does for the catalog).
  const writes: [string, AvroRecordSchema[]][] = [
    [batches, [BatchSchema]],
    [batchEvents, [BatchCreatedSchema, BatchScheduledSchema, BatchDispatchedSchema, BatchSplitSchema, BatchCancelledSchema]],
    [recordOutcomes, [BatchScheduledSchema, BatchCancelledSchema]],
    [callCommands, [PlaceCallSchema]],
    [emailCommands, [SendEmailSchema]],
    [timers, [TimerSchema]],
    [batchCommands, [BatchDueSchema]],
    [dlq, [DeadLetterSchema]],
  ];
  for (const [topic, schemas] of writes) for (const schema of schemas) await runtime.serde.register(topicRecordSubject(topic, fullNameOf(schema)), schema);
  const scheduler = await startService(schedulerService(), { env: serviceEnv({ TIMERS_TOPIC: timers, SCHEDULER_GROUP_ID: uniqueName('batcher-scheduler'), TIMER_TICK_MS: '50' }) });
  services.push(scheduler);
  const hotels = new Map<string, Hotel>();
  const env = serviceEnv({
    DATABASE_URL: databaseUrl(),
    BATCHER_GROUP_ID: uniqueName('batcher'),
    LIMITS_SCOPE: uniqueName('limits'),
    CONTACT_QUEUE_TOPIC: contactQueue,
    BATCH_COMMANDS_TOPIC: batchCommands,
    CALL_EVENTS_TOPIC: callEvents,
    EMAIL_EVENTS_TOPIC: emailEvents,
    BATCHES_TOPIC: batches,
    BATCH_EVENTS_TOPIC: batchEvents,
    RECORD_OUTCOMES_TOPIC: recordOutcomes,
    CALL_COMMANDS_TOPIC: callCommands,
    EMAIL_COMMANDS_TOPIC: emailCommands,
    TIMERS_TOPIC: timers,
    DEAD_LETTER_TOPIC: dlq,
    HOTEL_PROFILES: 'false',
    ...overrides,
  });
  const startBatcher = async () => {
    const service = await startService(batcherService({ profiles: { lookup: (phone) => hotels.get(phone) ?? null } }), { env });
    services.push(service);
    return service;
  };
  const allReady = async (list: RunningService[]) =>
    waitFor('the services to be ready', () => [scheduler, ...list].every((s) => s.context.kafka.isReady()), { timeoutMs: 60_000 });
  return { topics, hotels, startBatcher, allReady };
}

async function decoded<T>(topic: string, count: number, schemas: readonly AvroRecordSchema[], timeoutMs = 45_000): Promise<{ key: string | null; type: string; value: T }[]> {
  const readers = new Map(schemas.map((schema) => [fullNameOf(schema), schema]));
  const messages = await collectMessages(topic, count, { timeoutMs, settleMs: 1_500 });
  return Promise.all(
    messages.map(async (m) => {
      const d = await runtime.serde.decode<T>(m.value!, readers);
      return { key: m.key, type: d.typeName, value: d.value };
    }),
  );
}

describe('batcher', () => {
  it('splits a hotel with 30 pending requests into a call part (14, oldest first) and an email part (16)', async () => {
    const s = await setup({ BATCH_COLLECT_MS: '2000' });
    const phone = hotelPhone();
    s.hotels.set(phone, openHotel(phone));
    const batcher = await s.startBatcher();
    await s.allReady([batcher]);

    const base = Date.now() - 60_000;
    // Queued in shuffled order: the batch must still raise them oldest first.
    const requests = Array.from({ length: 30 }, (_, i) => ready(phone, i + 1, base + i * 1_000));
    const shuffled = [...requests].sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
    await runtime.send(shuffled.map((value) => ({ topic: s.topics.contactQueue, key: phone, schema: RecordReadyForContactSchema, value })));

    const calls = await decoded<PlaceCall>(s.topics.callCommands, 1, [PlaceCallSchema]);
    const emails = await decoded<SendEmail>(s.topics.emailCommands, 1, [SendEmailSchema]);
    const splits = await decoded<BatchSplit>(s.topics.batchEvents, 4, [BatchCreatedSchema, BatchScheduledSchema, BatchSplitSchema, BatchDispatchedSchema]).then((all) => all.filter((m) => m.type === 'BatchSplit'));

    expect(calls).toHaveLength(1);
    expect(emails).toHaveLength(1);
    const call = calls[0]!.value;
    const email = emails[0]!.value;
    expect(call.entries.map((e) => e.confirmationNumber)).toEqual(requests.slice(0, 14).map((r) => r.confirmationNumber));
    expect(call.entries.map((e) => e.sequence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(email.entries.map((e) => e.confirmationNumber)).toEqual(requests.slice(14).map((r) => r.confirmationNumber));
    expect(email).toMatchObject({ toAddress: 'frontdesk@hotel.example', batchId: `${call.batchId}-email`, purpose: 'FOLIO_REQUEST' });
    expect(splits).toHaveLength(1);
    expect(splits[0]!.value).toMatchObject({ batchId: call.batchId, newBatchId: `${call.batchId}-email`, newChannel: 'EMAIL', reason: expect.objectContaining({ code: 'ESTIMATE_OVER_BUDGET' }) });
    expect(splits[0]!.value.keptRecordIds).toEqual(call.entries.map((e) => e.recordId));
    expect(splits[0]!.value.movedRecordIds).toEqual(email.entries.map((e) => e.recordId));
  });

  it('schedules a request queued outside the hotel hours at the next window start, and arms the fire timer for it', async () => {
    const s = await setup({ BATCH_COLLECT_MS: '1000' });
    const phone = hotelPhone();
    // Open only tomorrow (in the hotel's zone), 09:00-10:00.
    const tomorrow = ((new Date(new Date().toLocaleString('en-US', { timeZone: 'America/Chicago' })).getDay() + 1) % 7) || 7;
    s.hotels.set(phone, { ...openHotel(phone), businessHours: [{ dayOfWeek: tomorrow, opens: '09:00', closes: '10:00' }] });
    const batcher = await s.startBatcher();
    await s.allReady([batcher]);
    const expected = nextWindowStart(Date.now(), hotelCalendar(phone, { name: null, email: null, timeZone: null }, s.hotels.get(phone)!, 'UTC'));

    const value = ready(phone, 1, Date.now());
    await runtime.send([{ topic: s.topics.contactQueue, key: phone, schema: RecordReadyForContactSchema, value }]);
    const outcomes = await decoded<BatchScheduled>(s.topics.recordOutcomes, 1, [BatchScheduledSchema]);
    expect(outcomes).toEqual([expect.objectContaining({ key: value.recordId, value: expect.objectContaining({ recordIds: [value.recordId], scheduledFor: new Date(expected) }) })]);
    const armed = await decoded<Timer>(s.topics.timers, 1, [TimerSchema]);
    expect(armed.map((m) => m.value)).toEqual([expect.objectContaining({ timerId: `batch-fire:${phone}`, purpose: 'BATCH_FIRE', dueAt: new Date(expected), topic: s.topics.batchCommands, key: phone })]);
    expect(await collectMessages(s.topics.callCommands, 0, { settleMs: 500 })).toHaveLength(0);
  });

  it('with two replicas, one leaving halfway, never calls one hotel twice at once and never grants calls faster than the calls-per-second limit', async () => {
    const CPS = 2;
    const s = await setup({ BATCH_COLLECT_MS: '300', CALLS_PER_SECOND: String(CPS), MAX_CONCURRENT_CALLS: '3', CONCURRENCY_RETRY_MS: '300', MAX_CONTACTS_PER_HOTEL_PER_DAY: '10' });
    const phones = Array.from({ length: 8 }, () => hotelPhone());
    for (const p of phones) s.hotels.set(p, openHotel(p));
    const replicas = [await s.startBatcher(), await s.startBatcher()];
    await s.allReady(replicas);

    // The test plays the caller: each call lasts about a second, then CallEnded goes back to the batcher.
    const calls: { phone: string; callId: string; grantedAt: number; producedAt: number; endedAt?: number }[] = [];
    const secondWaveSent = new Set<string>();
    let n = 1_000;
    const caller = runtime.consumer<PlaceCall>({
      groupId: uniqueName('fake-caller'),
      topics: [s.topics.callCommands],
      readers: [PlaceCallSchema],
      delivery: 'at-least-once',
      fromBeginning: true,
      handler: async (message) => {
        const call = message.value!;
        const record = { phone: call.hotelPhone, callId: call.callId, grantedAt: call.requestedAt.getTime(), producedAt: message.timestamp } as (typeof calls)[number];
        calls.push(record);
        if (!secondWaveSent.has(call.hotelPhone)) {
          // A request queued while the call is in flight must wait for the call's end.
          secondWaveSent.add(call.hotelPhone);
          await runtime.send([{ topic: s.topics.contactQueue, key: call.hotelPhone, schema: RecordReadyForContactSchema, value: ready(call.hotelPhone, n++, Date.now()) }]);
        }
        setTimeout(() => {
          record.endedAt = Date.now();
          const ended = { callId: call.callId, batchId: call.batchId, hotelPhone: call.hotelPhone, endReason: 'COMPLETED' as const, durationSeconds: 1, recordsRaised: call.entries.length, recordingKey: null, occurredAt: new Date() };
          void runtime.send([{ topic: s.topics.callEvents, key: call.hotelPhone, schema: CallEndedSchema, value: ended }]);
        }, 1_000);
      },
    });
    await caller.start();

    const base = Date.now() - 60_000;
    await runtime.send(phones.flatMap((p, h) => [0, 1].map((i) => ({ topic: s.topics.contactQueue, key: p, schema: RecordReadyForContactSchema, value: ready(p, h * 10 + i, base + i) }))));

    // Halfway, one replica leaves: the other takes its partitions, restores their batches and carries on.
    await waitFor('half the calls', () => calls.length >= 8, { timeoutMs: 60_000, intervalMs: 100 });
    await replicas[1]!.stop();

    await waitFor(`16 calls (have ${calls.length})`, () => calls.length >= 16 && calls.every((c) => c.endedAt !== undefined), { timeoutMs: 60_000, intervalMs: 200 }).catch(async (e: unknown) => {
      const seen = async (topic: string) => (await collectMessages(topic, 0, { settleMs: 1_000 })).length;
      const where = { callCommands: await seen(s.topics.callCommands), batchEvents: await seen(s.topics.batchEvents), timers: await seen(s.topics.timers), batchCommands: await seen(s.topics.batchCommands), dlq: await seen(s.topics.dlq) };
      throw new Error(`${(e as Error).message}: ${JSON.stringify(where)} ${JSON.stringify(calls)}`);
    });
    await new Promise((r) => setTimeout(r, 1_500));
    await caller.stop();

    expect(calls).toHaveLength(16);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(16);
    // One call per hotel at a time: a hotel's next call is granted only after its previous call ended.
    for (const p of phones) {
      const mine = calls.filter((c) => c.phone === p).sort((a, b) => a.grantedAt - b.grantedAt);
      expect(mine).toHaveLength(2);
      expect(mine[1]!.grantedAt).toBeGreaterThanOrEqual(mine[0]!.endedAt!);
    }
    // Calls per second across both replicas: grants at least 1/CPS apart, and no call produced before its grant.
    const grants = calls.map((c) => c.grantedAt).sort((a, b) => a - b);
    for (let i = 1; i < grants.length; i++) expect(grants[i]! - grants[i - 1]!).toBeGreaterThanOrEqual(1_000 / CPS);
    for (const c of calls) expect(c.producedAt).toBeGreaterThanOrEqual(c.grantedAt);
    // Both replicas took part.
    const handled = await Promise.all(
      replicas.map(async (r) => ((await r.context.registry.getSingleMetric('folio_batcher_messages_total')?.get())?.values ?? []).reduce((n, v) => n + v.value, 0)),
    );
    expect(handled.every((n) => n > 0)).toBe(true);
  }, 150_000);
});
