// Renders a SendEmail into the subject, plain text and HTML of one email, in the chosen language; dates are
// written the way the language writes them.
import type { EmailPurpose, SendEmail } from '@folio/contracts';
import { renderTemplate, type TemplateScope } from '../templates/render.js';
import type { Language, TemplatePurpose, TemplateSet } from '../templates/template-file.js';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function templatePurpose(purpose: Exclude<EmailPurpose, 'UNKNOWN'>): TemplatePurpose {
  switch (purpose) {
    case 'FOLIO_REQUEST':
      return 'folio-request';
    case 'FOLLOW_UP':
      return 'follow-up';
    case 'FOLIO_DELIVERY':
      return 'folio-delivery';
    default:
      return purpose satisfies never;
  }
}

const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

/** `2026-11-01` as the language writes it, e.g. "1 Nov 2026", "01.11.2026". */
export function formatDate(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function composeEmail(
  command: SendEmail & { purpose: Exclude<EmailPurpose, 'UNKNOWN'> },
  identity: { replyToken: string; replyTo: string },
  language: Language,
  templates: TemplateSet,
): EmailContent {
  const template = templates.get(`${templatePurpose(command.purpose)}.${language}`);
  if (!template) throw new Error(`no template ${templatePurpose(command.purpose)}.${language}`);
  const entries = [...command.entries].sort((a, b) => a.sequence - b.sequence);
  const first = entries[0]!;
  const scope: TemplateScope = {
    fromName: command.fromName,
    replyTo: identity.replyTo,
    replyToken: identity.replyToken,
    firstGuest: `${first.guestFirstName} ${first.guestLastName}`,
    firstConfirmation: first.confirmationNumber,
    more: entries.length > 1 ? entries.length - 1 : null,
    entries: entries.map((e) => ({
      guest: `${e.guestFirstName} ${e.guestLastName}`,
      confirmationNumber: e.confirmationNumber,
      checkIn: formatDate(e.stay.checkIn, language),
      checkOut: formatDate(e.stay.checkOut, language),
      reference: e.reference,
    })),
    note: command.note ?? null,
    files: command.attachments.map((a) => ({ filename: a.filename, size: formatSize(a.sizeBytes) })),
  };
  // A subject is one header line: whatever a name holds, no line break reaches it.
  const subject = renderTemplate(template.subject, scope, 'text').replace(/[\r\n]+/g, ' ').trim();
  return { subject, text: renderTemplate(template.text, scope, 'text'), html: renderTemplate(template.html, scope, 'html') };
}
