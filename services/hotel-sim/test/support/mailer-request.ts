// A folio request (or reminder) email exactly as the mailer writes it: the mailer's own templates, renderer,
// date formats, Reply-To token and Message-ID (services/mailer/src/domain, imported from source: the mailer's
// package exports only its service), sent over SMTP with the headers its SMTP sender sets.
import nodemailer from 'nodemailer';
import type { BatchEntry, SendEmail } from '@folio/contracts';
import { composeEmail, type EmailContent } from '../../../mailer/src/domain/email/compose.js';
import { messageIdFor, replyIdentity } from '../../../mailer/src/domain/email/identity.js';
import { loadTemplates } from '../../../mailer/src/adapters/template-files.js';
import type { Language } from '../../../mailer/src/domain/templates/template-file.js';

export interface RequestedStay {
  firstName: string;
  lastName: string;
  confirmation: string;
  checkIn: string;
  checkOut: string;
  reference: string;
}

export interface MailerEmail extends EmailContent {
  messageId: string;
  replyTo: string;
  replyToken: string;
  emailId: string;
}

export async function renderRequest(options: {
  purpose: 'FOLIO_REQUEST' | 'FOLLOW_UP';
  language: Language;
  stays: readonly RequestedStay[];
  inbox: string;
  emailId: string;
  batchId?: string;
  fromName?: string;
}): Promise<MailerEmail> {
  const templates = await loadTemplates();
  const entries = options.stays.map(
    (s, i): BatchEntry =>
      ({
        recordId: `rec-${i}`,
        tenantId: 'tenant-1',
        sequence: i,
        guestFirstName: s.firstName,
        guestLastName: s.lastName,
        confirmationNumber: s.confirmation,
        stay: { checkIn: s.checkIn, checkOut: s.checkOut },
        reference: s.reference,
        replyToAddress: options.inbox,
        attempt: 1,
        queuedAt: new Date(),
        createdAt: null,
        notBefore: null,
        recordVersion: 1,
      }) as BatchEntry,
  );
  const command = {
    emailId: options.emailId,
    purpose: options.purpose,
    batchId: options.batchId ?? null,
    hotelPhone: '+15550100001',
    toAddress: 'hotel@example.test',
    fromName: options.fromName ?? 'Acme Travel',
    replyToAddress: options.inbox,
    entries,
    attachments: [],
    language: options.language,
    requestedAt: new Date(),
    note: null,
  } satisfies SendEmail;
  const identity = replyIdentity(options.inbox, command.batchId, command.emailId);
  const content = composeEmail(command, identity, options.language, templates);
  return { ...content, ...identity, emailId: options.emailId, messageId: messageIdFor(options.emailId, options.inbox.split('@')[1]!) };
}

/** Sends `email` to `to` over SMTP the way the mailer's SMTP sender does. */
export async function sendAsMailer(smtp: { host: string; port: number }, email: MailerEmail, to: string, from = 'folios@folio.test'): Promise<void> {
  const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: { name: 'Acme Travel', address: from },
      to,
      replyTo: email.replyTo,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      headers: { 'X-Folio-Email-Id': email.emailId },
    });
  } finally {
    transport.close();
  }
}
