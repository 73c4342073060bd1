// Reads given partitions of a compacted changelog from the start to the current end (read_committed),
// using a throwaway consumer group whose assigner hands exactly those partitions to its only member.
import { randomUUID } from 'node:crypto';
import kafkajs, { type PartitionAssigner } from 'kafkajs';
import type { Logger } from '@folio/logger';
import type { Kafka } from './client.js';

const { AssignerProtocol } = kafkajs;

function fixedAssigner(topic: string, partitions: readonly number[]): PartitionAssigner {
  return () => ({
    name: 'FolioRestoreAssigner',
    version: 1,
    async assign({ members }) {
      return members.map((member, i) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: i === 0 ? { [topic]: [...partitions] } : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: 'FolioRestoreAssigner',
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}

export interface ChangelogRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
}

/**
 * Calls `onRecord` for every committed record of `partitions` of `topic`, in offset order per partition,
 * up to the high watermark seen at the start. Resolves, when every partition has been read to that point,
 * with the number of records read and the offset each partition was read up to (exclusive).
 */
export async function readChangelog(
  kafka: Kafka,
  logger: Logger,
  topic: string,
  partitions: readonly number[],
  onRecord: (record: ChangelogRecord) => Promise<void> | void,
  options: { timeoutMs?: number } = {},
): Promise<{ count: number; ends: Map<number, bigint> }> {
  const admin = kafka.admin();
  await admin.connect();
  let count = 0;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const targets = new Map<number, bigint>();
    const ends = new Map<number, bigint>();
    for (const p of partitions) {
      const o = offsets.find((x) => x.partition === p);
      if (!o) throw new Error(`changelog ${topic} has no partition ${p}`);
      ends.set(p, BigInt(o.high));
      if (BigInt(o.high) > BigInt(o.low)) targets.set(p, BigInt(o.high));
    }
    if (targets.size === 0) return { count: 0, ends };

    const groupId = `folio-restore.${topic}.${randomUUID()}`;
    const consumer = kafka.consumer({
      groupId,
      partitionAssigners: [fixedAssigner(topic, [...targets.keys()])],
      readUncommitted: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
      sessionTimeout: 30_000,
    });
    const pending = new Set(targets.keys());
    let finish!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const reached = (partition: number, lastOffset: string) => {
      const target = targets.get(partition);
      if (target !== undefined && BigInt(lastOffset) + 1n >= target && pending.delete(partition) && pending.size === 0) finish();
    };
    // END_BATCH_PROCESS also fires for batches holding only transaction markers, which end a partition.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.partition, payload.lastOffset));
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch, heartbeat }) => {
          const target = targets.get(batch.partition);
          for (const m of batch.messages) {
            if (target === undefined || BigInt(m.offset) >= target) break;
            await onRecord({ partition: batch.partition, offset: m.offset, key: m.key?.toString('utf8') ?? null, value: m.value });
            count++;
          }
          await heartbeat();
        },
      });
      const timeoutMs = options.timeoutMs ?? 300_000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`restoring ${topic} ${[...pending].join(',')} took over ${timeoutMs} ms`)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch((e: unknown) => logger.debug({ err: e, groupId }, 'restore group not deleted'));
    }
    return { count, ends };
  } finally {
    await admin.disconnect();
  }
}
