// The SendEmail handler with in-memory intents, limits, SMTP and sent copies (no I/O): one email per emailId
// whatever the redeliveries, bounces on 5xx, retries on 4xx and dropped connections, waits or defers on limits.
import { describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmailBounced, EmailSent, SendEmail } from '@folio/contracts';
import { createLogger } from '@folio/logger';
import type { InboundMessage, OutboundMessage } from '@folio/runtime';
import { templateSetFrom } from '../domain/templates/template-file.js';
import type { SendIntent } from '../domain/email/intent.js';
import type { SmtpFailureInfo } from '../domain/email/smtp-failure.js';
import { sendEmail } from '../domain/email/fixtures.test.js';
import type { NewIntent, SendIntents } from '../adapters/send-intents.js';
import type { SendGrant, SendLimits } from '../adapters/send-limits.js';
import type { OutgoingEmail, SmtpOutcome } from '../adapters/smtp-sender.js';
import { sendEmailHandler } from './send-email.js';

const dir = fileURLToPath(new URL('../../templates', import.meta.url));
const templates = templateSetFrom(new Map(readdirSync(dir).map((name) => [name, readFileSync(`${dir}/${name}`, 'utf8')])));
const logger = createLogger({ service: 'mailer-test', level: 'silent' });

class MemoryIntents implements SendIntents {
  readonly rows = new Map<string, SendIntent>();
  async byEmailId(id: string) {
    return this.rows.get(id) ?? null;
  }
  async byMessageId(id: string) {
    return [...this.rows.values()].find((r) => r.messageId === id) ?? null;
  }
  async beginSend(i: NewIntent, now: number) {
    const row = this.rows.get(i.emailId);
    if (row && (row.status === 'sent' || row.status === 'bounced')) return row;
    const next: SendIntent = { ...i, recordIds: [...i.recordIds], status: 'sending', updatedAt: now };
    this.rows.set(i.emailId, next);
    return next;
  }
  async markSent(id: string, at: number) {
    const row = this.rows.get(id)!;
    if (row.status === 'sent' || row.status === 'bounced') return row;
    const next: SendIntent = { ...row, status: 'sent', sentAt: at, updatedAt: at };
    this.rows.set(id, next);
    return next;
  }
  async markFailed(id: string, diagnostic: string, now: number) {
    this.rows.set(id, { ...this.rows.get(id)!, status: 'failed', diagnostic, updatedAt: now });
  }
  async markBounced(id: string, kind: EmailBounced['kind'], diagnostic: string | null, now: number) {
    const row = this.rows.get(id)!;
    if (row.status === 'bounced') return row;
    const next: SendIntent = { ...row, status: 'bounced', kind, diagnostic, bouncedAt: now, updatedAt: now };
    this.rows.set(id, next);
    return next;
  }
}

/** SMTP that answers from a script (then accepts); an accepted email lands in `delivered` and its copy in `copies`. */
function harness(options: { script?: (SmtpOutcome | 'drop-after-accept' | 'drop')[]; grants?: SendGrant[]; crashAfterAccept?: boolean } = {}) {
  const clock = { now: 1_000_000 };
  const intents = new MemoryIntents();
  const delivered: OutgoingEmail[] = [];
  const copies = new Set<string>();
  const slept: number[] = [];
  const script = [...(options.script ?? [])];
  const grants = [...(options.grants ?? [])];
  let crash = options.crashAfterAccept ?? false;
  const limits: SendLimits = { acquire: async (_id, now) => grants.shift() ?? { kind: 'granted', at: now } };
  const handler = sendEmailHandler({
    settings: {
      fromAddress: 'folios@folio.test',
      messageIdDomain: 'folio.test',
      bounceAddress: 'bounces@folio.test',
      sentCopyAddress: 'sent@folio.test',
      defaultLanguage: 'en',
      smtpRetries: 3,
      smtpRetryBackoffMs: 1_000,
      settleMs: 60_000,
      maxRateWaitMs: 5_000,
    },
    topics: { emailEvents: 'ee', recordOutcomes: 'ro' },
    templates,
    intents,
    limits,
    smtp: {
      send: async (email) => {
        const step = script.shift();
        if (step === 'drop') throw Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
        if (step === undefined || step === 'drop-after-accept' || step.kind === 'accepted') {
          delivered.push(email);
          copies.add(email.messageId);
          if (step === 'drop-after-accept') throw Object.assign(new Error('socket hang up'), { code: 'ESOCKET' });
          return { kind: 'accepted', response: '250 OK' };
        }
        return step;
      },
      close: () => undefined,
    },
    sentCopies: { hasMessageId: async (id) => copies.has(id) },
    documents: { read: async () => Buffer.from('%PDF-1.4') },
    now: () => clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      clock.now += ms;
    },
    afterAccepted: () => {
      if (crash) {
        crash = false;
        throw new Error('crashed after SMTP accepted');
      }
    },
  });
  const deliver = (value: SendEmail, key: string | null = value.hotelPhone) => {
    const message: InboundMessage<SendEmail> = { topic: 'ec', partition: 0, offset: '0', key, timestamp: 0, headers: {}, type: 'SendEmail', value, correlationId: 'c' };
    return handler(message, { logger });
  };
  return { deliver, intents, delivered, copies, slept, clock };
}

const refused = (responseCode: number, command = 'RCPT TO'): SmtpOutcome => ({ kind: 'refused', failure: { code: 'EENVELOPE', responseCode, command, response: `${responseCode} no`, message: 'refused' } satisfies SmtpFailureInfo });
const types = (out: OutboundMessage[]) => out.map((m) => `${m.topic}:${m.key}:${(m.schema as { name: string }).name}`);

describe('SendEmail handler', () => {
  const two = sendEmail({ entries: [sendEmail().entries[0]!, { ...sendEmail().entries[0]!, recordId: '00000000-0000-4000-8000-000000000002', sequence: 2 }] });

  it('sends one email and publishes EmailSent once by hotel and once per request', async () => {
    const h = harness();
    const out = await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
    expect(h.delivered[0]).toMatchObject({ messageId: '<email-b1@folio.test>', to: 'frontdesk@hotel.example', bounceAddress: 'bounces@folio.test' });
    expect(h.delivered[0]!.replyTo).toMatch(/^folios\+[0-9a-f]{12}@acme\.example$/);
    expect(types(out)).toEqual(['ee:+15015551234:EmailSent', 'ro:00000000-0000-4000-8000-000000000001:EmailSent', 'ro:00000000-0000-4000-8000-000000000002:EmailSent']);
    const sent = out[1]!.value as EmailSent;
    expect(sent.recordIds).toContain(out[1]!.key);
    expect(sent).toMatchObject({ emailId: 'email-b1', batchId: 'b1', messageId: '<email-b1@folio.test>', purpose: 'FOLIO_REQUEST' });
    expect(h.delivered[0]!.replyTo).toContain(sent.replyToken);
  });

  it('tells each request of a delivery that its folio was delivered', async () => {
    const h = harness();
    const delivery = { ...two, purpose: 'FOLIO_DELIVERY' as const, attachments: [{ filename: 'f.pdf', contentType: 'application/pdf', sizeBytes: 8, storageKey: 'folios/f.pdf', sha256: '' }] };
    const out = await h.deliver(delivery);
    expect(h.delivered[0]!.attachments).toEqual([{ filename: 'f.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }]);
    const delivered = out.filter((m) => (m.schema as { name: string }).name === 'FolioDelivered');
    expect(delivered.map((m) => m.key)).toEqual(delivery.entries.map((e) => e.recordId));
    expect(delivered[0]!.value).toMatchObject({ tenantId: 't1', documentKey: 'folios/f.pdf', emailId: 'email-b1', messageId: '<email-b1@folio.test>' });
    expect(await h.deliver(delivery)).toEqual(out);
  });

  it('only re-publishes when the same command comes again', async () => {
    const h = harness();
    const first = await h.deliver(two);
    const again = await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it('after a crash between acceptance and the intent update, finds the copy and does not send again', async () => {
    const h = harness({ crashAfterAccept: true });
    await expect(h.deliver(two)).rejects.toThrow('crashed after SMTP accepted');
    expect(h.intents.rows.get('email-b1')!.status).toBe('sending');
    const out = await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
    expect(types(out)[0]).toBe('ee:+15015551234:EmailSent');
    expect(h.intents.rows.get('email-b1')!.status).toBe('sent');
  });

  it('after a crash before the server accepted, waits for the settle time, then sends', async () => {
    const h = harness();
    await h.intents.beginSend({ emailId: 'email-b1', messageId: '<email-b1@folio.test>', purpose: 'FOLIO_REQUEST', batchId: 'b1', hotelPhone: two.hotelPhone, recordIds: [], toAddress: two.toAddress, replyToken: 't' }, h.clock.now);
    await expect(h.deliver(two)).rejects.toMatchObject({ code: 'SEND_OUTCOME_UNKNOWN', retriable: true });
    h.clock.now += 60_000;
    await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
  });

  it('turns a 5xx about the recipient into EmailBounced(HARD) at once, without retrying', async () => {
    const h = harness({ script: [refused(550)] });
    const out = await h.deliver(two);
    expect(h.slept).toEqual([]);
    expect(types(out)).toHaveLength(3);
    expect(out[0]!.value as EmailBounced).toMatchObject({ kind: 'HARD', diagnostic: '550 no', toAddress: 'frontdesk@hotel.example' });
    expect(await h.deliver(two)).toEqual(out);
  });

  it('retries a 4xx three times with backoff, then bounces SOFT', async () => {
    const h = harness({ script: [refused(452), refused(452), refused(452), refused(452)] });
    const out = await h.deliver(two);
    expect(h.slept).toEqual([1_000, 2_000, 4_000]);
    expect(out[0]!.value as EmailBounced).toMatchObject({ kind: 'SOFT' });
  });

  it('recovers from a 4xx on the next try', async () => {
    const h = harness({ script: [refused(421, 'DATA')] });
    const out = await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
    expect(types(out)[0]).toBe('ee:+15015551234:EmailSent');
  });

  it('after a dropped connection that followed acceptance, finds the copy instead of sending twice', async () => {
    const h = harness({ script: ['drop-after-accept'] });
    const out = await h.deliver(two);
    expect(h.delivered).toHaveLength(1);
    expect(types(out)[0]).toBe('ee:+15015551234:EmailSent');
  });

  it('keeps the command (retriable error, no bounce) while the server cannot be reached', async () => {
    const h = harness({ script: ['drop', 'drop', 'drop', 'drop'] });
    await expect(h.deliver(two)).rejects.toMatchObject({ code: 'SMTP_UNAVAILABLE', retriable: true });
    expect(h.intents.rows.get('email-b1')!.status).toBe('sending');
  });

  it('never bounces a request for our own login failure', async () => {
    const h = harness({ script: [{ kind: 'refused', failure: { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', message: 'Invalid login' } }] });
    await expect(h.deliver(two)).rejects.toMatchObject({ code: 'SMTP_CONFIGURATION', retriable: true });
  });

  it('waits in place for a near send slot, and hands the command back for a far one', async () => {
    const near = harness({ grants: [{ kind: 'granted', at: 1_000_000 + 2_000 }] });
    await near.deliver(two);
    expect(near.slept).toEqual([2_000]);
    const far = harness({ grants: [{ kind: 'deferred', until: 1_000_000 + 600_000, limit: 'per-hour' }] });
    await expect(far.deliver(two)).rejects.toMatchObject({ code: 'SEND_RATE_LIMITED', retriable: true });
    expect(far.delivered).toHaveLength(0);
    expect(far.intents.rows.size).toBe(0);
  });

  it('dead-letters bad commands with the cause', async () => {
    const h = harness();
    await expect(h.deliver(sendEmail({ toAddress: '' }))).rejects.toMatchObject({ code: 'NO_RECIPIENT' });
    await expect(h.deliver(sendEmail({ purpose: 'UNKNOWN' }))).rejects.toMatchObject({ code: 'UNKNOWN_PURPOSE' });
    expect(h.delivered).toHaveLength(0);
  });
});
