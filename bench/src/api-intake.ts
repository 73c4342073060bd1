// HTTP -> Kafka intake throughput of the api: the built service runs as its own process (as in production) on a
// unique intake topic; this process is the client. Single POSTs at a fixed concurrency, batches of 100, and a
// 50,000-row CSV import with the api's resident memory sampled throughout. Counts on the topic are checked.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTopics, deleteTopics, waitFor, withAdmin } from '@folio/testkit';
import { writeResult } from './results.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SINGLE = Number(process.env.BENCH_API_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 32);
const BATCHES = Number(process.env.BENCH_API_BATCHES ?? 200);
const CSV_ROWS = Number(process.env.BENCH_API_CSV_ROWS ?? 50_000);
const PORT = Number(process.env.BENCH_API_PORT ?? 18_481);
// Extra node flags for the api process, e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
const NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
// A scratch database: the bench leaves a tenant and its submissions behind, so never the dev database.
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
if (!DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: run through `make bench` or source scripts/infra/env.sh');

const run = Date.now().toString(36);
let n = 0;
const item = () => {
  n++;
  return {
    externalId: `bench-${run}-${n}`,
    guestFirstName: 'Guest',
    guestLastName: `Number ${n}`,
    confirmationNumber: `B${n}`,
    checkIn: '2026-10-01',
    checkOut: '2026-10-03',
    hotelPhone: `+1415555${String(2000 + (n % 7000)).padStart(4, '0')}`,
    destinationEmail: 'audit@acme.example',
  };
};

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) the process has used, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

async function topicCount(topic: string): Promise<number> {
  return withAdmin(async (admin) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0));
}

async function main() {
  const [intake, operator] = await createTopics([{ prefix: 'bench.api.intake', partitions: 12 }, { prefix: 'bench.api.operator', partitions: 3 }]);
  const key = execFileSync(process.execPath, [`${root}services/api/dist/cli/api-key.js`, '--tenant', `bench-${run}`, '--scopes', 'write'], {
    env: { ...process.env, DATABASE_URL },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const api: ChildProcess = spawn(process.execPath, [...NODE_ARGS, `${root}services/api/dist/main.js`], {
    env: { ...process.env, DATABASE_URL, INTAKE_TOPIC: intake!, OPERATOR_COMMANDS_TOPIC: operator!, HTTP_PORT: String(PORT), HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  try {
    await waitFor('the api to be ready', async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, intervalMs: 200 });
    const rssAtStart = rssMiB(api.pid!);

    // Warm-up (connections, schema registration, JIT).
    for (let i = 0; i < 200; i++) await fetch(`${base}/v1/records`, { method: 'POST', headers, body: JSON.stringify(item()) }).then((r) => r.arrayBuffer());

    // Single POSTs, CONCURRENCY in flight.
    let next = 0;
    let failed = 0;
    const latencies: number[] = [];
    const singleStart = performance.now();
    const singleCpuStart = cpuMs(api.pid!);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SINGLE) {
          next++;
          const t = performance.now();
          const res = await fetch(`${base}/v1/records`, { method: 'POST', headers, body: JSON.stringify(item()) });
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          if (res.status !== 202) failed++;
        }
      }),
    );
    const singleSeconds = (performance.now() - singleStart) / 1000;
    const singleCpuMs = cpuMs(api.pid!) - singleCpuStart;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 10) / 10;

    // Batches of 100, 4 in flight.
    let batchNext = 0;
    const batchStart = performance.now();
    const batchCpuStart = cpuMs(api.pid!);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (batchNext < BATCHES) {
          batchNext++;
          const res = await fetch(`${base}/v1/records:batch`, { method: 'POST', headers, body: JSON.stringify({ items: Array.from({ length: 100 }, item) }) });
          const body = (await res.json()) as { accepted: number };
          if (body.accepted !== 100) failed++;
        }
      }),
    );
    const batchSeconds = (performance.now() - batchStart) / 1000;
    const batchCpuMs = cpuMs(api.pid!) - batchCpuStart;

    // One CSV import of CSV_ROWS rows, streamed; the api's RSS sampled every 50 ms.
    let peakRss = rssMiB(api.pid!);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(api.pid!))), 50);
    let row = 0;
    const encoder = new TextEncoder();
    const csv = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (row === 0) controller.enqueue(encoder.encode('externalId,guestFirstName,guestLastName,confirmationNumber,checkIn,checkOut,hotelPhone,destinationEmail\n'));
        if (row >= CSV_ROWS) return controller.close();
        let chunk = '';
        for (const end = Math.min(CSV_ROWS, row + 1_000); row < end; row++) {
          const r = item();
          chunk += `${r.externalId},${r.guestFirstName},${r.guestLastName},${r.confirmationNumber},${r.checkIn},${r.checkOut},${r.hotelPhone},${r.destinationEmail}\n`;
        }
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const csvStart = performance.now();
    const imported = (await (
      await fetch(`${base}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv, duplex: 'half' } as RequestInit)
    ).json()) as { accepted: number; rejected: unknown[] };
    const csvSeconds = (performance.now() - csvStart) / 1000;
    clearInterval(sampler);
    if (imported.accepted !== CSV_ROWS) failed++;

    const expected = 200 + SINGLE + BATCHES * 100 + CSV_ROWS;
    await waitFor(`${expected} messages on the intake topic`, async () => (await topicCount(intake!)) >= expected, { timeoutMs: 60_000 });
    const onTopic = await topicCount(intake!);
    writeResult('api-intake', {
      setup: 'api as its own process (node services/api/dist/main.js), client in the bench process, same 2 cores; local single-node Kafka and PostgreSQL',
      singlePost: { requests: SINGLE, concurrency: CONCURRENCY, requestsPerSecond: Math.round(SINGLE / singleSeconds), latencyMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99) }, apiCpuMsPerRequest: Math.round((singleCpuMs / SINGLE) * 100) / 100 },
      batch: { requests: BATCHES, itemsPerRequest: 100, itemsPerSecond: Math.round((BATCHES * 100) / batchSeconds), apiCpuMsPerItem: Math.round((batchCpuMs / (BATCHES * 100)) * 1000) / 1000 },
      csvImport: { rows: CSV_ROWS, rowsPerSecond: Math.round(CSV_ROWS / csvSeconds), seconds: Math.round(csvSeconds * 10) / 10, apiRssMiB: { atStart: Math.round(rssAtStart), peak: Math.round(peakRss) } },
      messagesOnTopic: onTopic,
      messagesExpected: expected,
      failedRequests: failed,
    });
    if (onTopic !== expected || failed > 0) process.exitCode = 1;
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await deleteTopics([intake!, operator!]);
  }
}

await main();
