// Projector throughput and projection lag, through the real projector service, broker and PostgreSQL.
// 1. Throughput: BENCH_BACKLOG request states (requests x 6 versions) written before the projector starts;
//    time until every request's row holds its last version.
// 2. Lag at a fixed rate: BENCH_RATE states/s for BENCH_SECONDS; lag of a state = when its RecordStatus
//    reached a subscriber minus when the state was sent (end to end: Kafka, PostgreSQL commit, status publish),
//    and the service's own folio_projector_lag_seconds (message timestamp to row committed), from its histogram.
// BENCH_PUBLISH_STATUS=false runs the projector without publishing RecordStatus (the lag phase then has no
// end-to-end figures); the difference shows what publishing costs.
import kafkajs from 'kafkajs';
import pg from 'pg';
import { FolioRequestStateSchema, type FolioRequestState, type RecordHistoryEntry, type RequestStatus } from '@folio/contracts';
import { loadConfig, kafkaEnv } from '@folio/config';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { projectorService } from '@folio/projector';
import { KafkaRuntime, startService } from '@folio/runtime';
import { createTopics, databaseUrl, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 12_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const PARTITIONS = 6;
const STEPS: [string, RequestStatus, Record<string, string>][] = [
  ['RecordReceived', 'RECEIVED', { source: 'API' }],
  ['RecordQueued', 'QUEUED', { attempt: '1' }],
  ['RecordScheduled', 'SCHEDULED', { batchId: 'b', channel: 'CALL' }],
  ['RecordContacted', 'IN_CALL', { channel: 'CALL', batchId: 'b', callId: 'c', attempt: '1' }],
  ['RecordAwaitingFolio', 'AWAITING_FOLIO', { callId: 'c' }],
  ['FolioReceived', 'FOLIO_RECEIVED', { documentKey: 'd.pdf' }],
];

const idOf = (prefix: number, i: number) => `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Version `version` (1..6) of request `recordId`, with its history so far. */
function stateOf(recordId: string, version: number, at: number): FolioRequestState {
  const history: RecordHistoryEntry[] = STEPS.slice(0, version).map(([type, status, details], k) => ({
    version: k + 1, type, occurredAt: new Date(at + k), status, reason: { code: 'BENCH', message: type, field: null },
    correlationId: recordId, causationId: null, details,
  }));
  return {
    recordId, tenantId: `tenant-${recordId.charCodeAt(35) % 4}`, version, status: STEPS[version - 1]![1],
    request: {
      externalId: recordId, guestFirstName: 'Guest', guestLastName: `Number ${recordId.slice(-6)}`, confirmationNumber: `C${recordId.slice(-6)}`,
      stay: { checkIn: '2026-11-20', checkOut: '2026-11-22' }, hotelPhone: `+1501555${recordId.slice(-4)}`, hotelName: 'Bench Hotel',
      hotelAddress: null, hotelTimeZone: 'America/New_York', hotelEmail: null, destinationEmail: 'expenses@example.com', notes: null,
      source: 'API', createdAt: new Date(at),
    },
    attempts: version >= 4 ? 1 : 0, batchId: version >= 3 && version <= 4 ? 'b' : null, lastCallId: version >= 4 ? 'c' : null,
    nextContactAt: null, folio: null, documentKey: version >= 6 ? 'd.pdf' : null,
    receivedAt: new Date(at), updatedAt: new Date(at + version), history,
  };
}

const env = loadConfig(kafkaEnv, process.env);
const logger = createLogger({ service: 'bench', level: 'warn' });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function admin(sql: string) {
  const url = new URL(databaseUrl());
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** p-quantile from a prom-client histogram's cumulative buckets, linear within the bucket. */
function histogramQuantile(buckets: { le: number; count: number }[], q: number): number {
  const total = buckets[buckets.length - 1]?.count ?? 0;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return prevLe;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / Math.max(1, b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return NaN;
}

const dbName = uniqueName('bench_projection', '_').toLowerCase().replace(/[^a-z0-9_]/g, '_');
const dbUrl = new URL(databaseUrl());
dbUrl.pathname = `/${dbName}`;
await admin(`CREATE DATABASE "${dbName}"`);
await migrate(dbUrl.toString());
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
const [records, batches, calls, hotels, status, dlq] = await createTopics([
  { prefix: 'bench.proj.records', partitions: PARTITIONS, compact: true },
  { prefix: 'bench.proj.batches', partitions: PARTITIONS, compact: true },
  { prefix: 'bench.proj.calls', partitions: PARTITIONS, compact: true },
  { prefix: 'bench.proj.hotels', partitions: PARTITIONS, compact: true },
  { prefix: 'bench.proj.status', partitions: PARTITIONS, compact: true },
  { prefix: 'bench.proj.dlq' },
]);
const rt = new KafkaRuntime({ env, service: 'bench', logger, registry: createRegistry('bench-proj', { defaultMetrics: false }) });
const serviceEnvironment = serviceEnv({
  DATABASE_URL: dbUrl.toString(), PROJECTOR_GROUP_ID: uniqueName('bench-projector'), RECORDS_TOPIC: records!, BATCHES_TOPIC: batches!,
  CALLS_TOPIC: calls!, HOTELS_TOPIC: hotels!, RECORD_STATUS_TOPIC: status!, DEAD_LETTER_TOPIC: dlq!, LOG_LEVEL: 'warn', PUBLISH_RECORD_STATUS: process.env.BENCH_PUBLISH_STATUS ?? 'true',
});
const countAt = async (version: number, prefix: number) =>
  Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM records WHERE version = $1 AND record_id::text LIKE $2`, [version, `${String(prefix).padStart(8, '0')}%`])).rows[0]!.n);

try {
  // 1. Throughput over a backlog.
  const requests = Math.ceil(BACKLOG / STEPS.length);
  const base = Date.now();
  for (let v = 1; v <= STEPS.length; v++) {
    for (let i = 0; i < requests; i += 500) {
      await rt.send(Array.from({ length: Math.min(500, requests - i) }, (_, j) => {
        const id = idOf(1, i + j);
        return { topic: records!, key: id, schema: FolioRequestStateSchema, value: stateOf(id, v, base) };
      }));
    }
  }
  const t0 = performance.now();
  const service = await startService(projectorService(), { env: serviceEnvironment });
  await waitFor('backlog projected', async () => (await countAt(STEPS.length, 1)) >= requests, { timeoutMs: 900_000, intervalMs: 100 });
  const backlogMs = performance.now() - t0;
  const backlogStates = requests * STEPS.length;
  // The service's lag histogram from here on covers the fixed-rate phase only.
  service.context.registry.getSingleMetric('folio_projector_lag_seconds')?.reset();

  // 2. Lag at a fixed rate, measured by a subscriber of the status topic.
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  const kafka = new kafkajs.Kafka({ clientId: 'bench-status', brokers: env.KAFKA_BROKERS, logLevel: kafkajs.logLevel.NOTHING });
  const subscriber = kafka.consumer({ groupId: uniqueName('bench-status'), maxWaitTimeInMs: 20 });
  await subscriber.connect();
  await subscriber.subscribe({ topics: [status!], fromBeginning: false });
  await subscriber.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      // Each key is sent once in this phase, so its first RecordStatus is the one of that state.
      const sent = sentAt.get(key);
      if (sent !== undefined) {
        lags.push(Date.now() - sent);
        sentAt.delete(key);
      }
    },
  });
  await new Promise((r) => setTimeout(r, 3_000)); // the subscriber joins its group
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  const total = RATE * SECONDS;
  let sent = 0;
  const lagStart = performance.now();
  let next = lagStart;
  while (sent < total) {
    const batch = Array.from({ length: Math.min(perTick, total - sent) }, (_, j) => {
      const id = idOf(2, sent + j);
      return { topic: records!, key: id, schema: FolioRequestStateSchema, value: stateOf(id, 1, Date.now()) };
    });
    const now = Date.now();
    for (const m of batch) sentAt.set(m.key, now);
    await rt.send(batch);
    sent += batch.length;
    next += tickMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const sendSeconds = (performance.now() - lagStart) / 1000;
  await waitFor('fixed-rate states projected', async () => (await countAt(1, 2)) >= total, { timeoutMs: 600_000, intervalMs: 100 });
  await waitFor('statuses seen', () => lags.length >= total, { timeoutMs: 60_000, intervalMs: 50 }).catch(() => undefined);
  await subscriber.disconnect();

  const metric = (await service.context.registry.getSingleMetric('folio_projector_lag_seconds')!.get()).values
    .filter((v) => (v as { metricName?: string }).metricName === 'folio_projector_lag_seconds_bucket' && v.labels['topic'] === records)
    .map((v) => ({ le: v.labels['le'] === '+Inf' ? Infinity : Number(v.labels['le']), count: v.value }))
    .sort((a, b) => a.le - b.le);
  await service.stop();

  lags.sort((a, b) => a - b);
  writeResult('projection-lag', {
    partitions: PARTITIONS,
    throughput: { states: backlogStates, requests, seconds: +(backlogMs / 1000).toFixed(2), statesPerSec: Math.round(backlogStates / (backlogMs / 1000)) },
    fixedRate: {
      targetStatesPerSec: RATE,
      achievedSendRatePerSec: Math.round(total / sendSeconds),
      states: total,
      statusesObserved: lags.length,
      endToEndLagMs: { p50: percentile(lags, 0.5), p90: percentile(lags, 0.9), p99: percentile(lags, 0.99), max: lags[lags.length - 1] },
      note: 'end to end = state sent -> its RecordStatus received by a subscriber (Kafka, PostgreSQL commit, status publish)',
    },
    serviceLagHistogramSeconds: {
      note: 'folio_projector_lag_seconds in the fixed-rate phase (message timestamp -> row committed), interpolated within buckets',
      p50: +histogramQuantile(metric, 0.5).toFixed(3),
      p99: +histogramQuantile(metric, 0.99).toFixed(3),
    },
  });
} finally {
  await rt.close();
  await pool.end();
  await deleteTopics([records!, batches!, calls!, hotels!, status!, dlq!]);
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}
