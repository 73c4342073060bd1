// The records service: one exactly-once consumer over intake, outcomes, extractions and operator commands,
// whose state is compacted folio.records.v1 (restored per partition). `now` is injectable for tests.
import type { CountryCode } from 'libphonenumber-js';
import { armTimer, type ServiceDefinition } from '@folio/runtime';
import { counter } from '@folio/metrics';
import {
  BatchCancelledSchema,
  BatchScheduledSchema,
  CallPlacedSchema,
  EmailBouncedSchema,
  EmailSentSchema,
  EraseRecordSchema,
  ExtractionFailedSchema,
  FolioDeliveredSchema,
  FolioExtractedSchema,
  FolioMismatchSchema,
  FolioReceivedSchema,
  FolioRequestStateSchema,
  RecordCallOutcomeSchema,
  RecordCancelledSchema,
  RecordCreatedSchema,
  VerifyFolioSchema,
  type FolioRequestState,
} from '@folio/contracts';
import { recordsEnv } from './config.js';
import { recordHandler, type RecordsInput } from './handlers/record-message.js';
import { noHotelMemory, startHotelDirectory, type HotelDirectory } from './adapters/hotel-directory.js';

export const RECORDS_READERS = [
  RecordCreatedSchema,
  RecordCancelledSchema,
  EraseRecordSchema,
  BatchScheduledSchema,
  BatchCancelledSchema,
  CallPlacedSchema,
  RecordCallOutcomeSchema,
  EmailSentSchema,
  EmailBouncedSchema,
  FolioReceivedSchema,
  FolioExtractedSchema,
  FolioMismatchSchema,
  ExtractionFailedSchema,
  FolioDeliveredSchema,
  VerifyFolioSchema,
];

export function recordsService(options: { now?: () => number; hotels?: HotelDirectory } = {}): ServiceDefinition<typeof recordsEnv> {
  return {
    name: 'records',
    produces: ['folio.records.v1', 'folio.record-events.v1', 'folio.contact-queue.v1', 'folio.dlq.v1', 'folio.timers.v1', 'folio.email-commands.v1'],
    env: recordsEnv,
    async start({ config, kafka, registry, name }) {
      const decisions = counter(registry, 'folio_records_messages_total', 'Messages the records service handled, by outcome (applied, unchanged, rejected) and message type.', ['outcome', 'type']);
      const steps = counter(
        registry,
        'folio_records_contact_steps_total',
        'Contact steps the records service decided by the contact policy (call, email, verify, escalate, fail), verification timers cancelled (verify_cancelled) and folio deliveries asked for (delivery).',
        ['step'],
      );
      let hotels = options.hotels ?? noHotelMemory;
      if (!options.hotels && config.HOTEL_MEMORY) hotels = await startHotelDirectory(kafka, config.HOTELS_TOPIC, config.RECORDS_GROUP_ID);
      const handler = recordHandler({
        topics: {
          recordEvents: config.RECORD_EVENTS_TOPIC,
          contactQueue: config.CONTACT_QUEUE_TOPIC,
          deadLetters: config.DEAD_LETTER_TOPIC,
          timers: config.TIMERS_TOPIC,
          emailCommands: config.EMAIL_COMMANDS_TOPIC,
          outcomes: config.OUTCOMES_TOPIC,
        },
        policy: {
          defaultPhoneCountry: (config.DEFAULT_PHONE_COUNTRY || undefined) as CountryCode | undefined,
          maxStayNights: config.MAX_STAY_NIGHTS,
          acceptFictionalNumbers: config.ACCEPT_FICTIONAL_PHONE_NUMBERS,
          maxContactAttempts: config.MAX_CONTACT_ATTEMPTS,
          contact: config.CONTACT_POLICY,
          fallbackZone: config.FALLBACK_TIME_ZONE,
        },
        contact: { replyToAddress: (tenantId) => config.TENANT_INBOX_ADDRESS.replaceAll('{tenantId}', tenantId) },
        delivery: { replyToAddress: (tenantId) => config.TENANT_INBOX_ADDRESS.replaceAll('{tenantId}', tenantId), fromName: config.EMAIL_FROM_NAME },
        armTimer: (timer, message) => armTimer(kafka.serde, { ...timer, purpose: 'FOLLOW_UP', createdBy: name }, message, config.TIMERS_TOPIC),
        hotels,
        groupId: config.RECORDS_GROUP_ID,
        service: name,
        now: options.now ?? Date.now,
        encode: (topic, schema, value) => kafka.serde.encode(topic, schema, value),
        count: (outcome, type) => decisions.inc({ outcome, type }),
        countStep: (step) => steps.inc({ step }),
      });
      const consumer = kafka.consumer<RecordsInput, FolioRequestState>({
        groupId: config.RECORDS_GROUP_ID,
        topics: [config.INTAKE_TOPIC, config.OUTCOMES_TOPIC, config.EXTRACTIONS_TOPIC, config.OPERATOR_COMMANDS_TOPIC],
        readers: RECORDS_READERS,
        delivery: 'exactly-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        handler,
        state: { changelogTopic: config.RECORDS_TOPIC, schema: FolioRequestStateSchema },
      });
      await consumer.start();
    },
  };
}
