// The mailer and the inbox together, in-process, against the real broker, registry, PostgreSQL, object store and
// GreenMail: the mailer sends one request email for two requests; the hotel answers it (to its plus-addressed
// Reply-To, In-Reply-To its Message-ID) with one folio per guest; the inbox, knowing the email from EmailSent,
// matches the reply by its token and gives each request its own document.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import nodemailer from 'nodemailer';
import { loadConfig, kafkaEnv } from '@folio/config';
import { FolioReceivedSchema, InboundEmailReceivedSchema, SendEmailSchema, fullNameOf, type BatchEntry, type FolioReceived, type InboundEmailReceived, type SendEmail } from '@folio/contracts';
import { createPool, migrate, type Pool } from '@folio/db';
import { createLogger } from '@folio/logger';
import { mailerService } from '@folio/mailer';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, type RunningService } from '@folio/runtime';
import { createTestBucket, createTopics, databaseUrl, deleteTestBucket, deleteTopics, readInbox, s3ClientFromEnv, requireEnv, serviceEnv, smtpSettingsFromEnv, testKafka, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { inboxService, referenceFor } from '../src/index.js';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'inbox-e2e', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const smtp = nodemailer.createTransport(smtpSettingsFromEnv());
const inbox = testMailAddress('folios');
const hotel = testMailAddress('hotel');
const tenantId = `tenant-${randomUUID()}`;
const hotelPhone = '+4930901820';
const created: string[] = [];
const s3 = s3ClientFromEnv();
let bucket = '';
let pool: Pool;
let mailer: RunningService;
let inboxSvc: RunningService;
let inboxOpen = false;
let topics: Record<'commands' | 'events' | 'outcomes' | 'inbound' | 'extractions' | 'dlq', string>;
const seen: { type: string; value: unknown }[] = [];
const collector = testKafka('inbox-e2e-collector').consumer({ groupId: uniqueName('inbox-e2e-collector') });
const readers = new Map([FolioReceivedSchema, InboundEmailReceivedSchema].map((s) => [fullNameOf(s), s]));
const guests = [
  { recordId: randomUUID(), first: 'Ada', last: 'Lovelace', confirmation: `HX${randomUUID().slice(0, 6).toUpperCase()}7` },
  { recordId: randomUUID(), first: 'Grace', last: 'Hopper', confirmation: `QK${randomUUID().slice(0, 6).toUpperCase()}3` },
];

beforeAll(async () => {
  await migrate(databaseUrl());
  pool = createPool(databaseUrl(), { max: 2 });
  for (const g of guests) {
    await pool.query(
      `INSERT INTO records (record_id, tenant_id, external_id, status, source, hotel_phone, guest_first_name, guest_last_name,
         confirmation_number, check_in, check_out, destination_email, created_at, received_at, updated_at, version)
       VALUES ($1, $2, $3, 'emailed', 'API', $4, $5, $6, $7, '2026-11-01', '2026-11-03', 'ap@client.example', now(), now(), now(), 4)`,
      [g.recordId, tenantId, `ext-${g.recordId}`, hotelPhone, g.first, g.last, g.confirmation],
    );
  }
  const names = await createTopics([
    { prefix: 'inbox-e2e.email-commands', partitions: 3 },
    { prefix: 'inbox-e2e.email-events', partitions: 3 },
    { prefix: 'inbox-e2e.record-outcomes', partitions: 3 },
    { prefix: 'inbox-e2e.inbound' },
    { prefix: 'inbox-e2e.extractions', partitions: 3 },
    { prefix: 'inbox-e2e.dlq' },
  ]);
  created.push(...names);
  const [commands, events, outcomes, inbound, extractions, dlq] = names as [string, string, string, string, string, string];
  topics = { commands, events, outcomes, inbound, extractions, dlq };
  bucket = await createTestBucket(s3, 'folio-inbox-e2e');
  await smtp.sendMail({ from: 'setup@folio.test', to: inbox, subject: 'mailbox created', text: 'first', messageId: `<setup-${randomUUID()}@folio.test>` });
  mailer = await startService(mailerService(), {
    env: serviceEnv({
      DATABASE_URL: databaseUrl(),
      MAILER_GROUP_ID: uniqueName('mailer'),
      EMAIL_COMMANDS_TOPIC: commands,
      EMAIL_EVENTS_TOPIC: events,
      RECORD_OUTCOMES_TOPIC: outcomes,
      DEAD_LETTER_TOPIC: dlq,
      SMTP_HOST: requireEnv('SMTP_HOST'),
      SMTP_PORT: requireEnv('SMTP_PORT'),
      IMAP_HOST: requireEnv('IMAP_HOST'),
      IMAP_PORT: requireEnv('IMAP_PORT'),
      MAIL_FROM_ADDRESS: 'folios@folio.test',
      BOUNCE_ADDRESS: testMailAddress('bounces'),
      SENT_COPY_ADDRESS: testMailAddress('sent'),
      BOUNCE_POLL_MS: '0',
      LIMITS_SCOPE: uniqueName('inbox-e2e-limits'),
      EMAILS_PER_MINUTE: '6000',
    }),
  });
  inboxSvc = await startService(inboxService({ onReady: () => void (inboxOpen = true) }), {
    env: serviceEnv({
      DATABASE_URL: databaseUrl(),
      INBOX_GROUP_ID: uniqueName('inbox'),
      EMAIL_EVENTS_TOPIC: events,
      INBOUND_TOPIC: inbound,
      EXTRACTIONS_TOPIC: extractions,
      DEAD_LETTER_TOPIC: dlq,
      INBOX_ADDRESS: inbox,
      IMAP_HOST: requireEnv('IMAP_HOST'),
      IMAP_PORT: requireEnv('IMAP_PORT'),
      IMAP_PASSWORD: inbox,
      IMAP_CONNECT_TIMEOUT_MS: '5000',
      IMAP_RECONNECT_MAX_MS: '1000',
      S3_ENDPOINT: requireEnv('S3_ENDPOINT'),
      S3_REGION: requireEnv('S3_REGION'),
      S3_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'),
      S3_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY'),
      DOCUMENTS_BUCKET: bucket,
    }),
  });
  await waitFor('both services to join their groups', () => mailer.context.kafka.isReady() && inboxSvc.context.kafka.isReady(), { timeoutMs: 60_000 });
  await waitFor('the inbox to open the mailbox', () => inboxOpen, { timeoutMs: 60_000 });
  await collector.connect();
  await collector.subscribe({ topics: [inbound, extractions], fromBeginning: true });
  await collector.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      const decoded = await runtime.serde.decode(message.value!, readers);
      seen.push({ type: decoded.typeName, value: decoded.value });
    },
  });
}, 120_000);

afterAll(async () => {
  await inboxSvc?.stop();
  await mailer?.stop();
  await collector.disconnect();
  await runtime.close();
  smtp.close();
  await deleteTopics(created);
  if (bucket) await deleteTestBucket(bucket, s3);
  s3.destroy();
  if (pool) {
    await pool.query('DELETE FROM records WHERE tenant_id = $1', [tenantId]);
    await pool.query('DELETE FROM inbox_messages WHERE tenant_id = $1 OR to_address LIKE $2', [tenantId, `%${inbox.split('@')[0]}%`]);
    await pool.end();
  }
});

function entry(g: (typeof guests)[number], sequence: number): BatchEntry {
  return {
    recordId: g.recordId,
    tenantId,
    sequence,
    guestFirstName: g.first,
    guestLastName: g.last,
    confirmationNumber: g.confirmation,
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
    reference: referenceFor(g.recordId),
    replyToAddress: inbox,
    attempt: 1,
    queuedAt: new Date(),
    createdAt: null,
    notBefore: null,
    recordVersion: 4,
    // Fields added to BatchEntry later (optional in Avro): spread, so this compiles before and after they exist.
    ...{ channel: null },
  };
}

describe('a hotel answering the mailer', () => {
  it('gives each request of a two-request email the folio the reply names for it', async () => {
    const emailId = uniqueName('email', '-');
    const command: SendEmail = {
      emailId,
      purpose: 'FOLIO_REQUEST',
      batchId: `batch-${emailId}`,
      hotelPhone,
      toAddress: hotel,
      fromName: 'Acme Travel',
      replyToAddress: inbox,
      entries: guests.map((g, i) => entry(g, i + 1)),
      attachments: [],
      language: null,
      requestedAt: new Date(),
      note: null,
    };
    await runtime.send([{ topic: topics.commands, key: hotelPhone, schema: SendEmailSchema, value: command }]);
    const [request] = await readInbox(hotel, { atLeast: 1, timeoutMs: 30_000 });
    const replyTo = request!.source.match(/^Reply-To: (\S+)/m)?.[1];
    expect(replyTo).toMatch(new RegExp(`^${inbox.split('@')[0]}\\+[A-Za-z0-9_-]+@folio\\.test$`));
    await waitFor('the inbox to know the request email', async () => (await pool.query('SELECT 1 FROM inbox_sent_emails WHERE message_id = $1', [request!.messageId])).rowCount === 1, { timeoutMs: 30_000 });

    const folios = guests.map((g) => Buffer.from(`%PDF-1.4\n% folio of ${g.last} ${randomUUID()}\n%%EOF\n`));
    const messageId = `<answer-${randomUUID()}@hotel.example>`;
    await smtp.sendMail({
      from: hotel,
      to: replyTo,
      subject: `Re: ${request!.subject}`,
      text: 'Dear colleagues, please find both folios attached.',
      messageId,
      inReplyTo: request!.messageId,
      references: [request!.messageId!],
      attachments: guests.map((g, i) => ({ filename: `Folio ${g.last}.pdf`, content: folios[i]!, contentType: 'application/pdf' })),
    });

    const received = await waitFor('two FolioReceived', () => {
      const list = seen.filter((s) => s.type === 'FolioReceived' && (s.value as FolioReceived).messageId === messageId).map((s) => s.value as FolioReceived);
      return list.length >= 2 ? list : undefined;
    }, { timeoutMs: 30_000 });
    expect(received.map((r) => r.recordId).sort()).toEqual(guests.map((g) => g.recordId).sort());
    for (const [i, g] of guests.entries()) {
      const mine = received.find((r) => r.recordId === g.recordId);
      expect(mine).toMatchObject({ tenantId, matchMethod: 'REPLY_TOKEN', attachment: { filename: `Folio ${g.last}.pdf`, sha256: createHash('sha256').update(folios[i]!).digest('hex') } });
    }
    const inbound = await waitFor('InboundEmailReceived', () => seen.find((s) => s.type === 'InboundEmailReceived' && (s.value as InboundEmailReceived).messageId === messageId)?.value as InboundEmailReceived | undefined);
    expect(inbound).toMatchObject({ toAddress: replyTo, inReplyTo: request!.messageId, matchMethod: 'REPLY_TOKEN' });
    expect([...inbound.matchedRecordIds].sort()).toEqual(guests.map((g) => g.recordId).sort());
  });
});
