// Sends a simulated front desk's answer to a folio request over SMTP (nodemailer): to the request's reply
// address, threaded under it (In-Reply-To, References), one folio PDF per requested stay (folio-pdf.ts).
import nodemailer, { type Transporter } from 'nodemailer';
import { folioPdf, type FolioDocument } from './folio-pdf.js';

export interface ReplyMail {
  readonly from: { name: string; address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly folios: readonly FolioDocument[];
}

export interface ReplySender {
  send(mail: ReplyMail): Promise<{ messageId: string }>;
  close(): void;
}

export function smtpReplySender(options: { host: string; port: number }): ReplySender {
  const transport: Transporter = nodemailer.createTransport({ host: options.host, port: options.port, secure: false, ignoreTLS: true });
  return {
    async send(mail) {
      const attachments = await Promise.all(
        mail.folios.map(async (folio) => ({
          filename: `folio-${folio.folioNumber}.pdf`,
          content: Buffer.from(await folioPdf(folio)),
          contentType: 'application/pdf',
        })),
      );
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references.length > 0 ? { references: [...mail.references] } : {}),
        attachments,
      });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
