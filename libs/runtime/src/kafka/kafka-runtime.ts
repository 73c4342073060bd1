// One Kafka runtime per service process: the kafkajs client, the Avro serde, a shared idempotent producer,
// the consumers the service starts, and their readiness and shutdown.
import type { Producer, Transaction } from 'kafkajs';
import type { KafkaEnv } from '@folio/config';
import { topics, valueSchemas, type CompatibilityLevel, type RecordFullName, type TopicName } from '@folio/contracts';
import type { Logger } from '@folio/logger';
import type { Registry } from '@folio/metrics';
import { createKafka, folioPartitioner, type Kafka } from './client.js';
import { AvroSerde } from './avro-serde.js';
import { kafkaMetrics, type KafkaMetrics } from './kafka-metrics.js';
import { encodeOutbound } from './producer.js';
import { topicRecordSubject } from './wire-format.js';
import { FolioConsumer, type ConsumerOptions } from './consumer.js';
import type { OutboundMessage } from './message.js';

/** The catalog's compatibility level for a subject `<topic>-<record>`, if the topic is in the catalog. */
export function catalogCompatibility(subject: string): CompatibilityLevel | undefined {
  for (const spec of Object.values(topics) as { name: string; compatibility: CompatibilityLevel }[]) {
    if (subject.startsWith(`${spec.name}-`)) return spec.compatibility;
  }
  return undefined;
}

export interface KafkaRuntimeOptions {
  readonly env: KafkaEnv;
  readonly service: string;
  readonly logger: Logger;
  readonly registry: Registry;
}

export class KafkaRuntime {
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly metrics: KafkaMetrics;
  private readonly consumers: FolioConsumer<unknown, unknown>[] = [];
  private producerPromise: Promise<Producer> | undefined;
  private readonly txProducers: Producer[] = [];

  constructor(private readonly options: KafkaRuntimeOptions) {
    this.kafka = createKafka(options.env, options.service, options.logger);
    this.serde = new AvroSerde({
      registryUrl: options.env.SCHEMA_REGISTRY_URL,
      username: options.env.SCHEMA_REGISTRY_USERNAME,
      password: options.env.SCHEMA_REGISTRY_PASSWORD,
      compatibilityFor: catalogCompatibility,
    });
    this.metrics = kafkaMetrics(options.registry);
  }

  /**
   * Registers the value schemas of catalog topics this service writes, under their catalog compatibility level,
   * so that a deploy whose schemas break compatibility fails at start with the subjects named, not at first send.
   */
  async registerTopics(names: readonly TopicName[]): Promise<void> {
    const failures: string[] = [];
    for (const name of names) {
      for (const fullName of topics[name].values as readonly RecordFullName[]) {
        const subject = topicRecordSubject(name, fullName);
        await this.serde.register(subject, valueSchemas[fullName]).catch((error: unknown) => failures.push(`${subject}: ${(error as Error).message}`));
      }
    }
    if (failures.length > 0) throw new Error(`schema registration failed:\n  ${failures.join('\n  ')}`);
  }

  /** The shared idempotent producer, connected on first use. */
  producer(): Promise<Producer> {
    if (!this.producerPromise) {
      const p = this.kafka.producer({ createPartitioner: folioPartitioner, idempotent: true, maxInFlightRequests: 5 });
      this.producerPromise = p.connect().then(() => p);
      this.producerPromise.catch(() => (this.producerPromise = undefined));
    }
    return this.producerPromise;
  }

  /** Produces typed messages with the idempotent producer (at least once; for edges like the REST API). */
  async send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.producer();
    const topicMessages = await encodeOutbound(this.serde, messages);
    await producer.sendBatch({ topicMessages, acks: -1 });
    for (const t of topicMessages) this.metrics.produced.inc({ topic: t.topic }, t.messages.length);
  }

  /**
   * A transactional producer for work that is not consume -> produce (e.g. firing due timers):
   * `run` sends everything `fn` returns in one transaction, or nothing.
   */
  async transactional(transactionalId: string) {
    const producer = this.kafka.producer({ createPartitioner: folioPartitioner, transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    this.txProducers.push(producer);
    const run = async (messages: readonly OutboundMessage[]): Promise<void> => {
      const topicMessages = await encodeOutbound(this.serde, messages);
      const tx: Transaction = await producer.transaction();
      try {
        for (const t of topicMessages) await tx.send({ topic: t.topic, messages: t.messages, acks: -1 });
        await tx.commit();
      } catch (error) {
        this.metrics.transactions.inc({ result: 'abort' });
        await tx.abort().catch(() => undefined);
        throw error;
      }
      this.metrics.transactions.inc({ result: 'commit' });
      for (const t of topicMessages) this.metrics.produced.inc({ topic: t.topic }, t.messages.length);
    };
    return { run, disconnect: () => producer.disconnect() };
  }

  /** Creates a consumer that the runtime tracks for readiness and stops on shutdown. Call `start()` on it. */
  consumer<T, S = never>(options: ConsumerOptions<T, S>): FolioConsumer<T, S> {
    const consumer = new FolioConsumer<T, S>(
      { kafka: this.kafka, serde: this.serde, metrics: this.metrics, logger: this.options.logger, service: this.options.service, producer: () => this.producer() },
      options,
    );
    this.consumers.push(consumer as unknown as FolioConsumer<unknown, unknown>);
    return consumer;
  }

  /** Ready when every consumer has joined its group and restored its state. */
  isReady(): boolean {
    return this.consumers.every((c) => c.isReady());
  }

  /** Stops consumers first (they finish and commit), then producers. */
  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await Promise.allSettled(this.txProducers.map((p) => p.disconnect()));
    if (this.producerPromise) await (await this.producerPromise.catch(() => undefined))?.disconnect();
  }
}
