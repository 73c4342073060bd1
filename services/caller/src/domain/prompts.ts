// What the caller says, as text templates. The adapter turns the rendered text into speech
// (ElevenLabs audio played with <Play>, or <Say>); the template id and variables travel with the
// text so audio can be cached per rendered text.
import { DateTime } from 'luxon';

export const PROMPT_TEMPLATES = {
  introduction:
    'Hello, this is an automated call from {clientName} about hotel folios for our guests. I have {count} to ask about, it will only take a moment.',
  request:
    "I'm calling to request a folio for guest {guestName}, confirmation number {confirmationNumber}, who stayed from {checkIn} to {checkOut}. Could you please send the folio to {email}?",
  nextRequest: 'The next one is for guest {guestName}, confirmation number {confirmationNumber}, who stayed from {checkIn} to {checkOut}. Could you send that folio to {email} as well?',
  spell:
    "Of course. It's the folio for guest {guestName}, confirmation number {confirmationSpelled}, from {checkIn} to {checkOut}. Please send it to {email}, that is {emailSpelled}.",
  clarify: "Sorry, I didn't quite catch that. Could you send the folio for {guestName}, confirmation number {confirmationNumber}, to {email}?",
  stillThere: 'Are you still there? I was asking about the folio for {guestName}, confirmation number {confirmationNumber}.',
  afterHold: 'Thank you. I was asking about the folio for guest {guestName}, confirmation number {confirmationNumber}, to be emailed to {email}.',
  ackAgreed: 'Thank you very much.',
  ackWillSendLater: 'Thank you, we will look out for it.',
  ackRefused: 'I understand, thank you for letting me know.',
  ackNotFound: 'Thank you for checking.',
  ackCallback: 'Of course, we will call back {when}. Thank you.',
  overflow: 'The remaining folio cases will be sent to you via email with details.',
  closing: 'Thank you for your help. Goodbye.',
  voicemailIntro: 'Hello, this is an automated call from {clientName} requesting guest folios.',
  voicemailRequest:
    'Folio for {guestName}, confirmation number {confirmationSpelled}. Please send it to {email}. Reference ID: {referenceId}.',
  voicemailClosing: 'Thank you, we will follow up by email.',
} as const;

export type PromptId = keyof typeof PROMPT_TEMPLATES;

export interface Prompt {
  readonly id: PromptId;
  readonly text: string;
  readonly vars: Readonly<Record<string, string>>;
}

export function render(id: PromptId, vars: Readonly<Record<string, string>> = {}): Prompt {
  const text = PROMPT_TEMPLATES[id].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`prompt ${id} needs {${name}}`);
    return value;
  });
  return { id, text, vars };
}

/**
 * "AB-120" -> "A, B, 1, 2, 0": letters and digits one at a time, so a listener can write them down
 * (separators are left out; confirmation numbers compare on letters and digits).
 */
export function spell(value: string): string {
  return [...value.replace(/[^A-Za-z0-9]/g, '')].map((c) => c.toUpperCase()).join(', ');
}

/** "billing@hotel.com" -> "billing at hotel dot com", the way an address is read out. */
export function speakEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.replace(/\./g, ' dot ')} at ${domain.replace(/\./g, ' dot ')}`.replace(/\s+/g, ' ').trim();
}

/** "a.b@hotel.com" -> "A, dot, B, at hotel dot com": the part before the @ letter by letter. */
export function spellEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const chars = [...local].map((c) => (c === '.' ? 'dot' : c === '-' ? 'dash' : c === '_' ? 'underscore' : c === '+' ? 'plus' : c.toUpperCase()));
  return `${chars.join(', ')}, at ${domain.replace(/\./g, ' dot ')}`;
}

/** "2026-02-01" -> "February 1st, 2026". */
export function speakDate(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!d.isValid) return isoDate;
  const n = d.day;
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${d.toFormat('MMMM')} ${n}${suffix}, ${d.year}`;
}
