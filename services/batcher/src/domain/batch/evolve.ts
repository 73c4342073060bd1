// Applies one batching event to a hotel's state; unknown events leave it unchanged.
import type { BatchEntry } from '@folio/contracts';
import type { BatchEvent } from './events.js';
import { compareEntries } from './estimate.js';
import type { HotelBatching } from './state.js';

export function evolve(state: HotelBatching, event: BatchEvent): HotelBatching {
  const next = applied(state, event);
  return next === state ? state : { ...next, version: state.version + 1, updatedAt: event.occurredAt };
}

function applied(state: HotelBatching, event: BatchEvent): HotelBatching {
  switch (event.type) {
    case 'RequestAdded': {
      const pending = insertOrdered(state.pending.filter((e) => e.recordId !== event.request.recordId), event.request);
      const hints = {
        name: event.hints.name ?? state.hints.name,
        email: event.hints.email ?? state.hints.email,
        timeZone: event.hints.timeZone ?? state.hints.timeZone,
      };
      return { ...state, pending, hints };
    }
    case 'RequestRemoved':
      return { ...state, pending: state.pending.filter((e) => e.recordId !== event.recordId) };
    case 'BatchCreated':
      return { ...state, batch: { status: 'OPEN', batchId: event.batchId, openedAt: event.occurredAt } };
    case 'BatchScheduled': {
      const b = state.batch;
      const openedAt = b.status === 'NONE' ? event.occurredAt : b.openedAt;
      return { ...state, batch: { status: 'SCHEDULED', batchId: event.batchId, openedAt, scheduledFor: event.scheduledFor } };
    }
    case 'BatchSplit':
      return state;
    case 'BatchDispatched': {
      const pending = without(state.pending, event.entries);
      const b = state.batch;
      if (b.status === 'NONE' || b.batchId !== event.batchId) return { ...state, pending };
      return {
        ...state,
        pending,
        batch: {
          status: 'DISPATCHED',
          batchId: event.batchId,
          openedAt: b.openedAt,
          channel: event.channel,
          inFlight: event.entries,
          callId: event.callId,
          emailId: event.emailId,
          dispatchedAt: event.occurredAt,
        },
      };
    }
    case 'BatchCompleted':
    case 'BatchCancelled':
      return state.batch.status !== 'NONE' && state.batch.batchId === event.batchId ? { ...state, batch: { status: 'NONE' } } : state;
    default:
      return state;
  }
}

function without(entries: readonly BatchEntry[], removed: readonly BatchEntry[]): BatchEntry[] {
  const ids = new Set(removed.map((e) => e.recordId));
  return entries.filter((e) => !ids.has(e.recordId));
}

/** Inserts into an oldest-first list by binary search (a hotel may hold hundreds of pending requests). */
function insertOrdered(entries: BatchEntry[], entry: BatchEntry): BatchEntry[] {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(entries[mid]!, entry) <= 0) lo = mid + 1;
    else hi = mid;
  }
  entries.splice(lo, 0, entry);
  return entries;
}
