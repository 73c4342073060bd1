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
} from '@folio/contracts';

/** Where an event came from: the correlation-id and causation-id of the message that caused it. */
export interface EventMeta {
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly version: number;
  readonly data: Data;
  readonly meta: EventMeta;
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
