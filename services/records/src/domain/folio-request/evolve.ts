// evolve(state, event) => state: applies one event and appends it to the request's history. Unknown event
// types leave the state as it is, so an old reader survives events it does not know yet.
import type { Reason, RecordHistoryEntry, RequestStatus } from '@folio/contracts';
import { noteDetails } from './contact-history.js';
import type { FolioRequestEvent } from './events.js';
import type { ActiveState, RecordCore, RecordState, Status } from './state.js';

/** The Avro status symbol of a domain status. */
export function statusSymbol(status: Status): RequestStatus {
  return status.toUpperCase() as RequestStatus;
}

const reason = (code: string, message: string): Reason => ({ code, message, field: null });

function compact(details: Record<string, string | number | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

/** The history entry of an event: its reason and a few non-personal fields worth showing in a timeline. */
function entry(event: FolioRequestEvent, status: Status): RecordHistoryEntry {
  const [why, details] = describe(event);
  return {
    version: event.version,
    type: event.type,
    occurredAt: event.data.occurredAt,
    status: statusSymbol(status),
    reason: event.type === 'CallbackRequested' && event.contact?.reason ? event.contact.reason : why,
    correlationId: event.meta.correlationId,
    causationId: event.meta.causationId,
    details: { ...compact(details), ...noteDetails(event.contact) },
  };
}

function describe(event: FolioRequestEvent): [Reason, Record<string, string | number | null | undefined>] {
  switch (event.type) {
    case 'RecordReceived':
      return [reason('ACCEPTED', `request accepted (source ${event.data.request.source})`), { source: event.data.request.source }];
    case 'RecordQueued':
      return [event.data.reason, { attempt: event.data.attempt, notBefore: event.data.notBefore?.toISOString() }];
    case 'RecordScheduled':
      return [event.data.reason, { batchId: event.data.batchId, channel: event.data.channel, scheduledFor: event.data.scheduledFor.toISOString() }];
    case 'RecordContacted':
      return [event.data.reason, { channel: event.data.channel, batchId: event.data.batchId, callId: event.data.callId, emailId: event.data.emailId, attempt: event.data.attempt }];
    case 'RecordAwaitingFolio':
      return [event.data.reason, { callId: event.data.callId }];
    case 'CallbackRequested':
      return [reason('CALLBACK_REQUESTED', 'the hotel asked to be called back'), { callId: event.data.callId, callbackAt: event.data.callbackAt?.toISOString() }];
    case 'FolioReceived':
      return [
        reason('FOLIO_RECEIVED', `a document arrived (matched by ${event.data.matchMethod})`),
        {
          documentKey: event.data.attachment.storageKey,
          messageId: event.data.messageId,
          // What a delivery needs to attach the document again (the original file name is left out: it may name the guest).
          documentContentType: event.data.attachment.contentType,
          documentSizeBytes: event.data.attachment.sizeBytes,
          documentSha256: event.data.attachment.sha256,
        },
      ];
    case 'FolioExtracted':
      return [reason('FOLIO_MATCHES_REQUEST', 'the folio was read and matches the request'), { documentKey: event.data.documentKey, method: event.data.method }];
    case 'FolioMismatch':
      return [reason('FOLIO_MISMATCH', `the folio does not match the request: ${event.data.mismatches.map((m) => m.code).join(', ')}`), { documentKey: event.data.documentKey, method: event.data.method }];
    case 'ExtractionFailed':
      return [event.data.reason, { documentKey: event.data.documentKey, method: event.data.method }];
    case 'FolioDelivered':
      return [reason('DELIVERED', 'the folio was delivered to the destination address'), { documentKey: event.data.documentKey, emailId: event.data.emailId }];
    case 'RecordEscalated':
      return [event.data.reason, { callId: event.data.callId }];
    case 'RecordFailed':
      return [event.data.reason, { attempts: event.data.attempts }];
    case 'RecordCancelled':
      return [reason('CANCELLED', event.data.reason ?? `cancelled by ${event.data.cancelledBy}`), { cancelledBy: event.data.cancelledBy }];
    case 'RecordErased':
      return [event.data.reason, { erasedBy: event.data.erasedBy }];
  }
}

function core(state: ActiveState, event: FolioRequestEvent, status: Status): RecordCore {
  return {
    recordId: state.recordId,
    tenantId: state.tenantId,
    version: event.version,
    request: state.request,
    attempts: state.attempts,
    lastCallId: state.lastCallId,
    receivedAt: state.receivedAt,
    updatedAt: event.data.occurredAt,
    history: [...state.history, entry(event, status)],
  };
}

export function evolve(state: RecordState, event: FolioRequestEvent): RecordState {
  if (event.type === 'RecordReceived') {
    if (state.status !== 'none') return state;
    const data = event.data;
    return {
      status: 'received',
      recordId: data.recordId,
      tenantId: data.tenantId,
      version: event.version,
      request: data.request,
      attempts: 0,
      lastCallId: null,
      receivedAt: data.occurredAt,
      updatedAt: data.occurredAt,
      history: [entry(event, 'received')],
    };
  }
  if (state.status === 'none' || state.status === 'erased') return state;
  switch (event.type) {
    case 'RecordQueued':
      return { ...core(state, event, 'queued'), status: 'queued', notBefore: event.data.notBefore };
    case 'RecordScheduled':
      return { ...core(state, event, 'scheduled'), status: 'scheduled', batchId: event.data.batchId, scheduledFor: event.data.scheduledFor };
    case 'RecordContacted': {
      const d = event.data;
      if (d.channel === 'EMAIL') {
        return { ...core(state, event, 'emailed'), status: 'emailed', attempts: d.attempt, emailId: d.emailId ?? '', batchId: d.batchId };
      }
      return { ...core(state, event, 'in_call'), status: 'in_call', attempts: d.attempt, callId: d.callId ?? '', lastCallId: d.callId, batchId: d.batchId };
    }
    case 'RecordAwaitingFolio':
      return { ...core(state, event, 'awaiting_folio'), status: 'awaiting_folio' };
    case 'CallbackRequested':
      return { ...core(state, event, 'callback_scheduled'), status: 'callback_scheduled', callbackAt: event.data.callbackAt ?? event.data.occurredAt };
    case 'FolioReceived':
      return { ...core(state, event, 'folio_received'), status: 'folio_received', documentKey: event.data.attachment.storageKey };
    case 'FolioExtracted':
      return { ...core(state, event, 'extracted'), status: 'extracted', documentKey: event.data.documentKey, folio: event.data.folio };
    case 'FolioMismatch':
      return { ...core(state, event, 'needs_review'), status: 'needs_review', documentKey: event.data.documentKey, folio: event.data.folio };
    case 'ExtractionFailed':
      return { ...core(state, event, 'needs_review'), status: 'needs_review', documentKey: event.data.documentKey, folio: null };
    case 'FolioDelivered': {
      const folio = state.status === 'extracted' || state.status === 'needs_review' ? state.folio : null;
      return { ...core(state, event, 'delivered'), status: 'delivered', documentKey: event.data.documentKey, folio };
    }
    case 'RecordEscalated':
      return { ...core(state, event, 'escalated'), status: 'escalated' };
    case 'RecordFailed':
      return { ...core(state, event, 'failed'), status: 'failed' };
    case 'RecordCancelled':
      return { ...core(state, event, 'cancelled'), status: 'cancelled' };
    case 'RecordErased':
      return { status: 'erased', recordId: state.recordId, tenantId: state.tenantId, version: event.version };
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** Folds events over a state (for tests and replays). */
export function evolveAll(state: RecordState, events: readonly FolioRequestEvent[]): RecordState {
  return events.reduce(evolve, state);
}
