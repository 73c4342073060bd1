// The batcher service: one exactly-once consumer over the contact queue, BatchDue commands and call and
// email events, whose state is compacted folio.batches.v1 (restored per partition); global call limits in
// PostgreSQL. `now`, `contactWindow` and `profiles` are injectable for tests.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchDueSchema,
  BatchSchema,
  CallConnectedSchema,
  CallDurationExceededSchema,
  CallEndedSchema,
  CallPlacedSchema,
  ConversationTurnSchema,
  EmailBouncedSchema,
  EmailRequestedSchema,
  EmailSentSchema,
  IvrStepTakenSchema,
  RecordCallOutcomeSchema,
  RecordReadyForContactSchema,
  RecordWithdrawnSchema,
  VoicemailDetectedSchema,
  type Batch,
} from '@folio/contracts';
import { createPool } from '@folio/db';
import { counter } from '@folio/metrics';
import { armTimer, cancelTimer, type ServiceDefinition } from '@folio/runtime';
import { batcherEnv } from './config.js';
import { batcherHandler, type BatcherInput } from './handlers/batcher-message.js';
import { PgContactLimits } from './adapters/contact-limits.js';
import { noHotelProfiles, startHotelProfiles, type HotelProfiles } from './adapters/hotel-profiles.js';
import { contactWindowFrom } from './adapters/hotel-calendar.js';
import type { BatchingDeps, BatchingRules } from './domain/batch/index.js';

export const BATCHER_READERS = [
  RecordReadyForContactSchema,
  RecordWithdrawnSchema,
  BatchDueSchema,
  CallPlacedSchema,
  CallConnectedSchema,
  IvrStepTakenSchema,
  ConversationTurnSchema,
  RecordCallOutcomeSchema,
  VoicemailDetectedSchema,
  CallDurationExceededSchema,
  CallEndedSchema,
  EmailRequestedSchema,
  EmailSentSchema,
  EmailBouncedSchema,
];

export interface BatcherOptions {
  readonly now?: () => number;
  readonly contactWindow?: BatchingDeps['contactWindow'];
  readonly profiles?: HotelProfiles;
}

export function batcherService(options: BatcherOptions = {}): ServiceDefinition<typeof batcherEnv> {
  return {
    name: 'batcher',
    produces: ['folio.batches.v1', 'folio.batch-events.v1', 'folio.record-outcomes.v1', 'folio.call-commands.v1', 'folio.email-commands.v1', 'folio.timers.v1', 'folio.dlq.v1'],
    env: batcherEnv,
    async start({ config, kafka, registry, onShutdown, name }) {
      const now = options.now ?? Date.now;
      const messages = counter(registry, 'folio_batcher_messages_total', 'Messages the batcher handled, by outcome (applied, unchanged, ignored) and message type.', ['outcome', 'type']);
      let profiles = options.profiles ?? noHotelProfiles;
      if (!options.profiles && config.HOTEL_PROFILES) profiles = await startHotelProfiles(kafka, config.HOTELS_TOPIC, config.BATCHER_GROUP_ID);
      const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: name });
      onShutdown(() => pool.end(), 'after-kafka');
      const rules: BatchingRules = {
        setupSeconds: config.CALL_SETUP_SECONDS,
        ivrSeconds: config.IVR_SECONDS,
        perRequestSeconds: config.PER_REQUEST_SECONDS,
        bufferPercent: config.ESTIMATE_BUFFER_PERCENT,
        callBudgetSeconds: config.CALL_BUDGET_SECONDS,
        maxCallSeconds: config.MAX_CALL_SECONDS,
        maxPerBatch: config.MAX_REQUESTS_PER_BATCH,
        collectMs: config.BATCH_COLLECT_MS,
      };
      const limits = new PgContactLimits(pool, {
        scope: config.LIMITS_SCOPE,
        maxConcurrentCalls: config.MAX_CONCURRENT_CALLS,
        callsPerSecond: config.CALLS_PER_SECOND,
        maxContactsPerHotelPerDay: config.MAX_CONTACTS_PER_HOTEL_PER_DAY,
        maxRateWaitMs: config.MAX_RATE_WAIT_MS,
        concurrencyRetryMs: config.CONCURRENCY_RETRY_MS,
        slotExpiryMs: config.CALL_SLOT_EXPIRY_MS,
      });
      const handler = batcherHandler({
        rules,
        contactWindow: options.contactWindow ?? contactWindowFrom((phone) => profiles.lookup(phone), config.FALLBACK_TIME_ZONE),
        limits,
        profiles: (phone) => profiles.lookup(phone),
        topics: {
          batchCommands: config.BATCH_COMMANDS_TOPIC,
          batchEvents: config.BATCH_EVENTS_TOPIC,
          recordOutcomes: config.RECORD_OUTCOMES_TOPIC,
          callCommands: config.CALL_COMMANDS_TOPIC,
          emailCommands: config.EMAIL_COMMANDS_TOPIC,
          timers: config.TIMERS_TOPIC,
        },
        emailFromName: config.EMAIL_FROM_NAME,
        armTimer: (timerId, dueAt, message, at) =>
          armTimer(kafka.serde, { timerId, dueAt: new Date(dueAt), purpose: 'BATCH_FIRE', createdBy: name, now: new Date(at) }, message, config.TIMERS_TOPIC),
        cancelTimer: (timerId) => cancelTimer(timerId, config.TIMERS_TOPIC),
        now,
        sleep: (ms) => sleep(ms),
        count: (outcome, type) => messages.inc({ outcome, type }),
      });
      const consumer = kafka.consumer<BatcherInput, Batch>({
        groupId: config.BATCHER_GROUP_ID,
        topics: [config.CONTACT_QUEUE_TOPIC, config.BATCH_COMMANDS_TOPIC, config.CALL_EVENTS_TOPIC, config.EMAIL_EVENTS_TOPIC],
        readers: BATCHER_READERS,
        delivery: 'exactly-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        handler,
        state: { changelogTopic: config.BATCHES_TOPIC, schema: BatchSchema },
      });
      await consumer.start();
    },
  };
}
