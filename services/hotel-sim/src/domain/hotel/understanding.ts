// How a front desk makes sense of what the caller said: who the request is for, the confirmation number (also
// when spelled out), the address to email, the stay dates, and the small talk that ends a call.
import type { Reservation } from './persona.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Collapses spelled-out characters ("A B C 1 2 3", "a-b-c") into one token ("ABC123"). */
export function collapseSpelling(text: string): string {
  return text.replace(/\b(?:[A-Za-z0-9][\s.,-]+){2,}[A-Za-z0-9]\b/g, (run) => run.replace(/[\s.,-]+/g, ''));
}

/** Upper-case letters and digits only, for comparing confirmation numbers however they were said. */
export function normaliseConfirmation(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The email address in a sentence, written ("a@b.test") or spoken ("a at b dot test"). */
export function findEmail(text: string): string | undefined {
  const written = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.exec(text);
  if (written) return written[0].replace(/\.$/, '').toLowerCase();
  const spoken = /([A-Za-z0-9._+-]+(?: (?:dot|plus|dash) [A-Za-z0-9_-]+)*) at ([A-Za-z0-9-]+(?: dot [A-Za-z0-9-]+)+)/i.exec(text);
  if (!spoken) return undefined;
  const unspeak = (s: string) => s.replace(/ dot /gi, '.').replace(/ plus /gi, '+').replace(/ dash /gi, '-');
  return `${unspeak(spoken[1]!)}@${unspeak(spoken[2]!)}`.toLowerCase();
}

/** Candidate confirmation numbers: tokens of 5+ letters/digits holding at least one digit. */
export function findConfirmations(text: string): string[] {
  const tokens = collapseSpelling(text.replace(/[A-Za-z0-9._%+-]+@\S+/g, ' ')).match(/\b[A-Za-z0-9-]{5,}\b/g) ?? [];
  return tokens.map(normaliseConfirmation).filter((t) => /\d/.test(t) && !/^\d{4}$/.test(t) && !/^\d{8}$/.test(t));
}

/** ISO (2026-03-03) or spoken ("March 3, 2026", "3 March 2026") dates, in order, as ISO strings. */
export function findDates(text: string): string[] {
  const found: { at: number; iso: string }[] = [];
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) found.push({ at: m.index, iso: `${m[1]}-${m[2]}-${m[3]}` });
  const month = MONTHS.join('|');
  const pad = (n: string) => n.padStart(2, '0');
  for (const m of text.matchAll(new RegExp(`\\b(${month}) (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, 'gi'))) {
    found.push({ at: m.index, iso: `${m[3]}-${pad(String(MONTHS.indexOf(m[1]!.toLowerCase()) + 1))}-${pad(m[2]!)}` });
  }
  for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (${month}),? (\\d{4})\\b`, 'gi'))) {
    found.push({ at: m.index, iso: `${m[3]}-${pad(String(MONTHS.indexOf(m[2]!.toLowerCase()) + 1))}-${pad(m[1]!)}` });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.iso);
}

/** "for guest Jane Doe", "under the name Smith", "the folio of John Smith": the name after the strongest cue. */
export function findGuestName(text: string): string | undefined {
  const name = "((?:Mr\\.?|Mrs\\.?|Ms\\.?)\\s+)?([A-Z][a-zA-Z'-]+(?:\\s+[A-Z][a-zA-Z'-]+)?)";
  for (const cue of ['guests?', 'under the name', 'name of', '(?:folio|invoice|bill|receipt|stay) (?:for|of)', 'for', 'of']) {
    const m = new RegExp(`\\b${cue}\\s+${name}`).exec(text);
    if (m) return m[2];
  }
  return undefined;
}

export function mentionsFolioRequest(text: string): boolean {
  return /\b(folios?|invoices?|bills?|receipts?|statements?|confirmation numbers?|reservations?)\b/i.test(text);
}

export function isClosing(text: string): boolean {
  return /\b(goodbye|good bye|bye|thank you for your help|that'?s all|have a (nice|good|great) day)\b/i.test(text);
}

/** The reservation the caller means, by confirmation number first, then by the guest's name. */
export function matchReservation(text: string, reservations: readonly Reservation[]): Reservation | undefined {
  const confirmations = new Set(findConfirmations(text));
  const byConfirmation = reservations.find((r) => r.confirmation && confirmations.has(normaliseConfirmation(r.confirmation)));
  if (byConfirmation) return byConfirmation;
  const lower = text.toLowerCase();
  return reservations.find((r) => {
    const parts = r.guest.toLowerCase().split(/\s+/);
    return new RegExp(`\\b${escapeRegExp(parts[parts.length - 1]!)}\\b`).test(lower);
  });
}

/** A digit the caller asked for by voice in a phone menu: "two", "2", or the option's label ("billing"). */
export function spokenChoice(text: string, options: readonly { digit: string; label: string }[]): string | undefined {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const lower = text.toLowerCase();
  for (const option of options) {
    if (lower.includes(option.label.toLowerCase())) return option.digit;
  }
  for (const option of options) {
    const word = words[Number(option.digit)];
    if (new RegExp(`\\b(${option.digit}|${word ?? option.digit})\\b`).test(lower)) return option.digit;
  }
  if (/\b(operator|front desk|reception|agent|representative)\b/.test(lower)) {
    return options.find((o) => /front desk|reception|operator/i.test(o.label))?.digit;
  }
  return undefined;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
