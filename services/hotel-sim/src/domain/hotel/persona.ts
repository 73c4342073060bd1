// What a simulated hotel is: how its line connects, its phone menu, its front desk's manner and its answer to
// each folio request. Loaded from the personas file at the edge; plain data here.

/** How the hotel answers a folio request. */
export type Answer =
  | { kind: 'agree'; /** Whether the promised email really goes out. */ sends: boolean; /** Simulated seconds until it does. */ sendAfterSeconds: number }
  | { kind: 'refuse-privacy' }
  | { kind: 'not-found' }
  | { kind: 'callback'; /** Spoken as is, e.g. "3 pm". */ at: string }
  | { kind: 'send-later'; /** Spoken as is, e.g. "end of day". */ by: string; sends: boolean; sendAfterSeconds: number }
  | { kind: 'hold'; seconds: number; then: Answer };

export type IvrTarget =
  | { kind: 'menu'; menu: IvrMenu }
  | { kind: 'person' }
  | { kind: 'voicemail' }
  | { kind: 'hangup' };

export interface IvrOption {
  readonly digit: string;
  /** What the option reaches, spoken in the prompt ("For billing, press 2") and recognised when said. */
  readonly label: string;
  readonly then: IvrTarget;
}

export interface IvrMenu {
  /** Said before the options, e.g. "Thank you for calling the Grand Plaza." */
  readonly intro: string;
  readonly options: readonly IvrOption[];
}

export interface Ivr {
  /** Menu versions; the hotel moves to the next one every `changeEveryCalls` calls (menus change occasionally). */
  readonly variants: readonly IvrMenu[];
  readonly changeEveryCalls: number;
  /** After this many listens without a choice the menu gives up: to the operator or by hanging up. */
  readonly maxRepeats: number;
  readonly onNoInput: 'person' | 'hangup';
}

export type Connection =
  | { kind: 'answers' }
  | { kind: 'voicemail' }
  | { kind: 'no-answer'; ringSeconds: number }
  | { kind: 'busy' }
  | { kind: 'failed' }
  | { kind: 'fax' };

export interface Reservation {
  /** Guest's last name (matched case-insensitively) or full name. */
  readonly guest: string;
  readonly confirmation?: string;
  readonly answer: Answer;
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly nightlyRate?: number;
}

export interface Persona {
  readonly connection: Connection;
  readonly ivr?: Ivr;
  /** Seconds the line rings before it is picked up. */
  readonly ringSeconds: number;
  /** Said by the person on pickup. */
  readonly greeting: string;
  /** Said by the voicemail before the tone. */
  readonly voicemailGreeting: string;
  /** Seconds the person waits before starting to speak (a slow speaker exceeds a Gather's timeout). */
  readonly replyDelaySeconds: number;
  readonly wordsPerMinute: number;
  /** Seconds on hold before a person first picks up (long hold after the menu or the greeting). */
  readonly holdOnPickupSeconds: number;
  /** 0 clean; up to 1 heavily garbled speech recognition of the hotel's words. */
  readonly asrNoise: number;
  /** Asks the caller to spell the confirmation number before answering. */
  readonly asksToSpell: boolean;
  /** The answer to any request not listed in `reservations`. */
  readonly answer: Answer;
  /** Per-guest answers (a mix of several requests in one call). */
  readonly reservations: readonly Reservation[];
  /** When true, requests for guests not listed are "not found". */
  readonly knownGuestsOnly: boolean;
  readonly nightlyRate: number;
  readonly currency: string;
  /** How Folio should reach the hotel, as its published profile says (EMAIL_ONLY: never called); default CALL. */
  readonly contactPreference?: 'CALL' | 'EMAIL_ONLY';
  /** How the front desk answers folio request emails (the email desk, when it runs); default DEFAULT_EMAIL_DESK. */
  readonly emailDesk?: EmailDesk;
}

/** How a hotel answers a folio request (or reminder) email. */
export interface EmailDesk {
  /** all: every requested folio; some: the rest are "not found"; never: no answer at all. */
  readonly replies: 'all' | 'some' | 'never';
  /** Simulated seconds between the request's arrival and the answer. */
  readonly replyAfterSeconds: number;
  /** One email per folio instead of one email with every folio. */
  readonly oneEmailPerFolio: boolean;
  /** With `some`: guests (last or full name, any case) or confirmation numbers not found; empty = every second entry. */
  readonly notFound: readonly string[];
  /** Sends scanned-looking folios: image-only PDFs (a reader needs OCR). */
  readonly scanned: boolean;
}

export const DEFAULT_EMAIL_DESK: EmailDesk = { replies: 'all', replyAfterSeconds: 600, oneEmailPerFolio: false, notFound: [], scanned: false };

export interface Hotel {
  /** E.164, the number the caller dials. */
  readonly phone: string;
  readonly name: string;
  readonly address: string;
  /** The hotel's own address; folios come from it. */
  readonly email: string;
  readonly persona: Persona;
}

/** The menu a hotel plays on its `callNumber`-th call (0-based). */
export function menuFor(ivr: Ivr, callNumber: number): IvrMenu {
  const index = Math.floor(callNumber / Math.max(1, ivr.changeEveryCalls)) % ivr.variants.length;
  return ivr.variants[index]!;
}

export function menuPrompt(menu: IvrMenu): string {
  return [menu.intro, ...menu.options.map((o) => `For ${o.label}, press ${o.digit}.`)].filter(Boolean).join(' ');
}
