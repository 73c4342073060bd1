// Sends a simulated front desk's answer to a folio request over SMTP (nodemailer): to the request's reply
// address, threaded under it (In-Reply-To, References), one folio PDF per requested stay (folio-pdf.ts), as a
// text PDF or, for a persona that scans its printouts, an image-only one (scanned-pdf.ts).
import nodemailer, { type Transporter } from 'nodemailer';
import { folioPdf, type FolioDocument } from './folio-pdf.js';
import { scannedPdf } from './scanned-pdf.js';

export interface ReplyMail {
  readonly from: { name: string; address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly folios: readonly FolioDocument[];
  /** Attach the folios as image-only scans instead of text PDFs. */
  readonly scanned?: boolean;
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
        mail.folios.map(async (folio) => {
          const pdf = await folioPdf(folio);
          return mail.scanned
            ? { filename: `scan-${folio.folioNumber}.pdf`, content: Buffer.from(await scannedPdf(pdf, seedOf(folio.folioNumber))), contentType: 'application/pdf' }
            : { filename: `folio-${folio.folioNumber}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' };
        }),
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

function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}
