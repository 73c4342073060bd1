// Assigns partition number p of every subscribed topic to the same group member, so a stateful consumer of
// co-partitioned topics (same key, same partition count) sees all of a key's messages and holds its state.
// kafkajs' default round-robin assigner deals topic-partitions out one by one, which splits partition p of
// different topics across members whenever the member count does not divide the partition count.
import kafkajs, { type PartitionAssigner } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/** Member i (by sorted member id) gets partitions p with p % members === i, of every topic. */
export function coPartitionedAssignment(
  memberIds: readonly string[],
  partitionsByTopic: ReadonlyMap<string, readonly number[]>,
): Map<string, Record<string, number[]>> {
  const sorted = [...memberIds].sort();
  const out = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
  if (sorted.length === 0) return out;
  for (const [topic, partitions] of partitionsByTopic) {
    for (const p of [...partitions].sort((a, b) => a - b)) {
      const member = out.get(sorted[p % sorted.length]!)!;
      (member[topic] ??= []).push(p);
    }
  }
  return out;
}

export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'FolioCoPartitionedAssigner',
  version: 1,
  async assign({ members, topics }) {
    const partitionsByTopic = new Map(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId)]));
    const assignment = coPartitionedAssignment(members.map((m) => m.memberId), partitionsByTopic);
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: topicPartitions, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return {
      name: 'FolioCoPartitionedAssigner',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
