// Events of a folio request. `type` is the Avro record name the event is published as on
// folio.record-events.v1 and `data` its Avro value; `version` is the request's version after the event.
import type {
  CallbackRequested,
  ExtractionFailed,
  FolioDelivered,
  FolioExtracted,
  FolioMismatch,
  FolioReceived,
  RecordAwaitingFolio,
  RecordCancelled,
  RecordContacted,
  RecordErased,
  RecordEscalated,
  RecordFailed,
  RecordQueued,
  RecordReceived,
  RecordScheduled,
  Reason,
} from '@folio/contracts';
import type { ContactOutcome } from '@folio/scheduling';

/** Where an event came from: the correlation-id and causation-id of the message that caused it. */
export interface EventMeta {
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

/**
 * What an event means for the contact policy, beyond its Avro value: kept in the request's history entry
 * (so the policy's counters are derived from the history alone) and read by the handler (timers, channel).
 */
export interface ContactNote {
  /** The contact outcome the event records (a call result, an email sent, a verification that found nothing). */
  readonly outcome?: ContactOutcome;
  /** The channel the next contact goes by, for RecordQueued (the contact queue tells the batcher). */
  readonly channel?: 'CALL' | 'EMAIL';
  /** The reason shown in the history when the event's own value has none (CallbackRequested). */
  readonly reason?: Reason;
  /** A verification to arm: a durable timer that sends VerifyFolio back to the request at `at`. */
  readonly verify?: { readonly timerId: string; readonly at: Date; readonly reason: Reason };
  /** The verification timer the event makes pointless (a folio arrived, the request ended): cancelled. */
  readonly cancelTimer?: string;
  /** The verification timer whose check this event answers (a replayed check changes nothing). */
  readonly checkedTimer?: string;
}

interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly version: number;
  readonly data: Data;
  readonly meta: EventMeta;
  readonly contact?: ContactNote;
}

export type FolioRequestEvent =
  | Event<'RecordReceived', RecordReceived>
  | Event<'RecordQueued', RecordQueued>
  | Event<'RecordScheduled', RecordScheduled>
  | Event<'RecordContacted', RecordContacted>
  | Event<'RecordAwaitingFolio', RecordAwaitingFolio>
  | Event<'CallbackRequested', CallbackRequested>
  | Event<'FolioReceived', FolioReceived>
  | Event<'FolioExtracted', FolioExtracted>
  | Event<'FolioMismatch', FolioMismatch>
  | Event<'ExtractionFailed', ExtractionFailed>
  | Event<'FolioDelivered', FolioDelivered>
  | Event<'RecordEscalated', RecordEscalated>
  | Event<'RecordFailed', RecordFailed>
  | Event<'RecordCancelled', RecordCancelled>
  | Event<'RecordErased', RecordErased>;

export type FolioRequestEventType = FolioRequestEvent['type'];

/** Every event type, for exhaustiveness checks and tests. */
export const EVENT_TYPES = [
  'RecordReceived',
  'RecordQueued',
  'RecordScheduled',
  'RecordContacted',
  'RecordAwaitingFolio',
  'CallbackRequested',
  'FolioReceived',
  'FolioExtracted',
  'FolioMismatch',
  'ExtractionFailed',
  'FolioDelivered',
  'RecordEscalated',
  'RecordFailed',
  'RecordCancelled',
  'RecordErased',
] as const satisfies readonly FolioRequestEventType[];
