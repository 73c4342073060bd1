// Lookups over the generated topic catalog: subjects, value types, Kafka topic configs.
import { topics, valueSchemas, type RecordFullName, type TopicName } from './generated/topics.js';
import type { AvroRecordSchema } from './avro-schema.js';
import type { TopicSpec } from './topic-spec.js';

/**
 * The registry subject of a value type on a topic: TopicRecordNameStrategy, `<topic>-<record full name>`,
 * used for every topic (also single-type ones) so that one rule names every subject.
 */
export function subjectFor(topic: string, recordFullName: string): string {
  return `${topic}-${recordFullName}`;
}

/** Every catalog topic, in catalog order. */
export function topicList(): readonly TopicSpec[] {
  return Object.values(topics);
}

/** True if `name` is a catalog topic. */
export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(topics, name);
}

/** One registry subject: a value type of a topic, its schema and the topic's compatibility level. */
export interface SubjectSpec {
  readonly topic: TopicName;
  readonly subject: string;
  readonly recordFullName: RecordFullName;
  readonly schema: AvroRecordSchema;
  readonly compatibility: TopicSpec['compatibility'];
}

/**
 * Every subject of the catalog (or of the given topics). `topicPrefix` is put in front of topic names,
 * so tests can use their own random topics and subjects.
 */
export function subjects(options: { topics?: readonly TopicName[]; topicPrefix?: string } = {}): SubjectSpec[] {
  const prefix = options.topicPrefix ?? '';
  const names = options.topics ?? (Object.keys(topics) as TopicName[]);
  return names.flatMap((topic) => {
    const spec: TopicSpec = topics[topic];
    return spec.values.map((fullName) => {
      const recordFullName = fullName as RecordFullName;
      return {
        topic,
        subject: subjectFor(prefix + topic, recordFullName),
        recordFullName,
        schema: valueSchemas[recordFullName],
        compatibility: spec.compatibility,
      };
    });
  });
}

/**
 * Kafka topic configs of a catalog topic, as the admin API and Strimzi take them. min.insync.replicas is
 * only set when the replication factor leaves room for it.
 */
export function topicConfigs(spec: TopicSpec, options: { replicationFactor: number; minInsyncReplicas?: number }): Record<string, string> {
  const configs: Record<string, string> = {
    'cleanup.policy': spec.cleanupPolicy,
    'retention.ms': String(spec.retentionMs),
  };
  if (spec.minCompactionLagMs !== null) configs['min.compaction.lag.ms'] = String(spec.minCompactionLagMs);
  if (options.minInsyncReplicas !== undefined && options.replicationFactor > options.minInsyncReplicas) {
    configs['min.insync.replicas'] = String(options.minInsyncReplicas);
  }
  return configs;
}
