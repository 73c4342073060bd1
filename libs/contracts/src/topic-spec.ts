// The shape of one entry of the topic catalog (schemas/topics.yaml).

/** Schema registry compatibility levels. */
export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

/** One topic of the catalog. */
export interface TopicSpec {
  /** Topic name, `folio.<name>.v<N>`. */
  readonly name: string;
  /** What the topic carries and why. */
  readonly description: string;
  /** The message key: a UTF-8 string (never Avro), named after the entity it identifies. */
  readonly key: { readonly name: string; readonly format: string; readonly doc: string };
  /** Full Avro names of the value record types; each is registered as `<topic>-<full name>`. */
  readonly values: readonly string[];
  /** Partition count; equal within a co-partition group. */
  readonly partitions: number;
  /** Kafka cleanup.policy. */
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Kafka retention.ms; -1 keeps messages forever. */
  readonly retentionMs: number;
  /** Kafka min.compaction.lag.ms for compacted topics, else null. */
  readonly minCompactionLagMs: number | null;
  /** Registry compatibility level of every subject of the topic. */
  readonly compatibility: CompatibilityLevel;
  /** Topics of one group share key and partition count so a consumer can join them partition by partition. */
  readonly coPartitionGroup: string | null;
  /** What a tombstone (null value) means on this topic, if it is used. */
  readonly tombstones: string | null;
  /** Services that write the topic. */
  readonly producers: readonly string[];
  /** Services that read the topic. */
  readonly consumers: readonly string[];
}
