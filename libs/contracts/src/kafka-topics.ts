// Creates the catalog's topics on a Kafka cluster through the admin API: idempotent, existing topics are
// left alone (their partitions and configs are not changed here; a real cluster is managed by Strimzi).
import type { Admin } from 'kafkajs';
import { topics, type TopicName } from './generated/topics.js';
import { topicConfigs } from './topics.js';
import type { TopicSpec } from './topic-spec.js';

export interface CreateTopicsOptions {
  /** Put in front of every topic name (tests use a random prefix). */
  topicPrefix?: string;
  /** Topics to create; all catalog topics by default. */
  topics?: readonly TopicName[];
  /** Replication factor; 1 for a single local broker. */
  replicationFactor?: number;
  /** min.insync.replicas to set when the replication factor exceeds it. */
  minInsyncReplicas?: number;
  /** Override the catalog's partition count (e.g. 1 for quick tests); co-partitioned topics stay equal. */
  partitions?: number;
}

export interface CreateTopicsResult {
  /** Topics this call created. */
  created: string[];
  /** Topics that existed already and were left alone. */
  existing: string[];
}

export async function createTopics(admin: Admin, options: CreateTopicsOptions = {}): Promise<CreateTopicsResult> {
  const prefix = options.topicPrefix ?? '';
  const replicationFactor = options.replicationFactor ?? 1;
  const wanted = (options.topics ?? (Object.keys(topics) as TopicName[])).map((name) => topics[name] as TopicSpec);
  const present = new Set(await admin.listTopics());
  const result: CreateTopicsResult = { created: [], existing: [] };
  const missing = wanted.filter((spec) => {
    const name = prefix + spec.name;
    if (present.has(name)) result.existing.push(name);
    return !present.has(name);
  });
  if (missing.length === 0) return result;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: prefix + spec.name,
        numPartitions: options.partitions ?? spec.partitions,
        replicationFactor,
        configEntries: Object.entries(topicConfigs(spec, { replicationFactor, ...(options.minInsyncReplicas !== undefined ? { minInsyncReplicas: options.minInsyncReplicas } : {}) })).map(
          ([name, value]) => ({ name, value }),
        ),
      })),
    });
  } catch (err) {
    // Another process may have created some of them in between: that is the same outcome.
    if (!isTopicAlreadyExists(err)) throw err;
  }
  const after = new Set(await admin.listTopics());
  for (const spec of missing) {
    const name = prefix + spec.name;
    if (!after.has(name)) throw new Error(`topic ${name} was not created`);
    result.created.push(name);
  }
  return result;
}

function isTopicAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: Array<{ type?: string }> } | null;
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS');
}
