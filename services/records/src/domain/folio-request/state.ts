// The state of one folio request: a `status` union whose variants carry their own fields, on top of what
// every existing request has (identity, the request data, contact attempts and history).
import type { FolioDocument, FolioRequest, RecordHistoryEntry } from '@folio/contracts';

export type Status =
  | 'received'
  | 'queued'
  | 'scheduled'
  | 'in_call'
  | 'emailed'
  | 'awaiting_folio'
  | 'callback_scheduled'
  | 'folio_received'
  | 'extracted'
  | 'needs_review'
  | 'delivered'
  | 'escalated'
  | 'failed'
  | 'cancelled'
  | 'erased';

/** Statuses nothing moves a request out of (erasure aside, which removes it). */
export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(['delivered', 'failed', 'cancelled', 'erased']);

/** Statuses in which the request sits on the contact queue or in a batch, waiting to be raised. */
export const WAITING_FOR_CONTACT: ReadonlySet<Status> = new Set(['queued', 'scheduled', 'callback_scheduled']);

/** What every request that exists carries, whatever its status. */
export interface RecordCore {
  readonly recordId: string;
  readonly tenantId: string;
  /** Version of the last event applied: 1 after RecordReceived, +1 per event. */
  readonly version: number;
  readonly request: FolioRequest;
  /** Contact attempts so far (calls placed and request emails sent). */
  readonly attempts: number;
  /** The last call that raised the request, if any. */
  readonly lastCallId: string | null;
  readonly receivedAt: Date;
  readonly updatedAt: Date;
  /** Every event of the request, oldest first. */
  readonly history: readonly RecordHistoryEntry[];
}

export type ActiveState =
  | (RecordCore & { readonly status: 'received' })
  | (RecordCore & { readonly status: 'queued'; readonly notBefore: Date | null })
  | (RecordCore & { readonly status: 'scheduled'; readonly batchId: string; readonly scheduledFor: Date })
  | (RecordCore & { readonly status: 'in_call'; readonly callId: string; readonly batchId: string | null })
  | (RecordCore & { readonly status: 'emailed'; readonly emailId: string; readonly batchId: string | null })
  | (RecordCore & { readonly status: 'awaiting_folio' })
  | (RecordCore & { readonly status: 'callback_scheduled'; readonly callbackAt: Date })
  | (RecordCore & { readonly status: 'folio_received'; readonly documentKey: string })
  | (RecordCore & { readonly status: 'extracted'; readonly documentKey: string; readonly folio: FolioDocument })
  | (RecordCore & { readonly status: 'needs_review'; readonly documentKey: string | null; readonly folio: FolioDocument | null })
  | (RecordCore & { readonly status: 'delivered'; readonly documentKey: string; readonly folio: FolioDocument | null })
  | (RecordCore & { readonly status: 'escalated' })
  | (RecordCore & { readonly status: 'failed' })
  | (RecordCore & { readonly status: 'cancelled' });

/** The request was erased: nothing personal is left, only what identifies the erasure. */
export interface ErasedState {
  readonly status: 'erased';
  readonly recordId: string;
  readonly tenantId: string;
  readonly version: number;
}

/** No request with this id exists (never created, or erased and its tombstone applied). */
export interface NoRecord {
  readonly status: 'none';
}

export type RecordState = NoRecord | ActiveState | ErasedState;

export function initialState(): RecordState {
  return { status: 'none' };
}

export function isTerminal(state: RecordState): boolean {
  return state.status !== 'none' && TERMINAL_STATUSES.has(state.status);
}
