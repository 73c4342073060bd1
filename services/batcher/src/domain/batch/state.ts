// The batcher's state per hotel: the requests waiting to be raised and the hotel's one current batch.
import type { BatchEntry } from '@folio/contracts';

/** Where the hotel's current batch stands. */
export type BatchPhase =
  | { readonly status: 'NONE' }
  | { readonly status: 'OPEN'; readonly batchId: string; readonly openedAt: number }
  | { readonly status: 'SCHEDULED'; readonly batchId: string; readonly openedAt: number; readonly scheduledFor: number }
  | {
      readonly status: 'DISPATCHED';
      readonly batchId: string;
      readonly openedAt: number;
      readonly channel: 'CALL' | 'EMAIL';
      /** Requests the contact in flight raises; the next batch waits for its outcome. */
      readonly inFlight: readonly BatchEntry[];
      readonly callId: string | null;
      readonly emailId: string | null;
      readonly dispatchedAt: number;
    };

/** What requests carried about the hotel (name, email, zone); the hotel profile, when there is one, wins. */
export interface HotelHints {
  readonly name: string | null;
  readonly email: string | null;
  readonly timeZone: string | null;
}

export interface HotelBatching {
  readonly hotelPhone: string;
  readonly hints: HotelHints;
  /** Requests not yet dispatched, oldest first, each once. */
  readonly pending: readonly BatchEntry[];
  readonly batch: BatchPhase;
  readonly version: number;
  readonly updatedAt: number;
}

export function initialState(hotelPhone: string): HotelBatching {
  return { hotelPhone, hints: { name: null, email: null, timeZone: null }, pending: [], batch: { status: 'NONE' }, version: 0, updatedAt: 0 };
}

/** Nothing pending and no batch: the hotel's state can be deleted (a tombstone). */
export function isIdle(state: HotelBatching): boolean {
  return state.batch.status === 'NONE' && state.pending.length === 0;
}
