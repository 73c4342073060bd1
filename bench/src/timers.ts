// Durable timers through the real scheduler service (in-process, real broker and registry, default tick
// and batch settings): timers armed and picked up per second, fired per second once due (message + tombstone
// in the partition's transactions), and the time a fresh replica takes to restore 100,000 pending timers.
import kafkajs from 'kafkajs';
import { loadConfig, kafkaEnv } from '@folio/config';
import type { AvroRecordSchema } from '@folio/contracts';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, armTimer, startService, type OutboundMessage, type RunningService } from '@folio/runtime';
import { schedulerService } from '@folio/scheduler';
import { createTopics, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const FIRE_N = Number(process.env.BENCH_TIMERS ?? 20_000);
const RESTORE_N = Number(process.env.BENCH_RESTORE_TIMERS ?? 100_000);
const PARTITIONS = 3;
const BATCH = 1_000;
const Ping: AvroRecordSchema = {
  type: 'record', name: 'BenchPing', namespace: 'io.folio.bench',
  fields: [{ name: 'recordId', type: 'string' }, { name: 'n', type: 'int' }],
};

const env = loadConfig(kafkaEnv, process.env);
const logger = createLogger({ service: 'bench', level: 'warn' });
const runtime = new KafkaRuntime({ env, service: 'bench', logger, registry: createRegistry('bench', { defaultMetrics: false }) });
const clock = { now: Date.parse('2026-11-25T09:00:00Z') };
// Deleted only after the producer is closed: kafkajs keeps refreshing metadata of every topic it wrote to.
const created: string[] = [];

async function arm(timersTopic: string, targetTopic: string, n: number, dueInMs: number, prefix: string): Promise<void> {
  for (let i = 0; i < n; i += BATCH) {
    const batch: OutboundMessage[] = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      batch.push(
        await armTimer(
          runtime.serde,
          { timerId: `${prefix}-${j}`, dueAt: new Date(clock.now + dueInMs), purpose: 'RETRY', createdBy: 'bench', now: new Date(clock.now) },
          { topic: targetTopic, key: `hotel-${j % 500}`, schema: Ping, value: { recordId: `r-${j}`, n: j } },
          timersTopic,
        ),
      );
    }
    await runtime.send(batch);
  }
}

async function metric(service: RunningService, name: string): Promise<number> {
  const m = service.context.registry.getSingleMetric(name);
  const values = m ? (await m.get()).values : [];
  return values.reduce((sum, v) => sum + v.value, 0);
}

async function start(timersTopic: string): Promise<{ service: RunningService; readyMs: number }> {
  const t0 = performance.now();
  const service = await startService(schedulerService({ now: () => clock.now }), {
    env: serviceEnv({ TIMERS_TOPIC: timersTopic, SCHEDULER_GROUP_ID: uniqueName('bench-scheduler'), LOG_LEVEL: 'warn' }),
  });
  await waitFor('the scheduler to be ready', () => service.context.kafka.isReady(), { timeoutMs: 600_000, intervalMs: 20 });
  return { service, readyMs: performance.now() - t0 };
}

async function countMessages(topic: string): Promise<number> {
  const kafka = new kafkajs.Kafka({ clientId: 'bench-count', brokers: env.KAFKA_BROKERS, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

async function scheduleAndFire(): Promise<Record<string, number>> {
  const [timers, target] = await createTopics([
    { prefix: 'bench.timers', partitions: PARTITIONS, compact: true },
    { prefix: 'bench.timer-target', partitions: PARTITIONS },
  ]);
  created.push(timers!, target!);
  const { service } = await start(timers!);
  try {
    const t0 = performance.now();
    await arm(timers!, target!, FIRE_N, 60_000, 'fire');
    const armMs = performance.now() - t0;
    await waitFor('every timer pending', async () => (await metric(service, 'folio_timers_pending')) >= FIRE_N, { timeoutMs: 600_000, intervalMs: 20 });
    const scheduledMs = performance.now() - t0;

    clock.now += 61_000;
    const t1 = performance.now();
    await waitFor('every timer fired', async () => (await metric(service, 'folio_timers_fired_total')) >= FIRE_N, { timeoutMs: 600_000, intervalMs: 20 });
    const fireMs = performance.now() - t1;
    const published = await countMessages(target!);
    return {
      timers: FIRE_N,
      armProducePerSec: Math.round(FIRE_N / (armMs / 1000)),
      scheduledPerSec: Math.round(FIRE_N / (scheduledMs / 1000)),
      firedPerSec: Math.round(FIRE_N / (fireMs / 1000)),
      // Committed transactions leave one commit marker per partition and transaction in the target's offsets.
      targetOffsetsAfterFiring: published,
    };
  } finally {
    await service.stop();
  }
}

async function restore(): Promise<Record<string, number>> {
  const [timers, target] = await createTopics([
    { prefix: 'bench.restore-timers', partitions: PARTITIONS, compact: true },
    { prefix: 'bench.restore-target', partitions: PARTITIONS },
  ]);
  created.push(timers!, target!);
  const t0 = performance.now();
  await arm(timers!, target!, RESTORE_N, 3_600_000, 'restore');
  const armMs = performance.now() - t0;
  // A fresh replica (new group): ready means every assigned partition's timers are restored.
  const t1 = performance.now();
  const { service, readyMs } = await start(timers!);
  try {
    // The pending gauge is refreshed on each tick (250 ms), so this bounds the restore from above.
    await waitFor('every timer restored', async () => (await metric(service, 'folio_timers_pending')) >= RESTORE_N, { timeoutMs: 600_000, intervalMs: 20 });
    const allPendingMs = performance.now() - t1;
    return {
      timers: RESTORE_N,
      armProducePerSec: Math.round(RESTORE_N / (armMs / 1000)),
      startToReadyMs: Math.round(readyMs),
      startToAllPendingMs: Math.round(allPendingMs),
      restoredPerSec: Math.round(RESTORE_N / (readyMs / 1000)),
      pendingAfterRestore: await metric(service, 'folio_timers_pending'),
    };
  } finally {
    await service.stop();
  }
}

try {
  const fire = await scheduleAndFire();
  console.error('[bench] schedule and fire', fire);
  const restored = await restore();
  writeResult('timers', {
    partitions: PARTITIONS,
    // The scheduler's defaults (TIMER_TICK_MS, TIMER_MAX_FIRE_PER_TICK).
    settings: { tickMs: 250, maxFirePerTick: 500 },
    scheduleAndFire: fire,
    restore: restored,
  });
} finally {
  await runtime.close();
  await deleteTopics(created);
}
