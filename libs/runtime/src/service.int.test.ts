// A real service process under SIGTERM and SIGKILL: every message is processed exactly once across restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll } from '@jest/globals';
import { loadConfig, kafkaEnv } from '@folio/config';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { collectMessages, createTopics, deleteTopics, serviceEnv, uniqueName, waitFor, withAdmin } from '@folio/testkit';
import { KafkaRuntime } from './kafka/kafka-runtime.js';
import { AmountAdded, TotalChanged } from '../test/fixtures/counter.mjs';

const serviceMain = fileURLToPath(new URL('../test/fixtures/counter-service.mjs', import.meta.url));
const children: ChildProcess[] = [];
const created: string[] = [];
const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'sigterm-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await runtime.close();
  await deleteTopics(created);
});

function startCounter(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [serviceMain], { env: { ...process.env, ...serviceEnv(env) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) process.stderr.write(stderr);
      resolve({ code, signal });
    }),
  );
  return { child, exited };
}

async function outputCount(topic: string): Promise<number> {
  // Committed outputs are at most the high watermark; good enough to know the service is mid-stream.
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

async function runAcrossRestart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const [input, changelog, output] = await createTopics([
    { prefix: `svc.${signal}.in`, partitions: 2 },
    { prefix: `svc.${signal}.changelog`, partitions: 2, compact: true },
    { prefix: `svc.${signal}.out` },
  ]);
  created.push(input!, changelog!, output!);
  const data = Array.from({ length: 80 }, (_, i) => ({ account: `acct-${i % 4}`, amount: i + 1, seq: i + 1 }));
  await runtime.send(data.map((v) => ({ topic: input!, key: v.account, schema: AmountAdded, value: v })));
  const env = { COUNTER_GROUP: uniqueName('counter'), COUNTER_INPUT: input!, COUNTER_CHANGELOG: changelog!, COUNTER_OUTPUT: output!, COUNTER_DELAY_MS: '30' };

  const first = startCounter(env);
  await waitFor('the first process to be mid-stream', async () => (await outputCount(output!)) >= 15, { timeoutMs: 60_000, intervalMs: 50 });
  first.child.kill(signal);
  const exit = await first.exited;
  if (signal === 'SIGTERM') expect(exit).toEqual({ code: 0, signal: null });
  else expect(exit.signal).toBe('SIGKILL');

  const second = startCounter({ ...env, COUNTER_DELAY_MS: '0' });
  const messages = await collectMessages(output!, 80, { timeoutMs: 90_000, settleMs: 3_000 });
  second.child.kill('SIGTERM');
  await second.exited;

  const readers = new Map([['io.folio.test.TotalChanged', TotalChanged]]);
  const totals = await Promise.all(messages.map(async (m) => (await runtime.serde.decode<{ account: string; seq: number; total: number; count: number }>(m.value!, readers)).value));
  expect(totals.map((t) => t.seq).sort((a, b) => a - b)).toEqual(data.map((d) => d.seq));
  const sums = new Map<string, number>();
  for (const d of data) {
    sums.set(d.account, (sums.get(d.account) ?? 0) + d.amount);
    expect(totals.find((t) => t.seq === d.seq)!.total).toBe(sums.get(d.account));
  }
}

describe('service process', () => {
  it('processes every message exactly once when SIGTERM stops it mid-stream and it starts again', () => runAcrossRestart('SIGTERM'), 180_000);
  it('processes every message exactly once when it is killed mid-transaction and starts again', () => runAcrossRestart('SIGKILL'), 180_000);
});
