// The batching rules as one pure decision: (command, state) => events.
import type { BatchEntry } from '@folio/contracts';
import { IllegalStateError } from '@folio/errors';
import type { BatchCommand } from './commands.js';
import type { BatchEvent, Reason } from './events.js';
import { estimateCallSeconds, planContact, type BatchingRules, type HotelContact } from './estimate.js';
import type { HotelBatching, HotelHints } from './state.js';
import { evolve } from './evolve.js';

export interface BatchingDeps {
  readonly rules: BatchingRules;
  /** `instant` when it lies in the hotel's calling window, else the next window start (business hours). */
  readonly contactWindow: (instant: number, hotelPhone: string, hints: HotelHints) => number;
}

const NEXT_WINDOW: Reason = { code: 'NEXT_BUSINESS_HOURS', message: 'first calling window after the batch has collected its requests' };

export function decide(command: BatchCommand, state: HotelBatching, deps: BatchingDeps): BatchEvent[] {
  switch (command.type) {
    case 'AddRequest':
      return addRequest(command, state, deps);
    case 'WithdrawRequest': {
      const queued = state.pending.find((e) => e.recordId === command.recordId);
      if (!queued || queued.recordVersion >= command.version) return [];
      const removed: BatchEvent = { type: 'RequestRemoved', recordId: command.recordId, reason: command.reason, occurredAt: command.now };
      const rest = state.pending.length - 1;
      if (rest === 0 && (state.batch.status === 'SCHEDULED' || state.batch.status === 'OPEN')) {
        const cancelled: BatchEvent = {
          type: 'BatchCancelled',
          batchId: state.batch.batchId,
          recordIds: [command.recordId],
          reason: { code: 'ALL_WITHDRAWN', message: 'every request of the batch was withdrawn' },
          occurredAt: command.now,
        };
        return [removed, cancelled];
      }
      return [removed];
    }
    case 'FireBatch':
      return fireBatch(command, state, deps);
    case 'FinishContact': {
      if (state.batch.status !== 'DISPATCHED' || state.batch.batchId !== command.batchId) return [];
      const completed: BatchEvent = { type: 'BatchCompleted', batchId: command.batchId, occurredAt: command.now };
      if (state.pending.length === 0) return [completed];
      return [completed, ...openBatch(evolve(state, completed), command.newBatchId, command.now, deps)];
    }
    case 'OverflowCall': {
      const batch = state.batch;
      if (batch.status !== 'DISPATCHED' || batch.channel !== 'CALL' || batch.batchId !== command.batchId || !command.hotel.email) return [];
      const remaining = new Set(command.remainingRecordIds);
      const moved = batch.inFlight.filter((e) => remaining.has(e.recordId));
      if (moved.length === 0) return [];
      return [
        {
          type: 'BatchSplit',
          batchId: batch.batchId,
          keptRecordIds: batch.inFlight.filter((e) => !remaining.has(e.recordId)).map((e) => e.recordId),
          movedRecordIds: moved.map((e) => e.recordId),
          newBatchId: command.ids.overflowBatchId,
          newChannel: 'EMAIL',
          reason: { code: 'CALL_DURATION_EXCEEDED', message: 'the call reached its overflow time; the requests it did not raise go by email' },
          occurredAt: command.now,
        },
        dispatched(command.ids.overflowBatchId, 'EMAIL', moved, null, command.ids.emailId, 0, command.now),
      ];
    }
    default:
      return unreachable(command);
  }
}

function addRequest(command: Extract<BatchCommand, { type: 'AddRequest' }>, state: HotelBatching, deps: BatchingDeps): BatchEvent[] {
  const { request, now } = command;
  const known = [...state.pending, ...(state.batch.status === 'DISPATCHED' ? state.batch.inFlight : [])].find((e) => e.recordId === request.recordId);
  if (known && known.recordVersion >= request.recordVersion) return [];
  const added: BatchEvent = { type: 'RequestAdded', request, hints: command.hints, occurredAt: now };
  const next = evolve(state, added);
  switch (next.batch.status) {
    case 'NONE':
      return [added, ...openBatch(next, command.newBatchId, now, deps)];
    case 'OPEN':
      return [added];
    case 'SCHEDULED': {
      const due = dueTime(next, [request], now, deps);
      return due < next.batch.scheduledFor ? [added, scheduled(next, next.batch.batchId, due, NEXT_WINDOW, now, deps)] : [added];
    }
    case 'DISPATCHED':
      // One contact per hotel at a time: the request waits for the contact in flight to end.
      return [added];
    default:
      return unreachable(next.batch);
  }
}

function fireBatch(command: Extract<BatchCommand, { type: 'FireBatch' }>, state: HotelBatching, deps: BatchingDeps): BatchEvent[] {
  const batch = state.batch;
  if (batch.status !== 'SCHEDULED' || batch.batchId !== command.batchId || batch.scheduledFor !== command.dueAt) return [];
  const { now, rules } = { now: command.now, rules: deps.rules };
  const due = state.pending.filter((e) => (e.notBefore?.getTime() ?? 0) <= now);
  if (due.length === 0) {
    const reason = { code: 'NOT_YET_DUE', message: 'no request of the batch may be raised yet (callback or retry time)' };
    return [scheduled(state, batch.batchId, dueTime(state, state.pending, now, deps), reason, now, deps)];
  }
  const plan = planContact(due, command.hotel, rules);
  const callIds = plan.call.map((e) => e.recordId);
  const emailIds = plan.email.map((e) => e.recordId);
  if (plan.call.length === 0 && plan.email.length === 0) {
    // Not even one request fits the call budget and the hotel has no email address: an operator must look.
    const reason = { code: 'NO_CONTACT_CHANNEL', message: 'no request fits the call budget and the hotel has no email address' };
    return [{ type: 'BatchCancelled', batchId: batch.batchId, recordIds: state.pending.map((e) => e.recordId), reason, occurredAt: now }];
  }
  const grant = command.grant;
  if (grant.kind === 'none') throw new IllegalStateError('CONTACT_NOT_GRANTED', `batch ${batch.batchId} fired without an answer from the contact limits`);
  if (grant.kind === 'deferred') {
    return [scheduled(state, batch.batchId, deps.contactWindow(grant.until, state.hotelPhone, state.hints), grant.reason, now, deps)];
  }
  if (plan.call.length === 0) {
    return [dispatched(batch.batchId, 'EMAIL', plan.email, null, command.ids.emailId, 0, grant.at)];
  }
  const events: BatchEvent[] = [];
  if (plan.email.length > 0) {
    events.push({
      type: 'BatchSplit',
      batchId: batch.batchId,
      keptRecordIds: callIds,
      movedRecordIds: emailIds,
      newBatchId: command.ids.overflowBatchId,
      newChannel: 'EMAIL',
      reason: { code: 'ESTIMATE_OVER_BUDGET', message: `raising ${callIds.length + emailIds.length} requests would take longer than the ${rules.callBudgetSeconds} s call budget` },
      occurredAt: now,
    });
  }
  events.push(dispatched(batch.batchId, 'CALL', plan.call, command.ids.callId, null, estimateCallSeconds(plan.call.length, rules, command.hotel.ivrSeconds), grant.at));
  if (plan.email.length > 0) events.push(dispatched(command.ids.overflowBatchId, 'EMAIL', plan.email, null, command.ids.emailId, 0, now));
  return events;
}

/**
 * The channel a firing batch will use (so the caller can ask the global limits for that contact first), or
 * null when the command will change nothing (stale, or nothing due yet).
 */
export function contactChannel(state: HotelBatching, batchId: string, dueAt: number, hotel: HotelContact, now: number, rules: BatchingRules): 'CALL' | 'EMAIL' | null {
  const batch = state.batch;
  if (batch.status !== 'SCHEDULED' || batch.batchId !== batchId || batch.scheduledFor !== dueAt) return null;
  const due = state.pending.filter((e) => (e.notBefore?.getTime() ?? 0) <= now);
  if (due.length === 0) return null;
  const plan = planContact(due, hotel, rules);
  return plan.call.length > 0 ? 'CALL' : plan.email.length > 0 ? 'EMAIL' : null;
}

/** Opens a batch for everything pending and schedules it. */
function openBatch(state: HotelBatching, batchId: string, now: number, deps: BatchingDeps): BatchEvent[] {
  const created: BatchEvent = { type: 'BatchCreated', batchId, recordIds: state.pending.map((e) => e.recordId), occurredAt: now };
  const open = evolve(state, created);
  return [created, scheduled(open, batchId, dueTime(open, open.pending, now, deps), NEXT_WINDOW, now, deps)];
}

/** When the earliest of `entries` may be raised: after the collection delay and its own notBefore, in the hotel's window. */
function dueTime(state: HotelBatching, entries: readonly BatchEntry[], now: number, deps: BatchingDeps): number {
  const collected = now + deps.rules.collectMs;
  const earliest = Math.min(...entries.map((e) => Math.max(collected, e.notBefore?.getTime() ?? 0)));
  return deps.contactWindow(Number.isFinite(earliest) ? earliest : collected, state.hotelPhone, state.hints);
}

function scheduled(state: HotelBatching, batchId: string, scheduledFor: number, reason: Reason, now: number, deps: BatchingDeps): BatchEvent {
  const first = state.pending.slice(0, deps.rules.maxPerBatch);
  return {
    type: 'BatchScheduled',
    batchId,
    recordIds: first.map((e) => e.recordId),
    channel: 'CALL',
    scheduledFor,
    estimatedDurationSeconds: estimateCallSeconds(first.length, deps.rules),
    reason,
    occurredAt: now,
  };
}

function dispatched(batchId: string, channel: 'CALL' | 'EMAIL', entries: readonly BatchEntry[], callId: string | null, emailId: string | null, estimate: number, at: number): BatchEvent {
  return {
    type: 'BatchDispatched',
    batchId,
    channel,
    entries: entries.map((e, i) => ({ ...e, sequence: i + 1 })),
    callId,
    emailId,
    estimatedDurationSeconds: estimate,
    occurredAt: at,
  };
}

function unreachable(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
