// The request slice end to end: api, records and projector as their own processes (as in production) on
// unique topics and the scratch database. Requests per second from HTTP to queryable projection, the time
// one request takes to become queryable (POST -> GET 200 with status queued or later) at a low rate, and each
// service's resident memory.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPool } from '@folio/db';
import { createTopics, deleteTopics, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const N = Number(process.env.BENCH_SLICE_REQUESTS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_SLICE_CONCURRENCY ?? 32);
const PROBES = Number(process.env.BENCH_SLICE_PROBES ?? 30);
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
if (!DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: run through `make bench` or source scripts/infra/env.sh');
const run = Date.now().toString(36);
let n = 0;
const item = () => {
  n++;
  return {
    externalId: `slice-${run}-${n}`, guestFirstName: 'Guest', guestLastName: `Number ${n}`, confirmationNumber: `S${n}`,
    checkIn: '2026-10-01', checkOut: '2026-10-03', hotelPhone: `+1415555${String(2000 + (n % 7000)).padStart(4, '0')}`,
    destinationEmail: 'audit@acme.example',
  };
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const names = ['intake', 'outcomes', 'extractions', 'operator', 'records', 'events', 'contact', 'dlq', 'hotels', 'batches', 'calls', 'status'] as const;
const created = await createTopics(names.map((name) => ({
  prefix: `bench.slice.${name}`,
  partitions: ['intake', 'outcomes', 'extractions', 'operator', 'records'].includes(name) ? 12 : 3,
  compact: ['records', 'hotels', 'batches', 'calls', 'status'].includes(name),
})));
const t = Object.fromEntries(names.map((name, i) => [name, created[i]!])) as Record<(typeof names)[number], string>;
const common = { ...process.env, DATABASE_URL, HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
const services: Record<string, NodeJS.ProcessEnv> = {
  api: { ...common, HTTP_PORT: '18581', INTAKE_TOPIC: t.intake, OPERATOR_COMMANDS_TOPIC: t.operator },
  records: {
    ...common, HTTP_PORT: '18582', RECORDS_GROUP_ID: `bench.records.${run}`, INTAKE_TOPIC: t.intake, OUTCOMES_TOPIC: t.outcomes,
    EXTRACTIONS_TOPIC: t.extractions, OPERATOR_COMMANDS_TOPIC: t.operator, RECORDS_TOPIC: t.records, HOTELS_TOPIC: t.hotels,
    RECORD_EVENTS_TOPIC: t.events, CONTACT_QUEUE_TOPIC: t.contact, DEAD_LETTER_TOPIC: t.dlq,
  },
  projector: {
    ...common, HTTP_PORT: '18583', PROJECTOR_GROUP_ID: `bench.projector.${run}`, RECORDS_TOPIC: t.records, BATCHES_TOPIC: t.batches,
    CALLS_TOPIC: t.calls, HOTELS_TOPIC: t.hotels, RECORD_STATUS_TOPIC: t.status, DEAD_LETTER_TOPIC: t.dlq,
  },
};
const children: Record<string, ChildProcess> = {};
const peak: Record<string, number> = {};
const pool = createPool(DATABASE_URL);
try {
  for (const [name, env] of Object.entries(services)) {
    children[name] = spawn(process.execPath, [`${root}services/${name}/dist/main.js`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const [name, env] of Object.entries(services)) {
    await waitFor(`${name} to be ready`, async () => (await fetch(`http://127.0.0.1:${env.HTTP_PORT}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, intervalMs: 200 });
  }
  const rssAtStart = Object.fromEntries(Object.entries(children).map(([name, c]) => [name, +rssMiB(c.pid!).toFixed(1)]));
  const sampler = setInterval(() => {
    for (const [name, c] of Object.entries(children)) peak[name] = Math.max(peak[name] ?? 0, rssMiB(c.pid!));
  }, 100);
  const tenant = `bench-slice-${run}`;
  const key = execFileSync(process.execPath, [`${root}services/api/dist/cli/api-key.js`, '--tenant', tenant, '--scopes', 'write,read'], { env: common, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop()!;
  const tenantId = (await pool.query<{ id: string }>('SELECT id FROM tenants WHERE name = $1', [tenant])).rows[0]!.id;
  const base = 'http://127.0.0.1:18581';
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const queryable = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM records WHERE tenant_id = $1', [tenantId])).rows[0]!.n);

  // Latency of one request from POST to a GET that shows it, at a low rate (one at a time).
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/v1/records`, { method: 'POST', headers, body: JSON.stringify(item()) });
    const { recordId } = (await res.json()) as { recordId: string };
    await waitFor('the request to be queryable', async () => (await fetch(`${base}/v1/records/${recordId}`, { headers })).status === 200, { timeoutMs: 30_000, intervalMs: 10 });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!);

  // Throughput: N POSTs at CONCURRENCY in flight, until all N are queryable.
  const before = await queryable();
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      next++;
      const res = await fetch(`${base}/v1/records`, { method: 'POST', headers, body: JSON.stringify(item()) });
      await res.arrayBuffer();
    }
  }));
  const postedSeconds = (performance.now() - started) / 1000;
  await waitFor(`${N} requests to be queryable`, async () => (await queryable()) - before >= N, { timeoutMs: 600_000, intervalMs: 50 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  writeResult('slice', {
    requests: N,
    concurrency: CONCURRENCY,
    httpToQueryable: { requestsPerSec: Math.round(N / seconds), seconds: +seconds.toFixed(2), postsPerSec: Math.round(N / postedSeconds) },
    oneRequestPostToQueryableMs: { probes: PROBES, p50: pct(0.5), p90: pct(0.9), max: pct(1) },
    residentMemoryMiB: { atReady: rssAtStart, peak: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, +v.toFixed(1)])) },
    note: 'api, records and projector as separate processes plus this client on the same 2 cores; the projector commits once per request state (ADR 0013)',
  });
} finally {
  for (const c of Object.values(children)) c.kill('SIGTERM');
  await Promise.all(Object.values(children).map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await pool.end();
  await deleteTopics(created);
}
