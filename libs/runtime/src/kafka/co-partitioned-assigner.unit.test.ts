import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { coPartitionedAssignment } from './co-partitioned-assigner.js';

describe('co-partitioned assignment', () => {
  it('gives partition p of every topic to one member, whatever the member count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 4 }), (members, partitions, topics) => {
        const ids = Array.from({ length: members }, (_, i) => `m-${(i * 7919) % 101}-${i}`);
        const byTopic = new Map(Array.from({ length: topics }, (_, t) => [`topic-${t}`, Array.from({ length: partitions }, (_, p) => p)]));
        const result = coPartitionedAssignment(ids, byTopic);
        for (let p = 0; p < partitions; p++) {
          const owners = new Set([...result].filter(([, a]) => Object.values(a).some((ps) => ps.includes(p))).map(([id]) => id));
          expect(owners.size).toBe(1);
          const [owner] = owners;
          for (const t of byTopic.keys()) expect(result.get(owner!)![t]).toContain(p);
        }
        const counts = [...result.values()].map((a) => a['topic-0']?.length ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('splits 12 partitions over 5 members as 3,3,2,2,2 with the same numbers on both topics', () => {
    const result = coPartitionedAssignment(['e', 'a', 'c', 'b', 'd'], new Map([['in', [...Array(12).keys()]], ['state', [...Array(12).keys()]]]));
    expect(result.get('a')).toEqual({ in: [0, 5, 10], state: [0, 5, 10] });
    expect(result.get('e')).toEqual({ in: [4, 9], state: [4, 9] });
  });
});
