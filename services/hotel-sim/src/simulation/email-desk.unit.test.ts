import { describe, it, expect } from '@jest/globals';
import { createLogger } from '@folio/logger';
import { EmailDesk, folioDocument, type EmailResult } from './email-desk.js';
import type { HandledFlag, HotelMailbox, MailboxMessage } from '../adapters/hotel-mailbox.js';
import type { ReplyMail, ReplySender } from '../adapters/reply-mailer.js';
import { parseHotels } from '../adapters/persona-file.js';

const [hotel] = parseHotels({
  hotels: [{ phone: '+15550100019', name: 'Mailbox Inn', address: '9 Letter Lane', email: 'desk@mailbox-inn.test', persona: { nightlyRate: 90, reservations: [{ guest: 'Smith', answer: { kind: 'not-found' }, nightlyRate: 210 }] } }],
});

const NOW = new Date('2026-11-25T10:00:00Z');

function requestSource(messageId: string): Buffer {
  return Buffer.from(
    [
      'From: Acme <folios@folio.test>',
      'To: desk@mailbox-inn.test',
      'Reply-To: folios+tok123@folio.test',
      `Message-ID: ${messageId}`,
      'Subject: Folio request: John Smith, confirmation ABC123 [ref tok123]',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello,',
      '',
      '- John Smith, confirmation number ABC123, 3 Sept 2026 to 6 Sept 2026 (reference R1)',
      '',
    ].join('\r\n'),
  );
}

class FakeMailbox implements HotelMailbox {
  readonly flags = new Map<number, Set<HandledFlag>>();
  constructor(readonly messages: MailboxMessage[]) {}
  async unhandled(): Promise<MailboxMessage[]> {
    return this.messages.filter((m) => (this.flags.get(m.uid)?.size ?? 0) === 0);
  }
  async mark(_address: string, message: Pick<MailboxMessage, 'uid'>, flags: readonly HandledFlag[]): Promise<void> {
    const set = this.flags.get(message.uid) ?? new Set();
    for (const f of flags) set.add(f);
    this.flags.set(message.uid, set);
  }
}

class FakeSender implements ReplySender {
  readonly sent: ReplyMail[] = [];
  failures = 0;
  async send(mail: ReplyMail) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('421 try again later');
    }
    this.sent.push(mail);
    return { messageId: `<r${this.sent.length}@mailbox-inn.test>` };
  }
  close(): void {}
}

function desk(mailbox: HotelMailbox, sender: ReplySender, timeScale: number, results: EmailResult[]) {
  return new EmailDesk({ hotels: [hotel!], mailbox, sender, logger: createLogger({ service: 'test', level: 'silent' }), timeScale, pollMs: 60_000, maxAgeMs: 86_400_000, now: () => NOW, onResult: (r) => results.push(r) });
}

describe('the email desk', () => {
  it('answers a request whose simulated delay has passed since it arrived (a restart) at once, threaded and flagged', async () => {
    const mailbox = new FakeMailbox([{ uid: 7, uidValidity: '1', source: requestSource('<e1@folio.test>'), receivedAt: new Date(NOW.getTime() - 601_000) }]);
    const sender = new FakeSender();
    const results: EmailResult[] = [];
    const d = desk(mailbox, sender, 1, results);
    await d.pollOnce();
    await d.idle();
    expect(sender.sent.map((m) => [m.to, m.inReplyTo, m.references, m.folios.map((f) => [f.guest, f.confirmation, f.checkIn, f.checkOut, f.nightlyRate])])).toEqual([
      ['folios+tok123@folio.test', '<e1@folio.test>', ['<e1@folio.test>'], [['John Smith', 'ABC123', '2026-09-03', '2026-09-06', 210]]],
    ]);
    expect([...mailbox.flags.get(7)!].sort()).toEqual(['\\Answered', '\\Seen']);
    expect(results).toEqual(['replied']);
    await d.pollOnce();
    await d.idle();
    expect(sender.sent).toHaveLength(1);
  });

  it('waits the scaled delay: nothing goes out or is flagged before it; stopping drops the answer for the next start', async () => {
    const mailbox = new FakeMailbox([{ uid: 8, uidValidity: '1', source: requestSource('<e2@folio.test>'), receivedAt: NOW }]);
    const sender = new FakeSender();
    const d = desk(mailbox, sender, 1, []);
    await d.pollOnce();
    await d.pollOnce();
    expect(sender.sent).toHaveLength(0);
    expect(mailbox.flags.size).toBe(0);
    await d.stop();
    await d.idle();
    expect(sender.sent).toHaveLength(0);
    expect(await mailbox.unhandled()).toHaveLength(1);
  });

  it('a failed answer is counted and tried again on the next poll', async () => {
    const mailbox = new FakeMailbox([{ uid: 9, uidValidity: '1', source: requestSource('<e3@folio.test>'), receivedAt: NOW }]);
    const sender = new FakeSender();
    sender.failures = 1;
    const results: EmailResult[] = [];
    const d = desk(mailbox, sender, 0, results);
    await d.pollOnce();
    await d.idle();
    expect(sender.sent).toHaveLength(0);
    await d.pollOnce();
    await d.idle();
    expect(sender.sent).toHaveLength(1);
    expect(results).toEqual(['failed', 'replied']);
  });

  it('flags mail that is no folio request as seen, unanswered', async () => {
    const source = Buffer.from('From: someone@else.test\r\nTo: desk@mailbox-inn.test\r\nSubject: Lunch?\r\n\r\nAre you free on Friday?\r\n');
    const mailbox = new FakeMailbox([{ uid: 10, uidValidity: '1', source, receivedAt: NOW }]);
    const sender = new FakeSender();
    const results: EmailResult[] = [];
    const d = desk(mailbox, sender, 0, results);
    await d.pollOnce();
    await d.idle();
    expect([sender.sent.length, [...mailbox.flags.get(10)!], results]).toEqual([0, ['\\Seen'], ['not-a-request']]);
  });

  it('leaves mail older than the horizon (earlier runs) unanswered, flagged seen', async () => {
    const mailbox = new FakeMailbox([{ uid: 11, uidValidity: '1', source: requestSource('<old@folio.test>'), receivedAt: new Date(NOW.getTime() - 86_400_001) }]);
    const sender = new FakeSender();
    const results: EmailResult[] = [];
    const d = desk(mailbox, sender, 0, results);
    await d.pollOnce();
    await d.idle();
    expect([sender.sent.length, [...mailbox.flags.get(11)!], results]).toEqual([0, ['\\Seen'], ['expired']]);
  });

  it('issues the folio on the check-out date, one night ending today without a stay', () => {
    expect(folioDocument(hotel!, { guest: 'Ann Lee', confirmation: 'q-1/2' }, '2026-11-25')).toMatchObject({ issuedOn: '2026-11-25', nightlyRate: 90, folioNumber: 'Q12-M', currency: 'EUR' });
  });
});
