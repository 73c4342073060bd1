import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, Partitioners, type Admin, type KafkaMessage } from 'kafkajs';
import { createSchemaRegistry, createTopics, registerSubject } from './tooling.js';
import { subjects, HEADER_CORRELATION_ID, HEADER_TENANT_ID, type RecordCreated, type SubjectSpec, recordIdFor } from './index.js';

// The producer side uses no JavaScript: the Apache Avro Python library (Debian python3-avro) encodes the
// value, kcat (Debian kcat) produces it. This is the path docs/producers.md shows to outside producers.
const KCAT = process.env['KCAT'] ?? 'kcat';
const PYTHON = process.env['FOLIO_AVRO_PYTHON'] ?? '/usr/bin/python3';
const ENCODER = join(fileURLToPath(import.meta.url), '..', '..', 'scripts', 'avro-wire-encode.py');
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const host = (process.env['SCHEMA_REGISTRY_URL'] ?? '').replace(/\/+$/, '');
const prefix = `t-${randomUUID().slice(0, 8)}.`;
const topic = `${prefix}folio.intake.v1`;

function tool(bin: string, args: string[], hint: string): Buffer {
  try {
    return execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error(`${bin} is not installed: ${hint}`);
    throw new Error(`${bin} ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`);
  }
}

describe('a RecordCreated produced by kcat in the Confluent wire format', () => {
  let admin: Admin;
  let dir: string;

  beforeAll(async () => {
    if (!host) throw new Error('SCHEMA_REGISTRY_URL is not set: source scripts/infra/env.sh after scripts/infra/registry.sh up');
    dir = mkdtempSync(join(tmpdir(), 'folio-kcat-'));
    admin = new Kafka({ clientId: 'contracts-kcat-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopics(admin, { topicPrefix: prefix, topics: ['folio.intake.v1'] });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is accepted and decoded into the generated RecordCreated type', async () => {
    const spec = subjects({ topics: ['folio.intake.v1'], topicPrefix: prefix }).find((s) => s.recordFullName === 'io.folio.intake.RecordCreated') as SubjectSpec;
    const registry = createSchemaRegistry(host);
    const { id } = await registerSubject(registry, host, spec);

    // As docs/producers.md tells outside producers: the recordId derived from (tenantId, externalId).
    const externalId = `exp-${randomUUID().slice(0, 8)}`;
    const recordId = recordIdFor('acme', externalId);
    const correlationId = randomUUID();
    const json = {
      recordId,
      tenantId: 'acme',
      externalId,
      guestFirstName: 'Ada',
      guestLastName: 'Lovelace',
      confirmationNumber: 'ABC123',
      stay: { checkIn: '2026-02-28', checkOut: '2026-03-02' },
      hotelPhone: '+15015551234',
      hotelName: 'Harbour Hotel',
      hotelAddress: null,
      hotelTimeZone: 'America/Chicago',
      hotelEmail: null,
      destinationEmail: 'expenses@acme.example',
      notes: null,
      source: 'PRODUCER',
      createdAt: '2026-03-03T10:00:00Z',
    };
    writeFileSync(join(dir, 'record.json'), JSON.stringify(json));
    const bytes = tool(PYTHON, [ENCODER, host, spec.subject, join(dir, 'record.json')], 'apt-get install python3-avro');
    writeFileSync(join(dir, 'record.bin'), bytes);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);

    // murmur2_random is the Java client's partitioner (kafkajs's default too): without it librdkafka hashes
    // keys with CRC32 and the request lands in another partition than its state on folio.records.v1.
    tool(KCAT, ['-P', '-X', 'partitioner=murmur2_random', '-b', brokers.join(','), '-t', topic, '-k', recordId, '-H', `${HEADER_CORRELATION_ID}=${correlationId}`, '-H', `${HEADER_TENANT_ID}=acme`, join(dir, 'record.bin')], 'apt-get install kcat');

    const consumer = new Kafka({ clientId: 'contracts-kcat-test', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `${prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const { message: received, partition } = await new Promise<{ message: KafkaMessage; partition: number }>((resolve) => {
      void consumer.run({ eachMessage: async ({ message, partition }) => resolve({ message, partition }) });
    });
    await consumer.disconnect();

    const partitionMetadata = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? [];
    expect(partitionMetadata).toHaveLength(12);
    expect(partition).toBe(Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key: recordId, value: null } }));

    expect(received.key?.toString()).toBe(recordId);
    expect(received.headers?.[HEADER_CORRELATION_ID]?.toString()).toBe(correlationId);
    expect(received.headers?.[HEADER_TENANT_ID]?.toString()).toBe('acme');
    expect(received.value?.equals(bytes)).toBe(true);

    const decoded = (await registry.decode(received.value as Buffer)) as RecordCreated;
    expect({ ...decoded, stay: { ...decoded.stay } }).toEqual({
      ...json,
      createdAt: new Date('2026-03-03T10:00:00Z'),
    });
  }, 60_000);
});
