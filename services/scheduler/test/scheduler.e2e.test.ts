// The scheduler service in-process against the real broker and registry: timers fire once at their due
// time, cancelled ones never, and pending ones survive a restart.
import { describe, it, expect, afterAll } from '@jest/globals';
import type { AvroRecordSchema } from '@folio/contracts';
import { loadConfig, kafkaEnv } from '@folio/config';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, armTimer, cancelTimer, startService, type RunningService } from '@folio/runtime';
import { collectMessages, createTopics, deleteTopics, serviceEnv, uniqueName, waitFor } from '@folio/testkit';
import { schedulerService } from '../src/index.js';

const Ping: AvroRecordSchema = { type: 'record', name: 'Ping', namespace: 'io.folio.test', fields: [{ name: 'n', type: 'int' }] };
const readers = new Map([['io.folio.test.Ping', Ping]]);
const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'scheduler-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const services: RunningService[] = [];
const created: string[] = [];

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await deleteTopics(created);
});

async function setup() {
  const [timers, target] = await createTopics([{ prefix: 'sched.timers', partitions: 3, compact: true }, { prefix: 'sched.target' }]);
  created.push(timers!, target!);
  const clock = { now: Date.parse('2026-11-25T09:00:00Z') };
  const env = serviceEnv({ TIMERS_TOPIC: timers!, SCHEDULER_GROUP_ID: uniqueName('scheduler'), TIMER_TICK_MS: '50' });
  const start = async () => {
    const service = await startService(schedulerService({ now: () => clock.now }), { env });
    services.push(service);
    await waitFor('the scheduler to be ready', () => service.context.kafka.isReady(), { timeoutMs: 30_000 });
    return service;
  };
  const arm = async (n: number, dueInMs: number) =>
    runtime.send([
      await armTimer(
        runtime.serde,
        { timerId: `t-${n}`, dueAt: new Date(clock.now + dueInMs), purpose: 'CALLBACK', createdBy: 'test', now: new Date(clock.now) },
        { topic: target!, key: `k-${n}`, schema: Ping, value: { n } },
        timers!,
      ),
    ]);
  const fired = async (count: number, settleMs = 1_500) =>
    Promise.all((await collectMessages(target!, count, { settleMs, timeoutMs: 20_000 })).map(async (m) => ({ key: m.key, headers: m.headers, ...(await runtime.serde.decode<{ n: number }>(m.value!, readers)).value })));
  return { timers: timers!, target: target!, clock, start, arm, fired };
}

describe('scheduler', () => {
  it('publishes a timer message once it is due, exactly once, with a tombstone for the timer', async () => {
    const s = await setup();
    const service = await s.start();
    await s.arm(1, 60_000);
    await s.arm(2, 10 * 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await collectMessages(s.target, 0, { settleMs: 500 })).toHaveLength(0);

    s.clock.now += 61_000;
    const out = await s.fired(1);
    expect(out).toEqual([expect.objectContaining({ key: 'k-1', n: 1, headers: expect.objectContaining({ 'timer-id': 't-1' }) })]);
    const timerLog = await collectMessages(s.timers, 3, { settleMs: 500 });
    expect(timerLog.filter((m) => m.key === 't-1').map((m) => m.value === null)).toEqual([false, true]);
    expect(await service.context.registry.getSingleMetric('folio_timers_fired_total')!.get()).toMatchObject({ values: [expect.objectContaining({ value: 1, labels: { purpose: 'CALLBACK' } })] });
  });

  it('never fires a cancelled timer', async () => {
    const s = await setup();
    await s.start();
    await s.arm(1, 1_000);
    await s.arm(2, 1_000);
    await runtime.send([cancelTimer('t-1', s.timers)]);
    await new Promise((r) => setTimeout(r, 1_000));
    s.clock.now += 5_000;
    expect((await s.fired(1, 2_000)).map((m) => m.n)).toEqual([2]);
  });

  it('keeps pending timers across a restart and fires each exactly once', async () => {
    const s = await setup();
    const first = await s.start();
    for (let n = 1; n <= 20; n++) await s.arm(n, n <= 10 ? 1_000 : 120_000);
    s.clock.now += 2_000;
    expect((await s.fired(10, 500)).map((m) => m.n).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await first.stop();

    await s.start();
    s.clock.now += 200_000;
    const all = (await s.fired(20, 2_000)).map((m) => m.n).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
