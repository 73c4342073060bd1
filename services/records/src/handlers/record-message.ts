// One handler for every message about a request (intake, outcomes, extractions, operator commands): message
// -> command -> decide against the partition's state -> new state, record events and contact-queue entries,
// which the runtime commits in one transaction with the consumed offset.
import {
  DeadLetterSchema,
  HEADER_CORRELATION_ID,
  HEADER_TENANT_ID,
  RecordRejectedSchema,
  RecordReadyForContactSchema,
  RecordWithdrawnSchema,
  SendEmailSchema,
  VerifyFolioSchema,
  valueSchemas,
  type BatchCancelled,
  type BatchScheduled,
  type CallPlaced,
  type DeadLetter,
  type EmailBounced,
  type EmailSent,
  type EraseRecord,
  type ExtractionFailed,
  type FolioDelivered,
  type FolioExtracted,
  type FolioMismatch,
  type FolioReceived,
  type FolioRequestState,
  type Reason,
  type RecordCallOutcome,
  type RecordCancelled,
  type RecordCreated,
  type RecordRejected,
  type RecordFullName,
  type VerifyFolio,
  type AvroRecordSchema,
  recordFullNames,
} from '@folio/contracts';
import { IllegalStateError, PoisonMessageError, ValidationError } from '@folio/errors';
import { cancelTimer, type HandlerContext, type InboundMessage, type OutboundMessage } from '@folio/runtime';
import {
  contactQueueEntries,
  decide,
  deliveryEmails,
  evolveAll,
  fromSnapshot,
  initialState,
  InvalidRecordError,
  toSnapshot,
  type ContactSettings,
  type DeliverySettings,
  type FolioRequestCommand,
  type FolioRequestEvent,
  type RecordPolicy,
} from '../domain/folio-request/index.js';
import type { HotelDirectory } from '../adapters/hotel-directory.js';

/** Every value the records service reads. */
export type RecordsInput =
  | RecordCreated
  | RecordCancelled
  | EraseRecord
  | BatchScheduled
  | BatchCancelled
  | CallPlaced
  | RecordCallOutcome
  | EmailSent
  | EmailBounced
  | FolioReceived
  | FolioExtracted
  | FolioMismatch
  | ExtractionFailed
  | FolioDelivered
  | VerifyFolio;

export type ContactStep = 'call' | 'email' | 'verify' | 'escalate' | 'fail' | 'verify_cancelled' | 'delivery';

/** The contact step an event carries out, when the contact policy decided it. */
function stepOf(event: FolioRequestEvent): ContactStep | null {
  if (!event.contact?.outcome) return null;
  if (event.contact.verify) return 'verify';
  switch (event.type) {
    case 'RecordQueued':
      return event.contact.channel === 'EMAIL' ? 'email' : 'call';
    case 'CallbackRequested':
      return 'call';
    case 'RecordEscalated':
      return 'escalate';
    case 'RecordFailed':
      return 'fail';
    default:
      return null;
  }
}

export interface RecordTopics {
  readonly recordEvents: string;
  readonly contactQueue: string;
  readonly deadLetters: string;
  /** Durable timers: verification checks are armed and cancelled here. */
  readonly timers: string;
  /** SendEmail: deliveries of validated folios. */
  readonly emailCommands: string;
  /** Where a verification check comes back (a topic this service consumes, keyed by recordId). */
  readonly outcomes: string;
}

export interface RecordHandlerDeps {
  readonly topics: RecordTopics;
  readonly policy: RecordPolicy;
  readonly contact: ContactSettings;
  readonly delivery: DeliverySettings;
  readonly hotels: HotelDirectory;
  /** The Timer that publishes `message` at `dueAt` (armTimer with the runtime's serde, purpose FOLLOW_UP). */
  readonly armTimer: (timer: { timerId: string; dueAt: Date; recordId: string; now: Date }, message: OutboundMessage) => Promise<OutboundMessage>;
  readonly groupId: string;
  readonly service: string;
  readonly now: () => number;
  /** Encodes a value as it would sit on `topic` (the dead letter of a refused RecordCreated carries it). */
  readonly encode: (topic: string, schema: AvroRecordSchema, value: unknown) => Promise<Buffer>;
  /** Counts what the handler decided, by bounded labels. */
  readonly count?: (outcome: 'applied' | 'unchanged' | 'rejected', type: string) => void;
  /** Counts the contact steps decided (call, email, verify, escalate, fail), timers cancelled and deliveries asked for. */
  readonly countStep?: (step: ContactStep) => void;
}

function schemaOf(type: string): AvroRecordSchema {
  const fullName = (recordFullNames as Record<string, RecordFullName>)[type];
  const schema = fullName ? valueSchemas[fullName] : undefined;
  if (!schema) throw new Error(`no schema for ${type}`);
  return schema;
}

/** The command a message asks for, once its key names the request it is about. */
export function commandFor(message: InboundMessage<RecordsInput>, key: string): FolioRequestCommand {
  const v = message.value as never;
  const mustName = (recordId: string) => {
    if (recordId !== key) throw new ValidationError([{ field: 'recordId', reason: `recordId ${recordId} differs from the message key ${key}` }], 'KEY_MISMATCH');
  };
  const mustList = (recordIds: readonly string[]) => {
    if (!recordIds.includes(key)) throw new ValidationError([{ field: 'recordIds', reason: `the message key ${key} is not among its recordIds` }], 'KEY_MISMATCH');
  };
  switch (message.type) {
    case 'RecordCreated':
      mustName((v as RecordCreated).recordId);
      return { type: 'CreateRecord', data: v, tenantHeader: message.headers[HEADER_TENANT_ID] ?? null };
    case 'RecordCancelled':
      mustName((v as RecordCancelled).recordId);
      return { type: 'CancelRecord', data: v };
    case 'EraseRecord':
      mustName((v as EraseRecord).recordId);
      return { type: 'EraseRecord', data: v };
    case 'BatchScheduled':
      mustList((v as BatchScheduled).recordIds);
      return { type: 'ScheduleRecord', data: v };
    case 'BatchCancelled':
      mustList((v as BatchCancelled).recordIds);
      return { type: 'ReturnToQueue', data: v };
    case 'CallPlaced':
      mustList((v as CallPlaced).recordIds);
      return { type: 'StartCall', data: v };
    case 'RecordCallOutcome':
      mustName((v as RecordCallOutcome).recordId);
      return { type: 'ApplyCallOutcome', data: v };
    case 'EmailSent':
      mustList((v as EmailSent).recordIds);
      return { type: 'MarkEmailed', data: v };
    case 'EmailBounced':
      mustList((v as EmailBounced).recordIds);
      return { type: 'HandleBounce', data: v };
    case 'FolioReceived':
      mustName((v as FolioReceived).recordId);
      return { type: 'ReceiveFolio', data: v };
    case 'FolioExtracted':
      mustName((v as FolioExtracted).recordId);
      return { type: 'AcceptExtraction', data: v };
    case 'FolioMismatch':
      mustName((v as FolioMismatch).recordId);
      return { type: 'FlagMismatch', data: v };
    case 'ExtractionFailed':
      mustName((v as ExtractionFailed).recordId);
      return { type: 'FlagExtractionFailure', data: v };
    case 'FolioDelivered':
      mustName((v as FolioDelivered).recordId);
      return { type: 'ConfirmDelivery', data: v };
    case 'VerifyFolio':
      mustName((v as VerifyFolio).recordId);
      return { type: 'CheckFolio', data: v };
    default:
      throw new PoisonMessageError('UNEXPECTED_MESSAGE_TYPE', `the records service does not read ${String(message.type)}`);
  }
}

export function recordHandler(deps: RecordHandlerDeps) {
  const { topics } = deps;

  const rejected = (message: InboundMessage<RecordsInput>, value: RecordCreated, reasons: readonly Reason[], existingRecordId: string | null): OutboundMessage => {
    const data: RecordRejected = {
      recordId: message.key ?? value.recordId,
      tenantId: value.tenantId,
      externalId: value.externalId,
      rejectedType: 'RecordCreated',
      reasons: [...reasons],
      existingRecordId,
      occurredAt: new Date(deps.now()),
    };
    return { topic: topics.recordEvents, key: data.recordId, schema: RecordRejectedSchema, value: data, headers: { [HEADER_TENANT_ID]: value.tenantId } };
  };

  const deadLetter = async (message: InboundMessage<RecordsInput>, error: InvalidRecordError): Promise<OutboundMessage> => {
    const letter: DeadLetter = {
      sourceTopic: message.topic,
      sourcePartition: message.partition,
      sourceOffset: Number(message.offset),
      sourceTimestamp: new Date(message.timestamp),
      consumerGroup: deps.groupId,
      service: deps.service,
      errorCode: error.code,
      errorMessage: error.message,
      errorCause: null,
      attempts: 1,
      failedAt: new Date(deps.now()),
      originalKey: message.key === null ? null : Buffer.from(message.key, 'utf8'),
      // The runtime hands handlers decoded values only: the value is re-encoded with the reader schema.
      originalValue: await deps.encode(message.topic, schemaOf('RecordCreated'), message.value),
      originalHeaders: { ...message.headers },
    };
    return { topic: topics.deadLetters, key: message.key ?? `${message.topic}/${message.partition}/${message.offset}`, schema: DeadLetterSchema, value: letter };
  };

  return async (message: InboundMessage<RecordsInput>, { state }: HandlerContext<FolioRequestState>): Promise<OutboundMessage[]> => {
    // A tombstone on an input topic carries nothing to decide on.
    if (message.value === null || message.type === null) return [];
    const key = message.key;
    if (key === null) throw new PoisonMessageError('MISSING_KEY', `${message.type} without a key: the key must be the recordId`);
    let command: FolioRequestCommand;
    try {
      command = commandFor(message, key);
    } catch (error) {
      if (message.type === 'RecordCreated' && error instanceof ValidationError) {
        const invalid = new InvalidRecordError(error.issues.map((i) => ({ code: error.code, message: i.reason, field: i.field })));
        deps.count?.('rejected', 'RecordCreated');
        return [rejected(message, message.value as RecordCreated, invalid.reasons, null), await deadLetter(message, invalid)];
      }
      throw error;
    }
    const snapshot = state.get(key);
    const before = snapshot ? fromSnapshot(snapshot) : initialState();
    const ctx = {
      now: new Date(deps.now()),
      meta: { correlationId: message.correlationId, causationId: `${message.topic}/${message.partition}/${message.offset}` },
      policy: deps.policy,
      hotel: (phone: string) => deps.hotels.lookup(phone),
    };
    let events: FolioRequestEvent[];
    try {
      events = decide(command, before, ctx);
    } catch (error) {
      if (command.type === 'CreateRecord' && error instanceof InvalidRecordError) {
        deps.count?.('rejected', 'RecordCreated');
        return [rejected(message, command.data, error.reasons, null), await deadLetter(message, error)];
      }
      if (command.type === 'CreateRecord' && error instanceof IllegalStateError && error.code === 'DUPLICATE_EXTERNAL_ID') {
        // A business answer, not a broken message: the requester learns which request already has the id.
        deps.count?.('rejected', 'RecordCreated');
        const existing = String(error.details?.['existingRecordId'] ?? key);
        return [rejected(message, command.data, [{ code: error.code, message: error.message, field: 'externalId' }], existing)];
      }
      throw error;
    }
    if (events.length === 0) {
      deps.count?.('unchanged', message.type);
      return [];
    }
    const after = evolveAll(before, events);
    if (after.status === 'erased' || after.status === 'none') state.delete(key);
    else state.put(key, toSnapshot(after));
    deps.count?.('applied', message.type);

    const tenantId = after.status === 'none' ? '' : after.tenantId;
    const headers = { [HEADER_TENANT_ID]: tenantId };
    const out: OutboundMessage[] = events.map((e) => ({ topic: topics.recordEvents, key, schema: schemaOf(e.type), value: e.data, headers }));
    for (const entry of contactQueueEntries(before, events, deps.contact)) {
      const schema = entry.type === 'RecordReadyForContact' ? RecordReadyForContactSchema : RecordWithdrawnSchema;
      out.push({ topic: topics.contactQueue, key: entry.hotelPhone, schema, value: entry.data, headers });
    }
    // Verification checks: a timer that sends VerifyFolio back to this request; a folio or an end cancels it.
    for (const event of events) {
      const note = event.contact;
      const step = stepOf(event);
      if (step) deps.countStep?.(step);
      if (note?.cancelTimer) {
        out.push(cancelTimer(note.cancelTimer, topics.timers));
        deps.countStep?.('verify_cancelled');
      }
      if (note?.verify) {
        const check: VerifyFolio = {
          recordId: key,
          tenantId,
          timerId: note.verify.timerId,
          reason: note.verify.reason,
          dueAt: note.verify.at,
          armedAt: ctx.now,
        };
        const fire: OutboundMessage = { topic: topics.outcomes, key, schema: VerifyFolioSchema, value: check, headers: { ...headers, [HEADER_CORRELATION_ID]: message.correlationId } };
        out.push(await deps.armTimer({ timerId: note.verify.timerId, dueAt: note.verify.at, recordId: key, now: ctx.now }, fire));
      }
    }
    for (const email of deliveryEmails(before, events, deps.delivery, ctx.now)) {
      out.push({ topic: topics.emailCommands, key: email.hotelPhone, schema: SendEmailSchema, value: email, headers });
      deps.countStep?.('delivery');
    }
    return out;
  };
}

