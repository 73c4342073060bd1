// The batch projection over folio.batches.v1: (row | null, Batch | tombstone) -> row | null. Rows are per
// batch id; the topic's tombstone ("the hotel has no batch") keeps the finished batch's row. Entries are
// kept as record ids only: guest names and confirmation numbers stay on the records rows.
import type { Batch } from '@folio/contracts';
import type { BatchRow } from '@folio/read-models';

export type BatchesEvent = { readonly type: 'Batch'; readonly batch: Batch } | { readonly type: 'Tombstone'; readonly hotelPhone: string };

export function batchRowOf(batch: Batch): BatchRow {
  return {
    batchId: batch.batchId,
    hotelPhone: batch.hotelPhone,
    status: batch.status,
    channel: batch.channel,
    recordIds: batch.entries.map((e) => e.recordId.toLowerCase()),
    tenantIds: [...new Set(batch.entries.map((e) => e.tenantId))].sort(),
    estimatedDurationSeconds: batch.estimatedDurationSeconds,
    hotelTimeZone: batch.hotelTimeZone,
    scheduledFor: batch.scheduledFor,
    dispatchedAt: batch.dispatchedAt,
    callId: batch.callId,
    emailId: batch.emailId,
    createdAt: batch.createdAt,
    updatedAt: batch.updatedAt,
    version: batch.version,
  };
}

/** A newer version replaces the row; an older or equal one, or a tombstone, leaves it (returns `current`). */
export function projectBatch(current: BatchRow | null, event: BatchesEvent): BatchRow | null {
  switch (event.type) {
    case 'Tombstone':
      return current;
    case 'Batch':
      if (current !== null && current.version >= event.batch.version) return current;
      return batchRowOf(event.batch);
    default: {
      const unknown: never = event;
      void unknown;
      return current;
    }
  }
}
