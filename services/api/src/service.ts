// The api service: REST routes on the runtime's express app, API keys and submissions in PostgreSQL,
// requests published to the intake topic with ctx.kafka.send. Clock, ids and read models are injectable.
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { CountryCode } from 'libphonenumber-js';
import type { ServiceDefinition } from '@folio/runtime';
import { createPool } from '@folio/db';
import { counter } from '@folio/metrics';
import { apiEnv } from './config.js';
import { ApiKeyStore } from './adapters/api-keys.js';
import { SubmissionStore } from './adapters/submissions.js';
import { CoalescingSender } from './adapters/coalescing-sender.js';
import { S3LinkStore } from './adapters/object-store.js';
import { getRecord as readRecord } from '@folio/read-models';
import { Intake } from './intake.js';
import { authenticate, requireScope } from './http/auth.js';
import { HttpProblem, problemHandler } from './http/problem.js';
import { createRecord } from './handlers/create-record.js';
import { batchRecords } from './handlers/batch-records.js';
import { importCsv } from './handlers/import-csv.js';
import { cancelRecord } from './handlers/cancel-record.js';
import { eraseRecord } from './handlers/erase-record.js';
import { getRecord, listRecords, stats } from './handlers/read-records.js';
import { objectLink, type ObjectLinkDeps } from './handlers/object-links.js';
import { openApiDocument } from './openapi.js';

export interface ApiServiceOptions {
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** Express 5 passes a rejected promise to the error handler; this only keeps the handler's type simple. */
const route = (fn: (req: express.Request, res: express.Response) => Promise<void>): RequestHandler => (req, res, next) => fn(req, res).catch(next);

export function apiService(options: ApiServiceOptions = {}): ServiceDefinition<typeof apiEnv> {
  return {
    name: 'api',
    produces: ['folio.intake.v1', 'folio.operator-commands.v1'],
    env: apiEnv,
    async start({ config, kafka, logger, http, registry, onShutdown }) {
      const now = options.now ?? (() => new Date());
      const pool = createPool(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX, applicationName: 'folio-api', onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL connection failed') });
      onShutdown(() => pool.end());
      await pool.query('SELECT 1');
      http.addReadinessCheck('postgres', async () => (await pool.query('SELECT 1')).rowCount === 1);

      const intakeItems = counter(registry, 'folio_api_intake_items_total', 'Requests submitted through the api, by source (API, CSV_IMPORT) and result (accepted, duplicate, rejected).', ['source', 'result']);
      const keys = new ApiKeyStore(pool, { cacheMs: config.API_KEY_CACHE_MS });
      const submissions = new SubmissionStore(pool);
      const send = new CoalescingSender((messages) => kafka.send(messages)).send;
      const defaultCountry = config.DEFAULT_PHONE_COUNTRY as CountryCode;
      const intake = new Intake({
        submissions,
        send,
        intakeTopic: config.INTAKE_TOPIC,
        rules: { defaultCountry, acceptFictionalNumbers: config.ACCEPT_FICTIONAL_PHONE_NUMBERS, maxStayNights: config.STAY_MAX_NIGHTS, maxDaysSinceCheckOut: config.STAY_MAX_DAYS_SINCE_CHECK_OUT, maxDaysUntilCheckIn: config.STAY_MAX_DAYS_UNTIL_CHECK_IN },
        now,
        newId: options.newId ?? randomUUID,
        onResult: (source, result) => intakeItems.inc({ source, result }),
      });
      // A tenant may change only its own requests: those the read models know under the tenant, or, before the
      // projector has caught up (a cancel right after the POST), those the api accepted from it.
      const owns = async (tenantId: string, recordId: string) => (await submissions.owns(tenantId, recordId)) || (await readRecord(pool, tenantId, recordId)) !== null;

      // Links to recordings, transcripts and folio documents. The store is not a readiness check: the api takes
      // requests while it is down, and a link answers 503 meanwhile.
      const store = new S3LinkStore({
        endpoint: config.S3_ENDPOINT,
        publicEndpoint: config.S3_PUBLIC_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      });
      onShutdown(() => store.close());
      const links = counter(registry, 'folio_api_links_total', 'Links to recordings, transcripts and folio documents answered, by kind (recording, transcript, folio) and result (redirect, url, not_available).', ['kind', 'result']);
      const linkDeps: ObjectLinkDeps = {
        db: pool,
        store,
        buckets: { calls: config.CALLS_BUCKET ?? config.S3_BUCKET ?? 'folio-calls', documents: config.DOCUMENTS_BUCKET },
        ttlSeconds: config.RECORDING_LINK_TTL_SECONDS,
        now,
        onServed: (kind, result) => links.inc({ kind, result }),
      };

      const document = openApiDocument({
        batchMaxItems: config.BATCH_MAX_ITEMS,
        listMaxLimit: config.LIST_MAX_LIMIT,
        importMaxRows: config.IMPORT_MAX_ROWS,
        defaultCountry,
        stayMaxNights: config.STAY_MAX_NIGHTS,
        linkTtlSeconds: config.RECORDING_LINK_TTL_SECONDS,
      });
      const app = http.app;
      app.get('/openapi.json', (_req, res) => void res.json(document));

      const v1 = express.Router();
      const jsonBody = express.json({ limit: config.JSON_BODY_MAX_BYTES, strict: false });
      const requireJson: RequestHandler = (req, _res, next) =>
        next(req.is('application/json') ? undefined : new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'Send the body as application/json.'));
      const optionalJson: RequestHandler = (req, _res, next) =>
        next(Number(req.header('content-length') ?? 0) === 0 && !req.header('transfer-encoding') ? undefined : req.is('application/json') ? undefined : new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'Send the body as application/json.'));
      v1.use(authenticate(keys));

      v1.post('/records\\:batch', requireScope('write'), requireJson, jsonBody, route(batchRecords(intake, config.BATCH_MAX_ITEMS)));
      v1.post('/records/:id\\:erase', requireScope('admin'), optionalJson, jsonBody, route(eraseRecord({ owns, send, operatorCommandsTopic: config.OPERATOR_COMMANDS_TOPIC, now, forget: (tenantId, recordId) => submissions.forget(tenantId, recordId) })));
      v1.post('/records', requireScope('write'), requireJson, jsonBody, route(createRecord(intake)));
      v1.get('/records', requireScope('read'), route(listRecords(pool, { defaultCountry, maxLimit: config.LIST_MAX_LIMIT, acceptFictionalNumbers: config.ACCEPT_FICTIONAL_PHONE_NUMBERS })));
      v1.get('/records/:id', requireScope('read'), route(getRecord(pool)));
      v1.get('/records/:id/calls/:callId/recording', requireScope('read'), route(objectLink('recording', linkDeps)));
      v1.get('/records/:id/calls/:callId/transcript', requireScope('read'), route(objectLink('transcript', linkDeps)));
      v1.get('/records/:id/folio', requireScope('read'), route(objectLink('folio', linkDeps)));
      v1.delete('/records/:id', requireScope('write'), route(cancelRecord({ owns, statusOf: async (tenantId, recordId) => (await readRecord(pool, tenantId, recordId))?.status ?? null, send, intakeTopic: config.INTAKE_TOPIC, now })));
      v1.post('/imports', requireScope('write'), route(importCsv(intake, { maxBytes: config.IMPORT_MAX_BYTES, maxRows: config.IMPORT_MAX_ROWS, chunkRows: config.IMPORT_CHUNK_ROWS })));
      v1.get('/stats', requireScope('read'), route(stats(pool)));
      v1.use((req, _res, next) => next(new HttpProblem(404, 'NOT_FOUND', 'Not found', `No route ${req.method} ${req.originalUrl}.`)));
      app.use('/v1', v1);
      app.use(problemHandler(logger));
    },
  };
}
