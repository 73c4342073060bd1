// Batcher throughput: the pure batching rules in memory, then the batcher service in-process (real broker,
// registry and PostgreSQL, exactly-once with its state on a compacted changelog): requests added to their
// hotel's batch per second, and batches fired per second (BatchDue from the scheduler's timers -> global
// limits granted in PostgreSQL -> PlaceCall / SendEmail), with the call limits set out of the way.
import { randomUUID } from 'node:crypto';
import { loadConfig, kafkaEnv } from '@folio/config';
import { RecordReadyForContactSchema, type RecordReadyForContact } from '@folio/contracts';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, type OutboundMessage, type RunningService } from '@folio/runtime';
import { schedulerService } from '@folio/scheduler';
import { batcherService, decide, evolve, initialState, DEFAULT_RULES, type BatchingDeps, type HotelBatching } from '@folio/batcher';
import { createTopics, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const REQUESTS = Number(process.env.BENCH_BATCHER_REQUESTS ?? 10_000);
const HOTELS = Number(process.env.BENCH_BATCHER_HOTELS ?? 500);
const DOMAIN_REQUESTS = 100_000;
const PARTITIONS = 3;
const SEND_BATCH = 1_000;
const COLLECT_MS = 3_600_000;

const env = loadConfig(kafkaEnv, process.env);
const logger = createLogger({ service: 'bench', level: 'warn' });
const runtime = new KafkaRuntime({ env, service: 'bench', logger, registry: createRegistry('bench', { defaultMetrics: false }) });
const created: string[] = [];

const phone = (h: number) => `+1501${String(5_000_000 + h).padStart(7, '0')}`;

function ready(n: number, queuedAt: number): RecordReadyForContact {
  return {
    recordId: randomUUID(),
    tenantId: 'tenant-bench',
    version: 1,
    hotelPhone: phone(n % HOTELS),
    hotelName: null,
    hotelEmail: 'desk@hotel.example',
    hotelTimeZone: 'America/Chicago',
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

/** decide + evolve alone: requests added per second over many hotels, in memory. */
function domain(): Record<string, number> {
  const deps: BatchingDeps = { rules: DEFAULT_RULES, contactWindow: (t) => t };
  const states = new Map<string, HotelBatching>();
  const now = Date.now();
  const t0 = performance.now();
  for (let n = 0; n < DOMAIN_REQUESTS; n++) {
    const r = ready(n, now + n);
    const state = states.get(r.hotelPhone) ?? initialState(r.hotelPhone);
    // Built field by field as the handler builds it (a spread of the whole message makes a slower object shape).
    const entry = {
      recordId: r.recordId,
      tenantId: r.tenantId,
      sequence: 0,
      guestFirstName: r.guestFirstName,
      guestLastName: r.guestLastName,
      confirmationNumber: r.confirmationNumber,
      stay: r.stay,
      reference: r.reference,
      replyToAddress: r.replyToAddress,
      attempt: r.attempt,
      queuedAt: r.queuedAt,
      createdAt: null,
      notBefore: r.notBefore,
      recordVersion: r.version,
      channel: r.channel ?? null,
    };
    const events = decide({ type: 'AddRequest', request: entry, hints: { name: null, email: r.hotelEmail, timeZone: r.hotelTimeZone }, newBatchId: `b-${n}`, now }, state, deps);
    states.set(r.hotelPhone, events.reduce(evolve, state));
  }
  const ms = performance.now() - t0;
  return { domainRequests: DOMAIN_REQUESTS, domainHotels: HOTELS, domainAddsPerSec: Math.round(DOMAIN_REQUESTS / (ms / 1000)) };
}

async function handled(service: RunningService, type: string): Promise<number> {
  const m = service.context.registry.getSingleMetric('folio_batcher_messages_total');
  const values = m ? (await m.get()).values : [];
  return values.filter((v) => v.labels.type === type && v.labels.outcome === 'applied').reduce((sum, v) => sum + v.value, 0);
}

async function service(): Promise<Record<string, number>> {
  await migrate(process.env.DATABASE_URL!);
  const names = await createTopics([
    ...['contact-queue', 'batch-commands', 'call-events', 'email-events', 'batch-events', 'record-outcomes', 'call-commands', 'email-commands'].map((t) => ({ prefix: `bench.batcher.${t}`, partitions: PARTITIONS })),
    { prefix: 'bench.batcher.batches', partitions: PARTITIONS, compact: true },
    { prefix: 'bench.batcher.timers', partitions: PARTITIONS, compact: true },
    { prefix: 'bench.batcher.dlq' },
  ]);
  created.push(...names);
  const [contactQueue, batchCommands, callEvents, emailEvents, batchEvents, recordOutcomes, callCommands, emailCommands, batches, timers, dlq] = names as string[];
  const clock = { now: Date.now() };
  const scheduler = await startService(schedulerService({ now: () => clock.now }), {
    env: serviceEnv({ TIMERS_TOPIC: timers!, SCHEDULER_GROUP_ID: uniqueName('bench-batcher-scheduler'), LOG_LEVEL: 'warn' }),
  });
  const batcher = await startService(batcherService({ contactWindow: (t) => t }), {
    env: serviceEnv({
      LOG_LEVEL: 'warn',
      DATABASE_URL: process.env.DATABASE_URL!,
      BATCHER_GROUP_ID: uniqueName('bench-batcher'),
      LIMITS_SCOPE: uniqueName('bench-limits'),
      CONTACT_QUEUE_TOPIC: contactQueue!,
      BATCH_COMMANDS_TOPIC: batchCommands!,
      CALL_EVENTS_TOPIC: callEvents!,
      EMAIL_EVENTS_TOPIC: emailEvents!,
      BATCHES_TOPIC: batches!,
      BATCH_EVENTS_TOPIC: batchEvents!,
      RECORD_OUTCOMES_TOPIC: recordOutcomes!,
      CALL_COMMANDS_TOPIC: callCommands!,
      EMAIL_COMMANDS_TOPIC: emailCommands!,
      TIMERS_TOPIC: timers!,
      DEAD_LETTER_TOPIC: dlq!,
      HOTEL_PROFILES: 'false',
      BATCH_COLLECT_MS: String(COLLECT_MS),
      CALLS_PER_SECOND: '1000',
      MAX_CONCURRENT_CALLS: '100000',
      MAX_CONTACTS_PER_HOTEL_PER_DAY: '1000',
    }),
  });
  try {
    await waitFor('the services to be ready', () => scheduler.context.kafka.isReady() && batcher.context.kafka.isReady(), { timeoutMs: 120_000, intervalMs: 20 });
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i += SEND_BATCH) {
      const batch: OutboundMessage[] = [];
      for (let n = i; n < Math.min(REQUESTS, i + SEND_BATCH); n++) {
        const value = ready(n, clock.now + n);
        batch.push({ topic: contactQueue!, key: value.hotelPhone, schema: RecordReadyForContactSchema, value });
      }
      await runtime.send(batch);
    }
    await waitFor('every request batched', async () => (await handled(batcher, 'RecordReadyForContact')) >= REQUESTS, { timeoutMs: 600_000, intervalMs: 20 });
    const addMs = performance.now() - t0;

    // Every hotel's batch is due in an hour: move the scheduler's clock past it and time the dispatches.
    clock.now += COLLECT_MS + 60_000;
    const t1 = performance.now();
    await waitFor('every batch fired', async () => (await handled(batcher, 'BatchDue')) >= HOTELS, { timeoutMs: 600_000, intervalMs: 20 });
    const fireMs = performance.now() - t1;
    return {
      requests: REQUESTS,
      hotels: HOTELS,
      partitions: PARTITIONS,
      requestsBatchedPerSec: Math.round(REQUESTS / (addMs / 1000)),
      batchesFiredPerSec: Math.round(HOTELS / (fireMs / 1000)),
      requestsDispatchedPerSec: Math.round(REQUESTS / (fireMs / 1000)),
    };
  } finally {
    await batcher.stop();
    await scheduler.stop();
  }
}

try {
  const inMemory = domain();
  const inService = await service();
  writeResult('batcher', {
    note: 'requestsBatchedPerSec: RecordReadyForContact consumed, added to its hotel batch, Batch state and events written in exactly-once transactions. batchesFiredPerSec: BatchDue (from the scheduler) to PlaceCall/SendEmail with a PostgreSQL grant per batch; call limits raised out of the way (production runs at the Twilio CPS).',
    ...inMemory,
    ...inService,
  });
} finally {
  await runtime.close();
  await deleteTopics(created);
}
