// Sends one email over SMTP with nodemailer. The envelope names the recipient and the sent-copy mailbox, so
// the server accepts both in one transaction and a copy exists exactly when the email was accepted (ADR 0020);
// the envelope sender is the bounce address, where DSNs come back.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpFailureInfo } from '../domain/email/smtp-failure.js';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: 'off' | 'starttls' | 'on';
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly rejectUnauthorized: boolean;
}

export interface OutgoingEmail {
  readonly emailId: string;
  readonly messageId: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string; readonly content: Buffer }[];
  /** Envelope sender (Return-Path). */
  readonly bounceAddress: string;
  /** Envelope-only second recipient that keeps the sent copy. */
  readonly sentCopyAddress: string;
}

/** The server's answer: accepted, or refused (all or just the recipient) with its reply. */
export type SmtpOutcome = { readonly kind: 'accepted'; readonly response: string } | { readonly kind: 'refused'; readonly failure: SmtpFailureInfo };

export interface SmtpSender {
  send(email: OutgoingEmail): Promise<SmtpOutcome>;
  close(): void;
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: NodemailerError[];
  recipient?: string;
  command?: string;
}

export function failureOf(error: unknown): SmtpFailureInfo {
  const e = error as NodemailerError;
  return { code: e?.code, responseCode: e?.responseCode, response: e?.response, command: e?.command, message: e instanceof Error ? e.message : String(error) };
}

export class NodemailerSender implements SmtpSender {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.tls === 'on',
      requireTLS: settings.tls === 'starttls',
      ignoreTLS: settings.tls === 'off',
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  /** Resolves with the outcome; rejects only when the server could not be reached or gave no reply (connection). */
  async send(email: OutgoingEmail): Promise<SmtpOutcome> {
    let info: SMTPTransport.SentMessageInfo & { rejectedErrors?: NodemailerError[] };
    try {
      info = await this.transport.sendMail({
        from: { name: email.from.name, address: email.from.address },
        to: email.to,
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: { 'X-Folio-Email-Id': email.emailId },
        attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        envelope: { from: email.bounceAddress, to: [email.to, email.sentCopyAddress] },
      });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.responseCode !== undefined) return { kind: 'refused', failure };
      throw error;
    }
    // The copy may have been accepted while the recipient was refused: that is a refusal of the email.
    const refused = info.rejectedErrors?.find((e) => e.recipient === email.to) ?? (info.rejected.some((r) => (typeof r === 'string' ? r : (r as { address: string }).address) === email.to) ? info.rejectedErrors?.[0] : undefined);
    if (refused) return { kind: 'refused', failure: failureOf(refused) };
    return { kind: 'accepted', response: info.response };
  }

  close(): void {
    this.transport.close();
  }
}
