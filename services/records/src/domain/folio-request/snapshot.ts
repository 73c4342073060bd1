// The request as kept on compacted folio.records.v1 (Avro FolioRequestState) and back: the flat record
// carries what each status variant needs (batch, next contact time, document, folio).
import type { FolioRequestState } from '@folio/contracts';
import { statusSymbol } from './evolve.js';
import type { ActiveState, RecordCore, RecordState } from './state.js';

export function toSnapshot(state: ActiveState): FolioRequestState {
  let batchId: string | null = null;
  let nextContactAt: Date | null = null;
  let documentKey: string | null = null;
  let folio: FolioRequestState['folio'] = null;
  switch (state.status) {
    case 'queued':
      nextContactAt = state.notBefore;
      break;
    case 'scheduled':
      batchId = state.batchId;
      nextContactAt = state.scheduledFor;
      break;
    case 'in_call':
    case 'emailed':
      batchId = state.batchId;
      break;
    case 'callback_scheduled':
      nextContactAt = state.callbackAt;
      break;
    case 'folio_received':
      documentKey = state.documentKey;
      break;
    case 'extracted':
    case 'needs_review':
    case 'delivered':
      documentKey = state.documentKey;
      folio = state.folio;
      break;
    case 'received':
    case 'awaiting_folio':
    case 'escalated':
    case 'failed':
    case 'cancelled':
      break;
    default: {
      const unknown: never = state;
      void unknown;
    }
  }
  return {
    recordId: state.recordId,
    tenantId: state.tenantId,
    version: state.version,
    status: statusSymbol(state.status),
    request: state.request,
    attempts: state.attempts,
    batchId,
    lastCallId: state.lastCallId,
    nextContactAt,
    folio,
    documentKey,
    receivedAt: state.receivedAt,
    updatedAt: state.updatedAt,
    history: [...state.history],
  };
}

export function fromSnapshot(s: FolioRequestState): RecordState {
  const core: RecordCore = {
    recordId: s.recordId,
    tenantId: s.tenantId,
    version: s.version,
    request: s.request,
    attempts: s.attempts,
    lastCallId: s.lastCallId,
    receivedAt: s.receivedAt,
    updatedAt: s.updatedAt,
    history: s.history,
  };
  const lastDetails = s.history[s.history.length - 1]?.details ?? {};
  switch (s.status) {
    case 'RECEIVED':
      return { ...core, status: 'received' };
    case 'QUEUED':
      return { ...core, status: 'queued', notBefore: s.nextContactAt };
    case 'SCHEDULED':
      return { ...core, status: 'scheduled', batchId: s.batchId ?? '', scheduledFor: s.nextContactAt ?? s.updatedAt };
    case 'IN_CALL':
      return { ...core, status: 'in_call', callId: s.lastCallId ?? '', batchId: s.batchId };
    case 'EMAILED':
      return { ...core, status: 'emailed', emailId: lastDetails['emailId'] ?? '', batchId: s.batchId };
    case 'AWAITING_FOLIO':
      return { ...core, status: 'awaiting_folio' };
    case 'CALLBACK_SCHEDULED':
      return { ...core, status: 'callback_scheduled', callbackAt: s.nextContactAt ?? s.updatedAt };
    case 'FOLIO_RECEIVED':
      return { ...core, status: 'folio_received', documentKey: s.documentKey ?? '' };
    case 'EXTRACTED':
      return s.folio ? { ...core, status: 'extracted', documentKey: s.documentKey ?? '', folio: s.folio } : { ...core, status: 'needs_review', documentKey: s.documentKey, folio: null };
    case 'NEEDS_REVIEW':
      return { ...core, status: 'needs_review', documentKey: s.documentKey, folio: s.folio };
    case 'DELIVERED':
      return { ...core, status: 'delivered', documentKey: s.documentKey ?? '', folio: s.folio };
    case 'ESCALATED':
      return { ...core, status: 'escalated' };
    case 'FAILED':
      return { ...core, status: 'failed' };
    case 'CANCELLED':
      return { ...core, status: 'cancelled' };
    case 'ERASED':
      return { status: 'erased', recordId: s.recordId, tenantId: s.tenantId, version: s.version };
    case 'REJECTED':
    case 'UNKNOWN':
      // A status this reader does not know (written by a newer writer): an operator decides.
      return { ...core, status: 'escalated' };
    default: {
      const unknown: never = s.status;
      void unknown;
      return { ...core, status: 'escalated' };
    }
  }
}
