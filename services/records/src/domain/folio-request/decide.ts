// decide(command, state, context) => events: the rules of a folio request's lifecycle. Pure: time, the
// correlation of the causing message, the policy and hotel memory come in as arguments. What happens after a
// contact (retry, callback, verification, email fallback, escalation, failure) is the contact policy's
// nextAction, fed with the request's contact history and the hotel's calendar.
import type { Reason, RecordCallOutcome } from '@folio/contracts';
import { nextAction, nextWindowStart, profileCalendar, type ContactOutcome, type ContactPolicy, type HotelContact } from '@folio/scheduling';
import type { FolioRequestCommand } from './commands.js';
import { callContactOutcome, contactHistory, pendingVerification } from './contact-history.js';
import type { ContactNote, EventMeta, FolioRequestEvent } from './events.js';
import { illegalState, InvalidRecordError } from './errors.js';
import { TERMINAL_STATUSES, WAITING_FOR_CONTACT, type ActiveState, type RecordState, type Status } from './state.js';
import { validateRecordCreated, type HotelMemory, type ValidationPolicy } from './validation.js';

export interface RecordPolicy extends ValidationPolicy {
  /** Upper bound on contact attempts (calls and emails), whatever the contact policy says: then ATTEMPTS_EXHAUSTED. */
  readonly maxContactAttempts: number;
  /** Retries, callbacks, verifications and the email fallback (@folio/scheduling). */
  readonly contact: ContactPolicy;
  /** Zone of a hotel that neither the request, nor its profile, nor its phone number places. */
  readonly fallbackZone: string;
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
    case 'CheckFolio':
      return checkFolio(command, state, ctx);
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

/** What the contact policy knows of the request's hotel: its calendar (zone, hours, holidays) and address. */
export function hotelContactFor(state: ActiveState, ctx: DecideContext): HotelContact {
  const r = state.request;
  const memory = ctx.hotel(r.hotelPhone);
  const { calendar } = profileCalendar(r.hotelPhone, r.hotelTimeZone, { timeZone: memory?.timeZone ?? null, businessHours: memory?.businessHours ?? [] }, ctx.policy.fallbackZone);
  return { calendar, email: r.hotelEmail ?? memory?.email ?? undefined, prefersEmail: memory?.emailOnly ?? false };
}

function failed(state: ActiveState, ctx: DecideContext, why: Reason, note?: ContactNote): FolioRequestEvent {
  const data = { ...base(state, 1, ctx.now), reason: why, attempts: state.attempts };
  return { type: 'RecordFailed', version: data.version, data, meta: ctx.meta, ...(note ? { contact: note } : {}) };
}

function attemptsExhausted(state: ActiveState, ctx: DecideContext, why: Reason, note?: ContactNote): FolioRequestEvent {
  return failed(state, ctx, reason('ATTEMPTS_EXHAUSTED', `gave up after ${state.attempts} contact attempts (last: ${why.message})`), note);
}

function queued(state: ActiveState, ctx: DecideContext, notBefore: Date | null, why: Reason, note: ContactNote): FolioRequestEvent {
  const data = { ...base(state, 1, ctx.now), hotelPhone: state.request.hotelPhone, attempt: state.attempts + 1, notBefore, reason: why };
  return { type: 'RecordQueued', version: data.version, data, meta: ctx.meta, contact: note };
}

/** How the event that carries a verification looks (RecordAwaitingFolio after a promise, RecordContacted after an email). */
type VerifyingEvent = (note: ContactNote, why: Reason) => FolioRequestEvent;

/**
 * The events of the contact policy's next action after `outcome`: a call (RecordQueued, or CallbackRequested
 * for a callback) or an email (RecordQueued for the email channel) at the time the policy names, a verification
 * (a timer on the event `verifying` makes), an escalation or a failure. `extra` goes into the event's note.
 */
function policyEvents(
  outcome: ContactOutcome,
  state: ActiveState,
  ctx: DecideContext,
  options: { callId: string | null; verifying?: VerifyingEvent; extra?: ContactNote; explain?: (detail: string) => string },
): FolioRequestEvent[] {
  const action = nextAction(outcome, contactHistory(state.history), hotelContactFor(state, ctx), ctx.policy.contact);
  const why = reason(action.reason, options.explain ? options.explain(action.detail) : action.detail);
  const note: ContactNote = { ...options.extra, outcome };
  const meta = ctx.meta;
  switch (action.kind) {
    case 'call':
    case 'email': {
      if (state.attempts >= ctx.policy.maxContactAttempts) return [attemptsExhausted(state, ctx, why, note)];
      if (action.kind === 'call' && outcome.type === 'CallbackRequested') {
        const data = { ...base(state, 1, ctx.now), callId: options.callId ?? '', callbackAt: new Date(action.at), hotelWords: null };
        return [{ type: 'CallbackRequested', version: data.version, data, meta, contact: { ...note, channel: 'CALL', reason: why } }];
      }
      return [queued(state, ctx, new Date(action.at), why, { ...note, channel: action.kind === 'call' ? 'CALL' : 'EMAIL' })];
    }
    case 'verify': {
      if (!options.verifying) throw new Error(`nextAction asked to verify after ${outcome.type}, which carries no verification`);
      const timerId = `verify:${state.recordId}:${state.version + 1}`;
      return [options.verifying({ ...note, verify: { timerId, at: new Date(action.at), reason: why } }, why)];
    }
    case 'escalate': {
      const data = { ...base(state, 1, ctx.now), reason: why, callId: options.callId };
      return [{ type: 'RecordEscalated', version: data.version, data, meta, contact: note }];
    }
    case 'fail':
      return [failed(state, ctx, why, note)];
    default: {
      const unknown: never = action.kind;
      throw new Error(`unknown next action ${String(unknown)}`);
    }
  }
}

/** Another attempt by the same channel after a transient failure (a soft bounce), in the hotel's hours. */
function retryOrFail(state: ActiveState, ctx: DecideContext, why: Reason, channel: 'CALL' | 'EMAIL'): FolioRequestEvent[] {
  if (state.attempts >= ctx.policy.maxContactAttempts) return [attemptsExhausted(state, ctx, why)];
  const wanted = ctx.now.getTime() + ctx.policy.contact.call.firstRetryDelaySeconds * 1000;
  return [queued(state, ctx, new Date(nextWindowStart(wanted, hotelContactFor(state, ctx).calendar)), why, { channel })];
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
  return [{ type: 'RecordCancelled', version: data.version, data, meta: ctx.meta, ...cancelPending(current) }];
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
  return [{ type: 'RecordErased', version: data.version, data, meta: ctx.meta, ...cancelPending(state) }];
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
  const escalate = (why: Reason): FolioRequestEvent[] => {
    const data = { ...base(state, 1, ctx.now), reason: why, callId: outcome.callId };
    return [{ type: 'RecordEscalated', version: data.version, data, meta }];
  };
  const contact = callContactOutcome(outcome);
  if (contact) {
    const awaiting: VerifyingEvent = (note, why) => {
      const data = { ...base(state, 1, ctx.now), callId: outcome.callId, reason: reason(why.code, `${why.message}; checking for it at ${note.verify?.at.toISOString()}`) };
      return { type: 'RecordAwaitingFolio', version: data.version, data, meta, contact: note };
    };
    const unclear = outcome.outcome === 'UNCLEAR' || outcome.outcome === 'UNKNOWN';
    return policyEvents(contact, state, ctx, {
      callId: outcome.callId,
      verifying: awaiting,
      explain: unclear ? (detail) => `the hotel's answer was not understood (${outcome.reason?.code ?? outcome.outcome}); ${detail}` : undefined,
    });
  }
  switch (outcome.outcome) {
    case 'REFUSED':
      return escalate(reason('HOTEL_REFUSED', 'the hotel refused to send the folio'));
    case 'NOT_FOUND':
      return escalate(reason('RESERVATION_NOT_FOUND', 'the hotel did not find the reservation'));
    case 'ESCALATED':
      return escalate(outcome.reason ?? reason('ESCALATED_DURING_CALL', 'the call needed a human operator'));
    default: {
      // OVERFLOWED_TO_EMAIL: the call ran out of time; the request email that follows moves the request to emailed.
      // Without an address for the hotel no email follows (the batcher sends none): the request waits for the
      // next call in the hotel's hours instead of staying in the call.
      if (hotelContactFor(state, ctx).email) return [];
      const why = reason('OVERFLOW_NO_EMAIL', `${outcome.reason?.message ?? 'the call ran out of time'}; no email address is known for the hotel, so the next call raises it`);
      return [queued(state, ctx, new Date(nextWindowStart(ctx.now.getTime(), hotelContactFor(state, ctx).calendar)), why, { channel: 'CALL' })];
    }
  }
}

function markEmailed(command: Command<'MarkEmailed'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const email = command.data;
  if (email.purpose === 'FOLIO_DELIVERY') return deliveredByEmail(command, state, ctx);
  if (email.purpose !== 'FOLIO_REQUEST' && email.purpose !== 'FOLLOW_UP') return [];
  if (state.status === 'emailed' && state.emailId === email.emailId) return [];
  const current = active(command, state);
  if (!allowed(current, [...WAITING, 'in_call', 'emailed', 'awaiting_folio'])) illegal(command, current);
  const contacted: VerifyingEvent = (note) => {
    const sent = email.purpose === 'FOLLOW_UP' ? 'a follow-up email asked the hotel again' : 'the hotel was asked by email';
    const data = {
      ...base(current, 1, ctx.now),
      channel: 'EMAIL' as const,
      batchId: email.batchId,
      callId: null,
      emailId: email.emailId,
      attempt: current.attempts + 1,
      reason: reason(email.purpose === 'FOLLOW_UP' ? 'FOLLOW_UP_SENT' : 'EMAIL_SENT', note.verify ? `${sent}; checking for the folio at ${note.verify.at.toISOString()}` : sent),
    };
    return { type: 'RecordContacted', version: data.version, data, meta: ctx.meta, contact: note };
  };
  // After an email the policy always verifies (AWAIT_EMAIL_REPLY): the RecordContacted carries the check's timer.
  return policyEvents({ type: 'EmailSent', at: email.occurredAt.getTime() }, current, ctx, { callId: null, verifying: contacted });
}

/** The mailer accepted the delivery email of the request's folio: the request is delivered. */
function deliveredByEmail(command: Command<'MarkEmailed'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status === 'delivered') return [];
  const current = active(command, state);
  if ((current.status !== 'extracted' && current.status !== 'needs_review') || current.documentKey === null) illegal(command, current);
  const email = command.data;
  const data = { ...base(current, 1, ctx.now), documentKey: current.documentKey, emailId: email.emailId, messageId: email.messageId, occurredAt: email.occurredAt };
  return [{ type: 'FolioDelivered', version: data.version, data, meta: ctx.meta }];
}

function handleBounce(command: Command<'HandleBounce'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  const current = active(command, state);
  if (current.status !== 'emailed') illegal(command, current);
  if (command.data.kind === 'HARD') {
    return policyEvents({ type: 'EmailBounced', at: command.data.occurredAt.getTime() }, current, ctx, { callId: null, extra: cancelPending(current).contact, explain: (detail) => `${detail} permanently` });
  }
  return retryOrFail(current, ctx, reason('RETRY_AFTER_BOUNCE', 'the request email bounced temporarily'), 'EMAIL');
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
  return [{ type: 'FolioReceived', version: current.version + 1, data, meta: ctx.meta, ...cancelPending(current) }];
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

/** The verification timer the request waits for, as a note cancelling it; nothing when it waits for none. */
function cancelPending(state: ActiveState | (RecordState & { status: string })): { contact?: ContactNote } {
  if (state.status !== 'awaiting_folio' && state.status !== 'emailed') return {};
  const timerId = pendingVerification((state as ActiveState).history);
  return timerId ? { contact: { cancelTimer: timerId } } : {};
}

/**
 * A verification timer fired. When the request still waits for exactly that check (no folio came, nothing
 * else happened since it was armed), the check found nothing: the policy decides what follows (a reminder,
 * an escalation, a failure). Otherwise the check is stale or a repeat and changes nothing.
 */
function checkFolio(command: Command<'CheckFolio'>, state: RecordState, ctx: DecideContext): FolioRequestEvent[] {
  if (state.status !== 'awaiting_folio' && state.status !== 'emailed') return [];
  if (pendingVerification(state.history) !== command.data.timerId) return [];
  if (command.data.tenantId !== state.tenantId) throw tenantMismatch(command.data.tenantId, state);
  return policyEvents({ type: 'FolioNotYetReceived', at: ctx.now.getTime() }, state, ctx, { callId: null, extra: { checkedTimer: command.data.timerId } });
}
