// The records service's own settings, on top of the shared service and Kafka environment.
import { z } from '@folio/config';

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
  /** Contact attempts (calls and request emails) before a request fails. */
  MAX_CONTACT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Wait before another attempt after no answer, an unclear answer or a soft bounce, in ms. */
  RETRY_DELAY_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** Wait before a callback when the hotel named no time, in ms (24 h). */
  CALLBACK_DELAY_MS: z.coerce.number().int().min(0).default(86_400_000),
  /** The tenant's Folio inbox address hotels are asked to send folios to; `{tenantId}` is replaced. */
  TENANT_INBOX_ADDRESS: z.string().min(3).default('folios+{tenantId}@folio.localhost'),
};
