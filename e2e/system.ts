// The whole of Folio in one process for end-to-end tests: every service on its own uniquely named topics, one
// fresh database, one bucket, against the real broker, registry, PostgreSQL, object store and mail server, with
// hotel-sim playing the hotels, Twilio and ElevenLabs (its clock at `timeScale` of real time).
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
import { callerService } from '@folio/caller';
import { mailerService } from '@folio/mailer';
import { inboxService } from '@folio/inbox';
import { extractorService } from '@folio/extractor';
import { hotelSimService } from '@folio/hotel-sim';
import { createTestBucket, createTopics, databaseUrl, deleteTestBucket, deleteTopics, s3ClientFromEnv, serviceEnv, testKafka, uniqueName, waitFor, freePort } from '@folio/testkit';

export interface Seen {
  readonly topic: string;
  readonly type: string;
  readonly value: Record<string, unknown>;
}

export interface System {
  /** Base URL of the api. */
  readonly api: string;
  /** Base URL of the caller (its webhooks). */
  readonly caller: string;
  /** An API key (write, read) of the test tenant. */
  readonly key: string;
  /** The tenant's Folio inbox (where hotels send folios). */
  readonly inbox: string;
  readonly bucket: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Everything published on the call, email and extraction topics, decoded. */
  readonly seen: Seen[];
  stop(): Promise<void>;
}

export interface SystemOptions {
  readonly timeScale: number;
  /** Time zone of the simulated hotels' published profiles. */
  readonly zone: string;
}

async function freshDatabase(): Promise<{ url: string; pool: Pool; drop: () => Promise<void> }> {
  const name = uniqueName('folio_system', '_').replace(/[^a-z0-9_]/g, '_');
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

export async function startSystem(options: SystemOptions): Promise<System> {
  const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'system-e2e', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
  const readers = new Map<string, AvroRecordSchema>(Object.entries(valueSchemas) as [RecordFullName, AvroRecordSchema][]);
  const s3 = s3ClientFromEnv();
  const db = await freshDatabase();
  const bucket = await createTestBucket(s3, 'system');
  const accountSid = 'AC' + '5e'.repeat(16);
  const authToken = 'system-e2e-auth-token';
  const run = uniqueName('sys', '-');
  const inboxAddress = `folios-${run}@folio.test`;
  const p = 3;
  const names = await createTopics([
    { prefix: 'system.intake', partitions: p },
    { prefix: 'system.outcomes', partitions: p },
    { prefix: 'system.extractions', partitions: p },
    { prefix: 'system.operator', partitions: p },
    { prefix: 'system.records', partitions: p, compact: true },
    { prefix: 'system.events', partitions: p },
    { prefix: 'system.contact', partitions: p },
    { prefix: 'system.hotels', partitions: p, compact: true },
    { prefix: 'system.batches', partitions: p, compact: true },
    { prefix: 'system.batch-events', partitions: p },
    { prefix: 'system.batch-commands', partitions: p },
    { prefix: 'system.call-commands', partitions: p },
    { prefix: 'system.call-events', partitions: p },
    { prefix: 'system.email-commands', partitions: p },
    { prefix: 'system.email-events', partitions: p },
    { prefix: 'system.calls', partitions: p, compact: true },
    { prefix: 'system.timers', partitions: p, compact: true },
    { prefix: 'system.status', partitions: p, compact: true },
    { prefix: 'system.inbound', partitions: p },
    { prefix: 'system.dlq' },
  ]);
  const [intake, outcomes, extractions, operator, records, events, contact, hotels, batches, batchEvents, batchCommands, callCommands, callEvents, emailCommands, emailEvents, calls, timers, status, inbound, dlq] = names as [string, ...string[]] as string[] as [string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string];
  const s3Env = { S3_ENDPOINT: process.env.S3_ENDPOINT!, S3_REGION: process.env.S3_REGION!, S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!, S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY! };
  const mailEnv = { SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1', SMTP_PORT: process.env.SMTP_PORT ?? '13025', IMAP_HOST: process.env.IMAP_HOST ?? '127.0.0.1', IMAP_PORT: process.env.IMAP_PORT ?? '13143' };
  const services: RunningService[] = [];

  // hotel-sim first: it publishes open-all-day profiles of its hotels, which records, the batcher and the caller read.
  const sim = await startService(hotelSimService(), {
    env: serviceEnv({ ...mailEnv, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, HOTEL_SIM_TIME_SCALE: String(options.timeScale), HOTEL_SIM_PROFILES_TOPIC: hotels, HOTEL_SIM_TIME_ZONE: options.zone, ELEVENLABS_API_KEY: 'e2e', HOTEL_SIM_EMAIL_DESK: 'true', HOTEL_SIM_EMAIL_POLL_MS: '1000' }),
  });
  services.push(sim);
  const simUrl = `http://127.0.0.1:${sim.port}`;
  const callerPort = await freePort();
  const started = await Promise.all([
    startService(apiService(), { env: serviceEnv({ ...s3Env, DATABASE_URL: db.url, INTAKE_TOPIC: intake, OPERATOR_COMMANDS_TOPIC: operator, API_KEY_CACHE_MS: '0', ACCEPT_FICTIONAL_PHONE_NUMBERS: 'true', CALLS_BUCKET: bucket, DOCUMENTS_BUCKET: bucket }) }),
    startService(recordsService(), {
      env: serviceEnv({
        RECORDS_GROUP_ID: uniqueName('system-records'),
        INTAKE_TOPIC: intake,
        OUTCOMES_TOPIC: outcomes,
        EXTRACTIONS_TOPIC: extractions,
        OPERATOR_COMMANDS_TOPIC: operator,
        RECORDS_TOPIC: records,
        RECORD_EVENTS_TOPIC: events,
        CONTACT_QUEUE_TOPIC: contact,
        HOTELS_TOPIC: hotels,
        TIMERS_TOPIC: timers,
        EMAIL_COMMANDS_TOPIC: emailCommands,
        DEAD_LETTER_TOPIC: dlq,
        ACCEPT_FICTIONAL_PHONE_NUMBERS: 'true',
        TENANT_INBOX_ADDRESS: inboxAddress.replace('@', '+{tenantId}@'),
      }),
    }),
    startService(projectorService(), {
      env: serviceEnv({ DATABASE_URL: db.url, PROJECTOR_GROUP_ID: uniqueName('system-projector'), RECORDS_TOPIC: records, BATCHES_TOPIC: batches, CALLS_TOPIC: calls, HOTELS_TOPIC: hotels, RECORD_STATUS_TOPIC: status, DEAD_LETTER_TOPIC: dlq }),
    }),
    startService(schedulerService(), { env: serviceEnv({ TIMERS_TOPIC: timers, SCHEDULER_GROUP_ID: uniqueName('system-scheduler'), TIMER_TICK_MS: '100' }) }),
    startService(batcherService(), {
      env: serviceEnv({
        DATABASE_URL: db.url,
        BATCHER_GROUP_ID: uniqueName('system-batcher'),
        LIMITS_SCOPE: uniqueName('system-limits'),
        CONTACT_QUEUE_TOPIC: contact,
        BATCH_COMMANDS_TOPIC: batchCommands,
        CALL_EVENTS_TOPIC: callEvents,
        EMAIL_EVENTS_TOPIC: emailEvents,
        BATCHES_TOPIC: batches,
        BATCH_EVENTS_TOPIC: batchEvents,
        RECORD_OUTCOMES_TOPIC: outcomes,
        CALL_COMMANDS_TOPIC: callCommands,
        EMAIL_COMMANDS_TOPIC: emailCommands,
        TIMERS_TOPIC: timers,
        HOTELS_TOPIC: hotels,
        DEAD_LETTER_TOPIC: dlq,
        BATCH_COLLECT_MS: '2000',
        CALLS_PER_SECOND: '5',
      }),
    }),
    startService(callerService(), {
      env: serviceEnv({
        ...s3Env,
        HTTP_PORT: String(callerPort),
        DATABASE_URL: db.url,
        CALLER_GROUP_ID: uniqueName('system-caller'),
        CALL_COMMANDS_TOPIC: callCommands,
        CALL_EVENTS_TOPIC: callEvents,
        CALLS_TOPIC: calls,
        RECORD_OUTCOMES_TOPIC: outcomes,
        HOTELS_TOPIC: hotels,
        DEAD_LETTER_TOPIC: dlq,
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: simUrl,
        PUBLIC_BASE_URL: `http://127.0.0.1:${callerPort}`,
        ELEVENLABS_API_KEY: 'e2e',
        ELEVENLABS_BASE_URL: simUrl,
        S3_BUCKET: bucket,
        CALL_CLOCK_SCALE: String(1 / options.timeScale),
        SWEEP_INTERVAL_MS: '500',
        OUTBOX_POLL_MS: '100',
      }),
    }),
    startService(mailerService(), {
      env: serviceEnv({
        ...s3Env,
        ...mailEnv,
        DATABASE_URL: db.url,
        MAILER_GROUP_ID: uniqueName('system-mailer'),
        EMAIL_COMMANDS_TOPIC: emailCommands,
        EMAIL_EVENTS_TOPIC: emailEvents,
        RECORD_OUTCOMES_TOPIC: outcomes,
        DEAD_LETTER_TOPIC: dlq,
        MAIL_FROM_ADDRESS: `folio-${run}@folio.test`,
        BOUNCE_ADDRESS: `bounces-${run}@folio.test`,
        SENT_COPY_ADDRESS: `sent-${run}@folio.test`,
        DOCUMENTS_BUCKET: bucket,
        LIMITS_SCOPE: uniqueName('system-mail-limits'),
        EMAILS_PER_MINUTE: '600',
        EMAILS_PER_HOUR: '10000',
      }),
    }),
    startService(inboxService(), {
      env: serviceEnv({
        ...s3Env,
        ...mailEnv,
        DATABASE_URL: db.url,
        INBOX_GROUP_ID: uniqueName('system-inbox'),
        EMAIL_EVENTS_TOPIC: emailEvents,
        INBOUND_TOPIC: inbound,
        EXTRACTIONS_TOPIC: extractions,
        DEAD_LETTER_TOPIC: dlq,
        INBOX_ADDRESS: inboxAddress,
        IMAP_POLL_MS: '1000',
        DOCUMENTS_BUCKET: bucket,
      }),
    }),
    startService(extractorService(), {
      env: serviceEnv({ ...s3Env, EXTRACTOR_GROUP_ID: uniqueName('system-extractor'), EXTRACTIONS_TOPIC: extractions, RECORDS_TOPIC: records, DEAD_LETTER_TOPIC: dlq, DOCUMENTS_BUCKET: bucket, EXTRACTOR_ENGINE: 'local' }),
    }),
  ]);
  services.push(...started);
  await waitFor('every service ready', () => services.every((s) => s.context.kafka.isReady()), { timeoutMs: 90_000 });
  const key = (await createTenantKey(db.pool, { name: `System ${run}`, inboxEmail: inboxAddress, senderName: 'Folio', scopes: ['write', 'read'] })).key;

  const seen: Seen[] = [];
  const watcher = testKafka('system-e2e-watch').consumer({ groupId: uniqueName('system-watch') });
  await watcher.connect();
  await watcher.subscribe({ topics: [callEvents, emailCommands, emailEvents, extractions, inbound], fromBeginning: true });
  await watcher.run({
    eachMessage: async ({ topic, message }) => {
      if (!message.value) return;
      const decoded = await runtime.serde.decode<Record<string, unknown>>(message.value, readers);
      seen.push({ topic, type: decoded.typeName, value: decoded.value });
    },
  });
  // The profile tables pick up the simulated hotels' open-all-day hours.
  await new Promise((r) => setTimeout(r, 2_000));

  return {
    api: `http://127.0.0.1:${started[0]!.port}`,
    caller: `http://127.0.0.1:${callerPort}`,
    key,
    inbox: inboxAddress,
    bucket,
    accountSid,
    authToken,
    seen,
    async stop() {
      await watcher.disconnect().catch(() => undefined);
      for (const s of [...services].reverse()) await s.stop().catch(() => undefined);
      await runtime.close();
      await deleteTopics(names);
      await deleteTestBucket(bucket, s3).catch(() => undefined);
      await db.drop();
    },
  };
}

/** GET /v1/records/:id and POST /v1/records against the system's api. */
export function apiClient(system: Pick<System, 'api' | 'key'>) {
  const headers = { authorization: `Bearer ${system.key}` };
  return {
    async post(body: Record<string, unknown>): Promise<string> {
      const res = await fetch(`${system.api}/v1/records`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { recordId?: string };
      if (res.status !== 202 || !json.recordId) throw new Error(`POST /v1/records answered ${res.status}: ${JSON.stringify(json)}`);
      return json.recordId;
    },
    async get<T = Record<string, unknown>>(id: string): Promise<T> {
      return (await (await fetch(`${system.api}/v1/records/${id}`, { headers })).json()) as T;
    },
  };
}
