// The caller service: PlaceCall commands (at least once; the call's row makes dialling happen once), Twilio's
// webhooks on the runtime's HTTP server, live call state and the outbox in PostgreSQL, prompt audio, recordings
// and transcripts in the object store, hotel profiles read whole and updated after each call.
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, isNotFound, objectStoreSettings } from '@folio/object-store';
import { HotelSchema, PlaceCallSchema, type Hotel, type PlaceCall } from '@folio/contracts';
import { ConfigError } from '@folio/config';
import { createPool } from '@folio/db';
import { counter, gauge, histogram } from '@folio/metrics';
import { GlobalTable, type ServiceDefinition } from '@folio/runtime';
import { callerEnv } from './config.js';
import { CallStore } from './adapters/call-store.js';
import { OutboxRelay } from './adapters/outbox-relay.js';
import { recordingArchive } from './adapters/recordings.js';
import { elevenLabsClient, Speech } from './adapters/speech.js';
import { twilioClient } from './adapters/twilio.js';
import { CallFlow } from './handlers/call-flow.js';
import { twilioWebhooks } from './handlers/webhooks.js';

export interface CallerOptions {
  readonly now?: () => number;
  /** Receives the running parts (tests drive the relay and the sweeps directly). */
  readonly onStarted?: (handle: CallerHandle) => void;
}

export interface CallerHandle {
  readonly flow: CallFlow;
  readonly relay: OutboxRelay;
  readonly store: CallStore;
  readonly hotels: GlobalTable<Hotel> | undefined;
}

export function callerService(options: CallerOptions = {}): ServiceDefinition<typeof callerEnv> {
  return {
    name: 'caller',
    produces: ['folio.call-events.v1', 'folio.calls.v1', 'folio.record-outcomes.v1', 'folio.hotels.v1', 'folio.dlq.v1'],
    env: callerEnv,
    async start({ config, kafka, registry, http, logger, onShutdown, name }) {
      const authToken = config.TWILIO_AUTH_TOKEN;
      if (!authToken) {
        throw new ConfigError([
          {
            field: 'TWILIO_AUTH_TOKEN',
            reason: config.TWILIO_VALIDATE_SIGNATURES
              ? 'required: every webhook is checked against X-Twilio-Signature, which needs the account auth token'
              : 'required to place calls through the Twilio REST API',
          },
        ]);
      }
      if (!config.TWILIO_VALIDATE_SIGNATURES) logger.warn('TWILIO_VALIDATE_SIGNATURES=false: webhooks are accepted without checking X-Twilio-Signature');
      const now = options.now ?? Date.now;
      const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/$/, '');

      const pool = createPool(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX, applicationName: name });
      onShutdown(() => pool.end(), 'after-kafka');
      http.addReadinessCheck('database', async () => {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      });

      const s3 = createS3Client(objectStoreSettings(config));
      onShutdown(() => s3.destroy(), 'after-kafka');
      await ensureBucket(s3, config.S3_BUCKET, logger);

      const m = {
        placed: counter(registry, 'folio_caller_calls_placed_total', 'PlaceCall commands by result (dialled, duplicate, stale, rejected, unknown).', ['result']),
        outcomes: counter(registry, 'folio_caller_request_outcomes_total', 'Per-request call outcomes by outcome.', ['outcome']),
        ended: counter(registry, 'folio_caller_calls_ended_total', 'Calls ended, by end reason.', ['reason']),
        duration: histogram(registry, 'folio_caller_call_duration_seconds', 'Duration of answered calls as Twilio reports it.', [], [5, 15, 30, 60, 120, 240, 360, 480, 540, 600]),
        twilioErrors: counter(registry, 'folio_caller_twilio_errors_total', 'Twilio REST requests that failed, by operation.', ['operation']),
        recordings: counter(registry, 'folio_caller_recordings_total', 'Recordings copied to the object store, by result.', ['result']),
        webhooks: counter(registry, 'folio_caller_webhooks_total', 'Twilio webhooks handled, by kind and result.', ['kind', 'result']),
        rejected: counter(registry, 'folio_caller_webhook_signature_failures_total', 'Webhooks refused with 403 for a missing or invalid X-Twilio-Signature.', ['kind', 'reason']),
        prompts: counter(registry, 'folio_caller_prompts_total', 'Prompts by how they were spoken: cache_hit, synthesised, or said with <Say> (say_timeout, say_failed, say_not_configured).', ['result']),
        relayed: counter(registry, 'folio_caller_outbox_relayed_total', 'Outbox events relayed to Kafka, by topic.', ['topic']),
        pending: gauge(registry, 'folio_caller_outbox_pending', 'Outbox events waiting for the relay.'),
        active: gauge(registry, 'folio_caller_active_calls', 'Calls placed and not yet ended (all replicas).'),
      };

      let hotels: GlobalTable<Hotel> | undefined;
      if (config.HOTEL_PROFILES) {
        hotels = new GlobalTable<Hotel>(kafka, { topic: config.HOTELS_TOPIC, schema: HotelSchema, groupPrefix: `${config.CALLER_GROUP_ID}.hotels` });
        await hotels.start();
      }
      const speech = new Speech({
        s3,
        bucket: config.S3_BUCKET,
        elevenlabs: elevenLabsClient(config.ELEVENLABS_API_KEY, config.ELEVENLABS_BASE_URL),
        voiceId: config.ELEVENLABS_VOICE_ID,
        modelId: config.ELEVENLABS_MODEL_ID,
        sttModelId: config.ELEVENLABS_STT_MODEL_ID,
        timeoutMs: config.TTS_TIMEOUT_MS,
        secret: authToken,
        publicBaseUrl,
        logger,
        prompts: m.prompts,
      });
      if (!speech.enabled) logger.warn('ELEVENLABS_API_KEY is not set: prompts are spoken with <Say> and recordings are not transcribed');
      const store = new CallStore(pool, kafka.serde);
      const twilio = twilioClient(config.TWILIO_ACCOUNT_SID, authToken, config.TWILIO_API_BASE_URL);
      const flow = new CallFlow({
        store,
        twilio,
        speech,
        hotels: (phone) => hotels?.get(phone),
        topics: { callEvents: config.CALL_EVENTS_TOPIC, calls: config.CALLS_TOPIC, recordOutcomes: config.RECORD_OUTCOMES_TOPIC, hotels: config.HOTELS_TOPIC },
        settings: {
          clientName: config.CALLER_CLIENT_NAME,
          fallbackTimeZone: 'UTC',
          publicBaseUrl,
          fromNumber: config.TWILIO_FROM_NUMBER,
          ringTimeoutSeconds: config.RING_TIMEOUT_SECONDS,
          record: config.RECORD_CALLS,
          sayVoice: config.SAY_VOICE,
          maxCommandAgeMs: config.MAX_COMMAND_AGE_MS,
          clockScale: config.CALL_CLOCK_SCALE,
          staleCallMs: config.STALE_CALL_MS,
        },
        metrics: m,
        logger,
        now,
        archiveRecording: recordingArchive({ s3, bucket: config.S3_BUCKET, accountSid: config.TWILIO_ACCOUNT_SID, authToken, apiBaseUrl: config.TWILIO_API_BASE_URL, speech }),
      });

      http.app.use(twilioWebhooks({ flow, speech, authToken, validate: config.TWILIO_VALIDATE_SIGNATURES, publicBaseUrl, logger, webhooks: m.webhooks, rejected: m.rejected }));

      const relay = new OutboxRelay({ pool, databaseUrl: config.DATABASE_URL, producer: () => kafka.producer(), logger, pollMs: config.OUTBOX_POLL_MS, relayed: m.relayed, pending: m.pending });
      await relay.start();
      // The relay stops after the webhooks and consumers are done, so their last events still leave.
      onShutdown(() => relay.stop(), 'after-kafka');

      let sweeping: Promise<void> | undefined;
      const sweep = () => {
        sweeping ??= (async () => {
          try {
            await flow.reconcile();
            await flow.copyRecordings();
            m.active.set(await store.openCount());
          } catch (error) {
            logger.warn({ err: error }, 'call sweep failed; trying again at the next interval');
          } finally {
            sweeping = undefined;
          }
        })();
        return sweeping;
      };
      const timer = setInterval(() => void sweep(), config.SWEEP_INTERVAL_MS);
      timer.unref();
      onShutdown(async () => {
        clearInterval(timer);
        await sweeping;
      }, 'before-kafka');

      const consumer = kafka.consumer<PlaceCall>({
        groupId: config.CALLER_GROUP_ID,
        topics: [config.CALL_COMMANDS_TOPIC],
        readers: [PlaceCallSchema],
        delivery: 'at-least-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        // Each PlaceCall dials at most once (the call's row); a retry after a transient database error is safe.
        handler: async (msg) => {
          if (msg.value === null) return;
          const result = await flow.placeCall(msg.value);
          logger.info({ callId: msg.value.callId, hotelPhone: msg.value.hotelPhone, result }, 'PlaceCall handled');
        },
      });
      await consumer.start();
      options.onStarted?.({ flow, relay, store, hotels });
    },
  };
}

async function ensureBucket(s3: S3Client, bucket: string, logger: { info: (o: object, m: string) => void }): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    logger.info({ bucket }, 'object store bucket created');
  }
}
