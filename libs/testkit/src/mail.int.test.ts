import { afterAll, describe, expect, it } from '@jest/globals';
import nodemailer from 'nodemailer';
import { readInbox, smtpSettingsFromEnv, testMailAddress } from './mail.js';

describe('mail server', () => {
  const transport = nodemailer.createTransport(smtpSettingsFromEnv());

  afterAll(() => transport.close());

  it('delivers a message sent over SMTP to the IMAP inbox of its recipient', async () => {
    const to = testMailAddress('folios');
    const sent = await transport.sendMail({
      from: 'Front Desk <frontdesk@hotel.test>',
      to,
      subject: 'Folio for confirmation 4711',
      text: 'Please find the folio attached.',
      attachments: [{ filename: 'folio-4711.pdf', content: Buffer.from('%PDF-1.4 folio'), contentType: 'application/pdf' }],
    });

    const [message, ...others] = await readInbox(to, { atLeast: 1 });

    expect(others).toEqual([]);
    expect(message?.messageId).toBe(sent.messageId);
    expect(message?.subject).toBe('Folio for confirmation 4711');
    expect(message?.from).toEqual(['frontdesk@hotel.test']);
    expect(message?.to).toEqual([to]);
    expect(message?.source).toContain('Please find the folio attached.');
    expect(message?.source).toContain('filename=folio-4711.pdf');
  });

  it('delivers a plus-address to the mailbox of its base address', async () => {
    const inbox = testMailAddress('inbox');
    const [local, domain] = inbox.split('@');
    const replyAddress = `${local}+batch-42@${domain}`;

    await transport.sendMail({ from: 'frontdesk@hotel.test', to: replyAddress, subject: 'Re: folio request', text: 'Attached.' });

    const messages = await readInbox(inbox, { atLeast: 1 });
    expect(messages.map((message) => message.to)).toEqual([[replyAddress]]);
  });

  it('reads an empty inbox for an address that received nothing', async () => {
    expect(await readInbox(testMailAddress('nobody'))).toEqual([]);
  });
});
