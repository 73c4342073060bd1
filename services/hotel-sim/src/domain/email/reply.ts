// What a simulated front desk answers to a folio request email: which folios it finds, which it reports as not
// found, in how many emails, after how long, and the words of each email. Pure: the desk's adapters send it.
import { DEFAULT_EMAIL_DESK, type EmailDesk, type Hotel } from '../hotel/persona.js';
import type { RequestEmail, RequestedFolio } from './request-email.js';

export interface ReplyEmail {
  readonly subject: string;
  readonly text: string;
  /** The folios attached to this email, one PDF each. */
  readonly folios: readonly RequestedFolio[];
}

export type ReplyPlan =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'reply'; /** Simulated seconds after the request arrived. */ readonly afterSeconds: number; readonly emails: readonly ReplyEmail[] };

/** The hotel's answer to `request`. A reminder gets the same answer as the request it reminds of. */
export function planReply(hotel: Hotel, request: RequestEmail): ReplyPlan {
  const desk = hotel.persona.emailDesk ?? DEFAULT_EMAIL_DESK;
  if (desk.replies === 'never') return { kind: 'ignore' };
  const missing = request.entries.filter((entry, index) => isMissing(desk, entry, index));
  const found = request.entries.filter((entry) => !missing.includes(entry));
  const subject = /^re:/i.test(request.subject) ? request.subject : `Re: ${request.subject}`.trim();
  const groups: RequestedFolio[][] = found.length === 0 ? [[]] : desk.oneEmailPerFolio ? found.map((f) => [f]) : [found];
  const emails = groups.map((folios, index) => ({
    subject,
    text: replyText(hotel.name, folios, index === 0 ? missing : []),
    folios,
  }));
  return { kind: 'reply', afterSeconds: desk.replyAfterSeconds, emails };
}

function isMissing(desk: EmailDesk, entry: RequestedFolio, index: number): boolean {
  if (desk.replies !== 'some') return false;
  if (desk.notFound.length === 0) return index % 2 === 1;
  const guest = fold(entry.guest);
  const last = guest.split(/\s+/).pop() ?? guest;
  return desk.notFound.some((name) => {
    const n = fold(name);
    return n === guest || n === last || n === fold(entry.confirmation);
  });
}

function replyText(hotelName: string, folios: readonly RequestedFolio[], missing: readonly RequestedFolio[]): string {
  const lines = ['Dear Sir or Madam,', ''];
  if (folios.length > 0) {
    lines.push(folios.length === 1 ? 'please find attached the folio for:' : 'please find attached the folios for:');
    for (const f of folios) lines.push(`- ${describe(f)}`);
    lines.push('');
  }
  if (missing.length > 0) {
    lines.push(missing.length === 1 ? 'We could not find a reservation for:' : 'We could not find reservations for:');
    for (const f of missing) lines.push(`- ${describe(f)}`);
    lines.push('');
  }
  lines.push('Kind regards,', 'Front desk', hotelName, '');
  return lines.join('\n');
}

function describe(folio: RequestedFolio): string {
  const stay = folio.checkIn && folio.checkOut ? `, ${folio.checkIn} to ${folio.checkOut}` : '';
  const reference = folio.reference ? ` (reference ${folio.reference})` : '';
  return `${folio.guest}, confirmation number ${folio.confirmation}${stay}${reference}`;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}
