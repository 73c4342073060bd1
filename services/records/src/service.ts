// The records service: one exactly-once consumer over intake, outcomes, extractions and operator commands,
// whose state is compacted folio.records.v1 (restored per partition). `now` is injectable for tests.
import type { CountryCode } from 'libphonenumber-js';
import type { ServiceDefinition } from '@folio/runtime';
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
];

export function recordsService(options: { now?: () => number; hotels?: HotelDirectory } = {}): ServiceDefinition<typeof recordsEnv> {
  return {
    name: 'records',
    produces: ['folio.records.v1', 'folio.record-events.v1', 'folio.contact-queue.v1', 'folio.dlq.v1'],
    env: recordsEnv,
    async start({ config, kafka, registry, name }) {
      const decisions = counter(registry, 'folio_records_messages_total', 'Messages the records service handled, by outcome (applied, unchanged, rejected) and message type.', ['outcome', 'type']);
      let hotels = options.hotels ?? noHotelMemory;
      if (!options.hotels && config.HOTEL_MEMORY) hotels = await startHotelDirectory(kafka, config.HOTELS_TOPIC, config.RECORDS_GROUP_ID);
      const handler = recordHandler({
        topics: { recordEvents: config.RECORD_EVENTS_TOPIC, contactQueue: config.CONTACT_QUEUE_TOPIC, deadLetters: config.DEAD_LETTER_TOPIC },
        policy: {
          defaultPhoneCountry: (config.DEFAULT_PHONE_COUNTRY || undefined) as CountryCode | undefined,
          maxStayNights: config.MAX_STAY_NIGHTS,
          acceptFictionalNumbers: config.ACCEPT_FICTIONAL_PHONE_NUMBERS,
          maxContactAttempts: config.MAX_CONTACT_ATTEMPTS,
          retryDelayMs: config.RETRY_DELAY_MS,
          callbackDelayMs: config.CALLBACK_DELAY_MS,
        },
        contact: { replyToAddress: (tenantId) => config.TENANT_INBOX_ADDRESS.replaceAll('{tenantId}', tenantId) },
        hotels,
        groupId: config.RECORDS_GROUP_ID,
        service: name,
        now: options.now ?? Date.now,
        encode: (topic, schema, value) => kafka.serde.encode(topic, schema, value),
        count: (outcome, type) => decisions.inc({ outcome, type }),
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
