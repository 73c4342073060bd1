// What the batcher is asked to do for one hotel. Times and ids come in as arguments.
import type { BatchEntry } from '@folio/contracts';
import type { HotelContact } from './estimate.js';
import type { HotelHints } from './state.js';
import type { Reason } from './events.js';

/** The global limits' answer for a batch's contact (its call, or its email for an email-only hotel). */
export type CallGrant =
  | { readonly kind: 'granted'; readonly at: number }
  | { readonly kind: 'deferred'; readonly until: number; readonly reason: Reason }
  | { readonly kind: 'none' };

export type BatchCommand =
  | { readonly type: 'AddRequest'; readonly request: BatchEntry; readonly hints: HotelHints; readonly newBatchId: string; readonly now: number }
  | { readonly type: 'WithdrawRequest'; readonly recordId: string; readonly version: number; readonly reason: Reason; readonly now: number }
  | {
      readonly type: 'FireBatch';
      readonly batchId: string;
      readonly dueAt: number;
      readonly hotel: HotelContact;
      readonly grant: CallGrant;
      readonly ids: { readonly callId: string; readonly emailId: string; readonly overflowBatchId: string };
      readonly now: number;
    }
  /** The contact in flight has its outcome (call ended, email sent or bounced). */
  | { readonly type: 'FinishContact'; readonly batchId: string; readonly newBatchId: string; readonly now: number }
  /** The call reached its overflow time: the requests it did not raise go by email. */
  | {
      readonly type: 'OverflowCall';
      readonly batchId: string;
      readonly remainingRecordIds: readonly string[];
      readonly hotel: HotelContact;
      readonly ids: { readonly emailId: string; readonly overflowBatchId: string };
      readonly now: number;
    };
