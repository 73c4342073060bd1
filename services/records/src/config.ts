// The records service's own settings, on top of the shared service and Kafka environment.
import { z } from '@folio/config';
import { contactPolicy, type PolicyOverrides } from '@folio/scheduling';

export const recordsEnv = {
  /** Consumer group of the records replicas (also the prefix of their transactional ids). */
  RECORDS_GROUP_ID: z.string().min(1).default('folio.records'),
  /** Intake: RecordCreated and RecordCancelled from the API and outside producers. */
  INTAKE_TOPIC: z.string().min(1).default('folio.intake.v1'),
  /** Outcomes reported by the batcher, caller and mailer, keyed by recordId. */
  OUTCOMES_TOPIC: z.string().min(1).default('folio.record-outcomes.v1'),
  /** Documents received and extraction results, keyed by recordId. */
  EXTRACTIONS_TOPIC: z.string().min(1).default('folio.extractions.v1'),
  /** Operator commands (EraseRecord), keyed by recordId. */
  OPERATOR_COMMANDS_TOPIC: z.string().min(1).default('folio.operator-commands.v1'),
  /** Compacted state of every request (FolioRequestState with history); co-partitioned with the inputs. */
  RECORDS_TOPIC: z.string().min(1).default('folio.records.v1'),
  /** Hotel profiles (compacted, keyed by hotel phone) that fill a request's missing hotel name, zone and email. */
  HOTELS_TOPIC: z.string().min(1).default('folio.hotels.v1'),
  /** Read hotel profiles (false: requests keep only what their producer sent). */
  HOTEL_MEMORY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Every request event, and RecordRejected. */
  RECORD_EVENTS_TOPIC: z.string().min(1).default('folio.record-events.v1'),
  /** RecordReadyForContact / RecordWithdrawn, keyed by hotel phone. */
  CONTACT_QUEUE_TOPIC: z.string().min(1).default('folio.contact-queue.v1'),
  /** Where refused and undecodable messages go. */
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),
  /** ISO 3166 country assumed for hotel phones in national format (e.g. US); empty: only +E.164 parses. */
  DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^([A-Z]{2})?$/, 'two capital letters (ISO 3166-1 alpha-2) or empty')
    .default(''),
  /** Accept the North American numbers reserved for fiction (555-0100..0199, the simulated hotels): dev and tests only. */
  ACCEPT_FICTIONAL_PHONE_NUMBERS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Longest stay accepted, in nights. */
  MAX_STAY_NIGHTS: z.coerce.number().int().min(1).max(3660).default(366),
  /** Upper bound on contact attempts (calls and emails) of one request, whatever CONTACT_POLICY allows. */
  MAX_CONTACT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  /**
   * Overrides of the contact policy (ADR 0009 defaults: 3 call retries from 300 s, voicemail again after 24 h,
   * callbacks at the named time else +24 h and at most 3 within 7 days, promises verified after 24 h or at 17:30
   * for "by end of day", 2 verifications, 2 emails), as JSON, e.g. {"verification":{"delaySeconds":3600}}.
   */
  CONTACT_POLICY: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return contactPolicy(JSON.parse(text) as PolicyOverrides);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  /** IANA zone of a hotel that neither the request, its profile nor its phone number places. */
  FALLBACK_TIME_ZONE: z.string().min(1).default('UTC'),
  /** Durable timers (verification checks), keyed by timer id. */
  TIMERS_TOPIC: z.string().min(1).default('folio.timers.v1'),
  /** SendEmail commands (deliveries of validated folios), keyed by hotel phone. */
  EMAIL_COMMANDS_TOPIC: z.string().min(1).default('folio.email-commands.v1'),
  /** Sender name shown on folio deliveries. */
  EMAIL_FROM_NAME: z.string().min(1).default('Folio'),
  /** The tenant's Folio inbox address hotels are asked to send folios to; `{tenantId}` is replaced. */
  TENANT_INBOX_ADDRESS: z.string().min(3).default('folios+{tenantId}@folio.localhost'),
};
