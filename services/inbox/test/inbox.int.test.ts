// The inbox in-process against the real broker, registry, PostgreSQL, object store and mail server (GreenMail,
// reached through a proxy that can cut the connection): a reply to a request email is matched by In-Reply-To,
// its PDF stored by hash and FolioReceived published; a hotel's folio email naming guest and confirmation is
// matched; mail naming nothing lands on the review list; a message seen twice is published once, also after a
// restart; a connection dropped during IDLE is reopened and the mail sent meanwhile and after is handled once.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ImapFlow } from 'imapflow';
import type { KafkaMessage } from 'kafkajs';
import nodemailer from 'nodemailer';
import { loadConfig, kafkaEnv } from '@folio/config';
import { EmailSentSchema, FolioReceivedSchema, InboundEmailReceivedSchema, fullNameOf, type EmailSent, type FolioReceived, type InboundEmailReceived } from '@folio/contracts';
import { createPool, migrate, type Pool } from '@folio/db';
import { createLogger } from '@folio/logger';
import { listInboxReview } from '@folio/read-models';
import { KafkaRuntime, startService, type RunningService } from '@folio/runtime';
import {
  createTestBucket,
  createTopics,
  databaseUrl,
  deleteTestBucket,
  deleteTopics,
  imapSettingsFromEnv,
  requireEnv,
  s3ClientFromEnv,
  serviceEnv,
  smtpSettingsFromEnv,
  testKafka,
  testMailAddress,
  uniqueName,
  waitFor,
} from '@folio/testkit';
import { createRegistry } from '@folio/metrics';
import { inboxService, type InboundOutcome } from '../src/index.js';
import { startImapProxy, type ImapProxy } from './imap-proxy.js';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'inbox-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const s3 = s3ClientFromEnv();
const smtp = nodemailer.createTransport(smtpSettingsFromEnv());
const inbox = testMailAddress('folios');
const tenantId = randomUUID();
const created: string[] = [];
let bucket = '';
let pool: Pool;
let proxy: ImapProxy;
let service: RunningService;
let topics: { events: string; inbound: string; extractions: string; dlq: string };
const handled: InboundOutcome[] = [];
let readyCount = 0;

interface Seen<T> {
  readonly topic: string;
  readonly key: string | null;
  readonly type: string;
  readonly value: T;
}
const seen: Seen<unknown>[] = [];
const collector = testKafka('inbox-test-collector').consumer({ groupId: uniqueName('inbox-collector') });
const readers = new Map([FolioReceivedSchema, InboundEmailReceivedSchema].map((s) => [fullNameOf(s), s]));

const ada = { recordId: randomUUID(), first: 'Ada', last: 'Lovelace', confirmation: `HX${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}` };
const zoe = { recordId: randomUUID(), first: 'Zoë', last: 'Núñez', confirmation: `QK${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}` };
const hotelPhone = '+15015550142';

/** A small but real PDF (the bytes start with %PDF, which is what the inbox checks). */
function pdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

async function insertRequest(r: { recordId: string; first: string; last: string; confirmation: string }, status: string): Promise<void> {
  const now = new Date();
  await pool.query(
    `INSERT INTO records (record_id, tenant_id, external_id, status, source, hotel_phone, guest_first_name, guest_last_name,
       confirmation_number, check_in, check_out, destination_email, created_at, received_at, updated_at, version)
     VALUES ($1, $2, $3, $4, 'API', $5, $6, $7, $8, '2026-11-01', '2026-11-03', 'ap@client.example', $9, $9, $9, 3)`,
    [r.recordId, tenantId, `ext-${r.recordId}`, status, hotelPhone, r.first, r.last, r.confirmation, now],
  );
}

function ofType<T>(type: string, predicate: (v: T) => boolean = () => true): Seen<T>[] {
  return (seen as Seen<T>[]).filter((s) => s.type === type && predicate(s.value));
}

async function folderMessageIds(folder: string): Promise<string[]> {
  const client = new ImapFlow(imapSettingsFromEnv(inbox));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const ids: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true })) if (m.envelope?.messageId) ids.push(m.envelope.messageId);
      return ids;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

function outcomeOf(messageId: string, outcome?: InboundOutcome['outcome']): Promise<InboundOutcome> {
  return waitFor(`the inbox to handle ${messageId}${outcome ? ` (${outcome})` : ''}`, () => handled.find((h) => h.messageId === messageId && (!outcome || h.outcome === outcome)), { timeoutMs: 30_000 });
}

let serviceOptions: { env: Record<string, string> };
const startInbox = () => startService(inboxService({ onHandled: (o) => void handled.push(o), onReady: () => void readyCount++ }), serviceOptions);
let twiceMail: Parameters<typeof smtp.sendMail>[0] | undefined;

beforeAll(async () => {
  await migrate(databaseUrl());
  pool = createPool(databaseUrl(), { max: 2 });
  await pool.query('INSERT INTO tenants (id, name, inbox_email, sender_name) VALUES ($1, $2, $3, $4)', [tenantId, 'Inbox test tenant', inbox, 'Travel Desk']);
  await insertRequest(ada, 'emailed');
  await insertRequest(zoe, 'awaiting_folio');
  const names = await createTopics([{ prefix: 'inbox.email-events', partitions: 3 }, { prefix: 'inbox.inbound' }, { prefix: 'inbox.extractions', partitions: 3 }, { prefix: 'inbox.dlq' }]);
  created.push(...names);
  const [events, inbound, extractions, dlq] = names as [string, string, string, string];
  topics = { events, inbound, extractions, dlq };
  bucket = await createTestBucket(s3, 'folio-inbox');
  // The mailbox exists once it has received mail; the inbox must be able to log in from the start.
  await smtp.sendMail({ from: 'setup@folio.test', to: inbox, subject: 'mailbox created', text: 'first message', messageId: `<setup-${randomUUID()}@folio.test>` });
  proxy = await startImapProxy(requireEnv('IMAP_HOST'), Number(requireEnv('IMAP_PORT')));
  serviceOptions = {
      env: serviceEnv({
        DATABASE_URL: databaseUrl(),
        INBOX_GROUP_ID: uniqueName('inbox'),
        EMAIL_EVENTS_TOPIC: events,
        INBOUND_TOPIC: inbound,
        EXTRACTIONS_TOPIC: extractions,
        DEAD_LETTER_TOPIC: dlq,
        INBOX_ADDRESS: inbox,
        IMAP_HOST: '127.0.0.1',
        IMAP_PORT: String(proxy.port),
        IMAP_PASSWORD: inbox,
        IMAP_RECONNECT_MIN_MS: '100',
        IMAP_RECONNECT_MAX_MS: '1000',
        IMAP_CONNECT_TIMEOUT_MS: '5000',
        IMAP_POLL_MS: '30000',
        LEADER_RETRY_MS: '500',
        S3_ENDPOINT: requireEnv('S3_ENDPOINT'),
        S3_REGION: requireEnv('S3_REGION'),
        S3_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'),
        S3_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY'),
        DOCUMENTS_BUCKET: bucket,
      }),
  };
  service = await startInbox();
  await waitFor('the inbox to join its group', () => service.context.kafka.isReady(), { timeoutMs: 60_000 });
  await waitFor('the inbox to open the mailbox', () => readyCount > 0, { timeoutMs: 30_000 });
  await collector.connect();
  await collector.subscribe({ topics: [inbound, extractions], fromBeginning: true });
  await collector.run({
    eachMessage: async ({ topic, message }: { topic: string; message: KafkaMessage }) => {
      const decoded = await runtime.serde.decode(message.value!, readers);
      seen.push({ topic, key: message.key?.toString('utf8') ?? null, type: decoded.typeName, value: decoded.value });
    },
  });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await proxy?.close();
  await collector.disconnect();
  await runtime.close();
  smtp.close();
  await deleteTopics(created);
  if (bucket) await deleteTestBucket(bucket, s3);
  s3.destroy();
  if (pool) {
    await pool.query('DELETE FROM records WHERE tenant_id = $1', [tenantId]);
    await pool.query('DELETE FROM inbox_messages WHERE tenant_id = $1 OR to_address = $2', [tenantId, inbox]);
    await pool.query('DELETE FROM tenants WHERE id = $1', [tenantId]);
    await pool.end();
  }
});

describe('inbox', () => {
  it('matches a reply to the request email by In-Reply-To, stores its PDF by hash and publishes FolioReceived', async () => {
    const sent: EmailSent = {
      emailId: randomUUID(),
      purpose: 'FOLIO_REQUEST',
      batchId: 'batch-1',
      hotelPhone,
      recordIds: [ada.recordId],
      toAddress: 'reservations@grand-inbox-test.example',
      messageId: `<${randomUUID()}@folio.test>`,
      replyToken: createHash('sha256').update(randomUUID()).digest('hex').slice(0, 12),
      occurredAt: new Date(),
    };
    await runtime.send([{ topic: topics.events, key: hotelPhone, schema: EmailSentSchema, value: sent }]);
    await waitFor('EmailSent to be remembered', async () => (await pool.query('SELECT 1 FROM inbox_sent_emails WHERE message_id = $1', [sent.messageId])).rowCount === 1);

    const document = pdf(`reply ${randomUUID()}`);
    const messageId = `<reply-${randomUUID()}@grand-inbox-test.example>`;
    await smtp.sendMail({
      from: 'Front Desk <frontdesk@grand-inbox-test.example>',
      to: inbox,
      subject: 'Re: Folio request',
      text: 'Please find the invoice attached.',
      messageId,
      inReplyTo: sent.messageId,
      references: [sent.messageId],
      attachments: [{ filename: 'invoice.pdf', content: document, contentType: 'application/pdf' }],
    });

    const outcome = await outcomeOf(messageId);
    expect(outcome).toMatchObject({ outcome: 'matched', folder: 'Processed' });
    const received = await waitFor('FolioReceived', () => ofType<FolioReceived>('FolioReceived', (v) => v.messageId === messageId)[0]);
    const sha256 = createHash('sha256').update(document).digest('hex');
    expect(received.key).toBe(ada.recordId);
    expect(received.topic).toBe(topics.extractions);
    expect(received.value).toMatchObject({ recordId: ada.recordId, tenantId, matchMethod: 'IN_REPLY_TO', attachment: { filename: 'invoice.pdf', contentType: 'application/pdf', sizeBytes: document.length, sha256 } });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: received.value.attachment.storageKey }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(document)).toBe(true);
    expect(received.value.attachment.storageKey).toContain(sha256);

    const inbound = await waitFor('InboundEmailReceived', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId)[0]);
    expect(inbound.key).toBe(messageId);
    expect(inbound.value).toMatchObject({ matchMethod: 'IN_REPLY_TO', matchedRecordIds: [ada.recordId], inReplyTo: sent.messageId, fromAddress: 'frontdesk@grand-inbox-test.example' });
    expect(inbound.value.rawKey).toBeTruthy();
    expect(await folderMessageIds('Processed')).toContain(messageId);
  });

  it('matches a hotel folio email naming the guest and confirmation number (a phone agreement)', async () => {
    const messageId = `<sim-${randomUUID()}@hotel-sim.example>`;
    // The shape services/hotel-sim sends: from the hotel's own address to the address the caller gave, the
    // request's reply address (records' default is the inbox plus-addressed with the tenant id).
    const [local, domain] = inbox.split('@');
    await smtp.sendMail({
      from: { name: 'Hotel Nuñez Plaza', address: 'frontdesk@nunez-plaza.example' },
      to: `${local}+${tenantId}@${domain}`,
      subject: `Folio for Zoe Nunez, confirmation ${zoe.confirmation}`,
      text: `Dear Sir or Madam,\n\nas requested on the phone, please find attached the folio for Zoe Nunez (confirmation ${zoe.confirmation}).\n\nKind regards,\nFront desk\n`,
      messageId,
      attachments: [{ filename: 'folio-8812.pdf', content: pdf(`sim ${randomUUID()}`), contentType: 'application/pdf' }],
    });
    await outcomeOf(messageId);
    const received = await waitFor('FolioReceived for the phone agreement', () => ofType<FolioReceived>('FolioReceived', (v) => v.messageId === messageId)[0]);
    expect(received.value).toMatchObject({ recordId: zoe.recordId, tenantId, matchMethod: 'CONFIRMATION_NUMBER' });
    const inbound = await waitFor('InboundEmailReceived of the phone agreement', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId)[0]);
    expect(inbound.value.toAddress).toBe(`${local}+${tenantId}@${domain}`.toLowerCase());
  });

  it('puts mail matching nothing on the review list and publishes InboundEmailReceived unmatched', async () => {
    const messageId = `<news-${randomUUID()}@offers.example>`;
    await smtp.sendMail({ from: 'news@offers.example', to: inbox, subject: 'Spring offers', text: 'Twenty per cent off all suites.', messageId });
    const outcome = await outcomeOf(messageId);
    expect(outcome).toMatchObject({ outcome: 'review', folder: 'Review' });
    const inbound = await waitFor('InboundEmailReceived unmatched', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId)[0]);
    expect(inbound.value).toMatchObject({ matchMethod: 'UNMATCHED', matchedRecordIds: [], attachments: [] });
    expect(ofType<FolioReceived>('FolioReceived', (v) => v.messageId === messageId)).toEqual([]);
    const review = await listInboxReview(pool, { tenantId });
    expect(review.find((r) => r.messageId === messageId)).toMatchObject({ reviewReason: 'NO_MATCH', matchMethod: 'UNMATCHED', fromAddress: 'news@offers.example' });
    expect(await folderMessageIds('Review')).toContain(messageId);
  });

  it('publishes a message seen twice only once', async () => {
    const messageId = `<twice-${randomUUID()}@nunez-plaza.example>`;
    const mail = {
      from: 'frontdesk@nunez-plaza.example',
      to: inbox,
      subject: `Folio Ada Lovelace ${ada.confirmation}`,
      text: 'Folio attached.',
      messageId,
      attachments: [{ filename: 'folio.pdf', content: pdf(`twice ${messageId}`), contentType: 'application/pdf' }],
    };
    twiceMail = mail;
    await smtp.sendMail(mail);
    await outcomeOf(messageId, 'matched');
    await smtp.sendMail(mail);
    await outcomeOf(messageId, 'duplicate');
    // The outputs of the first pass are in; the second pass added none.
    await waitFor('the first InboundEmailReceived', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId).length === 1);
    const marker = `<marker-${randomUUID()}@offers.example>`;
    await smtp.sendMail({ from: 'news@offers.example', to: inbox, subject: 'marker', text: 'nothing', messageId: marker });
    await waitFor('the marker after the duplicate', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === marker).length === 1);
    expect(ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId)).toHaveLength(1);
    expect(ofType<FolioReceived>('FolioReceived', (v) => v.messageId === messageId)).toHaveLength(1);
    expect((await folderMessageIds('Processed')).filter((id) => id === messageId)).toHaveLength(2);
  });

  it('reopens a connection dropped during IDLE and handles the mail that arrives after', async () => {
    const before = proxy.connections();
    const readyBefore = readyCount;
    const handledBefore = handled.length;
    proxy.dropAll();
    // Mail arriving while the connection is down (or just reopened) is handled once the session is back.
    const during = `<during-drop-${randomUUID()}@grand-inbox-test.example>`;
    await smtp.sendMail({ from: 'frontdesk@grand-inbox-test.example', to: inbox, subject: `Folio for Ada Lovelace, confirmation ${ada.confirmation}`, text: 'attached', messageId: during, attachments: [{ filename: 'f.pdf', content: pdf(during), contentType: 'application/pdf' }] });
    await waitFor('a new IMAP connection', () => proxy.connections() > before && readyCount > readyBefore, { timeoutMs: 30_000 });
    await outcomeOf(during, 'matched');
    // And mail after the reconnect arrives through IDLE on the new connection.
    const after = `<after-drop-${randomUUID()}@offers.example>`;
    await smtp.sendMail({ from: 'news@offers.example', to: inbox, subject: 'after the drop', text: 'nothing', messageId: after });
    await outcomeOf(after, 'review');
    // Nothing handled twice: exactly the two new messages, each once.
    expect(handled.slice(handledBefore).map((h) => h.messageId).sort()).toEqual([during, after].sort());
    await waitFor('InboundEmailReceived of the mail sent during the drop', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === after).length === 1);
    expect(ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === during)).toHaveLength(1);
    const metrics = await service.context.registry.metrics();
    expect(metrics).toMatch(/folio_inbox_imap_reconnects_total(\{[^}]*\})? [1-9]/);
  });

  it('still knows a message after a restart, and does not publish it again', async () => {
    await service.stop();
    const readyBefore = readyCount;
    service = await startInbox();
    await waitFor('the restarted inbox to open the mailbox', () => readyCount > readyBefore, { timeoutMs: 30_000 });
    const messageId = twiceMail!.messageId!;
    const before = handled.filter((h) => h.messageId === messageId).length;
    await smtp.sendMail(twiceMail!);
    await waitFor('the copy to be handled', () => handled.filter((h) => h.messageId === messageId).length > before, { timeoutMs: 30_000 });
    expect(handled.filter((h) => h.messageId === messageId).at(-1)!.outcome).toBe('duplicate');
    const marker = `<marker-restart-${randomUUID()}@offers.example>`;
    await smtp.sendMail({ from: 'news@offers.example', to: inbox, subject: 'marker', text: 'nothing', messageId: marker });
    await waitFor('the marker after the restart', () => ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === marker).length === 1);
    expect(ofType<InboundEmailReceived>('InboundEmailReceived', (v) => v.messageId === messageId)).toHaveLength(1);
  });
});
