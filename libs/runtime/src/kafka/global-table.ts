// A whole compacted topic held in memory by every replica (each reads all partitions with a group of its own,
// from the beginning, and keeps tailing it): for small reference data keyed differently from the service's
// own input, such as hotel profiles on folio.hotels.v1.
import { randomUUID } from 'node:crypto';
import type { KafkaRuntime } from './kafka-runtime.js';
import type { RecordSchema } from './avro-serde.js';

export interface GlobalTableOptions {
  readonly topic: string;
  readonly schema: RecordSchema;
  /** Prefix of the replica's own consumer group (a random suffix is added per start). */
  readonly groupPrefix: string;
}

export class GlobalTable<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly kafka: KafkaRuntime,
    private readonly options: GlobalTableOptions,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Applies one record of the topic: a value sets the key, a tombstone removes it. */
  apply(key: string, value: V | null): void {
    if (value === null) this.entries.delete(key);
    else this.entries.set(key, value);
  }

  /** Starts reading the topic from the beginning; returns once the consumer runs (readiness waits for its group). */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer<V>({
      groupId: `${this.options.groupPrefix}.${this.options.topic}.${randomUUID()}`,
      topics: [this.options.topic],
      readers: [this.options.schema],
      delivery: 'at-least-once',
      fromBeginning: true,
      handler: (message) => {
        if (message.key !== null) this.apply(message.key, message.value);
      },
    });
    await consumer.start();
  }
}
