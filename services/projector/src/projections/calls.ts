// The call projection over folio.calls.v1: (row | null, Call | tombstone) -> row | null. A tombstone erases
// the call (and its recording link). Turns and outcomes of erased requests are removed by the adapter.
import type { Call } from '@folio/contracts';
import type { CallRow } from '@folio/read-models';

export type CallsEvent = { readonly type: 'Call'; readonly call: Call } | { readonly type: 'Tombstone'; readonly callId: string };

export function callRowOf(call: Call): CallRow {
  return {
    callId: call.callId,
    batchId: call.batchId,
    hotelPhone: call.hotelPhone,
    status: call.status,
    connectionType: call.connectionType,
    providerCallId: call.providerCallId,
    recordIds: call.recordIds.map((id) => id.toLowerCase()),
    ivrSteps: call.ivrSteps,
    turns: call.turns.map((t) => ({ ...t, recordId: t.recordId?.toLowerCase() ?? null })),
    outcomes: call.outcomes.map((o) => ({ ...o, recordId: o.recordId.toLowerCase() })),
    placedAt: call.placedAt,
    connectedAt: call.connectedAt,
    endedAt: call.endedAt,
    endReason: call.endReason,
    recordingKey: call.recordingKey,
    updatedAt: call.updatedAt,
    version: call.version,
  };
}

export function projectCall(current: CallRow | null, event: CallsEvent): CallRow | null {
  switch (event.type) {
    case 'Tombstone':
      return null;
    case 'Call':
      if (current !== null && current.version >= event.call.version) return current;
      return callRowOf(event.call);
    default: {
      const unknown: never = event;
      void unknown;
      return current;
    }
  }
}
