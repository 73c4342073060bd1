// In-memory state per partition with two pending layers: the message being handled and the open transaction.
// Handlers read through the layers; a failed message or an aborted transaction discards only its own writes.

/** What a handler sees of its processor's state. */
export interface StateAccess<S> {
  get(key: string): S | undefined;
  put(key: string, value: S): void;
  delete(key: string): void;
}

type Pending<S> = Map<string, S | null>;

export class PartitionedStateStore<S> {
  private readonly committed = new Map<number, Map<string, S>>();
  private chunk: Pending<S> = new Map();
  private current: Pending<S> = new Map();
  private chunkPartition: number | undefined;

  hasPartition(partition: number): boolean {
    return this.committed.has(partition);
  }

  /** Installs a restored partition (replacing whatever was there). */
  setPartition(partition: number, entries: Map<string, S>): void {
    this.committed.set(partition, entries);
  }

  dropPartition(partition: number): void {
    this.committed.delete(partition);
  }

  partitions(): number[] {
    return [...this.committed.keys()];
  }

  size(partition?: number): number {
    if (partition !== undefined) return this.committed.get(partition)?.size ?? 0;
    let n = 0;
    for (const p of this.committed.values()) n += p.size;
    return n;
  }

  /** Committed entries of a partition (read-only view for timers, scans and tests). */
  entries(partition: number): ReadonlyMap<string, S> {
    return this.committed.get(partition) ?? new Map();
  }

  /** Applies a change straight to the committed state (for a changelog read as input). */
  applyCommitted(partition: number, key: string, value: S | null): void {
    let part = this.committed.get(partition);
    if (!part) {
      part = new Map();
      this.committed.set(partition, part);
    }
    if (value === null) part.delete(key);
    else part.set(key, value);
  }

  /** Opens the pending layers for a transaction over `partition`. */
  beginChunk(partition: number): void {
    this.chunk = new Map();
    this.current = new Map();
    this.chunkPartition = partition;
  }

  /** A view for one message; its writes are collected as changelog entries by `takeMessageWrites`. */
  access(): StateAccess<S> {
    return {
      get: (key) => this.read(key),
      put: (key, value) => void this.current.set(key, value),
      delete: (key) => void this.current.set(key, null),
    };
  }

  private read(key: string): S | undefined {
    if (this.current.has(key)) return this.current.get(key) ?? undefined;
    if (this.chunk.has(key)) return this.chunk.get(key) ?? undefined;
    if (this.chunkPartition === undefined) return undefined;
    return this.committed.get(this.chunkPartition)?.get(key);
  }

  /** The message succeeded: its writes join the transaction and are returned for the changelog. */
  takeMessageWrites(): [string, S | null][] {
    const writes = [...this.current];
    for (const [k, v] of writes) this.chunk.set(k, v);
    this.current = new Map();
    return writes;
  }

  /** The message failed: forget its writes. */
  discardMessageWrites(): void {
    this.current = new Map();
  }

  /** The transaction committed: its writes become the partition's state. */
  commitChunk(): void {
    if (this.chunkPartition === undefined) return;
    let part = this.committed.get(this.chunkPartition);
    if (!part) {
      part = new Map();
      this.committed.set(this.chunkPartition, part);
    }
    for (const [k, v] of this.chunk) {
      if (v === null) part.delete(k);
      else part.set(k, v);
    }
    this.chunk = new Map();
    this.chunkPartition = undefined;
  }

  /** The transaction aborted: forget everything it wrote. */
  abortChunk(): void {
    this.chunk = new Map();
    this.current = new Map();
    this.chunkPartition = undefined;
  }
}
