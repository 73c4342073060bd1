// decide(command, state, context) => events: the rules of a folio request's lifecycle. Pure: time, the
// correlation of the causing message, the policy and hotel memory come in as arguments.
import type { Reason, RecordCallOutcome } from '@folio/contracts';
import type { FolioRequestCommand } from './commands.js';
import type { EventMeta, FolioRequestEvent } from './events.js';
import { illegalState, InvalidRecordError } from './errors.js';
import { TERMINAL_STATUSES, WAITING_FOR_CONTACT, type ActiveState, type RecordState, type Status } from './state.js';
import { validateRecordCreated, type HotelMemory, type ValidationPolicy } from './validation.js';

export interface RecordPolicy extends ValidationPolicy {
  /** Contact attempts (calls and request emails) before a request fails with ATTEMPTS_EXHAUSTED. */
  readonly maxContactAttempts: number;
  /** Wait before the next attempt after no answer, an unclear answer or a soft bounce. */
  readonly retryDelayMs: number;
  /** Wait before a callback when the hotel named no time (24 h in the original design). */
  readonly callbackDelayMs: number;
}

export interface DecideContext {
  readonly now: Date;
  readonly meta: EventMeta;
  readonly policy: RecordPolicy;
  /** What Folio remembers of the hotel with this E.164 phone, if anything. */
  readonly hotel: (hotelPhone: string) => HotelMemory | null;
}

type Command<T extends FolioRequestCommand['type']> = Extract<FolioRequestCommand, { type: T }>;

const reason = (code: string, message: string): Reason => ({ code, message, field: null });

export function decide(command: FolioRequestCommand, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  switch (command.type) {
    case 'CreateRecord':
      return create(command, state, ctx);
    case 'CancelRecord':
      return cancel(command, state, ctx);
    case 'EraseRecord':
      return erase(command, state, ctx);
    case 'ScheduleRecord':
      return schedule(command, state, ctx);
    case 'ReturnToQueue':
      return returnToQueue(command, state, ctx);
    case 'StartCall':
      return startCall(command, state, ctx);
    case 'ApplyCallOutcome':
      return applyCallOutcome(command, state, ctx);
    case 'MarkEmailed':
      return markEmailed(command, state, ctx);
    case 'HandleBounce':
      return handleBounce(command, state, ctx);
    case 'ReceiveFolio':
      return receiveFolio(command, state, ctx);
    case 'AcceptExtraction':
      return acceptExtraction(command, state, ctx);
    case 'FlagMismatch':
      return flagMismatch(command, state, ctx);
    case 'FlagExtractionFailure':
      return flagExtractionFailure(command, state, ctx);
    case 'ConfirmDelivery':
      return confirmDelivery(command, state, ctx);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

/** The request the command applies to, if it exists and is not finished; otherwise a stable refusal. */
function active(command: FolioRequestCommand, state: RecordState): ActiveState {
  if (state.status === 'none' || state.status === 'erased') {
    throw illegalState('RECORD_NOT_FOUND', `${command.type}: no such request`, { command: command.type });
  }
  if (TERMINAL_STATUSES.has(state.status)) {
    throw illegalState('RECORD_FINISHED', `${command.type}: request ${state.recordId} is ${state.status} and cannot change any more`, {
      command: command.type,
      status: state.status,
    });
  }
  return state;
}

function illegal(command: FolioRequestCommand, state: ActiveState): never {
  throw illegalState('ILLEGAL_TRANSITION', `${command.type} does not apply to request ${state.recordId} while it is ${state.status}`, {
    command: command.type,
    status: state.status,
  });
}

function allowed(state: ActiveState, statuses: readonly Status[]): boolean {
  return statuses.includes(state.status);
}

function base(state: { recordId: string; tenantId: string; version: number }, offset: number, occurredAt: Date) {
  return { recordId: state.recordId, tenantId: state.tenantId, version: state.version + offset, occurredAt };
}

/** Another attempt, unless the attempts are used up. */
function retryOrFail(state: ActiveState, ctx: DecideContext, why: Reason): FolioRequestEvent[] {
  const meta = ctx.meta;
  if (state.attempts >= ctx.policy.maxContactAttempts) {
    const data = {
      ...base(state, 1, ctx.now),
      reason: reason('ATTEMPTS_EXHAUSTED', `gave up after ${state.attempts} contact attempts (last: ${why.message})`),
      attempts: state.attempts,
    };
    return [{ type: 'RecordFailed', version: data.version, data, meta }];
  }
  const data = {
    ...base(state, 1, ctx.now),
    hotelPhone: state.request.hotelPhone,
    attempt: state.attempts + 1,
    notBefore: new Date(ctx.now.getTime() + ctx.policy.retryDelayMs),
    reason: why,
  };
  return [{ type: 'RecordQueued', version: data.version, data, meta }];
}

function create(command: Command<'CreateRecord'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const validated = validateRecordCreated(command.data, command.tenantHeader, ctx.policy, ctx.hotel);
  if (!validated.ok) throw new InvalidRecordError(validated.reasons);
  const request = validated.request;
  if (state.status !== 'none') {
    const existing = state.status === 'erased' ? null : state.request;
    // The same message again (a producer retry) changes nothing; a different one with the same pair is refused.
    if (existing !== null && sameRequest(existing, request)) return [];
    throw illegalState('DUPLICATE_EXTERNAL_ID', `a request with externalId "${request.externalId}" already exists for tenant ${command.data.tenantId}`, {
      existingRecordId: state.recordId,
    });
  }
  const identity = { recordId: command.data.recordId, tenantId: command.data.tenantId, version: 0 };
  const received = { ...base(identity, 1, ctx.now), request };
  const queued = {
    ...base(identity, 2, ctx.now),
    hotelPhone: request.hotelPhone,
    attempt: 1,
    notBefore: null,
    reason: reason('NEW_REQUEST', 'a new request waits for contact with its hotel'),
  };
  return [
    { type: 'RecordReceived', version: 1, data: received, meta: ctx.meta },
    { type: 'RecordQueued', version: 2, data: queued, meta: ctx.meta },
  ];
}

function sameRequest(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function cancel(command: Command<'CancelRecord'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'cancelled') return [];
  const current = active(command, state);
  if (command.data.tenantId !== current.tenantId) throw tenantMismatch(command.data.tenantId, current);
  const data = {
    ...base(current, 1, ctx.now),
    externalId: current.request.externalId,
    reason: command.data.reason,
    cancelledBy: command.data.cancelledBy,
  };
  return [{ type: 'RecordCancelled', version: data.version, data, meta: ctx.meta }];
}

function tenantMismatch(tenantId: string, state: { recordId: string; tenantId: string }) {
  return illegalState('TENANT_MISMATCH', `request ${state.recordId} does not belong to tenant ${tenantId}`, { tenantId });
}

function erase(command: Command<'EraseRecord'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'none' || state.status === 'erased') {
    throw illegalState('RECORD_NOT_FOUND', `EraseRecord: no such request ${command.data.recordId}`, { command: command.type });
  }
  if (command.data.tenantId !== state.tenantId) throw tenantMismatch(command.data.tenantId, state);
  const data = { ...base(state, 1, ctx.now), erasedBy: command.data.requestedBy, reason: command.data.reason };
  return [{ type: 'RecordErased', version: data.version, data, meta: ctx.meta }];
}

function schedule(command: Command<'ScheduleRecord'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const current = active(command, state);
  const batch = command.data;
  if (current.status === 'scheduled' && current.batchId === batch.batchId && current.scheduledFor.getTime() === batch.scheduledFor.getTime()) return [];
  if (!allowed(current, ['queued', 'callback_scheduled', 'scheduled'])) illegal(command, current);
  const data = {
    ...base(current, 1, ctx.now),
    batchId: batch.batchId,
    channel: batch.channel,
    scheduledFor: batch.scheduledFor,
    reason: batch.reason ?? reason('BATCH_SCHEDULED', `batch ${batch.batchId} is due at ${batch.scheduledFor.toISOString()}`),
  };
  return [{ type: 'RecordScheduled', version: data.version, data, meta: ctx.meta }];
}

/** A cancelled batch hands its requests back to the queue; news of a batch the request left changes nothing. */
function returnToQueue(command: Command<'ReturnToQueue'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status !== 'scheduled' || state.batchId !== command.data.batchId) return [];
  const why = command.data.reason;
  if (why.code === 'INVALID_HOTEL_PHONE') {
    const data = { ...base(state, 1, ctx.now), reason: why, attempts: state.attempts };
    return [{ type: 'RecordFailed', version: data.version, data, meta: ctx.meta }];
  }
  const data = {
    ...base(state, 1, ctx.now),
    hotelPhone: state.request.hotelPhone,
    attempt: state.attempts + 1,
    notBefore: null,
    reason: reason('BATCH_CANCELLED', `batch ${command.data.batchId} was cancelled (${why.code}); the request waits for another`),
  };
  return [{ type: 'RecordQueued', version: data.version, data, meta: ctx.meta }];
}

function startCall(command: Command<'StartCall'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status !== 'none' && state.status !== 'erased' && state.lastCallId === command.data.callId) return [];
  const current = active(command, state);
  if (!allowed(current, WAITING)) illegal(command, current);
  const data = {
    ...base(current, 1, ctx.now),
    channel: 'CALL' as const,
    batchId: command.data.batchId,
    callId: command.data.callId,
    emailId: null,
    attempt: current.attempts + 1,
    reason: reason('CALL_PLACED', `call ${command.data.callId} raises the request`),
  };
  return [{ type: 'RecordContacted', version: data.version, data, meta: ctx.meta }];
}

const WAITING: readonly Status[] = [...WAITING_FOR_CONTACT];

function applyCallOutcome(command: Command<'ApplyCallOutcome'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const outcome = command.data;
  // An outcome repeated after the request moved on (a producer retry) changes nothing.
  if (state.status !== 'none' && state.status !== 'erased' && state.status !== 'in_call' && state.lastCallId === outcome.callId) return [];
  const current = active(command, state);
  if (current.status !== 'in_call') illegal(command, current);
  return outcomeEvents(outcome, current, ctx);
}

function outcomeEvents(outcome: RecordCallOutcome, state: ActiveState, ctx: DecideContext): FolioRequestEvent[] {
  const meta = ctx.meta;
  const escalate = (code: string, message: string): FolioRequestEvent[] => {
    const data = { ...base(state, 1, ctx.now), reason: reason(code, message), callId: outcome.callId };
    return [{ type: 'RecordEscalated', version: data.version, data, meta }];
  };
  const awaiting = (code: string, message: string): FolioRequestEvent[] => {
    const data = { ...base(state, 1, ctx.now), callId: outcome.callId, reason: reason(code, message) };
    return [{ type: 'RecordAwaitingFolio', version: data.version, data, meta }];
  };
  switch (outcome.outcome) {
    case 'AGREED':
      return awaiting('HOTEL_AGREED', 'the hotel agreed to send the folio');
    case 'WILL_SEND':
      return awaiting('HOTEL_WILL_SEND', 'the hotel said it will send the folio');
    case 'CALLBACK_REQUESTED': {
      if (state.attempts >= ctx.policy.maxContactAttempts) return retryOrFail(state, ctx, reason('CALLBACK_REQUESTED', 'the hotel asked to be called back'));
      const callbackAt = outcome.callbackAt ?? new Date(ctx.now.getTime() + ctx.policy.callbackDelayMs);
      const data = { ...base(state, 1, ctx.now), callId: outcome.callId, callbackAt, hotelWords: null };
      return [{ type: 'CallbackRequested', version: data.version, data, meta }];
    }
    case 'NOT_REACHED':
      return retryOrFail(state, ctx, reason('RETRY_AFTER_NO_ANSWER', 'nobody at the hotel took the request'));
    case 'UNCLEAR':
    case 'UNKNOWN':
      return retryOrFail(state, ctx, reason('RETRY_AFTER_UNCLEAR_ANSWER', "the hotel's answer was not understood"));
    case 'REFUSED':
      return escalate('HOTEL_REFUSED', 'the hotel refused to send the folio');
    case 'NOT_FOUND':
      return escalate('RESERVATION_NOT_FOUND', 'the hotel did not find the reservation');
    case 'ESCALATED':
      return escalate('ESCALATED_DURING_CALL', 'the call needed a human operator');
    case 'OVERFLOWED_TO_EMAIL':
      // The call ran out of time; the request email that follows moves the request to emailed.
      return [];
    default: {
      const unknown: never = outcome.outcome;
      return retryOrFail(state, ctx, reason('RETRY_AFTER_UNCLEAR_ANSWER', `unknown call outcome ${String(unknown)}`));
    }
  }
}

function markEmailed(command: Command<'MarkEmailed'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const email = command.data;
  if (email.purpose !== 'FOLIO_REQUEST' && email.purpose !== 'FOLLOW_UP') return [];
  if (state.status === 'emailed' && state.emailId === email.emailId) return [];
  const current = active(command, state);
  if (!allowed(current, [...WAITING, 'in_call', 'emailed', 'awaiting_folio'])) illegal(command, current);
  const data = {
    ...base(current, 1, ctx.now),
    channel: 'EMAIL' as const,
    batchId: email.batchId,
    callId: null,
    emailId: email.emailId,
    attempt: current.attempts + 1,
    reason: email.purpose === 'FOLLOW_UP' ? reason('FOLLOW_UP_SENT', 'a follow-up email asked the hotel again') : reason('EMAIL_SENT', 'the hotel was asked by email'),
  };
  return [{ type: 'RecordContacted', version: data.version, data, meta: ctx.meta }];
}

function handleBounce(command: Command<'HandleBounce'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const current = active(command, state);
  if (current.status !== 'emailed') illegal(command, current);
  if (command.data.kind === 'HARD') {
    const data = { ...base(current, 1, ctx.now), reason: reason('EMAIL_BOUNCED', `the request email to the hotel bounced permanently`), callId: null };
    return [{ type: 'RecordEscalated', version: data.version, data, meta: ctx.meta }];
  }
  return retryOrFail(current, ctx, reason('RETRY_AFTER_BOUNCE', 'the request email bounced temporarily'));
}

function documentKeyOf(state: RecordState): string | null {
  switch (state.status) {
    case 'folio_received':
    case 'extracted':
    case 'delivered':
      return state.documentKey;
    case 'needs_review':
      return state.documentKey;
    default:
      return null;
  }
}

function receiveFolio(command: Command<'ReceiveFolio'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (documentKeyOf(state) === command.data.attachment.storageKey) return [];
  const current = active(command, state);
  if (current.status === 'extracted') illegal(command, current);
  const data = { ...command.data, recordId: current.recordId, tenantId: current.tenantId };
  return [{ type: 'FolioReceived', version: current.version + 1, data, meta: ctx.meta }];
}

function acceptExtraction(command: Command<'AcceptExtraction'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'extracted' && state.documentKey === command.data.documentKey) return [];
  const current = active(command, state);
  if (current.status !== 'folio_received') illegal(command, current);
  const data = { ...command.data, recordId: current.recordId, tenantId: current.tenantId };
  return [{ type: 'FolioExtracted', version: current.version + 1, data, meta: ctx.meta }];
}

function flagMismatch(command: Command<'FlagMismatch'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'needs_review' && state.documentKey === command.data.documentKey) return [];
  const current = active(command, state);
  if (current.status !== 'folio_received') illegal(command, current);
  const data = { ...command.data, recordId: current.recordId, tenantId: current.tenantId };
  return [{ type: 'FolioMismatch', version: current.version + 1, data, meta: ctx.meta }];
}

function flagExtractionFailure(command: Command<'FlagExtractionFailure'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'needs_review' && state.documentKey === command.data.documentKey) return [];
  const current = active(command, state);
  if (current.status !== 'folio_received') illegal(command, current);
  const data = { ...command.data, recordId: current.recordId, tenantId: current.tenantId };
  return [{ type: 'ExtractionFailed', version: current.version + 1, data, meta: ctx.meta }];
}

function confirmDelivery(command: Command<'ConfirmDelivery'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'delivered') return [];
  const current = active(command, state);
  if (current.status !== 'extracted' && current.status !== 'needs_review') illegal(command, current);
  const data = { ...command.data, recordId: current.recordId, tenantId: current.tenantId };
  return [{ type: 'FolioDelivered', version: current.version + 1, data, meta: ctx.meta }];
}
