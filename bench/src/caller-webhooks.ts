// The caller's Twilio webhooks (issue #7). The caller runs as its own process (bench/src/support/caller-process.ts:
// the production service definition plus timing routes) against the local Kafka, registry, PostgreSQL and object
// store.
//
// 1. Webhook latency at a fixed rate (BENCH_CALLER_RATE, 200/s): calls are placed through the caller's own
//    placeCall with Twilio's REST API at a stub that accepts every call, answered with signed /voice and /status
//    webhooks, then driven with signed /turn?n=<turn> form posts carrying a SpeechResult, each call's turns in
//    sequence (n read from the previous answer's Gather action) and many calls in parallel. Requests leave on a
//    fixed schedule, whatever the answers' speed, and latency counts from the scheduled time (no coordinated
//    omission). Prompts with <Say>; with the ElevenLabs stand-in of a running hotel-sim, once with calls that
//    repeat the same guests (every prompt a cache hit after the first calls) and once with every call naming
//    other guests (most prompts synthesised inside the webhook); and with <Say> at lower rates. The caller
//    reports, per call-row transaction, the wait for a pooled connection, the SQL time by statement and how long
//    the row lock was held, and its event-loop delay.
//    BENCH_CALLER_PARTS picks parts (say, elevenlabs-cached, elevenlabs, lower-rates, simulated, simulated-elevenlabs).
// 2. Simultaneous simulated calls: hotel-sim (its own process, HOTEL_SIM_TIME_SCALE=0.05, agreeing hotels) places
//    and drives the calls, the caller at CALL_CLOCK_SCALE=20; the number of calls started at once is raised level
//    by level and each level reports the caller's webhook latency, outcomes and hotel-sim's failed webhooks.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import twilio from 'twilio';
import { loadConfig, kafkaEnv } from '@folio/config';
import {
  CallConnectedSchema,
  CallDurationExceededSchema,
  CallEndedSchema,
  CallPlacedSchema,
  CallSchema,
  ConversationTurnSchema,
  DeadLetterSchema,
  HotelSchema,
  IvrStepTakenSchema,
  PlaceCallSchema,
  RecordCallOutcomeSchema,
  VoicemailDetectedSchema,
  fullNameOf,
  type AvroRecordSchema,
  type PlaceCall,
} from '@folio/contracts';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, topicRecordSubject } from '@folio/runtime';
import { createTestBucket, createTopics, deleteTestBucket, deleteTopics, s3ClientFromEnv, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RATE = Number(process.env.BENCH_CALLER_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_CALLER_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_CALLER_WARMUP_SECONDS ?? 5);
const GUESTS_PER_CALL = Number(process.env.BENCH_CALLER_GUESTS ?? 4);
const LOWER_RATES = (process.env.BENCH_CALLER_LOWER_RATES ?? '25,50,100,150').split(',').map(Number);
const CONVERSATION_SECONDS = Number(process.env.BENCH_CALLER_TURN_SECONDS ?? 2);
const LEVELS = (process.env.BENCH_CALLER_LEVELS ?? '10,25,50,100,200,300,400').split(',').map(Number);
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
if (!DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: run through `make bench` or source scripts/infra/env.sh');

const ACCOUNT_SID = 'AC' + 'be'.repeat(16);
const AUTH_TOKEN = 'bench-caller-auth-token';
const ELEVENLABS_KEY = 'bench-elevenlabs-key';
const TIME_SCALE = 0.05;
const PORTS = { caller: 18591, sim: 18592, stub: 18593 };
const run = Date.now().toString(36);
const ANSWERS = ['Yes, we can send it', 'Sure, we will email the folio today', 'Yes, no problem, it will go out this afternoon', 'Of course, we can send that one too'];
const GREETING = 'Good morning, Grand Plaza Hotel front desk, this is Maria speaking, how can I help you?';

// ----------------------------------------------------------------------------------------------- helpers

const pct = (values: readonly number[], p: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(1);
};
const summary = (values: readonly number[]) => ({ count: values.length, p50: pct(values, 0.5), p90: pct(values, 0.9), p99: pct(values, 0.99), max: pct(values, 1) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
const machineCpu = () => {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = fields.map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
};
const machineBusyShare = (a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>) => +((b.busy - a.busy) / Math.max(1, b.total - a.total)).toFixed(2);
const rssMiB = (pid: number) => +(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024).toFixed(1);

/** Prometheus text: the sum of a metric's samples whose labels include `labels`, by one label's value. */
async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}
function samples(text: string, name: string, by: string, where: Record<string, string> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (!Object.entries(where).every(([k, v]) => labels[k] === v)) continue;
    const key = labels[by] ?? '';
    out[key] = (out[key] ?? 0) + Number(m[3]);
  }
  return out;
}
const delta = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) !== 0));

function spawnService(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`[bench] ${name} exited with ${code ?? signal}`);
  });
  return child;
}
async function ready(name: string, port: number): Promise<void> {
  await waitFor(`${name} to be ready`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, intervalMs: 200 });
}
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
}

let sequence = 0;
function placeCall(hotelPhone: string, guests: number, distinctTexts = true): PlaceCall {
  const callId = `bench-${run}-${++sequence}`;
  const names = [['Ada', 'Lovelace'], ['Alan', 'Turing'], ['Grace', 'Hopper'], ['Emmy', 'Noether'], ['Niels', 'Bohr'], ['Marie', 'Curie'], ['Lise', 'Meitner'], ['Vera', 'Rubin']] as const;
  return {
    callId,
    batchId: `batch-${callId}`,
    hotelPhone,
    hotelName: null,
    hotelTimeZone: 'America/New_York',
    entries: Array.from({ length: guests }, (_, i) => {
      const [first, last] = names[(sequence + i) % names.length]!;
      return {
        recordId: crypto.randomUUID(),
        tenantId: 'bench-tenant',
        sequence: i,
        guestFirstName: first,
        guestLastName: last,
        // Distinct texts: every prompt names another confirmation number, so each is synthesised once.
        confirmationNumber: distinctTexts ? `BX${String(sequence).padStart(5, '0')}${i}` : `BX${String((sequence + i) % names.length).padStart(5, '0')}`,
        stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
        reference: `REF-${sequence}-${i}`,
        replyToAddress: 'folios@tenant.example',
        attempt: 1,
        queuedAt: new Date(Date.now() - 60_000 + i),
        createdAt: new Date(Date.now() - 60_000 + i),
        notBefore: null,
        recordVersion: 1,
        channel: null,
      };
    }),
    ivrPath: [],
    maxDurationSeconds: 600,
    overflowAfterSeconds: 540,
    requestedAt: new Date(),
  };
}

async function place(commands: readonly PlaceCall[]): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${PORTS.caller}/bench/place`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(commands) });
  if (res.status !== 200) throw new Error(`placing calls failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as string[];
}

interface CallerStats {
  webhookMs: Record<string, number[]>;
  transactions: { waitMs: number; sqlMs: number; heldMs: number }[];
  statementMs: Record<string, number[]>;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}
async function stats(reset = true): Promise<CallerStats> {
  return (await fetch(`http://127.0.0.1:${PORTS.caller}/bench/stats${reset ? '?reset=1' : ''}`)).json() as Promise<CallerStats>;
}
function statsSummary(s: CallerStats) {
  return {
    eventLoopDelayMs: s.eventLoopDelayMs,
    webhookMs: Object.fromEntries(Object.entries(s.webhookMs).map(([k, v]) => [k, summary(v)])),
    callRowTransactionMs: {
      poolWait: summary(s.transactions.map((t) => t.waitMs)),
      sql: summary(s.transactions.map((t) => t.sqlMs)),
      rowLockHeld: summary(s.transactions.map((t) => t.heldMs)),
      byStatement: Object.fromEntries(Object.entries(s.statementMs).map(([k, v]) => [k, summary(v)])),
    },
  };
}

/** A signed Twilio webhook to the caller: form body, X-Twilio-Signature over PUBLIC_BASE_URL + path. */
async function webhook(path: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = `http://127.0.0.1:${PORTS.caller}${path}`;
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  return { status: res.status, body: await res.text() };
}
const actionOf = (twiml: string) => /<Gather[^>]* action="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, '&');

// ----------------------------------------------------------------------------------------------- setup

const s3 = s3ClientFromEnv();
const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'bench-caller', logger: createLogger({ service: 'bench', level: 'silent' }), registry: createRegistry('bench', { defaultMetrics: false }) });
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
const created: string[] = [];
let bucket = '';
let caller: ChildProcess | undefined;
let sim: ChildProcess | undefined;
let stub: Server | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'bench-caller-'));

async function startCaller(env: Record<string, string>): Promise<ChildProcess> {
  const [commands, events, calls, outcomes, hotels, dlq] = created as [string, string, string, string, string, string];
  const child = spawnService('caller', `${root}bench/dist/support/caller-process.js`, {
    ...process.env,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(PORTS.caller),
    DATABASE_URL,
    CALLER_GROUP_ID: `bench.caller.${run}.${sequence}`,
    CALL_COMMANDS_TOPIC: commands,
    CALL_EVENTS_TOPIC: events,
    CALLS_TOPIC: calls,
    RECORD_OUTCOMES_TOPIC: outcomes,
    HOTELS_TOPIC: hotels,
    DEAD_LETTER_TOPIC: dlq,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+15005550006',
    PUBLIC_BASE_URL: `http://127.0.0.1:${PORTS.caller}`,
    S3_BUCKET: bucket,
    ...env,
  });
  await ready('caller', PORTS.caller);
  return child;
}

async function startSim(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawnService('hotel-sim', `${root}services/hotel-sim/dist/main.js`, {
    ...process.env,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(PORTS.sim),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    ELEVENLABS_API_KEY: ELEVENLABS_KEY,
    ...env,
  });
  await ready('hotel-sim', PORTS.sim);
  return child;
}

/** Twilio's REST API as far as placing a call goes: every call is accepted (201, queued) and nothing else happens. */
async function startTwilioStub(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && /\/Calls\.json$/.test(req.url ?? '')) {
        const sid = `CA${randomBytes(16).toString('hex')}`;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sid, account_sid: ACCOUNT_SID, status: 'queued', direction: 'outbound-api', api_version: '2010-04-01', to: '', from: '+15005550006', uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${sid}.json` }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20404, message: 'not found', status: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(PORTS.stub, '127.0.0.1', resolve));
  return server;
}

// ----------------------------------------------------------------------------------------------- part 1

interface LiveCall {
  callId: string;
  sid: string;
  hotelPhone: string;
  next: string | undefined;
  answers: number;
}

/** Places `count` calls against the stub and answers them (/voice, /status in-progress); returns them ready for turn 1. */
async function answeredCalls(count: number, distinctTexts = true): Promise<LiveCall[]> {
  const calls: LiveCall[] = [];
  const commands = Array.from({ length: count }, (_, i) => placeCall(`+1555020${String(i % 10_000).padStart(4, '0')}`, GUESTS_PER_CALL, distinctTexts));
  for (let i = 0; i < commands.length; i += 100) {
    const results = await place(commands.slice(i, i + 100));
    if (results.some((r) => r !== 'dialled')) throw new Error(`calls not dialled: ${results.join(', ')}`);
  }
  const sids = new Map((await pool.query<{ call_id: string; provider_call_sid: string }>('SELECT call_id, provider_call_sid FROM caller_calls WHERE call_id = ANY($1)', [commands.map((c) => c.callId)])).rows.map((r) => [r.call_id, r.provider_call_sid]));
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < commands.length) {
      const command = commands[next++]!;
      const sid = sids.get(command.callId)!;
      const base = { AccountSid: ACCOUNT_SID, CallSid: sid, From: '+15005550006', To: command.hotelPhone, Direction: 'outbound-api', ApiVersion: '2010-04-01' };
      const path = `/twilio/calls/${command.callId}`;
      const answer = await webhook(`${path}/voice`, { ...base, CallStatus: 'in-progress' });
      const status = await webhook(`${path}/status`, { ...base, CallStatus: 'in-progress', SequenceNumber: '2' });
      if (answer.status !== 200 || status.status !== 204) throw new Error(`answering ${command.callId}: ${answer.status} ${status.status}`);
      calls.push({ callId: command.callId, sid, hotelPhone: command.hotelPhone, next: actionOf(answer.body), answers: 0 });
    }
  }));
  return calls;
}

/** The next webhook of a call: its next turn (greeting first, then answers), or the completed status once it hung up. */
function nextRequest(call: LiveCall): { kind: 'turn' | 'status'; path: string; params: Record<string, string> } {
  const base = { AccountSid: ACCOUNT_SID, CallSid: call.sid, From: '+15005550006', To: call.hotelPhone, Direction: 'outbound-api', ApiVersion: '2010-04-01' };
  if (call.next === undefined) {
    return { kind: 'status', path: `/twilio/calls/${call.callId}/status`, params: { ...base, CallStatus: 'completed', CallDuration: '95', SequenceNumber: '3' } };
  }
  const url = new URL(call.next);
  const heard = call.answers === 0 ? GREETING : ANSWERS[(call.answers - 1) % ANSWERS.length]!;
  return { kind: 'turn', path: `${url.pathname}${url.search}`, params: { ...base, CallStatus: 'in-progress', SpeechResult: heard, Confidence: '0.92' } };
}

/**
 * Drives the calls at RATE requests/s for WARMUP + SECONDS; latencies of the requests scheduled after the warm-up.
 * CONVERSATION_SECONDS * RATE calls are in conversation at a time, taking turns in order (so each call speaks
 * about every CONVERSATION_SECONDS, as on a phone line); a call that hangs up is replaced by a waiting one.
 */
async function fixedRate(calls: LiveCall[], rate: number) {
  const window = Math.max(1, Math.round(CONVERSATION_SECONDS * rate));
  const readyQueue = calls.slice(0, window);
  const waiting = calls.slice(window);
  const latencies: Record<string, number[]> = { turn: [], status: [] };
  const failures: Record<string, number> = {};
  let starved = 0;
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const total = Math.round(rate * (WARMUP_SECONDS + SECONDS));
  const interval = 1000 / rate;
  const started = performance.now();
  const measureFrom = started + WARMUP_SECONDS * 1000;
  const pending = new Set<Promise<void>>();
  const send = (call: LiveCall, due: number) => {
    const request = nextRequest(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const p = webhook(request.path, request.params)
      .then((res) => {
        const done = performance.now();
        if (due >= measureFrom) latencies[request.kind]!.push(done - due);
        const ok = request.kind === 'turn' ? res.status === 200 : res.status === 204;
        if (!ok) failures[`${request.kind} ${res.status}`] = (failures[`${request.kind} ${res.status}`] ?? 0) + 1;
        if (request.kind === 'turn' && ok) {
          call.answers++;
          call.next = actionOf(res.body);
          readyQueue.push(call);
        }
      })
      .catch((error: Error) => {
        failures[`${request.kind} ${error.message}`] = (failures[`${request.kind} ${error.message}`] ?? 0) + 1;
      })
      .finally(() => {
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  };
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - started) / interval) + 1);
    while (sent < due) {
      const at = started + sent * interval;
      sent++;
      const call = readyQueue.shift();
      if (!call) {
        starved++;
        continue;
      }
      send(call, at);
      if (call.next === undefined) {
        const fresh = waiting.shift();
        if (fresh) readyQueue.push(fresh);
      }
    }
    await sleep(Math.max(0, started + sent * interval - performance.now()));
  }
  await Promise.all([...pending]);
  return { latencies, failures, starved, maxInFlight, seconds: (performance.now() - started) / 1000 };
}

async function webhookLatency(variant: 'say' | 'elevenlabs' | 'elevenlabs-cached', rate = RATE) {
  const distinctTexts = variant !== 'elevenlabs-cached';
  const env: Record<string, string> = { TWILIO_API_BASE_URL: `http://127.0.0.1:${PORTS.stub}`, RECORD_CALLS: 'false', CALL_CLOCK_SCALE: '1' };
  if (variant !== 'say') Object.assign(env, { ELEVENLABS_API_KEY: ELEVENLABS_KEY, ELEVENLABS_BASE_URL: `http://127.0.0.1:${PORTS.sim}` });
  caller = await startCaller(env);
  try {
    // One call first: how many turns a call takes, so enough calls are answered to keep RATE busy.
    const [probe] = await answeredCalls(1, distinctTexts);
    let turns = 0;
    for (let r = nextRequest(probe!); ; r = nextRequest(probe!)) {
      const res = await webhook(r.path, r.params);
      if (r.kind === 'status') break;
      turns++;
      probe!.answers++;
      probe!.next = actionOf(res.body);
      if (turns > 50) throw new Error(`the probe call did not end after 50 turns: ${res.body}`);
    }
    const requestsPerCall = turns + 1;
    const count = Math.ceil((rate * (WARMUP_SECONDS + SECONDS)) / requestsPerCall) + Math.round(CONVERSATION_SECONDS * rate);
    const setupStarted = performance.now();
    const calls = await answeredCalls(count, distinctTexts);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    // Let the relay drain the outbox of the setup before measuring.
    await waitFor('the outbox to drain', async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM caller_outbox')).rows[0]!.n) === 0, { timeoutMs: 120_000, intervalMs: 200 });
    await stats(true);
    const backlogBefore = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM caller_outbox')).rows[0]!.n);
    const before = await scrape(PORTS.caller);
    const cpuBefore = cpuSeconds(caller.pid!);
    const machineBefore = machineCpu();
    const result = await fixedRate(calls, rate);
    const cpu = cpuSeconds(caller.pid!) - cpuBefore;
    const machineBusy = machineBusyShare(machineBefore, machineCpu());
    const after = await scrape(PORTS.caller);
    const server = statsSummary(await stats(true));
    const backlog = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM caller_outbox')).rows[0]!.n);
    return {
      prompts: {
        say: '<Say> (no ElevenLabs)',
        elevenlabs: 'ElevenLabs stand-in of hotel-sim, prompt cache in the object store; every call names other guests and confirmation numbers, so most prompts are new and synthesised inside the webhook',
        'elevenlabs-cached': 'ElevenLabs stand-in of hotel-sim; calls repeat the same 8 guests and confirmation numbers, so after the first calls every prompt is a cache hit',
      }[variant],
      turnsPerCall: turns,
      callsAnswered: count,
      setup: { seconds: +setupSeconds.toFixed(1), placedAndAnsweredPerSec: Math.round(count / setupSeconds) },
      targetRate: rate,
      achievedRate: Math.round((rate * (WARMUP_SECONDS + SECONDS) - result.starved) / result.seconds),
      starvedSlots: result.starved,
      maxInFlight: result.maxInFlight,
      failures: result.failures,
      clientLatencyMs: { turn: summary(result.latencies.turn!), completedStatus: summary(result.latencies.status!) },
      callerServerMs: server.webhookMs,
      callRowTransactionMs: server.callRowTransactionMs,
      callerEventLoopDelayMs: server.eventLoopDelayMs,
      callerCpuCoresUsed: +(cpu / result.seconds).toFixed(2),
      machineCpuBusyShare: machineBusy,
      loadAverage1m: +loadavg()[0]!.toFixed(2),
      callerRssMiB: rssMiB(caller.pid!),
      prompts_total: delta(samples(after, 'folio_caller_prompts_total', 'result'), samples(before, 'folio_caller_prompts_total', 'result')),
      outbox: (() => {
        const relayed = Object.values(delta(samples(after, 'folio_caller_outbox_relayed_total', 'topic'), samples(before, 'folio_caller_outbox_relayed_total', 'topic'))).reduce((a, b) => a + b, 0);
        return { writtenPerSec: Math.round((relayed + backlog - backlogBefore) / result.seconds), relayedPerSec: Math.round(relayed / result.seconds), backlogAtEnd: backlog };
      })(),
    };
  } finally {
    await stop(caller);
    caller = undefined;
  }
}

// ----------------------------------------------------------------------------------------------- part 2

async function simulatedCalls(elevenLabs: boolean) {
  const maxLevel = Math.max(...LEVELS);
  const hotels = Array.from({ length: maxLevel }, (_, i) => ({
    phone: `+1555030${String(i).padStart(4, '0')}`,
    name: `Bench Hotel ${i}`,
    address: `${i} Bench Street, Springfield`,
    email: `frontdesk${i}@bench-hotel.test`,
    persona: { answer: { kind: 'agree', sends: false } },
  }));
  const personas = join(scratch, 'hotels.json');
  writeFileSync(personas, JSON.stringify({ hotels }));
  sim = await startSim({ HOTEL_SIM_PERSONAS: personas, HOTEL_SIM_TIME_SCALE: String(TIME_SCALE) });
  caller = await startCaller({
    TWILIO_API_BASE_URL: `http://127.0.0.1:${PORTS.sim}`,
    ...(elevenLabs ? { ELEVENLABS_API_KEY: ELEVENLABS_KEY, ELEVENLABS_BASE_URL: `http://127.0.0.1:${PORTS.sim}` } : {}),
    CALL_CLOCK_SCALE: String(1 / TIME_SCALE),
    RECORD_CALLS: 'false',
  });
  const levels = [];
  try {
    for (const level of LEVELS) {
      await stats(true);
      const simBefore = await scrape(PORTS.sim);
      const cpuBefore = { caller: cpuSeconds(caller.pid!), sim: cpuSeconds(sim.pid!) };
      const commands = hotels.slice(0, level).map((h) => placeCall(h.phone, 2));
      const started = performance.now();
      const placed = await place(commands);
      const ids = commands.map((c) => c.callId);
      let timedOut = false;
      await waitFor(`${level} calls to end`, async () => Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM caller_calls WHERE call_id = ANY($1) AND status = 'ended'", [ids])).rows[0]!.n) === level, { timeoutMs: 300_000, intervalMs: 250 }).catch(() => (timedOut = true));
      const seconds = (performance.now() - started) / 1000;
      const cpu = { caller: cpuSeconds(caller.pid!) - cpuBefore.caller, sim: cpuSeconds(sim.pid!) - cpuBefore.sim };
      // Hotel-sim's last status callbacks go out after the caller saw the call end.
      await sleep(1000);
      const simAfter = await scrape(PORTS.sim);
      const server = statsSummary(await stats(true));
      const endReasons = Object.fromEntries((await pool.query<{ end_reason: string | null; n: string }>('SELECT end_reason, count(*) AS n FROM caller_calls WHERE call_id = ANY($1) GROUP BY end_reason', [ids])).rows.map((r) => [r.end_reason ?? 'not ended', Number(r.n)]));
      // Per-request outcomes from the calls' own state (folio_caller_request_outcomes_total counts only the
      // outcomes decided when the call ends, not those of the conversation).
      const outcomes = Object.fromEntries((await pool.query<{ outcome: string; n: string }>("SELECT o->>'outcome' AS outcome, count(*) AS n FROM caller_calls, jsonb_array_elements(conversation->'outcomes') o WHERE call_id = ANY($1) GROUP BY 1", [ids])).rows.map((r) => [r.outcome, Number(r.n)]));
      const turns = server.webhookMs['turn 200'];
      const entry = {
        simultaneousCalls: level,
        requests: level * 2,
        placed: Object.fromEntries(placed.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>())),
        secondsUntilAllEnded: +seconds.toFixed(1),
        timedOut,
        endReasons,
        requestOutcomes: outcomes,
        agreedShare: +((outcomes.AGREED ?? 0) / (level * 2)).toFixed(3),
        hotelSimWebhooks: delta(samples(simAfter, 'folio_hotel_sim_webhooks_total', 'result'), samples(simBefore, 'folio_hotel_sim_webhooks_total', 'result')),
        hotelSimCalls: delta(samples(simAfter, 'folio_hotel_sim_calls_total', 'status'), samples(simBefore, 'folio_hotel_sim_calls_total', 'status')),
        callerWebhookMs: server.webhookMs,
        turnP99Ms: turns?.p99 ?? null,
        callRowTransactionMs: server.callRowTransactionMs,
        cpuCoresUsed: { caller: +(cpu.caller / seconds).toFixed(2), hotelSim: +(cpu.sim / seconds).toFixed(2) },
        callerRssMiB: rssMiB(caller.pid!),
      };
      levels.push(entry);
      console.error(`[bench] ${level} simultaneous calls${elevenLabs ? ' (ElevenLabs)' : ''}: turn p99 ${entry.turnP99Ms} ms, agreed ${entry.agreedShare}, sim webhooks ${JSON.stringify(entry.hotelSimWebhooks)}, ${entry.secondsUntilAllEnded} s`);
      // Let the relay and hotel-sim settle between levels.
      await sleep(2000);
    }
  } finally {
    await stop(caller);
    caller = undefined;
    await stop(sim);
    sim = undefined;
  }
  const over50 = levels.find((l) => (l.turnP99Ms ?? 0) > 50);
  const failing = levels.find((l) => l.agreedShare < 1 || (l.hotelSimWebhooks.failed ?? 0) > 0 || l.timedOut);
  return {
    hotelSimTimeScale: TIME_SCALE,
    callClockScale: 1 / TIME_SCALE,
    guestsPerCall: 2,
    persona: 'agree (no folio email), default ring, reply delay and speech rate',
    prompts: elevenLabs ? 'ElevenLabs stand-in of hotel-sim (each call names other guests: new prompts synthesised in the webhook; hotel-sim fetches the audio from the caller)' : '<Say>',
    firstLevelTurnP99Over50Ms: over50?.simultaneousCalls ?? null,
    firstLevelWithFailures: failing?.simultaneousCalls ?? null,
    levels,
  };
}

// ----------------------------------------------------------------------------------------------- main

try {
  await migrate(DATABASE_URL);
  bucket = await createTestBucket(s3, 'bench-caller');
  created.push(...(await createTopics([
    { prefix: `bench.caller.call-commands`, partitions: 3 },
    { prefix: `bench.caller.call-events`, partitions: 6 },
    { prefix: `bench.caller.calls`, partitions: 6, compact: true },
    { prefix: `bench.caller.record-outcomes`, partitions: 6 },
    { prefix: `bench.caller.hotels`, partitions: 3, compact: true },
    { prefix: `bench.caller.dlq` },
  ])));
  const [commands, events, calls, outcomes, hotels, dlq] = created as [string, string, string, string, string, string];
  const writes: [string, AvroRecordSchema[]][] = [
    [commands, [PlaceCallSchema]],
    [events, [CallPlacedSchema, CallConnectedSchema, IvrStepTakenSchema, ConversationTurnSchema, RecordCallOutcomeSchema, VoicemailDetectedSchema, CallDurationExceededSchema, CallEndedSchema]],
    [calls, [CallSchema]],
    [outcomes, [CallPlacedSchema, RecordCallOutcomeSchema]],
    [hotels, [HotelSchema]],
    [dlq, [DeadLetterSchema]],
  ];
  for (const [topic, schemas] of writes) for (const schema of schemas) await runtime.serde.register(topicRecordSubject(topic, fullNameOf(schema)), schema);

  const parts = (process.env.BENCH_CALLER_PARTS ?? 'say,elevenlabs-cached,elevenlabs,lower-rates,simulated,simulated-elevenlabs').split(',');
  stub = await startTwilioStub();
  const figures: Record<string, unknown> = {};
  // The floor under every statement: one round trip to PostgreSQL from this process, one at a time.
  const roundTrips: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    await pool.query('SELECT 1');
    roundTrips.push(performance.now() - t0);
  }
  figures.postgresRoundTripMs = summary(roundTrips);
  // Each part on its own: a part that fails is reported with its error and the others still run.
  const part = async (name: string, fn: () => Promise<unknown>) => {
    console.error(`[bench] caller-webhooks: ${name}`);
    try {
      figures[name] = await fn();
    } catch (error) {
      console.error(`[bench] caller-webhooks: ${name} failed`, error);
      figures[name] = { error: (error as Error).message };
      await stop(caller);
      caller = undefined;
    }
  };
  if (parts.includes('say')) await part('webhookLatencyWithSay', () => webhookLatency('say'));
  if (parts.includes('lower-rates')) {
    // The same run with <Say> at lower rates: where p99 stays under 50 ms on this machine.
    await part('webhookLatencyWithSayAtLowerRates', async () => {
      const lower = [];
      for (const rate of LOWER_RATES) {
        const r = await webhookLatency('say', rate);
        lower.push({ rate, clientTurnMs: r.clientLatencyMs.turn, callerTurnMs: r.callerServerMs['turn 200'], poolWaitMs: r.callRowTransactionMs.poolWait, sqlMs: r.callRowTransactionMs.sql, callerCpuCoresUsed: r.callerCpuCoresUsed, machineCpuBusyShare: r.machineCpuBusyShare, failures: r.failures });
      }
      return lower;
    });
  }
  for (const [name, variant] of [['webhookLatencyWithElevenLabsCached', 'elevenlabs-cached'], ['webhookLatencyWithElevenLabs', 'elevenlabs']] as const) {
    if (!parts.includes(variant)) continue;
    await part(name, async () => {
      sim = await startSim();
      try {
        return await webhookLatency(variant);
      } finally {
        await stop(sim);
        sim = undefined;
      }
    });
  }
  if (parts.includes('simulated')) await part('simultaneousSimulatedCalls', () => simulatedCalls(false));
  if (parts.includes('simulated-elevenlabs')) await part('simultaneousSimulatedCallsWithElevenLabs', () => simulatedCalls(true));
  writeResult('caller-webhooks', {
    rate: RATE,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    guestsPerCall: GUESTS_PER_CALL,
    secondsBetweenTurnsOfACall: CONVERSATION_SECONDS,
    ...figures,
    note:
      'caller (one process, pool of 10 connections), hotel-sim and this load generator on the same 2 shared cores, with the local Kafka, registry, PostgreSQL and S3Mock and other engineers\' processes running; latency from the scheduled send time; call-row transaction times measured inside the caller (pool wait, SQL, row lock held)',
  });
} finally {
  await stop(caller);
  await stop(sim);
  stub?.close();
  await runtime.close();
  await deleteTopics(created).catch(() => undefined);
  // The calls of this run leave the scratch database (the outbox is empty once relayed).
  await pool.query("DELETE FROM caller_outbox WHERE call_id LIKE $1", [`bench-${run}-%`]).catch(() => undefined);
  await pool.query("DELETE FROM caller_calls WHERE call_id LIKE $1", [`bench-${run}-%`]).catch(() => undefined);
  if (bucket) await deleteTestBucket(bucket, s3).catch(() => undefined);
  await pool.end();
  rmSync(scratch, { recursive: true, force: true });
}
