// Kafka helpers for tests: topics with unique names, a raw producer, and collecting what lands on a topic.
import kafkajs, { type Admin, type ITopicConfig, type KafkaMessage } from 'kafkajs';
import { kafkaBrokers } from './environment.js';
import { uniqueName } from './names.js';
import { waitFor } from './wait.js';

const { Kafka, logLevel } = kafkajs;

export function testKafka(clientId = 'folio-test') {
  return new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka('folio-test-admin').admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates topics named `<prefix>.<run>.<random>`; returns their names in order. */
export async function createTopics(
  specs: readonly { prefix: string; partitions?: number; compact?: boolean; config?: ITopicConfig['configEntries'] }[],
): Promise<string[]> {
  const names = specs.map((s) => uniqueName(s.prefix));
  await withAdmin(async (admin) => {
    await admin.createTopics({
      waitForLeaders: false,
      topics: specs.map((s, i) => ({
        topic: names[i]!,
        numPartitions: s.partitions ?? 1,
        replicationFactor: 1,
        configEntries: [...(s.compact ? [{ name: 'cleanup.policy', value: 'compact' }] : []), ...(s.config ?? [])],
      })),
    });
    // kafkajs' own wait gives up when metadata briefly says "unknown topic" right after creation; poll instead.
    await waitFor(`leaders for ${names.join(', ')}`, async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      return topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    }, { timeoutMs: 30_000, intervalMs: 100 });
  });
  return names;
}

export async function deleteTopics(names: readonly string[]): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics: [...names] })).catch(() => undefined);
}

export interface CollectedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * Reads `topic` from the beginning with its own group until `count` messages arrived (or `timeoutMs`),
 * then keeps reading `settleMs` more to catch duplicates. `readUncommitted` shows aborted records too.
 */
export async function collectMessages(
  topic: string,
  count: number,
  options: { timeoutMs?: number; settleMs?: number; readUncommitted?: boolean } = {},
): Promise<CollectedMessage[]> {
  const consumer = testKafka('folio-test-collector').consumer({ groupId: uniqueName('collector'), readUncommitted: options.readUncommitted ?? false });
  const seen: CollectedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
        seen.push({ partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value, headers });
      },
    });
    await waitFor(`${count} messages on ${topic} (have ${seen.length})`, () => seen.length >= count, { timeoutMs: options.timeoutMs ?? 30_000 }).catch((e: unknown) => {
      if (count > 0) throw e;
    });
    await new Promise((r) => setTimeout(r, options.settleMs ?? 1_000));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
