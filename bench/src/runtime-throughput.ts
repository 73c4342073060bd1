// Produce + consume throughput of @folio/runtime against raw kafkajs, same Avro payloads, same broker.
// Raw: pre-built avsc type + wire header, producer.send batches, consumer eachBatch decoding with avsc.
// Runtime: KafkaRuntime.send (typed, registry-backed) and a FolioConsumer (at-least-once and exactly-once).
import avro from 'avsc';
import kafkajs from 'kafkajs';
import { loadConfig, kafkaEnv } from '@folio/config';
import { avroTypeOptions, type AvroRecordSchema } from '@folio/contracts';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, encodeWire, decodeWire } from '@folio/runtime';
import { createTopics, deleteTopics, uniqueName, waitFor } from '@folio/testkit';
import { writeResult } from './results.js';

const N = Number(process.env.BENCH_MESSAGES ?? 50_000);
const BATCH = 500;
const Payload: AvroRecordSchema = {
  type: 'record', name: 'BenchPayload', namespace: 'io.folio.bench',
  fields: [
    { name: 'recordId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'guest', type: 'string' },
    { name: 'confirmation', type: 'string' },
    { name: 'checkIn', type: { type: 'int', logicalType: 'date' } },
    { name: 'amount', type: 'double' },
    { name: 'createdAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const value = (i: number) => ({
  recordId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  guest: `Guest Number ${i}`,
  confirmation: `CONF${i}`,
  checkIn: '2026-11-20',
  amount: i * 1.5,
  createdAt: new Date(1_780_000_000_000 + i),
});

const env = loadConfig(kafkaEnv, process.env);
const logger = createLogger({ service: 'bench', level: 'warn' });

async function raw(topic: string, schemaId: number) {
  const kafka = new kafkajs.Kafka({ clientId: 'bench-raw', brokers: env.KAFKA_BROKERS, logLevel: kafkajs.logLevel.NOTHING });
  const type = avro.Type.forSchema(Payload as unknown as avro.Schema, avroTypeOptions());
  const producer = kafka.producer({ idempotent: true, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  const t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const messages = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({ key: `k${(i + j) % 100}`, value: encodeWire(schemaId, type.toBuffer(value(i + j))) }));
    await producer.send({ topic, messages, acks: -1 });
  }
  const produceMs = performance.now() - t0;
  await producer.disconnect();
  let seen = 0;
  const consumer = kafka.consumer({ groupId: uniqueName('bench-raw') });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const t1 = performance.now();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        type.fromBuffer(decodeWire(m.value!).body);
        seen++;
      }
    },
  });
  await waitFor('raw consumer', () => seen >= N, { timeoutMs: 300_000, intervalMs: 20 });
  const consumeMs = performance.now() - t1;
  await consumer.disconnect();
  return { produceMs, consumeMs };
}

async function runtime(topic: string, out: string, delivery: 'at-least-once' | 'exactly-once') {
  const rt = new KafkaRuntime({ env, service: 'bench', logger, registry: createRegistry('bench', { defaultMetrics: false }) });
  const t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    await rt.send(Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({ topic, key: `k${(i + j) % 100}`, schema: Payload, value: value(i + j) })));
  }
  const produceMs = performance.now() - t0;
  let seen = 0;
  const consumer = rt.consumer({
    groupId: uniqueName(`bench-${delivery}`),
    topics: [topic],
    readers: [Payload],
    delivery,
    chunkSize: 500,
    // Exactly-once also produces one output per input inside the transaction, like a real processor.
    handler: (m) => {
      seen++;
      return delivery === 'exactly-once' ? [{ topic: out, key: m.key!, schema: Payload, value: m.value }] : [];
    },
  });
  const t1 = performance.now();
  await consumer.start();
  await waitFor(`runtime consumer (${delivery})`, () => seen >= N, { timeoutMs: 600_000, intervalMs: 20 });
  const consumeMs = performance.now() - t1;
  await rt.close();
  return { produceMs, consumeMs };
}

const rate = (ms: number) => Math.round(N / (ms / 1000));
const [rawTopic, rtTopic, eosTopic, eosOut] = await createTopics([
  { prefix: 'bench.raw', partitions: 3 }, { prefix: 'bench.rt', partitions: 3 }, { prefix: 'bench.eos', partitions: 3 }, { prefix: 'bench.eos-out', partitions: 3 },
]);
try {
  const registryRuntime = new KafkaRuntime({ env, service: 'bench', logger, registry: createRegistry('bench-r', { defaultMetrics: false }) });
  const schemaId = await registryRuntime.serde.register(`${rawTopic}-io.folio.bench.BenchPayload`, Payload);
  const r = await raw(rawTopic!, schemaId);
  const a = await runtime(rtTopic!, eosOut!, 'at-least-once');
  const e = await runtime(eosTopic!, eosOut!, 'exactly-once');
  writeResult('runtime-throughput', {
    messages: N,
    partitions: 3,
    payloadBytes: 5 + avro.Type.forSchema(Payload as unknown as avro.Schema, avroTypeOptions()).toBuffer(value(1)).length,
    raw: { producePerSec: rate(r.produceMs), consumePerSec: rate(r.consumeMs) },
    runtimeAtLeastOnce: { producePerSec: rate(a.produceMs), consumePerSec: rate(a.consumeMs) },
    runtimeExactlyOnce: { consumeAndProducePerSec: rate(e.consumeMs) },
    ratioToRaw: {
      produce: +(rate(a.produceMs) / rate(r.produceMs)).toFixed(2),
      consumeAtLeastOnce: +(rate(a.consumeMs) / rate(r.consumeMs)).toFixed(2),
      consumeExactlyOnceWithOutputs: +(rate(e.consumeMs) / rate(r.consumeMs)).toFixed(2),
    },
  });
  await registryRuntime.close();
} finally {
  await deleteTopics([rawTopic!, rtTopic!, eosTopic!, eosOut!]);
}
