// The batcher's one handler: a message about a hotel (contact queue, BatchDue, call and email events)
// -> a command -> events -> the new Batch state, batch events, per-request outcomes, timers and commands.
import { createHash } from 'node:crypto';
import {
  BatchCancelledSchema,
  BatchCreatedSchema,
  BatchDispatchedSchema,
  BatchDueSchema,
  BatchScheduledSchema,
  BatchSplitSchema,
  PlaceCallSchema,
  SendEmailSchema,
  type Batch,
  type BatchDue,
  type CallDurationExceeded,
  type CallEnded,
  type EmailBounced,
  type EmailSent,
  type Hotel,
  type RecordReadyForContact,
  type RecordWithdrawn,
} from '@folio/contracts';
import { ValidationError } from '@folio/errors';
import type { Handler, InboundMessage, OutboundMessage } from '@folio/runtime';
import {
  contactChannel,
  decide,
  estimateCallSeconds,
  evolve,
  initialState,
  type BatchCommand,
  type BatchEvent,
  type BatchingDeps,
  type BatchingRules,
  type CallGrant,
  type HotelBatching,
  type HotelHints,
} from '../domain/batch/index.js';
import type { ContactLimits } from '../adapters/contact-limits.js';
import { hotelContact } from '../adapters/hotel-calendar.js';
import { fromBatch, toBatch } from './batch-record.js';

export type BatcherInput = RecordReadyForContact | RecordWithdrawn | BatchDue | CallEnded | CallDurationExceeded | EmailSent | EmailBounced;

export interface BatcherHandlerDeps {
  readonly rules: BatchingRules;
  readonly contactWindow: BatchingDeps['contactWindow'];
  readonly limits: ContactLimits;
  readonly profiles: (hotelPhone: string) => Hotel | null;
  readonly topics: {
    readonly batchCommands: string;
    readonly batchEvents: string;
    readonly recordOutcomes: string;
    readonly callCommands: string;
    readonly emailCommands: string;
    readonly timers: string;
  };
  readonly emailFromName: string;
  /** Encodes a Timer that publishes `message` at `dueAt` (armTimer with the runtime's serde). */
  readonly armTimer: (timerId: string, dueAt: number, message: OutboundMessage, now: number) => Promise<OutboundMessage>;
  readonly cancelTimer: (timerId: string) => OutboundMessage;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly count?: (outcome: string, type: string) => void;
}

/** Deterministic ids from the message's coordinates, so a redelivered message decides the same ids. */
function idFrom(message: InboundMessage<unknown>, salt: string): string {
  const h = createHash('sha256').update(`${message.topic}/${message.partition}/${message.offset}/${salt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function batchFireTimerId(hotelPhone: string): string {
  return `batch-fire:${hotelPhone}`;
}

export function batcherHandler(deps: BatcherHandlerDeps): Handler<BatcherInput, Batch> {
  const domain: BatchingDeps = { rules: deps.rules, contactWindow: deps.contactWindow };
  return async (message, ctx) => {
    const key = message.key;
    if (key === null || message.value === null) throw new ValidationError([{ field: 'key', reason: 'a batcher input needs a hotel phone key and a value' }], 'MISSING_KEY');
    const stored = ctx.state.get(key);
    const state = stored ? fromBatch(stored) : initialState(key);
    const now = deps.now();
    const command = await commandFor(message as InboundMessage<BatcherInput>, key, state, now, deps);
    if (!command) {
      deps.count?.('ignored', message.type ?? 'tombstone');
      return [];
    }
    const events = decide(command, state, domain);
    deps.count?.(events.length > 0 ? 'applied' : 'unchanged', message.type ?? 'tombstone');
    if (events.length === 0) return [];
    const next = events.reduce(evolve, state);
    const batch = toBatch(next, deps.rules);
    if (batch) ctx.state.put(key, batch);
    else ctx.state.delete(key);
    const dispatchAt = events.find((e) => e.type === 'BatchDispatched' && e.channel === 'CALL')?.occurredAt;
    // Calls per second: the grant names the instant the call may start; wait for it (bounded by MAX_RATE_WAIT_MS).
    if (dispatchAt !== undefined && dispatchAt > now) await deps.sleep(dispatchAt - now);
    const outputs: OutboundMessage[] = [];
    for (const event of events) outputs.push(...(await outputsFor(event, next, key, now, deps)));
    // A request joining a batch already scheduled learns the batch's time from its own outcome message.
    const joined = events.find((e) => e.type === 'RequestAdded');
    if (joined && next.batch.status === 'SCHEDULED' && !events.some((e) => e.type === 'BatchScheduled')) {
      outputs.push(joinedOutcome(joined.request.recordId, next, deps));
    }
    return outputs;
  };
}

async function commandFor(message: InboundMessage<BatcherInput>, key: string, state: HotelBatching, now: number, deps: BatcherHandlerDeps): Promise<BatchCommand | null> {
  const v = message.value as never;
  switch (message.type) {
    case 'RecordReadyForContact': {
      const r = v as RecordReadyForContact;
      mustKey(r.hotelPhone, key);
      const hints: HotelHints = { name: r.hotelName, email: r.hotelEmail, timeZone: r.hotelTimeZone };
      const request = {
        recordId: r.recordId,
        tenantId: r.tenantId,
        sequence: 0,
        guestFirstName: r.guestFirstName,
        guestLastName: r.guestLastName,
        confirmationNumber: r.confirmationNumber,
        stay: r.stay,
        reference: r.reference,
        replyToAddress: r.replyToAddress,
        attempt: r.attempt,
        queuedAt: r.queuedAt,
        createdAt: r.createdAt,
        notBefore: r.notBefore,
        recordVersion: r.version,
        channel: r.channel ?? null,
      };
      return { type: 'AddRequest', request, hints, newBatchId: idFrom(message, 'batch'), now };
    }
    case 'RecordWithdrawn': {
      const r = v as RecordWithdrawn;
      mustKey(r.hotelPhone, key);
      return { type: 'WithdrawRequest', recordId: r.recordId, version: r.version, reason: { code: r.reason.code, message: r.reason.message }, now };
    }
    case 'BatchDue': {
      const due = v as BatchDue;
      const hotel = hotelContact(state.hints, deps.profiles(key));
      const dueAt = due.dueAt.getTime();
      const ids = { callId: `call-${due.batchId}`, emailId: `email-${due.batchId}`, overflowBatchId: `${due.batchId}-email` };
      const channel = contactChannel(state, due.batchId, dueAt, hotel, now, deps.rules);
      let grant: CallGrant = { kind: 'none' };
      if (channel !== null) grant = await deps.limits.acquire({ dispatchId: channel === 'CALL' ? ids.callId : ids.emailId, hotelPhone: key, channel, now });
      return { type: 'FireBatch', batchId: due.batchId, dueAt, hotel, grant, ids, now };
    }
    case 'CallEnded': {
      const e = v as CallEnded;
      await deps.limits.release(e.callId, now);
      return { type: 'FinishContact', batchId: e.batchId, newBatchId: idFrom(message, 'batch'), now };
    }
    case 'CallDurationExceeded': {
      const e = v as CallDurationExceeded;
      const hotel = hotelContact(state.hints, deps.profiles(key));
      return { type: 'OverflowCall', batchId: e.batchId, remainingRecordIds: e.remainingRecordIds, hotel, ids: { emailId: `email-${e.batchId}-overflow`, overflowBatchId: `${e.batchId}-overflow` }, now };
    }
    case 'EmailSent':
    case 'EmailBounced': {
      const e = v as EmailSent;
      const batchId = e.batchId ?? null;
      if (batchId === null || state.batch.status !== 'DISPATCHED' || state.batch.channel !== 'EMAIL') return null;
      return { type: 'FinishContact', batchId, newBatchId: idFrom(message, 'batch'), now };
    }
    default:
      // Other call and email events (placement, turns, outcomes) are for other services.
      return null;
  }
}

function joinedOutcome(recordId: string, state: HotelBatching, deps: BatcherHandlerDeps): OutboundMessage {
  const batch = state.batch as Extract<HotelBatching['batch'], { status: 'SCHEDULED' }>;
  const value = {
    batchId: batch.batchId,
    hotelPhone: state.hotelPhone,
    recordIds: [recordId],
    channel: 'CALL' as const,
    scheduledFor: new Date(batch.scheduledFor),
    estimatedDurationSeconds: estimateCallSeconds(Math.min(state.pending.length, deps.rules.maxPerBatch), deps.rules),
    reason: { code: 'JOINED_SCHEDULED_BATCH', message: "added to the hotel's scheduled batch", field: null },
    occurredAt: new Date(state.updatedAt),
  };
  return { topic: deps.topics.recordOutcomes, key: recordId, schema: BatchScheduledSchema, value };
}

function mustKey(hotelPhone: string, key: string): void {
  if (hotelPhone !== key) throw new ValidationError([{ field: 'hotelPhone', reason: `hotelPhone ${hotelPhone} differs from the message key ${key}` }], 'KEY_MISMATCH');
}

async function outputsFor(event: BatchEvent, state: HotelBatching, hotelPhone: string, now: number, deps: BatcherHandlerDeps): Promise<OutboundMessage[]> {
  const t = deps.topics;
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'RequestAdded':
    case 'RequestRemoved':
    case 'BatchCompleted':
      return [];
    case 'BatchCreated':
      return [{ topic: t.batchEvents, key: hotelPhone, schema: BatchCreatedSchema, value: { batchId: event.batchId, hotelPhone, recordIds: [...event.recordIds], occurredAt: at } }];
    case 'BatchScheduled': {
      const value = {
        batchId: event.batchId,
        hotelPhone,
        recordIds: [...event.recordIds],
        channel: event.channel,
        scheduledFor: new Date(event.scheduledFor),
        estimatedDurationSeconds: event.estimatedDurationSeconds,
        reason: { ...event.reason, field: null },
        occurredAt: at,
      };
      const due: OutboundMessage = { topic: t.batchCommands, key: hotelPhone, schema: BatchDueSchema, value: { batchId: event.batchId, hotelPhone, dueAt: new Date(event.scheduledFor) } };
      // Every request the hotel holds learns the time, also those over the batch maximum (they wait for it).
      const all = state.pending.map((e) => e.recordId);
      const outcome = { ...value, recordIds: all };
      return [
        { topic: t.batchEvents, key: hotelPhone, schema: BatchScheduledSchema, value },
        ...all.map((recordId) => ({ topic: t.recordOutcomes, key: recordId, schema: BatchScheduledSchema, value: outcome })),
        await deps.armTimer(batchFireTimerId(hotelPhone), event.scheduledFor, due, now),
      ];
    }
    case 'BatchSplit':
      return [
        {
          topic: t.batchEvents,
          key: hotelPhone,
          schema: BatchSplitSchema,
          value: {
            batchId: event.batchId,
            hotelPhone,
            keptRecordIds: [...event.keptRecordIds],
            movedRecordIds: [...event.movedRecordIds],
            newBatchId: event.newBatchId,
            newChannel: event.newChannel,
            reason: { ...event.reason, field: null },
            occurredAt: at,
          },
        },
      ];
    case 'BatchDispatched': {
      const recordIds = event.entries.map((e) => e.recordId);
      const dispatched: OutboundMessage = {
        topic: t.batchEvents,
        key: hotelPhone,
        schema: BatchDispatchedSchema,
        value: { batchId: event.batchId, hotelPhone, recordIds, channel: event.channel, callId: event.callId, emailId: event.emailId, occurredAt: at },
      };
      const profile = deps.profiles(hotelPhone);
      const hotel = hotelContact(state.hints, profile);
      if (event.channel === 'CALL') {
        const call = {
          callId: event.callId!,
          batchId: event.batchId,
          hotelPhone,
          hotelName: hotel.name,
          hotelTimeZone: hotel.timeZone,
          entries: [...event.entries],
          ivrPath: profile?.ivrPath ?? [],
          maxDurationSeconds: deps.rules.maxCallSeconds,
          overflowAfterSeconds: deps.rules.callBudgetSeconds,
          requestedAt: at,
        };
        return [dispatched, { topic: t.callCommands, key: hotelPhone, schema: PlaceCallSchema, value: call }];
      }
      const email = {
        emailId: event.emailId!,
        purpose: 'FOLIO_REQUEST' as const,
        batchId: event.batchId,
        hotelPhone,
        toAddress: hotel.email ?? '',
        fromName: deps.emailFromName,
        replyToAddress: event.entries[0]?.replyToAddress ?? '',
        entries: [...event.entries],
        attachments: [],
        language: null,
        requestedAt: at,
        note: null,
      };
      return [dispatched, { topic: t.emailCommands, key: hotelPhone, schema: SendEmailSchema, value: email }];
    }
    case 'BatchCancelled': {
      const value = { batchId: event.batchId, hotelPhone, recordIds: [...event.recordIds], reason: { ...event.reason, field: null }, occurredAt: at };
      const out: OutboundMessage[] = [{ topic: t.batchEvents, key: hotelPhone, schema: BatchCancelledSchema, value }, deps.cancelTimer(batchFireTimerId(hotelPhone))];
      // Withdrawn requests need nothing more; any other cancellation returns the requests to the records service.
      if (event.reason.code !== 'ALL_WITHDRAWN') out.push(...event.recordIds.map((recordId) => ({ topic: t.recordOutcomes, key: recordId, schema: BatchCancelledSchema, value })));
      return out;
    }
    default:
      return event satisfies never;
  }
}
