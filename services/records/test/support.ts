// Shared by the records service tests: its topics with unique names, typed sending, and decoding what it wrote.
import { loadConfig, kafkaEnv } from '@folio/config';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime } from '@folio/runtime';
import { HEADER_TENANT_ID, recordFullNames, valueSchemas, type AvroRecordSchema, type RecordFullName } from '@folio/contracts';
import { collectMessages, createTopics, type CollectedMessage } from '@folio/testkit';

export const runtime = new KafkaRuntime({
  env: loadConfig(kafkaEnv, process.env),
  service: 'records-test',
  logger: createLogger({ service: 'records-test', level: 'silent' }),
  registry: createRegistry('records-test', { defaultMetrics: false }),
});

const everyReader = new Map<string, AvroRecordSchema>(Object.entries(valueSchemas) as [RecordFullName, AvroRecordSchema][]);

export function schemaOf(type: keyof typeof recordFullNames): AvroRecordSchema {
  return valueSchemas[recordFullNames[type]];
}

export interface RecordsTopics {
  intake: string;
  outcomes: string;
  extractions: string;
  operator: string;
  records: string;
  recordEvents: string;
  contactQueue: string;
  dlq: string;
  hotels: string;
  timers: string;
  emailCommands: string;
}

/** The service's topics, co-partitioned inputs and state with `partitions` partitions. */
export async function recordsTopics(partitions = 3): Promise<RecordsTopics> {
  const [intake, outcomes, extractions, operator, records, recordEvents, contactQueue, dlq, hotels, timers, emailCommands] = await createTopics([
    { prefix: 'rec.intake', partitions },
    { prefix: 'rec.outcomes', partitions },
    { prefix: 'rec.extractions', partitions },
    { prefix: 'rec.operator', partitions },
    { prefix: 'rec.records', partitions, compact: true },
    { prefix: 'rec.events', partitions },
    { prefix: 'rec.contact', partitions },
    { prefix: 'rec.dlq' },
    { prefix: 'rec.hotels', partitions, compact: true },
    { prefix: 'rec.timers', partitions, compact: true },
    { prefix: 'rec.email-commands', partitions },
  ]);
  return {
    intake: intake!,
    outcomes: outcomes!,
    extractions: extractions!,
    operator: operator!,
    records: records!,
    recordEvents: recordEvents!,
    contactQueue: contactQueue!,
    dlq: dlq!,
    hotels: hotels!,
    timers: timers!,
    emailCommands: emailCommands!,
  };
}

export function recordsEnv(t: RecordsTopics, groupId: string): Record<string, string> {
  return {
    RECORDS_GROUP_ID: groupId,
    INTAKE_TOPIC: t.intake,
    OUTCOMES_TOPIC: t.outcomes,
    EXTRACTIONS_TOPIC: t.extractions,
    OPERATOR_COMMANDS_TOPIC: t.operator,
    RECORDS_TOPIC: t.records,
    RECORD_EVENTS_TOPIC: t.recordEvents,
    CONTACT_QUEUE_TOPIC: t.contactQueue,
    DEAD_LETTER_TOPIC: t.dlq,
    HOTELS_TOPIC: t.hotels,
    TIMERS_TOPIC: t.timers,
    EMAIL_COMMANDS_TOPIC: t.emailCommands,
    DEFAULT_PHONE_COUNTRY: 'US',
    TENANT_INBOX_ADDRESS: 'folios+{tenantId}@folio.test',
  };
}

/** Sends typed messages keyed by `key`, with the tenant-id header. */
export async function send(topic: string, type: keyof typeof recordFullNames, key: string, value: object, tenantId = 'acme'): Promise<void> {
  await runtime.send([{ topic, key, schema: schemaOf(type), value, headers: { [HEADER_TENANT_ID]: tenantId } }]);
}

export interface Decoded {
  key: string | null;
  partition: number;
  type: string | null;
  value: Record<string, unknown> | null;
  headers: Record<string, string>;
}

export async function decodeAll(messages: readonly CollectedMessage[]): Promise<Decoded[]> {
  return Promise.all(
    messages.map(async (m) => {
      if (m.value === null) return { key: m.key, partition: m.partition, type: null, value: null, headers: m.headers };
      const decoded = await runtime.serde.decode<Record<string, unknown>>(m.value, everyReader);
      return { key: m.key, partition: m.partition, type: decoded.typeName, value: decoded.value, headers: m.headers };
    }),
  );
}

/** Reads `count` messages from `topic` (then `settleMs` more, to catch duplicates) and decodes them. */
export async function read(topic: string, count: number, settleMs = 1_500): Promise<Decoded[]> {
  return decodeAll(await collectMessages(topic, count, { timeoutMs: 60_000, settleMs }));
}
