// One call to a hotel as a pure state machine, one turn per TwiML <Gather input="speech dtmf">.
// handleTurn(state, event) -> the next state, the next action (say and listen, send digits, hang
// up), the per-request outcomes decided in this turn, and signals (IVR path learned, escalation).
// Time comes in as arguments: every event carries the seconds elapsed since the call connected and
// speech carries the instant it was heard (for callback times on the hotel's wall clock).
import { ValidationError, type FieldIssue } from '@folio/errors';
import { analyzeUtterance, type Analysis } from './voice-analyzer.js';
import {
  classifyLine,
  DEFAULT_IVR_CONFIG,
  firstIvrStep,
  ivrStep,
  startIvr,
  type IvrConfig,
  type IvrProfile,
  type IvrState,
  type IvrStep,
} from './ivr-navigator.js';
import { render, speakDate, speakEmail, spell, spellEmail, type Prompt } from './prompts.js';

export interface CallRequest {
  readonly recordId: string;
  readonly guestName: string;
  readonly confirmationNumber: string;
  /** ISO dates (YYYY-MM-DD). */
  readonly checkIn: string;
  readonly checkOut: string;
  readonly destinationEmail: string;
  /** Quoted in voicemail messages and emails so replies can be matched. */
  readonly referenceId: string;
  /** When the request was created (ISO instant); the oldest is asked first. */
  readonly createdAt: string;
}

export interface CallLimits {
  /** Stop asking at this many seconds, say the rest will come by email. */
  readonly stopAskingAtSeconds: number;
  /** The call ends by then. */
  readonly maxDurationSeconds: number;
  /** How long the hotel has to answer one question. */
  readonly answerTimeoutSeconds: number;
  /** How long to stay on hold (or in a transfer) before giving up on the person. */
  readonly maxHoldSeconds: number;
  /** Unclear answers, repeats and silences tolerated per request before moving on. */
  readonly maxAttemptsPerRequest: number;
  readonly maxRequestsPerCall: number;
  /** Seconds kept free at the end so the closing words fit before the hard limit. */
  readonly closingSeconds: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  stopAskingAtSeconds: 540,
  maxDurationSeconds: 600,
  answerTimeoutSeconds: 30,
  maxHoldSeconds: 180,
  maxAttemptsPerRequest: 3,
  maxRequestsPerCall: 20,
  closingSeconds: 10,
};

export interface CallSetup {
  readonly callId: string;
  readonly clientName: string;
  readonly requests: readonly CallRequest[];
  /** IANA zone of the hotel, for callback and commitment times. */
  readonly timeZone: string;
  readonly voicemail: 'leave-message' | 'hang-up';
  readonly ivr?: IvrProfile;
  readonly ivrConfig?: IvrConfig;
  readonly limits?: Partial<CallLimits>;
}

export type ConnectionAnalysis = 'human' | 'ivr' | 'voicemail' | 'no-answer' | 'busy' | 'failed';

export type CallEvent =
  /** Connection analysis (answering-machine detection and status). `heard` is any speech already transcribed. */
  | { readonly type: 'connected'; readonly analysis: ConnectionAnalysis; readonly elapsedSeconds: number; readonly heard?: string; readonly now?: Date }
  /** A Gather's speech result. */
  | { readonly type: 'speech'; readonly transcript: string; readonly elapsedSeconds: number; readonly now: Date }
  /** A Gather's DTMF result. */
  | { readonly type: 'digits'; readonly digits: string; readonly elapsedSeconds: number }
  /** A Gather ended with nothing heard. */
  | { readonly type: 'timeout'; readonly elapsedSeconds: number }
  /** The hotel hung up or the line dropped. */
  | { readonly type: 'hung-up'; readonly elapsedSeconds: number };

export type CallAction =
  /** Say the prompts (possibly none), then listen for speech or keys for up to `timeoutSeconds`. */
  | { readonly type: 'gather'; readonly prompts: readonly Prompt[]; readonly timeoutSeconds: number }
  /** Play DTMF tones, then listen. */
  | { readonly type: 'send-digits'; readonly digits: string; readonly timeoutSeconds: number }
  /** Say the prompts (possibly none), then hang up. */
  | { readonly type: 'hang-up'; readonly prompts: readonly Prompt[] }
  /** Nothing to do (a call already ended, or one that never connected). */
  | { readonly type: 'none' };

export type OutcomeKind =
  | 'agreed'
  | 'will-send-later'
  | 'refused'
  | 'reservation-not-found'
  | 'callback'
  | 'voicemail-message-left'
  | 'voicemail-no-message'
  | 'no-answer'
  | 'busy'
  | 'failed'
  | 'ivr-navigation-failed'
  | 'overflow'
  | 'unresolved'
  | 'call-dropped';

export interface RequestOutcome {
  readonly recordId: string;
  readonly outcome: OutcomeKind;
  readonly elapsedSeconds: number;
  /** What the hotel said, when an utterance decided it. */
  readonly utterance?: string;
  readonly confidence?: number;
  /** Callback: when to call again; will-send-later: when the folio was promised. ISO instant with offset. */
  readonly at?: string;
  readonly atText?: string;
  /** unresolved: why (UNCLEAR, NO_ANSWER, HOLD_TOO_LONG). */
  readonly reason?: string;
}

export type CallSignal =
  | { readonly type: 'human-detected'; readonly elapsedSeconds: number }
  | { readonly type: 'ivr-navigated'; readonly path: readonly string[]; readonly learn: boolean; readonly elapsedSeconds: number }
  | { readonly type: 'ivr-navigation-failed'; readonly reason: string; readonly path: readonly string[]; readonly escalate: true }
  | { readonly type: 'digits-sent'; readonly digits: string; readonly reason: string }
  | { readonly type: 'voicemail-detected'; readonly leftMessage: boolean }
  | { readonly type: 'utterance-analyzed'; readonly recordId?: string; readonly analysis: Analysis }
  | { readonly type: 'call-ended'; readonly reason: EndReason; readonly elapsedSeconds: number };

export type EndReason = 'completed' | 'callback' | 'voicemail' | 'not-connected' | 'ivr-failed' | 'time-limit' | 'hung-up' | 'hold-too-long';

export type Phase = 'dialing' | 'ivr' | 'requesting' | 'on-hold' | 'transferring' | 'ended';

interface Current {
  readonly recordId: string;
  /** Unclear answers, repeats and silences so far for this request. */
  readonly attempts: number;
}

export interface CallState {
  readonly setup: CallSetup;
  readonly limits: CallLimits;
  readonly phase: Phase;
  /** Record ids not yet decided, oldest first; the head is being asked when a person is on the line. */
  readonly pending: readonly string[];
  readonly current?: Current;
  readonly outcomes: Readonly<Record<string, RequestOutcome>>;
  readonly ivr?: IvrState;
  readonly introduced: boolean;
  /** When the current hold or transfer began. */
  readonly waitingSince?: number;
  readonly elapsedSeconds: number;
  readonly endReason?: EndReason;
}

export interface Turn {
  readonly state: CallState;
  readonly action: CallAction;
  readonly outcomes: readonly RequestOutcome[];
  readonly signals: readonly CallSignal[];
}

function validate(setup: CallSetup): void {
  const issues: FieldIssue[] = [];
  if (setup.requests.length === 0) issues.push({ field: 'requests', reason: 'a call needs at least one request' });
  const ids = new Set<string>();
  setup.requests.forEach((r, i) => {
    if (ids.has(r.recordId)) issues.push({ field: `requests[${i}].recordId`, reason: `duplicate ${r.recordId}` });
    ids.add(r.recordId);
    for (const f of ['guestName', 'confirmationNumber', 'destinationEmail', 'referenceId'] as const) {
      if (r[f].trim() === '') issues.push({ field: `requests[${i}].${f}`, reason: 'required' });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, 'CALL_SETUP_INVALID');
}

/** The call before it connects. Requests beyond the per-call limit overflow at once (first turn's outcomes). */
export function startCall(setup: CallSetup): CallState {
  validate(setup);
  const limits = { ...DEFAULT_CALL_LIMITS, ...setup.limits };
  const ordered = [...setup.requests].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.recordId.localeCompare(b.recordId));
  const inCall = ordered.slice(0, limits.maxRequestsPerCall).map((r) => r.recordId);
  const overflow: Record<string, RequestOutcome> = {};
  for (const r of ordered.slice(limits.maxRequestsPerCall)) {
    overflow[r.recordId] = { recordId: r.recordId, outcome: 'overflow', elapsedSeconds: 0, reason: 'MAX_REQUESTS_PER_CALL' };
  }
  return { setup, limits, phase: 'dialing', pending: inCall, outcomes: overflow, introduced: false, elapsedSeconds: 0 };
}

/** Outcomes decided before the call connected (requests over the per-call limit). */
export function initialOutcomes(state: CallState): RequestOutcome[] {
  return Object.values(state.outcomes);
}

// ---------------------------------------------------------------------------------------------

class TurnBuilder {
  state: CallState;
  readonly outcomes: RequestOutcome[] = [];
  readonly signals: CallSignal[] = [];
  readonly prompts: Prompt[] = [];

  constructor(state: CallState) {
    this.state = state;
  }

  request(recordId: string): CallRequest {
    const r = this.state.setup.requests.find((x) => x.recordId === recordId);
    if (!r) throw new Error(`unknown request ${recordId}`);
    return r;
  }

  vars(r: CallRequest): Record<string, string> {
    return {
      guestName: r.guestName,
      confirmationNumber: r.confirmationNumber,
      confirmationSpelled: spell(r.confirmationNumber),
      checkIn: speakDate(r.checkIn),
      checkOut: speakDate(r.checkOut),
      email: speakEmail(r.destinationEmail),
      emailSpelled: spellEmail(r.destinationEmail),
      referenceId: r.referenceId,
    };
  }

  say(id: Parameters<typeof render>[0], vars: Record<string, string> = {}): void {
    this.prompts.push(render(id, vars));
  }

  /** Decide the head of `pending` (or every pending request when `all`). */
  decide(outcome: Omit<RequestOutcome, 'recordId' | 'elapsedSeconds'>, all = false): void {
    const ids = all ? this.state.pending : this.state.pending.slice(0, 1);
    const decided: Record<string, RequestOutcome> = { ...this.state.outcomes };
    for (const recordId of ids) {
      const o: RequestOutcome = { ...outcome, recordId, elapsedSeconds: this.state.elapsedSeconds };
      decided[recordId] = o;
      this.outcomes.push(o);
    }
    const { current: _done, ...rest } = this.state;
    this.state = { ...rest, pending: this.state.pending.slice(ids.length), outcomes: decided };
  }

  end(reason: EndReason): Turn {
    this.state = { ...this.state, phase: 'ended', endReason: reason };
    this.signals.push({ type: 'call-ended', reason, elapsedSeconds: this.state.elapsedSeconds });
    return this.finish({ type: 'hang-up', prompts: this.prompts });
  }

  finish(action: CallAction): Turn {
    return { state: this.state, action, outcomes: this.outcomes, signals: this.signals };
  }

  /** Seconds a Gather may listen without running past the hard limit. */
  listenFor(seconds: number): number {
    const left = this.state.limits.maxDurationSeconds - this.state.limits.closingSeconds - this.state.elapsedSeconds;
    return Math.max(1, Math.min(seconds, left));
  }

  timeLeft(): number {
    return this.state.limits.maxDurationSeconds - this.state.limits.closingSeconds - this.state.elapsedSeconds;
  }

  gather(seconds: number): Turn {
    if (this.timeLeft() < 1) return this.timeLimit();
    return this.finish({ type: 'gather', prompts: this.prompts, timeoutSeconds: this.listenFor(seconds) });
  }

  /** Ask the head of pending (introducing ourselves first if needed), or close the call. */
  askNext(kind: 'first' | 'next' | 'again' | 'clarify' | 'spell' | 'still-there' | 'after-hold'): Turn {
    const { limits } = this.state;
    const head = this.state.pending[0];
    if (head === undefined) {
      this.say('closing');
      return this.end('completed');
    }
    if (this.state.elapsedSeconds >= limits.stopAskingAtSeconds || this.timeLeft() < 1) return this.overflowRest();
    const r = this.request(head);
    const v = this.vars(r);
    if (!this.state.introduced) {
      this.say('introduction', { clientName: this.state.setup.clientName, count: countWords(this.state.pending.length) });
      this.state = { ...this.state, introduced: true };
      kind = 'first';
    }
    switch (kind) {
      case 'first':
      case 'again':
        this.say('request', v);
        break;
      case 'next':
        this.say('nextRequest', v);
        break;
      case 'clarify':
        this.say('clarify', v);
        break;
      case 'spell':
        this.say('spell', v);
        break;
      case 'still-there':
        this.say('stillThere', v);
        break;
      case 'after-hold':
        this.say('afterHold', v);
        break;
    }
    const attempts = this.state.current?.recordId === head ? this.state.current.attempts : 0;
    this.state = { ...this.state, phase: 'requesting', current: { recordId: head, attempts }, waitingSince: undefined };
    return this.gather(limits.answerTimeoutSeconds);
  }

  overflowRest(): Turn {
    if (this.state.pending.length > 0) {
      this.decide({ outcome: 'overflow', reason: 'CALL_TIME_LIMIT' }, true);
      this.say('overflow');
    }
    this.say('closing');
    return this.end('time-limit');
  }

  timeLimit(): Turn {
    if (this.state.phase === 'ivr') {
      this.decide({ outcome: 'ivr-navigation-failed', reason: 'CALL_TIME_LIMIT' }, true);
      return this.end('time-limit');
    }
    return this.overflowRest();
  }

  voicemail(text?: string): Turn {
    const leave = this.state.setup.voicemail === 'leave-message';
    this.signals.push({ type: 'voicemail-detected', leftMessage: leave });
    if (leave) {
      this.prompts.length = 0;
      this.say('voicemailIntro', { clientName: this.state.setup.clientName });
      for (const id of this.state.pending) this.say('voicemailRequest', this.vars(this.request(id)));
      this.say('voicemailClosing');
    } else {
      this.prompts.length = 0;
    }
    this.decide({ outcome: leave ? 'voicemail-message-left' : 'voicemail-no-message', ...(text ? { utterance: text } : {}) }, true);
    return this.end('voicemail');
  }
}

function countWords(n: number): string {
  return n === 1 ? 'one request' : `${n} requests`;
}

const ACK = {
  agreed: 'ackAgreed',
  'will-send-later': 'ackWillSendLater',
  refused: 'ackRefused',
  'reservation-not-found': 'ackNotFound',
} as const;

/** Apply what the hotel said while a request is being asked (or after a hold or transfer). */
function onAnswer(t: TurnBuilder, transcript: string, now: Date, fresh: boolean): Turn {
  const { setup, limits } = t.state;
  const analysis = analyzeUtterance(transcript, { now, timeZone: setup.timeZone });
  const head = t.state.pending[0];
  t.signals.push({ type: 'utterance-analyzed', ...(head ? { recordId: head } : {}), analysis });
  const base = { utterance: transcript, confidence: analysis.confidence };
  const stillWaiting = analysis.intent === 'hold' || analysis.intent === 'transfer';
  if (stillWaiting && t.state.waitingSince !== undefined && t.state.elapsedSeconds - t.state.waitingSince > limits.maxHoldSeconds) return holdTooLong(t);
  switch (analysis.intent) {
    case 'agreed':
    case 'will-send-later':
    case 'refused':
    case 'reservation-not-found': {
      const when = analysis.when ? { at: analysis.when, ...(analysis.whenText ? { atText: analysis.whenText } : {}) } : {};
      t.decide({ outcome: analysis.intent, ...base, ...(analysis.intent === 'will-send-later' ? when : {}) });
      t.say(ACK[analysis.intent]);
      return t.askNext('next');
    }
    case 'callback': {
      // "call back at three": the person who can answer is not there; it holds for the whole batch.
      const at = analysis.when ? { at: analysis.when, ...(analysis.whenText ? { atText: analysis.whenText } : {}) } : {};
      t.decide({ outcome: 'callback', ...base, ...at }, true);
      t.say('ackCallback', { when: analysis.whenText ?? 'later' });
      return t.end('callback');
    }
    // A hold or transfer keeps the time it began: a hold message repeated every minute does not restart it.
    case 'hold':
      t.state = { ...t.state, phase: t.state.phase === 'transferring' ? 'transferring' : 'on-hold', waitingSince: t.state.waitingSince ?? t.state.elapsedSeconds };
      return t.gather(limits.answerTimeoutSeconds);
    case 'transfer':
      t.state = { ...t.state, phase: 'transferring', waitingSince: t.state.waitingSince ?? t.state.elapsedSeconds, introduced: false };
      return t.gather(limits.answerTimeoutSeconds);
    case 'voicemail':
      return t.voicemail(transcript);
    case 'repeat':
      return retry(t, 'spell', 'UNCLEAR');
    case 'unclear':
      // A greeting after a hold or a transfer: ask the question again rather than count a failure.
      if (fresh) return t.askNext(t.state.introduced ? 'after-hold' : 'first');
      return retry(t, 'clarify', 'UNCLEAR');
  }
}

/** Ask the current request again, or give it up after too many attempts. */
function retry(t: TurnBuilder, kind: 'clarify' | 'spell' | 'still-there', reason: string): Turn {
  const current = t.state.current;
  const attempts = (current?.attempts ?? 0) + 1;
  if (current && attempts >= t.state.limits.maxAttemptsPerRequest) {
    t.decide({ outcome: 'unresolved', reason });
    return t.askNext('next');
  }
  if (current) t.state = { ...t.state, current: { ...current, attempts } };
  return t.askNext(kind);
}

function fromIvr(t: TurnBuilder, step: IvrStep, ivr: IvrState): Turn {
  t.state = { ...t.state, ivr };
  switch (step.type) {
    case 'send-digits':
      t.signals.push({ type: 'digits-sent', digits: step.digits, reason: step.reason });
      if (t.timeLeft() < 1) return t.timeLimit();
      return t.finish({ type: 'send-digits', digits: step.digits, timeoutSeconds: t.listenFor(step.waitSeconds) });
    case 'wait':
      return t.gather(step.seconds);
    case 'reached-person': {
      const known = t.state.setup.ivr?.learnedPath ?? [];
      const learn = step.learn && step.path.join(',') !== known.join(',');
      t.signals.push({ type: 'ivr-navigated', path: step.path, learn, elapsedSeconds: t.state.elapsedSeconds });
      t.signals.push({ type: 'human-detected', elapsedSeconds: t.state.elapsedSeconds });
      return t.askNext('first');
    }
    case 'voicemail':
      return t.voicemail(step.text);
    case 'failed':
      t.signals.push({ type: 'ivr-navigation-failed', reason: step.reason, path: step.path, escalate: true });
      t.decide({ outcome: 'ivr-navigation-failed', reason: step.reason }, true);
      return t.end('ivr-failed');
  }
}

/** One turn of the call. Events after the call ended change nothing (webhooks may be redelivered). */
export function handleTurn(state: CallState, event: CallEvent): Turn {
  if (state.phase === 'ended') return { state, action: { type: 'none' }, outcomes: [], signals: [] };
  const elapsedSeconds = Math.max(state.elapsedSeconds, event.elapsedSeconds);
  const t = new TurnBuilder({ ...state, elapsedSeconds });
  const { limits } = state;

  if (event.type === 'hung-up') {
    if (state.phase === 'dialing') {
      t.decide({ outcome: 'failed', reason: 'HUNG_UP_BEFORE_CONNECTED' }, true);
      return t.end('not-connected');
    }
    t.decide({ outcome: state.phase === 'ivr' ? 'ivr-navigation-failed' : 'call-dropped', reason: 'HUNG_UP' }, true);
    t.prompts.length = 0;
    const turn = t.end('hung-up');
    return { ...turn, action: { type: 'none' } };
  }

  if (state.phase === 'dialing') {
    if (event.type !== 'connected') return t.finish({ type: 'none' });
    switch (event.analysis) {
      case 'no-answer':
      case 'busy':
      case 'failed':
        t.decide({ outcome: event.analysis }, true);
        t.prompts.length = 0;
        return { ...t.end('not-connected'), action: { type: 'none' } };
      case 'voicemail':
        return t.voicemail(event.heard);
      case 'human':
        t.signals.push({ type: 'human-detected', elapsedSeconds });
        if (event.heard !== undefined && event.heard.trim() !== '' && event.now) {
          t.state = { ...t.state, phase: 'requesting' };
          return onAnswer(t, event.heard, event.now, true);
        }
        return t.askNext('first');
      case 'ivr': {
        const ivr = startIvr(state.setup.ivr, state.setup.ivrConfig ?? DEFAULT_IVR_CONFIG);
        t.state = { ...t.state, phase: 'ivr', ivr };
        if (event.heard !== undefined && event.heard.trim() !== '') {
          const r = ivrStep(ivr, { type: 'heard', text: event.heard });
          return fromIvr(t, r.step, r.state);
        }
        return fromIvr(t, firstIvrStep(ivr), ivr);
      }
    }
  }

  // Past the hard limit the call ends now. Before it, an answer is still recorded; every handler
  // below ends the call instead of listening when no listening time is left.
  if (elapsedSeconds >= limits.maxDurationSeconds) return t.timeLimit();
  if (event.type === 'connected') return t.finish({ type: 'none' }); // a duplicate analysis callback

  if (state.phase === 'ivr') {
    const ivr = state.ivr ?? startIvr(state.setup.ivr, state.setup.ivrConfig);
    const observation = event.type === 'speech' ? { type: 'heard' as const, text: event.transcript } : { type: 'silence' as const };
    const r = ivrStep(ivr, observation);
    return fromIvr(t, r.step, r.state);
  }

  const waitedTooLong = state.waitingSince !== undefined && elapsedSeconds - state.waitingSince > limits.maxHoldSeconds;
  switch (event.type) {
    case 'speech':
      if (event.transcript.trim() === '') return onSilence(t, waitedTooLong);
      if (mayMeetMachine(state) && isMachineMenu(event.transcript)) {
        // A menu where a person was expected: navigate it.
        const ivr = startIvr(state.setup.ivr, state.setup.ivrConfig ?? DEFAULT_IVR_CONFIG);
        t.state = { ...t.state, phase: 'ivr', ivr, introduced: false };
        const r = ivrStep(ivr, { type: 'heard', text: event.transcript });
        return fromIvr(t, r.step, r.state);
      }
      return onAnswer(t, event.transcript, event.now, state.phase === 'on-hold' || state.phase === 'transferring');
    case 'digits':
      if (state.phase !== 'requesting') return t.gather(limits.answerTimeoutSeconds);
      return retry(t, 'clarify', 'UNCLEAR');
    case 'timeout':
      return onSilence(t, waitedTooLong);
  }
}

/** A menu may answer: connection analysis can take an IVR for a person, and transfers can land in one. */
function mayMeetMachine(state: CallState): boolean {
  if (state.phase === 'transferring') return true;
  return state.phase === 'requesting' && !Object.values(state.outcomes).some((o) => o.utterance !== undefined);
}

function isMachineMenu(transcript: string): boolean {
  const kind = classifyLine(transcript);
  return kind === 'menu' || kind === 'prompt';
}

/** Nobody came back from a hold or transfer: the rest goes by email. */
function holdTooLong(t: TurnBuilder): Turn {
  t.decide({ outcome: 'overflow', reason: 'HOLD_TOO_LONG' }, true);
  t.say('overflow');
  t.say('closing');
  return t.end('hold-too-long');
}

function onSilence(t: TurnBuilder, waitedTooLong: boolean): Turn {
  const { phase, limits } = t.state;
  if (phase === 'on-hold' || phase === 'transferring') {
    if (!waitedTooLong) return t.gather(limits.answerTimeoutSeconds);
    return holdTooLong(t);
  }
  return retry(t, 'still-there', 'NO_ANSWER');
}
