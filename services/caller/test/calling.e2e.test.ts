// The calling path end to end in one process: api, records, projector, batcher, scheduler and caller against the
// real broker, registry, PostgreSQL, object store and mail server, calling six simulated hotels (hotel-sim, at
// 1/20 of real time) with different personas. 20 requests go in through the REST API; each reaches the state its
// hotel's answer leads to, and the history says why.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer } from 'node:net';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { loadConfig, kafkaEnv } from '@folio/config';
import { valueSchemas, type AvroRecordSchema, type RecordFullName } from '@folio/contracts';
import { createPool, migrate, type Pool } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, type RunningService } from '@folio/runtime';
import { apiService, createTenantKey } from '@folio/api';
import { recordsService } from '@folio/records';
import { projectorService } from '@folio/projector';
import { batcherService } from '@folio/batcher';
import { schedulerService } from '@folio/scheduler';
import { hotelSimService } from '@folio/hotel-sim';
import { createTestBucket, createTopics, databaseUrl, deleteTestBucket, deleteTopics, readInbox, s3ClientFromEnv, serviceEnv, testKafka, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { callerService } from '../src/index.js';

const TIME_SCALE = 0.05;
const ACCOUNT_SID = 'AC' + 'e2'.repeat(16);
const AUTH_TOKEN = 'calling-e2e-auth-token';
const ZONE = 'America/New_York';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'calling-e2e', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const readers = new Map<string, AvroRecordSchema>(Object.entries(valueSchemas) as [RecordFullName, AvroRecordSchema][]);
const s3 = s3ClientFromEnv();
const services: RunningService[] = [];
let topicNames: string[] = [];
let bucket: string;
let db: { url: string; pool: Pool; drop: () => Promise<void> };
let base: string;
let callerBase: string;
let key: string;
const inbox = testMailAddress('calling-e2e-folios');
const seen: { topic: string; type: string; value: Record<string, unknown> }[] = [];
let watcher: ReturnType<ReturnType<typeof testKafka>['consumer']> | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function freshDatabase() {
  const name = uniqueName('folio_calling', '_').replace(/[^a-z0-9_]/g, '_');
  const adminUrl = new URL(databaseUrl());
  adminUrl.pathname = '/postgres';
  const admin = createPool(adminUrl.toString(), { max: 1 });
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const pool = createPool(url.toString(), { max: 2 });
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

beforeAll(async () => {
  db = await freshDatabase();
  bucket = await createTestBucket(s3, 'calling');
  const p = 3;
  topicNames = await createTopics([
    { prefix: 'calling.intake', partitions: p },
    { prefix: 'calling.outcomes', partitions: p },
    { prefix: 'calling.extractions', partitions: p },
    { prefix: 'calling.operator', partitions: p },
    { prefix: 'calling.records', partitions: p, compact: true },
    { prefix: 'calling.events', partitions: p },
    { prefix: 'calling.contact', partitions: p },
    { prefix: 'calling.hotels', partitions: p, compact: true },
    { prefix: 'calling.batches', partitions: p, compact: true },
    { prefix: 'calling.batch-events', partitions: p },
    { prefix: 'calling.batch-commands', partitions: p },
    { prefix: 'calling.call-commands', partitions: p },
    { prefix: 'calling.call-events', partitions: p },
    { prefix: 'calling.email-commands', partitions: p },
    { prefix: 'calling.email-events', partitions: p },
    { prefix: 'calling.calls', partitions: p, compact: true },
    { prefix: 'calling.timers', partitions: p, compact: true },
    { prefix: 'calling.status', partitions: p, compact: true },
    { prefix: 'calling.dlq' },
  ]);
  const [intake, outcomes, extractions, operator, records, events, contact, hotels, batches, batchEvents, batchCommands, callCommands, callEvents, emailCommands, emailEvents, calls, timers, status, dlq] = topicNames as [string, ...string[]] as string[];

  // hotel-sim first: it publishes open-all-day profiles of its hotels, which records and the batcher read.
  const sim = await startService(hotelSimService(), {
    env: serviceEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTEL_SIM_TIME_SCALE: String(TIME_SCALE), HOTEL_SIM_PROFILES_TOPIC: hotels!, HOTEL_SIM_TIME_ZONE: ZONE, ELEVENLABS_API_KEY: 'e2e', SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1', SMTP_PORT: process.env.SMTP_PORT ?? '13025' }),
  });
  services.push(sim);
  const simUrl = `http://127.0.0.1:${sim.port}`;
  const callerPort = await freePort();
  callerBase = `http://127.0.0.1:${callerPort}`;
  const started = await Promise.all([
    startService(recordsService(), {
      env: serviceEnv({
        RECORDS_GROUP_ID: uniqueName('calling-records'),
        INTAKE_TOPIC: intake!,
        OUTCOMES_TOPIC: outcomes!,
        EXTRACTIONS_TOPIC: extractions!,
        OPERATOR_COMMANDS_TOPIC: operator!,
        RECORDS_TOPIC: records!,
        RECORD_EVENTS_TOPIC: events!,
        CONTACT_QUEUE_TOPIC: contact!,
        HOTELS_TOPIC: hotels!,
        DEAD_LETTER_TOPIC: dlq!,
        ACCEPT_FICTIONAL_PHONE_NUMBERS: 'true',
        TENANT_INBOX_ADDRESS: inbox,
        TIMERS_TOPIC: timers!,
        EMAIL_COMMANDS_TOPIC: emailCommands!,
      }),
    }),
    startService(projectorService(), {
      env: serviceEnv({ DATABASE_URL: db.url, PROJECTOR_GROUP_ID: uniqueName('calling-projector'), RECORDS_TOPIC: records!, BATCHES_TOPIC: batches!, CALLS_TOPIC: calls!, HOTELS_TOPIC: hotels!, RECORD_STATUS_TOPIC: status!, DEAD_LETTER_TOPIC: dlq! }),
    }),
    startService(schedulerService(), { env: serviceEnv({ TIMERS_TOPIC: timers!, SCHEDULER_GROUP_ID: uniqueName('calling-scheduler'), TIMER_TICK_MS: '100' }) }),
    startService(batcherService(), {
      env: serviceEnv({
        DATABASE_URL: db.url,
        BATCHER_GROUP_ID: uniqueName('calling-batcher'),
        LIMITS_SCOPE: uniqueName('calling-limits'),
        CONTACT_QUEUE_TOPIC: contact!,
        BATCH_COMMANDS_TOPIC: batchCommands!,
        CALL_EVENTS_TOPIC: callEvents!,
        EMAIL_EVENTS_TOPIC: emailEvents!,
        BATCHES_TOPIC: batches!,
        BATCH_EVENTS_TOPIC: batchEvents!,
        RECORD_OUTCOMES_TOPIC: outcomes!,
        CALL_COMMANDS_TOPIC: callCommands!,
        EMAIL_COMMANDS_TOPIC: emailCommands!,
        TIMERS_TOPIC: timers!,
        HOTELS_TOPIC: hotels!,
        DEAD_LETTER_TOPIC: dlq!,
        BATCH_COLLECT_MS: '2000',
        CALLS_PER_SECOND: '5',
      }),
    }),
    startService(callerService(), {
      env: serviceEnv({
        HTTP_PORT: String(callerPort),
        DATABASE_URL: db.url,
        CALLER_GROUP_ID: uniqueName('calling-caller'),
        CALL_COMMANDS_TOPIC: callCommands!,
        CALL_EVENTS_TOPIC: callEvents!,
        CALLS_TOPIC: calls!,
        RECORD_OUTCOMES_TOPIC: outcomes!,
        HOTELS_TOPIC: hotels!,
        DEAD_LETTER_TOPIC: dlq!,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: simUrl,
        PUBLIC_BASE_URL: `http://127.0.0.1:${callerPort}`,
        ELEVENLABS_API_KEY: 'e2e',
        ELEVENLABS_BASE_URL: simUrl,
        S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_REGION: process.env.S3_REGION!,
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
        S3_BUCKET: bucket,
        CALL_CLOCK_SCALE: String(1 / TIME_SCALE),
        SWEEP_INTERVAL_MS: '500',
        OUTBOX_POLL_MS: '100',
      }),
    }),
    startService(apiService(), { env: serviceEnv({ DATABASE_URL: db.url, INTAKE_TOPIC: intake!, OPERATOR_COMMANDS_TOPIC: operator!, API_KEY_CACHE_MS: '0', ACCEPT_FICTIONAL_PHONE_NUMBERS: 'true' }) }),
  ]);
  services.push(...started);
  base = `http://127.0.0.1:${started[5]!.port}`;
  await waitFor('every service ready', () => services.every((s) => s.context.kafka.isReady()), { timeoutMs: 60_000 });
  key = (await createTenantKey(db.pool, { name: 'Calling E2E', inboxEmail: inbox, senderName: 'Folio', scopes: ['write', 'read'] })).key;

  // Everything the calls publish, decoded, for the assertions that look past the API.
  watcher = testKafka('calling-e2e-watch').consumer({ groupId: uniqueName('calling-watch') });
  await watcher.connect();
  await watcher.subscribe({ topics: [callEvents!, emailCommands!], fromBeginning: true });
  await watcher.run({
    eachMessage: async ({ topic, message }) => {
      if (!message.value) return;
      const decoded = await runtime.serde.decode<Record<string, unknown>>(message.value, readers);
      seen.push({ topic, type: decoded.typeName, value: decoded.value });
    },
  });
  // Give the profile tables a moment to hold the simulated hotels' open-all-day hours.
  await new Promise((r) => setTimeout(r, 2_000));
}, 180_000);

afterAll(async () => {
  await watcher?.disconnect();
  for (const s of [...services].reverse()) await s.stop().catch(() => undefined);
  await runtime.close();
  await deleteTopics(topicNames);
  await deleteTestBucket(bucket, s3).catch(() => undefined);
  await db?.drop();
});

type Record_ = { status: string; nextActionAt: string | null; lastCallId: string | null; history: { type: string; reason: { code: string } | null }[]; calls: { callId: string; recordingKey: string | null }[] };

async function post(hotelPhone: string, guest: string, confirmation: string): Promise<string> {
  const [first, last] = guest.split(' ') as [string, string];
  const res = await fetch(`${base}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ externalId: uniqueName('e2e', '-'), guestFirstName: first, guestLastName: last, confirmationNumber: confirmation, checkIn: '2026-11-10', checkOut: '2026-11-12', hotelPhone, destinationEmail: 'ap@acme.example' }),
  });
  const body = (await res.json()) as { recordId: string };
  expect(res.status).toBe(202);
  return body.recordId;
}

async function get(id: string): Promise<Record_> {
  const res = await fetch(`${base}/v1/records/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return (await res.json()) as Record_;
}

async function until(ids: readonly string[], label: string, done: (r: Record_) => boolean, timeoutMs = 120_000): Promise<Record_[]> {
  let last: Record_[] = [];
  await waitFor(
    `${label} (now ${JSON.stringify(last.map((r) => [r.status, r.history?.at(-1)?.reason?.code]))})`,
    async () => {
      last = await Promise.all(ids.map(get));
      return last.every((r) => r && done(r));
    },
    { timeoutMs, intervalMs: 500 },
  );
  return last;
}

const entryIds = (sendEmail: Record<string, unknown>) => (sendEmail.entries as { recordId: string }[]).map((e) => e.recordId);
const codes = (r: Record_) => r.history.map((h) => h.reason?.code);

describe('calling six simulated hotels', () => {
  const ids: Record<string, string[]> = {};

  it('takes 20 requests through the REST API', async () => {
    const plan: [string, string, [string, string][]][] = [
      ['agree', '+15550100001', [['Ada Lovelace', 'GP1001'], ['Alan Turing', 'GP1002'], ['Grace Hopper', 'GP1003'], ['Marie Curie', 'GP1004'], ['Niels Bohr', 'GP1005']]],
      ['callback', '+15550100004', [['Emmy Noether', 'AC2001'], ['Lise Meitner', 'AC2002'], ['Max Planck', 'AC2003']]],
      ['voicemail', '+15550100009', [['Paul Dirac', 'RM3001'], ['Enrico Fermi', 'RM3002'], ['Erwin Schrodinger', 'RM3003']]],
      ['refuse', '+15550100002', [['Werner Heisenberg', 'HI4001'], ['Wolfgang Pauli', 'HI4002'], ['Max Born', 'HI4003']]],
      ['ivr', '+15550100008', [['Richard Feynman', 'MP5001'], ['Julian Schwinger', 'MP5002']]],
      ['hold', '+15550100012', [['Chien-Shiung Wu', 'CC6001'], ['Vera Rubin', 'CC6002'], ['Rosalind Franklin', 'CC6003'], ['Dorothy Hodgkin', 'CC6004']]],
    ];
    for (const [persona, phone, guests] of plan) {
      ids[persona] = [];
      for (const [guest, confirmation] of guests) ids[persona]!.push(await post(phone, guest, confirmation));
    }
    expect(Object.values(ids).flat()).toHaveLength(20);
  }, 240_000);

  it('agreed: every request of the agreeing hotel awaits its folio, and the hotel emails each folio as a PDF', async () => {
    const done = await until(ids.agree!, 'agreed requests', (r) => r.status === 'awaiting_folio');
    for (const r of done) expect(codes(r)).toEqual(expect.arrayContaining(['CALL_PLACED', 'HOTEL_AGREED']));
    // One call raised all five (one batch per hotel).
    expect(new Set(done.map((r) => r.lastCallId)).size).toBe(1);
    // The tenant's inbox also receives other hotels' folios: wait for these five.
    const confirmations = ['GP1001', 'GP1002', 'GP1003', 'GP1004', 'GP1005'];
    const mails = await waitFor(
      'the five folio emails',
      async () => {
        const all = await readInbox(inbox);
        const mine = all.filter((m) => confirmations.some((c) => (m.subject ?? '').includes(c)));
        return mine.length >= confirmations.length ? mine : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    expect(mails.map((m) => confirmations.find((c) => m.subject!.includes(c))).sort()).toEqual(confirmations);
    expect(mails.every((m) => m.source.includes('application/pdf'))).toBe(true);
    // The call's recording is in the object store and the request shows it.
    const withRecording = await until([ids.agree![0]!], 'the recording on the request', (r) => r.calls.some((c) => c.recordingKey !== null), 60_000);
    const recordingKey = withRecording[0]!.calls.find((c) => c.recordingKey)!.recordingKey!;
    const stored = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: recordingKey }));
    expect(stored.KeyCount).toBe(1);
  }, 240_000);

  it('callback: the hotel asked to be called back at 3 pm; the next action is then, on its clock', async () => {
    const done = await until(ids.callback!, 'callbacks scheduled', (r) => r.history.some((h) => h.type === 'CallbackRequested') && r.nextActionAt !== null && ['scheduled', 'callback_scheduled', 'queued'].includes(r.status));
    for (const r of done) {
      const next = DateTime.fromISO(r.nextActionAt!, { zone: ZONE });
      expect(next.toFormat('HH:mm')).toBe('15:00');
      expect(next.toMillis()).toBeGreaterThan(Date.now() - 60_000);
    }
  }, 240_000);

  it('voicemail: the message was left and each request waits for a later call', async () => {
    const done = await until(ids.voicemail!, 'voicemail retries', (r) => r.history.filter((h) => h.reason?.code === 'CALL_PLACED').length >= 1 && ['queued', 'scheduled'].includes(r.status) && r.history.at(-1)!.type !== 'RecordContacted');
    for (const r of done) {
      const retry = r.history.find((h, i) => i > r.history.findIndex((x) => x.reason?.code === 'CALL_PLACED') && h.type === 'RecordQueued');
      expect(retry?.reason?.code).toMatch(/RETRY|VOICEMAIL/);
    }
    const voicemails = seen.filter((m) => m.type === 'VoicemailDetected' && m.value.hotelPhone === '+15550100009');
    expect(voicemails.length).toBeGreaterThanOrEqual(1);
    expect(voicemails.every((m) => m.value.messageLeft === true)).toBe(true);
  }, 240_000);

  it('refused: the requests go to an operator with the reason', async () => {
    const done = await until(ids.refuse!, 'refusals escalated', (r) => ['escalated', 'needs_review'].includes(r.status));
    for (const r of done) expect(codes(r)).toContain('HOTEL_REFUSED');
  }, 240_000);

  it('IVR: the menu is walked to a person and the path learned; the next call to the hotel replays it', async () => {
    await until(ids.ivr!, 'IVR requests agreed', (r) => r.status === 'awaiting_folio');
    const firstCall = (await get(ids.ivr![0]!)).lastCallId!;
    const steps = seen.filter((m) => m.type === 'IvrStepTaken' && m.value.callId === firstCall);
    expect(steps.map((m) => (m.value.step as { digits: string }).digits)).toEqual(['2', '2', '2']);
    // A later request to the same hotel: its call replays the learned digits.
    await new Promise((r) => setTimeout(r, 1_000));
    const later = await post('+15550100008', 'Satyendra Bose', 'MP5003');
    const [done] = await until([later], 'the second IVR call', (r) => r.status === 'awaiting_folio');
    const replayed = seen.filter((m) => m.type === 'IvrStepTaken' && m.value.callId === done!.lastCallId);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((m) => (m.value.step as { fromLearnedPath: boolean }).fromLearnedPath)).toBe(true);
  }, 240_000);

  it('a tampered webhook is refused with 403 and changes nothing', async () => {
    const callId = (await get(ids.agree![0]!)).lastCallId!;
    const url = `${callerBase}/twilio/calls/${callId}/status`;
    const params = { CallSid: 'CA' + 'f'.repeat(32), CallStatus: 'failed', AccountSid: ACCOUNT_SID };
    // Signed for other parameters than those sent: what a replayed or edited request looks like.
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, { ...params, CallStatus: 'completed' });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params) });
    expect(res.status).toBe(403);
    const after = await get(ids.agree![0]!);
    expect(after.status).toBe('awaiting_folio');
  }, 240_000);

  it('overflow: a hold that never ends moves the requests to email, with a request email for them', async () => {
    const hold = ids.hold!;
    await waitFor(
      'overflow outcomes and the overflow email command',
      () => {
        const overflowed = seen.filter((m) => m.type === 'RecordCallOutcome' && m.value.outcome === 'OVERFLOWED_TO_EMAIL' && hold.includes(m.value.recordId as string));
        const email = seen.find((m) => m.type === 'SendEmail' && entryIds(m.value).some((id) => hold.includes(id)));
        return overflowed.length === hold.length && email !== undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const email = seen.find((m) => m.type === 'SendEmail' && entryIds(m.value).some((id) => hold.includes(id)))!;
    expect(entryIds(email.value).sort()).toEqual([...hold].sort());
    expect(email.value.purpose).toBe('FOLIO_REQUEST');
    expect(seen.some((m) => m.type === 'CallDurationExceeded' && m.value.hotelPhone === '+15550100012')).toBe(true);
  }, 240_000);
});
