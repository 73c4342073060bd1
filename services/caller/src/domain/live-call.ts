// A call as the caller keeps it between webhooks: the conversation state machine's state plus the call's
// journal (IVR steps, turns, outcomes), and the pure rules that turn one conversation turn into the events
// Folio publishes. Plain JSON (times as epoch ms) so it is stored as is; contract values are built here.
import type {
  BatchEntry,
  Call,
  CallEndReason,
  CallOutcome,
  CallStatus,
  ConnectionType,
  Hotel,
  HourStats,
  Intent as ContractIntent,
  IvrPathStep,
  PlaceCall,
  Reason,
  RecordCallOutcome,
} from '@folio/contracts';
import { DateTime } from 'luxon';
import { initialOutcomes, startCall, type CallRequest, type CallState, type ConnectionAnalysis, type EndReason, type RequestOutcome, type Turn } from './conversation.js';
import { analyzeUtterance, type Intent } from './voice-analyzer.js';
import { classifyLine } from './ivr-navigator.js';

export interface JournalIvrStep {
  readonly menuText: string | null;
  readonly digits: string;
  readonly fromLearnedPath: boolean;
  readonly at: number;
}

export interface JournalTurn {
  readonly turnIndex: number;
  readonly recordId: string | null;
  readonly speaker: 'FOLIO' | 'HOTEL';
  readonly text: string;
  readonly intent: ContractIntent | null;
  readonly confidence: number | null;
  readonly at: number;
}

export interface JournalOutcome {
  readonly recordId: string;
  readonly tenantId: string;
  readonly outcome: CallOutcome;
  readonly callbackAt: number | null;
  readonly hotelWords: string | null;
  readonly confidence: number | null;
  readonly reason: Reason | null;
  readonly at: number;
}

export interface LiveCall {
  readonly callId: string;
  readonly batchId: string;
  readonly hotelPhone: string;
  readonly timeZone: string;
  readonly tenants: Readonly<Record<string, string>>;
  readonly recordIds: readonly string[];
  readonly conversation: CallState;
  readonly connectionType: ConnectionType;
  readonly ivrSteps: readonly JournalIvrStep[];
  readonly turns: readonly JournalTurn[];
  readonly outcomes: readonly JournalOutcome[];
  /** Set when the phone menu was walked to a person and the path may be learned. */
  readonly learned?: { readonly path: readonly IvrPathStep[]; readonly seconds: number };
  readonly overflowAnnounced: boolean;
  readonly version: number;
}

export interface CallSettings {
  readonly clientName: string;
  /** Used when neither the command nor the hotel profile names a zone. */
  readonly fallbackTimeZone: string;
}

/** What the caller publishes, as contract values (the adapter picks topics and schemas). */
export type CallOutput =
  | { readonly type: 'ConversationTurn'; readonly turn: JournalTurn }
  | { readonly type: 'IvrStepTaken'; readonly step: JournalIvrStep }
  | { readonly type: 'RecordCallOutcome'; readonly outcome: JournalOutcome }
  | { readonly type: 'VoicemailDetected'; readonly messageLeft: boolean; readonly at: number }
  | { readonly type: 'CallDurationExceeded'; readonly elapsedSeconds: number; readonly remainingRecordIds: readonly string[]; readonly at: number }
  | { readonly type: 'CallConnected'; readonly connectionType: ConnectionType; readonly secondsToConnect: number | null; readonly at: number };

/** The conversation's view of a batch entry. */
export function callRequest(entry: BatchEntry): CallRequest {
  return {
    recordId: entry.recordId,
    guestName: `${entry.guestFirstName} ${entry.guestLastName}`.trim(),
    confirmationNumber: entry.confirmationNumber,
    checkIn: entry.stay.checkIn,
    checkOut: entry.stay.checkOut,
    destinationEmail: entry.replyToAddress,
    referenceId: entry.reference,
    createdAt: new Date(entry.createdAt ?? entry.queuedAt).toISOString(),
  };
}

/** A new live call for a PlaceCall; the hotel profile (if any) brings the voicemail preference and learned path. */
export function newLiveCall(command: PlaceCall, hotel: Hotel | undefined, settings: CallSettings): LiveCall {
  const timeZone = command.hotelTimeZone ?? hotel?.timeZone ?? settings.fallbackTimeZone;
  const learned = command.ivrPath.length > 0 ? command.ivrPath : (hotel?.ivrPath ?? []);
  const conversation = startCall({
    callId: command.callId,
    clientName: settings.clientName,
    requests: command.entries.map(callRequest),
    timeZone,
    voicemail: hotel && !hotel.leaveVoicemail ? 'hang-up' : 'leave-message',
    ivr: { learnedPath: learned.map((s) => s.digits), learningEnabled: true },
    limits: {
      maxDurationSeconds: command.maxDurationSeconds,
      stopAskingAtSeconds: command.overflowAfterSeconds,
    },
  });
  return {
    callId: command.callId,
    batchId: command.batchId,
    hotelPhone: command.hotelPhone,
    timeZone,
    tenants: Object.fromEntries(command.entries.map((e) => [e.recordId, e.tenantId])),
    recordIds: conversation.pending.concat(Object.keys(conversation.outcomes)),
    conversation,
    connectionType: 'UNKNOWN',
    ivrSteps: [],
    turns: [],
    outcomes: [],
    overflowAnnounced: false,
    version: 0,
  };
}

/** Outcomes decided before dialling (requests over the per-call limit). */
export function preDialOutputs(call: LiveCall, now: number): { call: LiveCall; outputs: CallOutput[] } {
  return record(call, initialOutcomes(call.conversation), now, []);
}

const INTENTS: Record<Intent, ContractIntent> = {
  agreed: 'AGREE',
  'will-send-later': 'WILL_SEND',
  refused: 'REFUSE',
  callback: 'CALLBACK',
  hold: 'HOLD',
  transfer: 'TRANSFER',
  'reservation-not-found': 'NOT_FOUND',
  repeat: 'REPEAT',
  voicemail: 'VOICEMAIL',
  unclear: 'UNCLEAR',
};

const reason = (code: string, message: string): Reason => ({ code, message, field: null });

/** The contract outcome of one request, with the detail retry policies branch on. */
export function contractOutcome(o: RequestOutcome): { outcome: CallOutcome; reason: Reason | null; callbackAt: number | null } {
  const at = o.at ? Date.parse(o.at) : null;
  switch (o.outcome) {
    case 'agreed':
      return { outcome: 'AGREED', reason: null, callbackAt: null };
    case 'will-send-later': {
      const eod = o.atText !== undefined && /\bend of (?:the )?(?:day|business)\b|\bclose of business\b|\btonight\b/i.test(o.atText);
      return { outcome: 'WILL_SEND', reason: eod ? reason('BY_END_OF_DAY', `the hotel promised it "${o.atText}"`) : o.atText ? reason('PROMISED_AT', `the hotel promised it "${o.atText}"`) : null, callbackAt: at };
    }
    case 'refused':
      return { outcome: 'REFUSED', reason: null, callbackAt: null };
    case 'reservation-not-found':
      return { outcome: 'NOT_FOUND', reason: null, callbackAt: null };
    case 'callback':
      return { outcome: 'CALLBACK_REQUESTED', reason: o.atText ? reason('CALLBACK_AT_NAMED_TIME', `the hotel asked to be called back "${o.atText}"`) : null, callbackAt: at };
    case 'voicemail-message-left':
      return { outcome: 'NOT_REACHED', reason: reason('VOICEMAIL_MESSAGE_LEFT', 'voicemail answered; a message was left'), callbackAt: null };
    case 'voicemail-no-message':
      return { outcome: 'NOT_REACHED', reason: reason('VOICEMAIL_NO_MESSAGE', 'voicemail answered; no message left (hotel preference)'), callbackAt: null };
    case 'no-answer':
      return { outcome: 'NOT_REACHED', reason: reason('NO_ANSWER', 'nobody answered the phone'), callbackAt: null };
    case 'busy':
      return { outcome: 'NOT_REACHED', reason: reason('BUSY', 'the line was busy'), callbackAt: null };
    case 'failed':
      return { outcome: 'NOT_REACHED', reason: reason('CALL_FAILED', `the call could not be connected${o.reason ? ` (${o.reason})` : ''}`), callbackAt: null };
    case 'call-dropped':
      return { outcome: 'NOT_REACHED', reason: reason('CALL_DROPPED', 'the line dropped before the request was answered'), callbackAt: null };
    case 'ivr-navigation-failed':
      return { outcome: 'ESCALATED', reason: reason('IVR_NAVIGATION_FAILED', `the phone menu did not lead to a person (${o.reason ?? 'unknown'})`), callbackAt: null };
    case 'overflow':
      return {
        outcome: 'OVERFLOWED_TO_EMAIL',
        reason:
          o.reason === 'MAX_REQUESTS_PER_CALL'
            ? reason('MAX_REQUESTS_PER_CALL', 'more requests than one call raises; this one goes by email')
            : o.reason === 'HOLD_TOO_LONG'
              ? reason('HOLD_TOO_LONG', 'nobody came back from hold; the request goes by email')
              : reason('CALL_TIME_LIMIT', 'the call reached its time limit; the request goes by email'),
        callbackAt: null,
      };
    case 'unresolved':
      return { outcome: 'UNCLEAR', reason: reason(o.reason ?? 'UNCLEAR', "the hotel's answer was not understood"), callbackAt: null };
    default: {
      const never: never = o.outcome;
      return { outcome: 'UNKNOWN', reason: reason('UNKNOWN', String(never)), callbackAt: null };
    }
  }
}

function record(call: LiveCall, outcomes: readonly RequestOutcome[], now: number, outputs: CallOutput[]): { call: LiveCall; outputs: CallOutput[] } {
  const journal: JournalOutcome[] = [];
  for (const o of outcomes) {
    const c = contractOutcome(o);
    const j: JournalOutcome = {
      recordId: o.recordId,
      tenantId: call.tenants[o.recordId] ?? '',
      outcome: c.outcome,
      callbackAt: c.callbackAt,
      hotelWords: o.utterance ?? null,
      confidence: o.confidence ?? null,
      reason: c.reason,
      at: now,
    };
    journal.push(j);
    outputs.push({ type: 'RecordCallOutcome', outcome: j });
  }
  return { call: { ...call, outcomes: [...call.outcomes, ...journal] }, outputs };
}

/** What answered, from answering-machine detection and the first words heard (either may be missing). */
export function connectionAnalysis(answeredBy: string | null, heard: string | undefined, timeZone: string, now: Date): ConnectionAnalysis {
  if (answeredBy === 'fax') return 'failed';
  if (answeredBy?.startsWith('machine')) return 'voicemail';
  const text = heard?.trim() ?? '';
  if (text !== '') {
    const line = classifyLine(text);
    if (line === 'menu' || line === 'prompt') return 'ivr';
    if (analyzeUtterance(text, { now, timeZone }).intent === 'voicemail') return 'voicemail';
    return 'human';
  }
  // Silence after pick-up: a front desk that waits for the caller to speak (or AMD said human).
  return 'human';
}

const CONNECTION: Record<ConnectionAnalysis, ConnectionType> = {
  human: 'HUMAN',
  ivr: 'IVR',
  voicemail: 'VOICEMAIL',
  'no-answer': 'NO_ANSWER',
  busy: 'BUSY',
  failed: 'FAILED',
};

export function connectionType(analysis: ConnectionAnalysis): ConnectionType {
  return CONNECTION[analysis];
}

/**
 * Applies one conversation turn to the live call: the journal grows by the hotel's words (`heard`), Folio's
 * prompts, the digits sent and the outcomes decided, and each becomes an output.
 */
export function applyTurn(call: LiveCall, turn: Turn, context: { now: number; heard?: { text: string; confidence: number | null }; connected?: { analysis: ConnectionAnalysis; secondsToConnect: number | null } }): { call: LiveCall; outputs: CallOutput[] } {
  const outputs: CallOutput[] = [];
  const { now } = context;
  let next: LiveCall = { ...call, conversation: turn.state, version: call.version + 1 };
  const turns: JournalTurn[] = [];
  const addTurn = (t: Omit<JournalTurn, 'turnIndex' | 'at'>) => {
    const j: JournalTurn = { ...t, turnIndex: call.turns.length + turns.length, at: now };
    turns.push(j);
    outputs.push({ type: 'ConversationTurn', turn: j });
  };
  if (context.connected) {
    next = { ...next, connectionType: connectionType(context.connected.analysis) };
    outputs.push({ type: 'CallConnected', connectionType: next.connectionType, secondsToConnect: context.connected.secondsToConnect, at: now });
  }
  const analysis = turn.signals.find((s) => s.type === 'utterance-analyzed');
  if (context.heard && context.heard.text.trim() !== '') {
    addTurn({
      recordId: analysis?.type === 'utterance-analyzed' ? (analysis.recordId ?? null) : null,
      speaker: 'HOTEL',
      text: context.heard.text,
      intent: analysis?.type === 'utterance-analyzed' ? INTENTS[analysis.analysis.intent] : null,
      confidence: analysis?.type === 'utterance-analyzed' ? analysis.analysis.confidence : context.heard.confidence,
    });
  }
  const ivrSteps: JournalIvrStep[] = [];
  for (const signal of turn.signals) {
    switch (signal.type) {
      case 'digits-sent': {
        const step: JournalIvrStep = {
          menuText: context.heard?.text.trim() ? context.heard.text : null,
          digits: signal.digits,
          fromLearnedPath: /learned/i.test(signal.reason),
          at: now,
        };
        ivrSteps.push(step);
        outputs.push({ type: 'IvrStepTaken', step });
        break;
      }
      case 'ivr-navigated':
        if (signal.learn && signal.path.length > 0) {
          const steps = [...call.ivrSteps, ...ivrSteps].slice(-signal.path.length);
          next = { ...next, learned: { path: steps.map((s) => ({ menuText: s.menuText ?? '', digits: s.digits })), seconds: Math.round(signal.elapsedSeconds) } };
        }
        next = { ...next, connectionType: 'IVR' };
        break;
      case 'voicemail-detected':
        next = { ...next, connectionType: 'VOICEMAIL' };
        outputs.push({ type: 'VoicemailDetected', messageLeft: signal.leftMessage, at: now });
        break;
      default:
        break;
    }
  }
  const action = turn.action;
  const prompts = action.type === 'gather' || action.type === 'hang-up' ? action.prompts : [];
  const head = turn.state.current?.recordId ?? turn.state.pending[0] ?? null;
  for (const p of prompts) addTurn({ recordId: head, speaker: 'FOLIO', text: p.text, intent: null, confidence: null });
  next = { ...next, turns: [...call.turns, ...turns], ivrSteps: [...call.ivrSteps, ...ivrSteps] };
  const recorded = record(next, turn.outcomes, now, outputs);
  next = recorded.call;
  const overflowed = turn.outcomes.filter((o) => o.outcome === 'overflow').map((o) => o.recordId);
  if (overflowed.length > 0) {
    outputs.push({ type: 'CallDurationExceeded', elapsedSeconds: Math.round(turn.state.elapsedSeconds), remainingRecordIds: overflowed, at: now });
    next = { ...next, overflowAnnounced: true };
  }
  return { call: next, outputs: recorded.outputs };
}

const END_REASONS: Record<EndReason, CallEndReason> = {
  completed: 'COMPLETED',
  callback: 'COMPLETED',
  voicemail: 'VOICEMAIL',
  'not-connected': 'NO_ANSWER',
  'ivr-failed': 'COMPLETED',
  'time-limit': 'DURATION_EXCEEDED',
  'hung-up': 'HOTEL_HUNG_UP',
  'hold-too-long': 'COMPLETED',
};

/** Why the call ended, from the conversation (when it decided the end) or Twilio's final status. */
export function endReason(call: LiveCall, twilioStatus: string): CallEndReason {
  switch (twilioStatus) {
    case 'busy':
      return 'BUSY';
    case 'no-answer':
      return 'NO_ANSWER';
    case 'failed':
      return 'FAILED';
    case 'canceled':
      return 'CANCELED';
    default: {
      const decided = call.conversation.endReason;
      if (decided === 'not-connected') return call.connectionType === 'BUSY' ? 'BUSY' : call.connectionType === 'FAILED' ? 'FAILED' : 'NO_ANSWER';
      return decided ? END_REASONS[decided] : 'HOTEL_HUNG_UP';
    }
  }
}

/** The Call value (folio.calls.v1) for the live call. */
export function callSnapshot(call: LiveCall, fields: { status: CallStatus; providerCallId: string | null; placedAt: number; connectedAt: number | null; endedAt: number | null; endReason: CallEndReason | null; recordingKey: string | null; now: number }): Call {
  return {
    callId: call.callId,
    batchId: call.batchId,
    hotelPhone: call.hotelPhone,
    status: fields.status,
    connectionType: call.connectionType,
    providerCallId: fields.providerCallId,
    recordIds: [...call.recordIds],
    ivrSteps: call.ivrSteps.map((s) => ({ menuText: s.menuText, digits: s.digits, fromLearnedPath: s.fromLearnedPath, at: new Date(s.at) })),
    turns: call.turns.map((t) => ({ ...t, at: new Date(t.at) })),
    outcomes: call.outcomes.map((o) => outcomeValue(call, o)),
    placedAt: new Date(fields.placedAt),
    connectedAt: fields.connectedAt === null ? null : new Date(fields.connectedAt),
    endedAt: fields.endedAt === null ? null : new Date(fields.endedAt),
    endReason: fields.endReason,
    recordingKey: fields.recordingKey,
    version: call.version,
    updatedAt: new Date(fields.now),
  };
}

export function outcomeValue(call: Pick<LiveCall, 'callId' | 'batchId' | 'hotelPhone'>, o: JournalOutcome): RecordCallOutcome {
  return {
    callId: call.callId,
    batchId: call.batchId,
    hotelPhone: call.hotelPhone,
    recordId: o.recordId,
    tenantId: o.tenantId,
    outcome: o.outcome,
    callbackAt: o.callbackAt === null ? null : new Date(o.callbackAt),
    hotelWords: o.hotelWords,
    confidence: o.confidence,
    reason: o.reason,
    occurredAt: new Date(o.at),
  };
}

/**
 * The hotel profile after a call: the learned menu path and time (when one was walked to a person) and the
 * answer statistics for the hour the call was placed (hotel's local hour). Undefined when nothing changed.
 */
export function learnFromCall(call: LiveCall, hotel: Hotel | undefined, placedAt: number, now: number): Hotel | undefined {
  const base: Hotel = hotel ?? {
    hotelPhone: call.hotelPhone,
    name: null,
    address: null,
    timeZone: call.timeZone,
    email: null,
    contactPreference: 'CALL',
    leaveVoicemail: true,
    businessHours: [],
    ivrPath: [],
    answerStats: [],
    version: 0,
    updatedAt: new Date(now),
    ivrNavigationSeconds: null,
  };
  const hour = DateTime.fromMillis(placedAt, { zone: call.timeZone }).hour;
  const human = call.connectionType === 'HUMAN' || call.learned !== undefined || call.turns.some((t) => t.speaker === 'HOTEL' && t.intent !== null && t.intent !== 'VOICEMAIL');
  const stats: HourStats[] = [...base.answerStats.filter((s) => s.hour !== hour)];
  const previous = base.answerStats.find((s) => s.hour === hour);
  stats.push({ hour, attempts: (previous?.attempts ?? 0) + 1, answeredByHuman: (previous?.answeredByHuman ?? 0) + (human ? 1 : 0) });
  stats.sort((a, b) => a.hour - b.hour);
  const learned = call.learned;
  return {
    ...base,
    timeZone: base.timeZone ?? call.timeZone,
    answerStats: stats,
    ...(learned ? { ivrPath: [...learned.path], ivrNavigationSeconds: learned.seconds } : {}),
    version: base.version + 1,
    updatedAt: new Date(now),
  };
}
