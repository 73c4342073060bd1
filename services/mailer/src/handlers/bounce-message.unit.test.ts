// The bounce mailbox handler: a DSN for a known email is published once; other mail only counted.
import { describe, it, expect } from '@jest/globals';
import type { EmailBounced } from '@folio/contracts';
import type { SendIntent } from '../domain/email/intent.js';
import type { SendIntents } from '../adapters/send-intents.js';
import { bounceMessageHandler } from './bounce-message.js';

const sent: SendIntent = {
  status: 'sent', sentAt: 1, emailId: 'email-b1', messageId: '<email-b1@folio.test>', purpose: 'FOLIO_REQUEST', batchId: 'b1',
  hotelPhone: '+15015551234', recordIds: ['00000000-0000-4000-8000-000000000001'], toAddress: 'frontdesk@hotel.example', replyToken: 't', updatedAt: 1,
};

function dsn(messageId: string, status = '5.1.1', action = 'failed'): string {
  return [
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
    '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example', '',
    'Final-Recipient: rfc822; frontdesk@hotel.example', `Action: ${action}`, `Status: ${status}`, '',
    '--b', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${messageId}`, '--b--', '',
  ].join('\r\n');
}

function harness() {
  const rows = new Map([[sent.emailId, sent]]);
  const intents = {
    byEmailId: async (id: string) => rows.get(id) ?? null,
    byMessageId: async (id: string) => [...rows.values()].find((r) => r.messageId === id) ?? null,
    markBounced: async (id: string, kind: EmailBounced['kind'], diagnostic: string | null, now: number) => {
      const next: SendIntent = { ...rows.get(id)!, status: 'bounced', kind, diagnostic, bouncedAt: now };
      rows.set(id, next);
      return next;
    },
  } as unknown as SendIntents;
  return bounceMessageHandler({ topics: { emailEvents: 'ee', recordOutcomes: 'ro' }, intents, now: () => 42 });
}

describe('bounce mailbox handler', () => {
  it('publishes a hard bounce for the email named by the DSN, once', async () => {
    const handle = harness();
    const first = await handle(dsn('<email-b1@folio.test>'));
    expect(first.outcome).toBe('bounced');
    expect(first.messages.map((m) => `${m.topic}:${m.key}`)).toEqual(['ee:+15015551234', 'ro:00000000-0000-4000-8000-000000000001']);
    expect(first.messages[0]!.value).toMatchObject({ emailId: 'email-b1', kind: 'HARD', toAddress: 'frontdesk@hotel.example' });
    await first.commit!();
    expect((await handle(dsn('<email-b1@folio.test>'))).outcome).toBe('already-bounced');
  });

  it('counts a soft failure as SOFT, and ignores delays, strangers and plain mail', async () => {
    const handle = harness();
    expect((await handle(dsn('<email-b1@folio.test>', '4.2.2'))).kind).toBe('SOFT');
    expect((await handle(dsn('<email-b1@folio.test>', '4.4.7', 'delayed'))).outcome).toBe('not-a-failure');
    expect((await handle(dsn('<other@folio.test>'))).outcome).toBe('unknown-email');
    expect((await handle('Subject: hi\r\n\r\nhello')).outcome).toBe('not-a-dsn');
  });
});
