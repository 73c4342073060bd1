// The request's contact history as the contact policy sees it: every event that recorded a contact outcome
// keeps it in its history entry (ContactNote -> details), and the policy's counters are read back from there,
// so nothing but folio.records.v1 is needed to decide the next step, and a replay decides the same.
import type { RecordCallOutcome, RecordHistoryEntry } from '@folio/contracts';
import type { ContactOutcome } from '@folio/scheduling';
import type { ContactNote } from './events.js';

/** The details a contact note adds to its event's history entry (no personal data: codes, ids, instants). */
export function noteDetails(note: ContactNote | undefined): Record<string, string> {
  if (!note) return {};
  const d: Record<string, string> = {};
  const o = note.outcome;
  if (o) {
    d['contactOutcome'] = o.type;
    d['outcomeAt'] = new Date(o.at).toISOString();
    if (o.type === 'CallFailed') d['callResult'] = o.result;
    if (o.type === 'VoicemailReached') d['messageLeft'] = String(o.messageLeft);
    if (o.type === 'CallbackRequested' && o.callbackAt !== undefined) d['namedCallbackAt'] = new Date(o.callbackAt).toISOString();
    if (o.type === 'FolioPromised') d['byEndOfDay'] = String(o.byEndOfDay);
  }
  if (note.channel) d['channel'] = note.channel;
  if (note.verify) {
    d['timerId'] = note.verify.timerId;
    d['verifyAt'] = note.verify.at.toISOString();
  }
  if (note.cancelTimer) d['cancelledTimerId'] = note.cancelTimer;
  if (note.checkedTimer) d['checkedTimerId'] = note.checkedTimer;
  return d;
}

const CALL_RESULTS = new Set(['failed', 'busy', 'no-answer']);

/** One history entry's contact outcome, if it recorded one. */
function outcomeOf(entry: RecordHistoryEntry): ContactOutcome | null {
  const d = entry.details;
  const type = d['contactOutcome'];
  const at = d['outcomeAt'] ? Date.parse(d['outcomeAt']) : entry.occurredAt.getTime();
  switch (type) {
    case 'ContactRequested':
    case 'EmailSent':
    case 'EmailBounced':
    case 'FolioNotYetReceived':
      return { type, at };
    case 'CallFailed': {
      const result = d['callResult'] ?? 'failed';
      return { type, at, result: (CALL_RESULTS.has(result) ? result : 'failed') as 'failed' | 'busy' | 'no-answer' };
    }
    case 'VoicemailReached':
      return { type, at, messageLeft: d['messageLeft'] === 'true' };
    case 'CallbackRequested':
      return { type, at, callbackAt: d['namedCallbackAt'] ? Date.parse(d['namedCallbackAt']) : undefined };
    case 'FolioPromised':
      return { type, at, byEndOfDay: d['byEndOfDay'] === 'true' };
    default:
      return null;
  }
}

/** The contact outcomes of a request so far, oldest first. */
export function contactHistory(history: readonly RecordHistoryEntry[]): ContactOutcome[] {
  const out: ContactOutcome[] = [];
  for (const entry of history) {
    const o = outcomeOf(entry);
    if (o) out.push(o);
  }
  return out;
}

/**
 * The verification timer the request waits for: the one its last event armed. Any later event (a folio, a
 * check answered, a cancellation) ends that wait, so a check arriving after it changes nothing.
 */
export function pendingVerification(history: readonly RecordHistoryEntry[]): string | null {
  return history[history.length - 1]?.details['timerId'] ?? null;
}

const VOICEMAIL_CODES = new Set(['VOICEMAIL', 'VOICEMAIL_MESSAGE_LEFT', 'VOICEMAIL_NO_MESSAGE']);

/**
 * The contact outcome of a call outcome, for the policy; null for outcomes the policy does not decide on
 * (refused, not found, escalated during the call, overflowed to email).
 */
export function callContactOutcome(o: RecordCallOutcome): ContactOutcome | null {
  const at = o.occurredAt.getTime();
  const code = o.reason?.code ?? null;
  switch (o.outcome) {
    case 'NOT_REACHED':
      if (code !== null && VOICEMAIL_CODES.has(code)) {
        const left = code === 'VOICEMAIL_MESSAGE_LEFT' || (code === 'VOICEMAIL' && /VOICEMAIL_MESSAGE_LEFT|message (?:was )?left/i.test(o.reason?.message ?? '') && !/NO_MESSAGE|no message/i.test(o.reason?.message ?? ''));
        return { type: 'VoicemailReached', at, messageLeft: left };
      }
      if (code === 'BUSY') return { type: 'CallFailed', at, result: 'busy' };
      if (code === 'CALL_FAILED' || code === 'CALL_DROPPED') return { type: 'CallFailed', at, result: 'failed' };
      return { type: 'CallFailed', at, result: 'no-answer' };
    case 'UNCLEAR':
    case 'UNKNOWN':
      return { type: 'CallFailed', at, result: 'failed' };
    case 'CALLBACK_REQUESTED':
      return { type: 'CallbackRequested', at, callbackAt: o.callbackAt?.getTime() };
    case 'WILL_SEND':
      return { type: 'FolioPromised', at, byEndOfDay: code === 'BY_END_OF_DAY' };
    case 'AGREED':
      return { type: 'FolioPromised', at, byEndOfDay: false };
    case 'REFUSED':
    case 'NOT_FOUND':
    case 'ESCALATED':
    case 'OVERFLOWED_TO_EMAIL':
      return null;
    default: {
      const unknown: never = o.outcome;
      void unknown;
      return { type: 'CallFailed', at, result: 'failed' };
    }
  }
}
