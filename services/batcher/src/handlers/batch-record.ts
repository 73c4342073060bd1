// The hotel's batching state as the Batch value on compacted folio.batches.v1, and back.
import type { Batch } from '@folio/contracts';
import { estimateCallSeconds, isIdle, type BatchingRules, type HotelBatching } from '../domain/batch/index.js';

/** The Batch value for `state`, or null (a tombstone) when the hotel has nothing pending and no batch. */
export function toBatch(state: HotelBatching, rules: BatchingRules): Batch | null {
  if (isIdle(state)) return null;
  const b = state.batch;
  const common = {
    hotelPhone: state.hotelPhone,
    hotelTimeZone: state.hints.timeZone,
    hotelName: state.hints.name,
    hotelEmail: state.hints.email,
    version: state.version,
    updatedAt: new Date(state.updatedAt),
  };
  switch (b.status) {
    case 'NONE':
    case 'OPEN':
    case 'SCHEDULED': {
      const entries = state.pending.slice(0, rules.maxPerBatch).map((e, i) => ({ ...e, sequence: i + 1 }));
      return {
        ...common,
        batchId: b.status === 'NONE' ? '' : b.batchId,
        status: b.status === 'SCHEDULED' ? 'SCHEDULED' : 'OPEN',
        channel: 'CALL',
        entries,
        waiting: state.pending.slice(rules.maxPerBatch),
        estimatedDurationSeconds: estimateCallSeconds(entries.length, rules),
        scheduledFor: b.status === 'SCHEDULED' ? new Date(b.scheduledFor) : null,
        dispatchedAt: null,
        callId: null,
        emailId: null,
        createdAt: new Date(b.status === 'NONE' ? state.updatedAt : b.openedAt),
      };
    }
    case 'DISPATCHED':
      return {
        ...common,
        batchId: b.batchId,
        status: 'DISPATCHED',
        channel: b.channel,
        entries: [...b.inFlight],
        waiting: [...state.pending],
        estimatedDurationSeconds: b.channel === 'CALL' ? estimateCallSeconds(b.inFlight.length, rules) : 0,
        scheduledFor: null,
        dispatchedAt: new Date(b.dispatchedAt),
        callId: b.callId,
        emailId: b.emailId,
        createdAt: new Date(b.openedAt),
      };
    default:
      return b satisfies never;
  }
}

export function fromBatch(batch: Batch): HotelBatching {
  const hints = { name: batch.hotelName, email: batch.hotelEmail, timeZone: batch.hotelTimeZone };
  const base = { hotelPhone: batch.hotelPhone, hints, version: batch.version, updatedAt: batch.updatedAt.getTime() };
  const openedAt = batch.createdAt.getTime();
  if (batch.status === 'DISPATCHED') {
    return {
      ...base,
      pending: batch.waiting,
      batch: {
        status: 'DISPATCHED',
        batchId: batch.batchId,
        openedAt,
        channel: batch.channel === 'EMAIL' ? 'EMAIL' : 'CALL',
        inFlight: batch.entries,
        callId: batch.callId,
        emailId: batch.emailId,
        dispatchedAt: batch.dispatchedAt?.getTime() ?? openedAt,
      },
    };
  }
  const pending = [...batch.entries, ...batch.waiting];
  if (batch.status === 'SCHEDULED' && batch.scheduledFor) {
    return { ...base, pending, batch: { status: 'SCHEDULED', batchId: batch.batchId, openedAt, scheduledFor: batch.scheduledFor.getTime() } };
  }
  if (batch.batchId !== '') return { ...base, pending, batch: { status: 'OPEN', batchId: batch.batchId, openedAt } };
  return { ...base, pending, batch: { status: 'NONE' } };
}
