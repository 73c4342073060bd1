// Finds a person behind a hotel's phone menu. Replays the hotel's learned digit path first; else
// reads the menu text ("press 2 for billing", "for reservations press 3", "dial 0 for the operator"),
// scores the options toward billing / front desk / reservations / operator and sends the best
// digits. A menu that comes back unchanged, an error prompt or silence is a failure; the third
// failure ends navigation (escalate). Pure: observations in, the next step out.

export type IvrTarget = 'billing' | 'front-desk' | 'reservations' | 'operator' | 'language';

export interface MenuOption {
  /** What to send: one key, `*` or `#`. */
  readonly digits: string;
  readonly label: string;
  readonly target?: IvrTarget;
  /** How well the option leads to someone who can send a folio, 0..1. */
  readonly score: number;
}

export interface IvrProfile {
  /** Digits that reached a person last time, e.g. ["2", "1"]. */
  readonly learnedPath?: readonly string[];
  /** Tried when no option of a menu scores, or after an error prompt, e.g. ["0"]. */
  readonly fallbackPath?: readonly string[];
  /** Learn the path that reached a person (default true). */
  readonly learningEnabled?: boolean;
}

export interface IvrConfig {
  readonly menuWaitSeconds: number;
  readonly humanWaitSeconds: number;
  /** A longer wait used after a silent menu (retry with a longer timeout). */
  readonly retryMenuWaitSeconds: number;
  readonly maxFailures: number;
  /** Never send more digits than this without progress (a new menu or a person). */
  readonly maxDigitsWithoutProgress: number;
}

export const DEFAULT_IVR_CONFIG: IvrConfig = {
  menuWaitSeconds: 5,
  humanWaitSeconds: 10,
  retryMenuWaitSeconds: 10,
  maxFailures: 3,
  maxDigitsWithoutProgress: 4,
};

/** No learned path and no menu understood: "press 2 for billing" is the most common layout. */
export const DEFAULT_PRIMARY_DIGIT = '2';
export const DEFAULT_FALLBACK_PATH: readonly string[] = ['0'];

export type IvrObservation =
  /** What the line said during the last wait (a Gather's speech result). */
  | { readonly type: 'heard'; readonly text: string }
  /** The wait ended with nothing said. */
  | { readonly type: 'silence' };

export type IvrStep =
  | { readonly type: 'send-digits'; readonly digits: string; readonly then: 'menu' | 'person'; readonly waitSeconds: number; readonly reason: string }
  | { readonly type: 'wait'; readonly for: 'menu' | 'person'; readonly seconds: number; readonly reason: string }
  | { readonly type: 'reached-person'; readonly path: readonly string[]; readonly learn: boolean; readonly greeting: string }
  | { readonly type: 'voicemail'; readonly text: string }
  | { readonly type: 'failed'; readonly reason: IvrFailure; readonly path: readonly string[]; readonly failures: number };

export type IvrFailure = 'MAX_FAILURES' | 'NO_PROGRESS' | 'NO_OPTIONS_LEFT';

export interface IvrState {
  readonly phase: 'navigating' | 'reached' | 'voicemail' | 'failed';
  readonly path: readonly string[];
  readonly replay: readonly string[];
  readonly fallback: readonly string[];
  readonly failures: number;
  readonly digitsSinceProgress: number;
  /** Menus heard (normalised text) and the digits already tried in each. */
  readonly tried: Readonly<Record<string, readonly string[]>>;
  readonly lastMenu?: string;
  readonly waitingFor: 'menu' | 'person';
  readonly learnedPathUsed: boolean;
  readonly learningEnabled: boolean;
  readonly config: IvrConfig;
}

/** `prompt`: the machine asks for a key but names no option we can read. */
export type LineKind = 'person' | 'menu' | 'prompt' | 'error' | 'hold' | 'voicemail' | 'intro';

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  pound: '#', hash: '#', star: '*', asterisk: '*',
};
const KEY = '(\\d|\\*|#)';
const PRESS = '(?:press|dial|push|hit|enter|select|choose|touch)';

export function normalizeLine(text: string): string {
  let t = ` ${text.toLowerCase().replace(/[’']/g, '')} `;
  t = t.replace(/\b(zero|oh|one|two|three|four|five|six|seven|eight|nine|pound|hash|star|asterisk)\b/g, (w) => NUMBER_WORDS[w] ?? w);
  return t.replace(/\s+/g, ' ').trim();
}

const SUCCESS = /\b(?:how (?:can|may|could) i (?:help|assist)|what can i do for you|this is \w+(?: speaking)?|\w+ speaking|speaking how|front desk this is|you re speaking (?:to|with)|thanks for holding|thank you for holding|who am i speaking|good (?:morning|afternoon|evening) (?:this is|front desk|billing|accounting)|hello (?:this is|billing|accounting|front desk)|yes hello|hello\??$)/;
const ERROR = /\b(?:invalid (?:entry|selection|option|choice)|not a valid|try again|did not understand|didnt understand|sorry i didnt get that|please make a (?:valid )?selection|that is not an option|unrecognized|i dont recognize)\b/;
const HOLD = /\b(?:please (?:hold|wait|stay on the line)|hold (?:for|while)|connecting you|transferring|your call is important|next available|all of our (?:agents|associates|representatives|staff)|currently assisting other|you are (?:caller )?number|remain on the line|one moment while|please continue to hold)\b/;
const VOICEMAIL = /\b(?:leave (?:a|your) (?:message|name)|after the (?:tone|beep)|at the (?:tone|beep)|voice ?mail|mailbox|record your message)\b/;
const PROMPT = /\b(?:make (?:a|your) (?:selection|choice)|(?:enter|dial) (?:the|your party s|your partys) extension|main menu|the following options|listen to the following|select from|please choose|if you know your)\b/;
const INTRO = /\b(?:offices? (?:is|are) (?:now )?closed|we are (?:now |currently )?closed|did not receive (?:a|your) selection|welcome to|thank you for calling|thanks for calling|please listen carefully|menu options have (?:recently )?changed|this call may be (?:recorded|monitored)|for quality)\b/;

const TARGETS: ReadonlyArray<readonly [IvrTarget, RegExp, number]> = [
  ['billing', /\b(?:folio|folios|invoice|invoices|receipt|receipts|guest billing|guest bills?)\b/, 1],
  ['billing', /\b(?:billing|bill|bills|charges)\b/, 0.97],
  ['billing', /\b(?:accounting|accounts|account|finance|payment|payments|accounts receivable)\b/, 0.9],
  ['language', /\benglish\b/, 0.95],
  ['front-desk', /\b(?:front desk|reception|guest services|front office|guest service|the hotel|hotel directly|desk)\b/, 0.8],
  ['reservations', /\b(?:reservation|reservations|booking|bookings|book a room)\b/, 0.6],
  ['operator', /\b(?:operator|representative|agent|associate|team member|staff|someone|somebody|a person|all other|any other|other (?:inquiries|questions|requests)|speak|talk|general)\b/, 0.5],
];
/** Options that sound right but lead elsewhere: corporate or group accounts, suppliers, new bookings. */
const DETOURS = /\b(?:corporate|group|groups|vendor|vendors|supplier|suppliers|payable|events|weddings|new reservations?|new bookings?|make a (?:new )?reservation|careers|jobs|sales)\b/;

function scoreLabel(label: string): { target?: IvrTarget; score: number } {
  let best: { target?: IvrTarget; score: number } = { score: 0 };
  for (const [target, re, score] of TARGETS) if (re.test(label) && score > best.score) best = { target, score };
  if (best.target !== undefined && DETOURS.test(label)) best = { ...best, score: Math.round(best.score * 0.5 * 100) / 100 };
  return best;
}

/** The options a menu offers, in the order heard, with their scores. */
export function parseMenu(text: string): MenuOption[] {
  const t = normalizeLine(text);
  const found = new Map<string, { index: number; label: string }>();
  const keyFirst = new RegExp(`${PRESS}\\s+${KEY}\\s+(?:for|to)\\s+([a-z ]+?)(?=\\s+(?:${PRESS.slice(3, -1)}|for|to|or|if)\\b|[.,;!?]|$)`, 'g');
  const labelFirst = new RegExp(`(?:\\bfor|\\bto|\\bif you (?:are|would like to|want to|need|wish to|have|re)|\\bif youre)\\s+([a-z ]+?),?\\s+(?:please\\s+)?${PRESS}\\s+${KEY}\\b`, 'g');
  for (const m of t.matchAll(keyFirst)) {
    const digits = m[1] ?? '';
    if (!found.has(digits)) found.set(digits, { index: m.index ?? 0, label: (m[2] ?? '').trim() });
  }
  for (const m of t.matchAll(labelFirst)) {
    const digits = m[2] ?? '';
    const label = (m[1] ?? '').split(/\b(?:for|to)\b/).pop()?.trim() ?? '';
    if (!found.has(digits)) found.set(digits, { index: m.index ?? 0, label });
  }
  // "or press 0 at any time / for all other" without a clear label
  for (const m of t.matchAll(new RegExp(`${PRESS}\\s+${KEY}\\s+(?:at any time|now)`, 'g'))) {
    const digits = m[1] ?? '';
    if (!found.has(digits)) found.set(digits, { index: m.index ?? 0, label: digits === '0' ? 'operator' : '' });
  }
  return [...found.entries()]
    .sort((a, b) => a[1].index - b[1].index)
    .map(([digits, { label }]) => ({ digits, label, ...scoreLabel(label) }));
}

/** What kind of thing the line said. Success indicators win over menus; error prompts over both. */
export function classifyLine(text: string): LineKind {
  const t = normalizeLine(text);
  if (VOICEMAIL.test(t)) return 'voicemail';
  if (ERROR.test(t)) return 'error';
  if (parseMenu(t).length > 0) return 'menu';
  if (SUCCESS.test(t)) return 'person';
  if (HOLD.test(t)) return 'hold';
  if (PROMPT.test(t)) return 'prompt';
  if (INTRO.test(t)) return 'intro';
  return t === '' ? 'intro' : 'person';
}

export function startIvr(profile: IvrProfile = {}, config: IvrConfig = DEFAULT_IVR_CONFIG): IvrState {
  return {
    phase: 'navigating',
    path: [],
    replay: profile.learnedPath ? [...profile.learnedPath] : [],
    fallback: profile.fallbackPath ? [...profile.fallbackPath] : [...DEFAULT_FALLBACK_PATH],
    failures: 0,
    digitsSinceProgress: 0,
    tried: {},
    waitingFor: 'menu',
    learnedPathUsed: (profile.learnedPath?.length ?? 0) > 0,
    learningEnabled: profile.learningEnabled ?? true,
    config,
  };
}

/** The first step: listen for the menu. */
export function firstIvrStep(state: IvrState): IvrStep {
  return { type: 'wait', for: 'menu', seconds: state.config.menuWaitSeconds, reason: 'listen for the menu' };
}

function fail(state: IvrState, reason: IvrFailure): { state: IvrState; step: IvrStep } {
  return { state: { ...state, phase: 'failed' }, step: { type: 'failed', reason, path: state.path, failures: state.failures } };
}

function send(state: IvrState, digits: string, reason: string, menuKey: string | undefined, then: 'menu' | 'person' = 'menu'): { state: IvrState; step: IvrStep } {
  if (state.digitsSinceProgress + digits.length > state.config.maxDigitsWithoutProgress) return fail(state, 'NO_PROGRESS');
  const tried = menuKey === undefined ? state.tried : { ...state.tried, [menuKey]: [...(state.tried[menuKey] ?? []), digits] };
  const next: IvrState = { ...state, path: [...state.path, digits], digitsSinceProgress: state.digitsSinceProgress + digits.length, tried, waitingFor: then };
  const waitSeconds = then === 'menu' ? state.config.menuWaitSeconds : state.config.humanWaitSeconds;
  return { state: next, step: { type: 'send-digits', digits, then, waitSeconds, reason } };
}

function failure(state: IvrState): IvrState | undefined {
  const failures = state.failures + 1;
  return failures >= state.config.maxFailures ? undefined : { ...state, failures };
}

/** Choose what to press in a menu: the next learned digit, the best untried option, the fallback, the default. */
function chooseInMenu(state: IvrState, menuKey: string, options: readonly MenuOption[]): { state: IvrState; step: IvrStep } {
  const [replayNext, ...replayRest] = state.replay;
  if (replayNext !== undefined) {
    return send({ ...state, replay: replayRest }, replayNext, 'replay the learned path', menuKey);
  }
  const tried = new Set(state.tried[menuKey] ?? []);
  const best = options.filter((o) => o.score > 0 && !tried.has(o.digits)).sort((a, b) => b.score - a.score)[0];
  if (best) return send(state, best.digits, `"${best.label}" leads to ${best.target}`, menuKey);
  if (options.length === 0 && !tried.has(DEFAULT_PRIMARY_DIGIT)) {
    return send(state, DEFAULT_PRIMARY_DIGIT, 'menu not understood: default billing key', menuKey);
  }
  const [fallbackNext, ...fallbackRest] = state.fallback;
  if (fallbackNext !== undefined && !tried.has(fallbackNext)) {
    return send({ ...state, fallback: fallbackRest }, fallbackNext, 'no option leads to billing or a person: fallback path', menuKey);
  }
  return fail(state, 'NO_OPTIONS_LEFT');
}

/** One observation of the line in, the next step out. */
export function ivrStep(state: IvrState, observation: IvrObservation): { state: IvrState; step: IvrStep } {
  if (state.phase !== 'navigating') throw new Error(`IVR navigation already ${state.phase}`);
  const { config } = state;
  if (observation.type === 'silence') {
    const next = failure(state);
    if (!next) return fail({ ...state, failures: state.failures + 1 }, 'MAX_FAILURES');
    if (state.waitingFor === 'person') return { state: next, step: { type: 'wait', for: 'person', seconds: config.humanWaitSeconds, reason: 'no one yet' } };
    return { state: next, step: { type: 'wait', for: 'menu', seconds: config.retryMenuWaitSeconds, reason: 'menu silent: wait longer' } };
  }

  const text = observation.text;
  const kind = classifyLine(text);
  const menuKey = normalizeLine(text);
  switch (kind) {
    case 'person': {
      const learn = state.learningEnabled && state.path.length > 0;
      return { state: { ...state, phase: 'reached' }, step: { type: 'reached-person', path: state.path, learn, greeting: text } };
    }
    case 'voicemail':
      return { state: { ...state, phase: 'voicemail' }, step: { type: 'voicemail', text } };
    case 'hold':
      return { state: { ...state, waitingFor: 'person' }, step: { type: 'wait', for: 'person', seconds: config.humanWaitSeconds, reason: 'connecting' } };
    case 'intro':
      return { state: { ...state, waitingFor: 'menu' }, step: { type: 'wait', for: 'menu', seconds: config.menuWaitSeconds, reason: 'greeting before the menu' } };
    case 'error': {
      // An error prompt: the learned path is stale and the last digit was wrong.
      const next = failure({ ...state, replay: [] });
      if (!next) return fail({ ...state, failures: state.failures + 1 }, 'MAX_FAILURES');
      const options = parseMenu(text);
      if (options.length > 0 && state.lastMenu !== undefined) return chooseInMenu(next, state.lastMenu, parseMenu(state.lastMenu));
      return { state: next, step: { type: 'wait', for: 'menu', seconds: config.menuWaitSeconds, reason: 'error prompt: wait for the menu again' } };
    }
    case 'prompt':
    case 'menu': {
      const options = parseMenu(text);
      const seen = state.tried[menuKey] !== undefined;
      let next: IvrState = { ...state, lastMenu: menuKey, waitingFor: 'menu' };
      if (seen && state.lastMenu === menuKey && state.path.length > 0) {
        // The same menu again: the digits did not move us. Stop replaying, count a failure.
        const counted = failure({ ...next, replay: [] });
        if (!counted) return fail({ ...next, failures: state.failures + 1 }, 'MAX_FAILURES');
        next = counted;
      } else if (!seen) {
        next = { ...next, digitsSinceProgress: 0 };
      }
      return chooseInMenu(next, menuKey, options);
    }
  }
}
