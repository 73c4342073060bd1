import { describe, it, expect } from '@jest/globals';
import { PartitionedStateStore } from './state-store.js';

describe('PartitionedStateStore', () => {
  it('shows a message its own writes and the open transaction, and commits them together', () => {
    const store = new PartitionedStateStore<number>();
    store.setPartition(0, new Map([['a', 1]]));
    store.beginChunk(0);
    const s = store.access();
    s.put('a', 2);
    expect(s.get('a')).toBe(2);
    expect(store.takeMessageWrites()).toEqual([['a', 2]]);
    s.put('b', 5);
    expect(s.get('a')).toBe(2);
    store.takeMessageWrites();
    expect(store.entries(0).get('a')).toBe(1);
    store.commitChunk();
    expect([...store.entries(0)]).toEqual([['a', 2], ['b', 5]]);
  });

  it('forgets the writes of a failed message but keeps earlier messages of the transaction', () => {
    const store = new PartitionedStateStore<number>();
    store.setPartition(0, new Map());
    store.beginChunk(0);
    const s = store.access();
    s.put('a', 1);
    store.takeMessageWrites();
    s.put('a', 99);
    s.delete('a');
    store.discardMessageWrites();
    expect(s.get('a')).toBe(1);
    store.commitChunk();
    expect(store.entries(0).get('a')).toBe(1);
  });

  it('drops everything an aborted transaction wrote, including deletes', () => {
    const store = new PartitionedStateStore<number>();
    store.setPartition(1, new Map([['k', 7]]));
    store.beginChunk(1);
    store.access().delete('k');
    store.takeMessageWrites();
    expect(store.access().get('k')).toBeUndefined();
    store.abortChunk();
    expect(store.entries(1).get('k')).toBe(7);
  });

  it('keeps partitions apart and reports their sizes', () => {
    const store = new PartitionedStateStore<string>();
    store.setPartition(0, new Map([['x', 'p0']]));
    store.setPartition(1, new Map([['x', 'p1'], ['y', 'p1']]));
    store.beginChunk(1);
    expect(store.access().get('x')).toBe('p1');
    store.abortChunk();
    expect(store.size()).toBe(3);
    store.dropPartition(1);
    expect(store.hasPartition(1)).toBe(false);
    expect(store.partitions()).toEqual([0]);
  });
});
