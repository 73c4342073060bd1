// Reads a folio request (or reminder) email the way a front desk does: who is asked for, under which
// confirmation number and stay, and where to answer. Independent of the template language: an entry is a list
// line ("- <guest>, <label> <confirmation>, <date> <word> <date> (<word> <reference>)"), else an HTML table row
// (guest, confirmation, check-in, check-out, reference) or list item; dates are ISO, day.month.year or
// "3 Nov 2026" with English, German, French or Spanish month names.

export interface RequestedFolio {
  readonly guest: string;
  readonly confirmation: string;
  /** ISO dates, when the email gave them. */
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly reference?: string;
}

export interface RequestEmail {
  /** Message-ID of the request, with its angle brackets. */
  readonly messageId?: string;
  /** What the reply's References carries: the request's references, then its Message-ID. */
  readonly references: readonly string[];
  readonly subject: string;
  /** Where the answer goes: Reply-To, else From. */
  readonly replyTo: string;
  /** The reply token in a plus-addressed Reply-To or in the subject's "[ref …]", if any. */
  readonly token?: string;
  readonly entries: readonly RequestedFolio[];
}

export interface MailFields {
  readonly messageId?: string | undefined;
  readonly references?: readonly string[] | string | undefined;
  readonly subject?: string | undefined;
  readonly from?: string | undefined;
  readonly replyTo?: string | undefined;
  readonly text?: string | undefined;
  readonly html?: string | undefined;
}

/** Why an email is not a folio request the desk can answer. */
export type NotARequest = { readonly reason: 'no-entries' | 'no-reply-address' };

export function readRequestEmail(mail: MailFields): RequestEmail | NotARequest {
  const replyTo = (mail.replyTo ?? mail.from ?? '').trim();
  if (!replyTo.includes('@')) return { reason: 'no-reply-address' };
  let entries = entriesInText(mail.text ?? '');
  if (entries.length === 0 && mail.html) entries = entriesInHtml(mail.html);
  if (entries.length === 0) return { reason: 'no-entries' };
  const references = [...toList(mail.references), ...(mail.messageId ? [mail.messageId] : [])];
  const token = tokenInAddress(replyTo) ?? tokenInSubject(mail.subject ?? '');
  return {
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    references: [...new Set(references)],
    subject: (mail.subject ?? '').trim(),
    replyTo,
    ...(token ? { token } : {}),
    entries,
  };
}

export function isRequest(read: RequestEmail | NotARequest): read is RequestEmail {
  return 'entries' in read;
}

const BULLET = /^\s*(?:[-*•–]|\d+[.)])\s+(.*)$/;

/** Every list line that names a guest and a confirmation number. */
export function entriesInText(text: string): RequestedFolio[] {
  const entries: RequestedFolio[] = [];
  for (const line of text.split(/\r?\n/)) {
    const bullet = BULLET.exec(line);
    if (!bullet) continue;
    const entry = entryOfLine(bullet[1]!);
    if (entry) entries.push(entry);
  }
  return entries;
}

function entryOfLine(line: string): RequestedFolio | undefined {
  let body = line.trim();
  // The reference: the last word of a trailing parenthesis.
  let reference: string | undefined;
  const paren = /\(([^()]*)\)\s*$/.exec(body);
  if (paren) {
    reference = lastWord(paren[1]!);
    body = body.slice(0, paren.index).trim();
  }
  const parts = body.split(',').map((p) => p.trim());
  if (parts.length < 2) return undefined;
  const guest = parts[0]!;
  // The confirmation number: the last word of the part after the guest ("confirmation number ABC123").
  const confirmation = lastWord(parts[1]!);
  if (!guest || !looksLikeConfirmation(confirmation)) return undefined;
  const dates = findDates(parts.slice(2).join(', '));
  return {
    guest,
    confirmation,
    ...(dates[0] ? { checkIn: dates[0] } : {}),
    ...(dates[1] ? { checkOut: dates[1] } : {}),
    ...(reference ? { reference } : {}),
  };
}

/** Rows of the request table (guest, confirmation, check-in, check-out, reference; header rows skipped), else list items. */
export function entriesInHtml(html: string): RequestedFolio[] {
  const entries: RequestedFolio[] = [];
  const items = [...html.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/gi)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim());
  for (const item of items) {
    const entry = entryOfLine(item);
    if (entry) entries.push(entry);
  }
  for (const row of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/gi)].map((c) => decodeEntities(c[1]!.replace(/<[^>]+>/g, '')).trim());
    if (cells.length < 2 || !cells[0] || !looksLikeConfirmation(cells[1]!)) continue;
    const checkIn = cells[2] ? findDates(cells[2])[0] : undefined;
    const checkOut = cells[3] ? findDates(cells[3])[0] : undefined;
    entries.push({
      guest: cells[0],
      confirmation: cells[1]!,
      ...(checkIn ? { checkIn } : {}),
      ...(checkOut ? { checkOut } : {}),
      ...(cells[4] ? { reference: cells[4] } : {}),
    });
  }
  return entries;
}

const MONTHS: ReadonlyArray<readonly [string, number]> = [
  // Four-letter keys first: French juin/juillet share "jui".
  ['juin', 6], ['juil', 7],
  ['jan', 1], ['ene', 1], ['feb', 2], ['fev', 2], ['mar', 3], ['apr', 4], ['avr', 4], ['abr', 4],
  ['may', 5], ['mai', 5], ['jun', 6], ['jul', 7], ['aug', 8], ['aou', 8], ['ago', 8], ['sep', 9],
  ['oct', 10], ['okt', 10], ['nov', 11], ['dec', 12], ['dez', 12], ['dic', 12],
];

function monthOf(word: string): number | undefined {
  const w = fold(word).replace(/\./g, '');
  if (w.length < 3) return undefined;
  return MONTHS.find(([key]) => w.startsWith(key))?.[1];
}

/** ISO dates found in `text`, in order: 2026-11-03, 03.11.2026, 3/11/2026 (day first), 3 Nov 2026, Nov 3, 2026. */
export function findDates(text: string): string[] {
  const found: { at: number; iso: string }[] = [];
  const pattern =
    /(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[./](\d{1,2})[./](\d{4})|(\d{1,2})\.?\s+(?:de\s+)?([\p{L}]{3,}\.?)\s+(?:de\s+)?(\d{4})|([\p{L}]{3,}\.?)\s+(\d{1,2}),?\s+(\d{4})/gu;
  for (const m of text.matchAll(pattern)) {
    let iso: string | undefined;
    if (m[1]) iso = isoOf(+m[1], +m[2]!, +m[3]!);
    else if (m[4]) iso = isoOf(+m[6]!, +m[5]!, +m[4]);
    else if (m[7]) {
      const month = monthOf(m[8]!);
      if (month) iso = isoOf(+m[9]!, month, +m[7]);
    } else if (m[10]) {
      const month = monthOf(m[10]);
      if (month) iso = isoOf(+m[12]!, month, +m[11]!);
    }
    if (iso) found.push({ at: m.index, iso });
  }
  return found.map((f) => f.iso);
}

function isoOf(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

const TOKEN = /^[A-Za-z0-9_-]{4,64}$/;

function tokenInAddress(address: string): string | undefined {
  const local = address.slice(0, address.lastIndexOf('@'));
  const plus = local.indexOf('+');
  const token = plus < 0 ? '' : local.slice(plus + 1);
  return TOKEN.test(token) ? token : undefined;
}

function tokenInSubject(subject: string): string | undefined {
  const m = /\[\s*r[eé]f\.?\s+([A-Za-z0-9_-]{4,64})\s*\]/i.exec(subject);
  return m?.[1];
}

/** A confirmation number has a digit or is a code in capitals (never a plain word such as a label). */
function looksLikeConfirmation(word: string): boolean {
  return /\d/.test(word) || /^[A-Z0-9-]{5,}$/.test(word);
}

function lastWord(text: string): string {
  const words = text.trim().split(/\s+/);
  return (words[words.length - 1] ?? '').replace(/[.,;:]+$/, '');
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function toList(value: readonly string[] | string | undefined): string[] {
  if (!value) return [];
  return (typeof value === 'string' ? value.split(/\s+/) : [...value]).filter(Boolean);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
