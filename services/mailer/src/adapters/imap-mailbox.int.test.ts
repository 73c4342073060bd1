// The sent-copy lookup and the bounce mailbox drain against the real mail server (GreenMail locally): an
// email sent with an envelope-only copy recipient is found by its exact Message-ID, and only there.
import { describe, it, expect } from '@jest/globals';
import nodemailer from 'nodemailer';
import { requireEnv, smtpSettingsFromEnv, testMailAddress, readInbox } from '@folio/testkit';
import { ImapMailbox } from './imap-mailbox.js';
import { NodemailerSender } from './smtp-sender.js';

const mailbox = (user: string) =>
  new ImapMailbox({ host: requireEnv('IMAP_HOST'), port: Number(requireEnv('IMAP_PORT')), tls: 'off', rejectUnauthorized: true, user, password: user, mailbox: 'INBOX' });

describe('ImapMailbox and NodemailerSender', () => {
  it('delivers to the recipient and the envelope-only copy, and finds the copy by exact Message-ID', async () => {
    const to = testMailAddress('hotel');
    const copy = testMailAddress('sent');
    const sender = new NodemailerSender({ host: requireEnv('SMTP_HOST'), port: Number(requireEnv('SMTP_PORT')), tls: 'off', rejectUnauthorized: true });
    const id = `<m-${Date.now()}@folio.test>`;
    try {
      const outcome = await sender.send({
        emailId: 'e1', messageId: id, from: { name: 'Acme', address: 'folios@folio.test' }, to, replyTo: 'folios+tok@folio.test',
        subject: 'Hello', text: 'text', html: '<p>html</p>', attachments: [], bounceAddress: 'bounces@folio.test', sentCopyAddress: copy,
      });
      expect(outcome.kind).toBe('accepted');
    } finally {
      sender.close();
    }
    const inbox = await readInbox(to, { atLeast: 1 });
    expect(inbox).toHaveLength(1);
    // The copy address is in the envelope only: the recipient never sees it.
    expect(inbox[0]!.source).not.toContain(copy);
    expect(await mailbox(copy).hasMessageId(id)).toBe(true);
    expect(await mailbox(copy).hasMessageId(id.replace('>', 'x>'))).toBe(false);
    expect(await mailbox(testMailAddress('empty')).hasMessageId(id)).toBe(false);
  });

  it('hands each unseen message over once and flags it seen', async () => {
    const box = testMailAddress('bounces');
    const transport = nodemailer.createTransport(smtpSettingsFromEnv());
    for (const n of [1, 2]) await transport.sendMail({ from: 'mailer-daemon@relay.example', to: box, subject: `n${n}`, text: `body ${n}` });
    transport.close();
    await readInbox(box, { atLeast: 2 });
    const seen: string[] = [];
    expect(await mailbox(box).drainUnseen(async (m) => void seen.push(m.source))).toBe(2);
    expect(seen.map((s) => s.match(/Subject: (n\d)/)?.[1])).toEqual(['n1', 'n2']);
    expect(await mailbox(box).drainUnseen(async () => undefined)).toBe(0);
  });
});
