// What happens to a hotel's batching. Public events carry the Avro record name as their type; the
// internal ones (RequestAdded, RequestRemoved, BatchCompleted) only change the state.
import type { BatchEntry } from '@folio/contracts';
import type { HotelHints } from './state.js';

export interface Reason {
  readonly code: string;
  readonly message: string;
}

export type BatchEvent =
  | { readonly type: 'RequestAdded'; readonly request: BatchEntry; readonly hints: HotelHints; readonly occurredAt: number }
  | { readonly type: 'RequestRemoved'; readonly recordId: string; readonly reason: Reason; readonly occurredAt: number }
  | { readonly type: 'BatchCreated'; readonly batchId: string; readonly recordIds: readonly string[]; readonly occurredAt: number }
  | {
      readonly type: 'BatchScheduled';
      readonly batchId: string;
      readonly recordIds: readonly string[];
      readonly channel: 'CALL' | 'EMAIL';
      readonly scheduledFor: number;
      readonly estimatedDurationSeconds: number;
      readonly reason: Reason;
      readonly occurredAt: number;
    }
  | {
      readonly type: 'BatchSplit';
      readonly batchId: string;
      readonly keptRecordIds: readonly string[];
      readonly movedRecordIds: readonly string[];
      readonly newBatchId: string;
      readonly newChannel: 'CALL' | 'EMAIL';
      readonly reason: Reason;
      readonly occurredAt: number;
    }
  | {
      readonly type: 'BatchDispatched';
      readonly batchId: string;
      readonly channel: 'CALL' | 'EMAIL';
      /** Requests raised, oldest first, numbered from 1. */
      readonly entries: readonly BatchEntry[];
      readonly callId: string | null;
      readonly emailId: string | null;
      readonly estimatedDurationSeconds: number;
      readonly occurredAt: number;
    }
  | { readonly type: 'BatchCompleted'; readonly batchId: string; readonly occurredAt: number }
  | { readonly type: 'BatchCancelled'; readonly batchId: string; readonly recordIds: readonly string[]; readonly reason: Reason; readonly occurredAt: number };
