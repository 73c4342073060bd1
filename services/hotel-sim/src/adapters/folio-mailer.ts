// Sends a simulated hotel's folio email over SMTP (nodemailer), the way a front desk does: a short note and the
// folio as a PDF attachment, from the hotel's own address to the address the caller gave.
import nodemailer, { type Transporter } from 'nodemailer';
import type { FolioDocument } from './folio-pdf.js';
import { folioPdf } from './folio-pdf.js';

export interface FolioMail {
  from: { name: string; address: string };
  to: string;
  folio: FolioDocument;
}

export interface FolioSender {
  send(mail: FolioMail): Promise<{ messageId: string }>;
  close(): void;
}

export function smtpFolioSender(options: { host: string; port: number }): FolioSender {
  const transport: Transporter = nodemailer.createTransport({ host: options.host, port: options.port, secure: false, ignoreTLS: true });
  return {
    async send(mail) {
      const pdf = await folioPdf(mail.folio);
      const reference = mail.folio.confirmation ? `confirmation ${mail.folio.confirmation}` : `folio ${mail.folio.folioNumber}`;
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: `Folio for ${mail.folio.guest}, ${reference}`,
        text:
          `Dear Sir or Madam,\n\nas requested on the phone, please find attached the folio for ${mail.folio.guest} ` +
          `(${reference}).\n\nKind regards,\nFront desk\n${mail.from.name}\n`,
        attachments: [{ filename: `folio-${mail.folio.folioNumber}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' }],
      });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
