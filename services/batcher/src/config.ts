// The batcher's own settings, on top of the shared service and Kafka environment. Defaults are the
// original design's numbers.
import { z } from '@folio/config';

export const batcherEnv = {
  /** PostgreSQL holding the global call limits (table call_dispatches). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Consumer group of the batcher replicas. */
  BATCHER_GROUP_ID: z.string().min(1).default('folio.batcher'),
  CONTACT_QUEUE_TOPIC: z.string().min(1).default('folio.contact-queue.v1'),
  BATCH_COMMANDS_TOPIC: z.string().min(1).default('folio.batch-commands.v1'),
  CALL_EVENTS_TOPIC: z.string().min(1).default('folio.call-events.v1'),
  EMAIL_EVENTS_TOPIC: z.string().min(1).default('folio.email-events.v1'),
  /** The batcher's state (compacted, co-partitioned with the contact queue). */
  BATCHES_TOPIC: z.string().min(1).default('folio.batches.v1'),
  BATCH_EVENTS_TOPIC: z.string().min(1).default('folio.batch-events.v1'),
  RECORD_OUTCOMES_TOPIC: z.string().min(1).default('folio.record-outcomes.v1'),
  CALL_COMMANDS_TOPIC: z.string().min(1).default('folio.call-commands.v1'),
  EMAIL_COMMANDS_TOPIC: z.string().min(1).default('folio.email-commands.v1'),
  TIMERS_TOPIC: z.string().min(1).default('folio.timers.v1'),
  HOTELS_TOPIC: z.string().min(1).default('folio.hotels.v1'),
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),
  /** Read hotel profiles (preference, email, zone, business hours, IVR time) from HOTELS_TOPIC. */
  HOTEL_PROFILES: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),

  /** Estimation: call setup, IVR (when the hotel has no learned time), per request, buffer. */
  CALL_SETUP_SECONDS: z.coerce.number().int().min(0).default(5),
  IVR_SECONDS: z.coerce.number().int().min(0).default(15),
  PER_REQUEST_SECONDS: z.coerce.number().int().min(1).default(30),
  ESTIMATE_BUFFER_PERCENT: z.coerce.number().int().min(0).max(500).default(20),
  /** A batch estimated longer than this is split: the first part by call, the rest by email. */
  CALL_BUDGET_SECONDS: z.coerce.number().int().min(1).default(540),
  /** Hard limit of a call, passed to the caller. */
  MAX_CALL_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Most requests in one batch. */
  MAX_REQUESTS_PER_BATCH: z.coerce.number().int().min(1).max(200).default(20),
  /** How long a new batch collects requests before it fires, in ms. */
  BATCH_COLLECT_MS: z.coerce.number().int().min(0).default(60_000),

  /** Global limits, across every replica (docs/adr/0015-batcher-and-global-call-limits.md). */
  MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).default(10),
  CALLS_PER_SECOND: z.coerce.number().positive().max(1_000).default(1),
  /** Contacts (calls and emails) per hotel in any 24 h. */
  MAX_CONTACTS_PER_HOTEL_PER_DAY: z.coerce.number().int().min(1).default(3),
  /** Longest a dispatch waits for its calls-per-second slot before it is rescheduled instead, in ms. */
  MAX_RATE_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(5_000),
  /** When all call slots are taken, try again after this long, in ms. */
  CONCURRENCY_RETRY_MS: z.coerce.number().int().min(100).default(30_000),
  /** A call with no end reported after this long frees its slot (a lost CallEnded must not block forever), in ms. */
  CALL_SLOT_EXPIRY_MS: z.coerce.number().int().min(1_000).default(900_000),
  /** Name of the set of limits this deployment shares (several Folio installations may share one database). */
  LIMITS_SCOPE: z.string().min(1).default('default'),

  /** Sender name of batch emails. */
  EMAIL_FROM_NAME: z.string().min(1).default('Folio'),
  /** Zone of a hotel when neither the request, the profile nor its phone number tells. */
  FALLBACK_TIME_ZONE: z.string().min(1).default('UTC'),
};
