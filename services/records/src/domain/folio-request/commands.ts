// Commands the records service decides on: one per consumed message type, named for what it asks.
// `data` is the decoded message as it arrived (validated by `decide`, never before).
import type {
  BatchCancelled,
  BatchScheduled,
  CallPlaced,
  EmailBounced,
  EmailSent,
  EraseRecord as EraseRecordData,
  ExtractionFailed,
  FolioDelivered,
  FolioExtracted,
  FolioMismatch,
  FolioReceived,
  RecordCallOutcome,
  RecordCancelled,
  RecordCreated,
  VerifyFolio,
} from '@folio/contracts';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type FolioRequestCommand =
  /** A requester asks for a new request (RecordCreated on folio.intake.v1). */
  | (Command<'CreateRecord', RecordCreated> & { readonly tenantHeader: string | null })
  | Command<'CancelRecord', RecordCancelled>
  | Command<'EraseRecord', EraseRecordData>
  | Command<'ScheduleRecord', BatchScheduled>
  | Command<'ReturnToQueue', BatchCancelled>
  | Command<'StartCall', CallPlaced>
  | Command<'ApplyCallOutcome', RecordCallOutcome>
  | Command<'MarkEmailed', EmailSent>
  | Command<'HandleBounce', EmailBounced>
  | Command<'ReceiveFolio', FolioReceived>
  | Command<'AcceptExtraction', FolioExtracted>
  | Command<'FlagMismatch', FolioMismatch>
  | Command<'FlagExtractionFailure', ExtractionFailed>
  | Command<'ConfirmDelivery', FolioDelivered>
  /** A verification timer fired (VerifyFolio, armed by this service): did the folio arrive? */
  | Command<'CheckFolio', VerifyFolio>;

export type FolioRequestCommandType = FolioRequestCommand['type'];
