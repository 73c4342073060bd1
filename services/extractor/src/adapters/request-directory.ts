// The request data a folio is checked against, read from the records service's state (compacted
// folio.records.v1, co-partitioned with folio.extractions.v1 by recordId). Per assigned partition the extractor
// keeps only what validation needs; a record it has not seen makes it read that partition again up to the
// current end, which holds every request created before the FolioReceived was produced (ADR 0028).
import { fullNameOf, type FolioRequestState } from '@folio/contracts';
import type { Logger } from '@folio/logger';
import { readChangelog, type AvroSerde, type Kafka, type RecordSchema } from '@folio/runtime';
import type { RequestToCheck } from '../domain/validation/validate-folio.js';

export interface RequestDirectory {
  /** The request `recordId` (in `partition` of the co-partitioned topics), or null when records has no such request. */
  lookup(partition: number, recordId: string): Promise<RequestToCheck | null>;
}

function toCheck(state: FolioRequestState): RequestToCheck {
  const r = state.request;
  return { guestFirstName: r.guestFirstName, guestLastName: r.guestLastName, confirmationNumber: r.confirmationNumber, stay: r.stay };
}

export interface RecordsStateDeps {
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly logger: Logger;
  readonly topic: string;
  readonly schema: RecordSchema;
  /** Called with each partition read (for metrics). */
  readonly onRead?: (partition: number, records: number, ms: number) => void;
}

export class RecordsStateDirectory implements RequestDirectory {
  private readonly partitions = new Map<number, Map<string, RequestToCheck>>();
  private readonly reading = new Map<number, Promise<Map<string, RequestToCheck>>>();
  private readonly readers: ReadonlyMap<string, RecordSchema>;

  constructor(private readonly deps: RecordsStateDeps) {
    this.readers = new Map([[fullNameOf(deps.schema), deps.schema]]);
  }

  async lookup(partition: number, recordId: string): Promise<RequestToCheck | null> {
    const known = this.partitions.get(partition)?.get(recordId);
    if (known) return known;
    const fresh = await this.read(partition);
    return fresh.get(recordId) ?? null;
  }

  /** Reads the partition to its current end; concurrent misses share one read. */
  private read(partition: number): Promise<Map<string, RequestToCheck>> {
    let pending = this.reading.get(partition);
    if (!pending) {
      pending = this.readPartition(partition).finally(() => this.reading.delete(partition));
      this.reading.set(partition, pending);
    }
    return pending;
  }

  private async readPartition(partition: number): Promise<Map<string, RequestToCheck>> {
    const started = Date.now();
    const entries = new Map<string, RequestToCheck>();
    const { count } = await readChangelog(this.deps.kafka, this.deps.logger, this.deps.topic, [partition], async (record) => {
      if (record.key === null) return;
      if (record.value === null) {
        entries.delete(record.key);
        return;
      }
      const decoded = await this.deps.serde.decode<FolioRequestState>(record.value, this.readers);
      entries.set(record.key, toCheck(decoded.value));
    });
    this.partitions.set(partition, entries);
    this.deps.onRead?.(partition, count, Date.now() - started);
    this.deps.logger.info({ partition, records: count, keys: entries.size, ms: Date.now() - started }, 'request state read');
    return entries;
  }
}
