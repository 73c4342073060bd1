// The request projection: (row | null, event) -> row | null over folio.records.v1, where an event is a
// FolioRequestState version or a tombstone. A version not newer than the row's changes nothing (the same
// row comes back), a tombstone erases (null). Also derives the audit timeline and the public RecordStatus.
import type { FolioRequestState, Reason, RecordHistoryEntry, RecordStatus, RecordStatusChange } from '@folio/contracts';
import type { HistoryRow, ReasonJson, RecordRow } from '@folio/read-models';

export type RecordsEvent =
  | { readonly type: 'FolioRequestState'; readonly state: FolioRequestState }
  | { readonly type: 'Tombstone'; readonly recordId: string };

/** The lowercase status name the read models and the api use ('IN_CALL' -> 'in_call'). */
export function statusName(symbol: string): string {
  return symbol.toLowerCase();
}

function reasonJson(reason: Reason | null): ReasonJson | null {
  return reason ? { code: reason.code, message: reason.message, field: reason.field ?? null } : null;
}

/** What happens next for a request in a status, if anything. */
export function nextActionOf(status: FolioRequestState['status']): string | null {
  switch (status) {
    case 'RECEIVED':
    case 'QUEUED':
    case 'SCHEDULED':
      return 'contact';
    case 'CALLBACK_SCHEDULED':
      return 'callback';
    case 'IN_CALL':
      return 'await_call';
    case 'EMAILED':
    case 'AWAITING_FOLIO':
      return 'await_folio';
    case 'FOLIO_RECEIVED':
      return 'extract';
    case 'EXTRACTED':
      return 'deliver';
    case 'NEEDS_REVIEW':
    case 'ESCALATED':
      return 'operator';
    case 'DELIVERED':
    case 'FAILED':
    case 'CANCELLED':
    case 'ERASED':
    case 'REJECTED':
    case 'UNKNOWN':
      return null;
    default: {
      const unknown: never = status;
      void unknown;
      return null;
    }
  }
}

interface Contacts {
  call: number;
  email: number;
  last: string | null;
}

function contactsOf(history: readonly RecordHistoryEntry[]): Contacts {
  const out: Contacts = { call: 0, email: 0, last: null };
  for (const entry of history) {
    if (entry.type !== 'RecordContacted') continue;
    const channel = entry.details['channel'];
    if (channel === 'CALL') out.call += 1;
    else if (channel === 'EMAIL') out.email += 1;
    if (channel) out.last = channel;
  }
  return out;
}

const firstAt = (history: readonly RecordHistoryEntry[], type: string): Date | null =>
  history.find((entry) => entry.type === type)?.occurredAt ?? null;

/** The records row of a request state. */
export function recordRowOf(state: FolioRequestState): RecordRow {
  const r = state.request;
  const contacts = contactsOf(state.history);
  const last = state.history[state.history.length - 1];
  return {
    recordId: state.recordId.toLowerCase(),
    tenantId: state.tenantId,
    externalId: r.externalId,
    status: statusName(state.status),
    source: r.source,
    hotelPhone: r.hotelPhone,
    hotelName: r.hotelName,
    guestFirstName: r.guestFirstName,
    guestLastName: r.guestLastName,
    confirmationNumber: r.confirmationNumber,
    checkIn: r.stay.checkIn,
    checkOut: r.stay.checkOut,
    destinationEmail: r.destinationEmail,
    batchId: state.batchId,
    lastCallId: state.lastCallId,
    attempts: state.attempts,
    callAttempts: contacts.call,
    emailAttempts: contacts.email,
    lastChannel: contacts.last,
    nextAction: nextActionOf(state.status),
    nextActionAt: state.nextContactAt,
    lastReason: reasonJson(last?.reason ?? null),
    folio: state.folio,
    documentKey: state.documentKey,
    createdAt: r.createdAt,
    receivedAt: state.receivedAt,
    folioReceivedAt: firstAt(state.history, 'FolioReceived'),
    deliveredAt: firstAt(state.history, 'FolioDelivered'),
    updatedAt: state.updatedAt,
    version: state.version,
  };
}

/** The audit timeline rows of a request state, oldest first. */
export function historyRowsOf(state: FolioRequestState): HistoryRow[] {
  const recordId = state.recordId.toLowerCase();
  return state.history.map((entry) => ({
    recordId,
    seq: entry.version,
    type: entry.type,
    at: entry.occurredAt,
    status: statusName(entry.status),
    reason: reasonJson(entry.reason),
    details: { ...entry.details },
    correlationId: entry.correlationId,
    causationId: entry.causationId,
  }));
}

/**
 * The next row: a newer state replaces the row, an older or equal one changes nothing (returns `current`
 * itself), a tombstone erases (null).
 */
export function projectRecord(current: RecordRow | null, event: RecordsEvent): RecordRow | null {
  switch (event.type) {
    case 'Tombstone':
      return null;
    case 'FolioRequestState':
      if (current !== null && current.version >= event.state.version) return current;
      return recordRowOf(event.state);
    default: {
      const unknown: never = event;
      void unknown;
      return current;
    }
  }
}

/** The status timeline: the history entries where the status changed, oldest first. */
export function timelineOf(history: readonly RecordHistoryEntry[]): RecordStatusChange[] {
  const out: RecordStatusChange[] = [];
  let previous: string | null = null;
  for (const entry of history) {
    if (entry.status === previous) continue;
    previous = entry.status;
    out.push({ status: entry.status, at: entry.occurredAt, reason: entry.reason });
  }
  return out;
}

/** The public status (folio.record-status.v1) of a request state. */
export function recordStatusOf(state: FolioRequestState): RecordStatus {
  const contacts = contactsOf(state.history);
  const timeline = timelineOf(state.history);
  const lastChange = timeline[timeline.length - 1];
  return {
    recordId: state.recordId.toLowerCase(),
    tenantId: state.tenantId,
    externalId: state.request.externalId,
    status: state.status,
    reason: lastChange?.reason ?? null,
    version: state.version,
    callAttempts: contacts.call,
    emailAttempts: contacts.email,
    nextContactAt: state.nextContactAt,
    receivedAt: state.receivedAt,
    deliveredAt: firstAt(state.history, 'FolioDelivered'),
    updatedAt: lastChange?.at ?? state.updatedAt,
    timeline,
  };
}
