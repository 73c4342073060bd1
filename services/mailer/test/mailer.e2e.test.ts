// The mailer in-process against the real broker, registry, PostgreSQL, object store and mail server: a
// SendEmail becomes one email readable over IMAP and EmailSent on both topics; a delivery carries its folio
// from S3; a crash between SMTP acceptance and the intent update sends nothing twice; a DSN in the bounce
// mailbox becomes EmailBounced; bad commands are dead-lettered while the next one is sent.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { KafkaMessage } from 'kafkajs';
import nodemailer from 'nodemailer';
import { loadConfig, kafkaEnv } from '@folio/config';
import {
  DeadLetterSchema,
  EmailBouncedSchema,
  EmailSentSchema,
  FolioDeliveredSchema,
  SendEmailSchema,
  fullNameOf,
  type BatchEntry,
  type DeadLetter,
  type EmailBounced,
  type EmailSent,
  type FolioDelivered,
  type SendEmail,
} from '@folio/contracts';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, type RunningService } from '@folio/runtime';
import {
  createTestBucket,
  createTopics,
  databaseUrl,
  deleteTestBucket,
  deleteTopics,
  readInbox,
  requireEnv,
  s3ClientFromEnv,
  serviceEnv,
  smtpSettingsFromEnv,
  testKafka,
  testMailAddress,
  uniqueName,
  waitFor,
} from '@folio/testkit';
import { mailerService } from '../src/index.js';

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'mailer-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const s3 = s3ClientFromEnv();
const created: string[] = [];
let bucket = '';
let service: RunningService;
let topics: { commands: string; events: string; outcomes: string; dlq: string };
const bounceAddress = testMailAddress('bounces');
const sentCopyAddress = testMailAddress('sent');
const crashOnce = new Set<string>();
const crashed: string[] = [];

interface Seen<T> {
  readonly topic: string;
  readonly key: string | null;
  readonly type: string;
  readonly value: T;
}
const seen: Seen<unknown>[] = [];
const collector = testKafka('mailer-test-collector').consumer({ groupId: uniqueName('mailer-collector') });
const readers = new Map([EmailSentSchema, EmailBouncedSchema, FolioDeliveredSchema, DeadLetterSchema].map((s) => [fullNameOf(s), s]));

beforeAll(async () => {
  await migrate(databaseUrl());
  const names = await createTopics([
    { prefix: 'mailer.email-commands', partitions: 3 },
    { prefix: 'mailer.email-events', partitions: 3 },
    { prefix: 'mailer.record-outcomes', partitions: 3 },
    { prefix: 'mailer.dlq' },
  ]);
  created.push(...names);
  const [commands, events, outcomes, dlq] = names as [string, string, string, string];
  topics = { commands, events, outcomes, dlq };
  bucket = await createTestBucket(s3, 'folio-mailer');
  service = await startService(
    mailerService({
      afterAccepted: (emailId) => {
        if (crashOnce.delete(emailId)) {
          crashed.push(emailId);
          throw new Error(`crash after SMTP accepted ${emailId}`);
        }
      },
    }),
    {
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
        BOUNCE_ADDRESS: bounceAddress,
        SENT_COPY_ADDRESS: sentCopyAddress,
        BOUNCE_POLL_MS: '250',
        S3_ENDPOINT: requireEnv('S3_ENDPOINT'),
        S3_REGION: requireEnv('S3_REGION'),
        S3_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'),
        S3_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY'),
        DOCUMENTS_BUCKET: bucket,
        LIMITS_SCOPE: uniqueName('mailer-limits'),
        EMAILS_PER_MINUTE: '6000',
        SMTP_RETRY_BACKOFF_MS: '50',
      }),
    },
  );
  await waitFor('the mailer to join its group', () => service.context.kafka.isReady(), { timeoutMs: 60_000 });
  await collector.connect();
  await collector.subscribe({ topics: [events, outcomes, dlq], fromBeginning: true });
  await collector.run({
    eachMessage: async ({ topic, message }: { topic: string; message: KafkaMessage }) => {
      const decoded = await runtime.serde.decode(message.value!, readers);
      seen.push({ topic, key: message.key?.toString('utf8') ?? null, type: decoded.typeName, value: decoded.value });
    },
  });
});

afterAll(async () => {
  await service?.stop();
  await collector.disconnect();
  await runtime.close();
  await deleteTopics(created);
  if (bucket) await deleteTestBucket(bucket, s3);
  s3.destroy();
});

function entry(n: number, recordId = crypto.randomUUID()): BatchEntry {
  return {
    recordId,
    tenantId: 'tenant-1',
    sequence: n,
    guestFirstName: 'Ada',
    guestLastName: `Lovelace-${n}`,
    confirmationNumber: `CONF-${n}-${recordId.slice(0, 4)}`,
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
    reference: `REF-${recordId.slice(0, 8)}`,
    replyToAddress: 'folios@folio.test',
    attempt: 1,
    queuedAt: new Date(),
    createdAt: null,
    notBefore: null,
    recordVersion: 1, channel: null,
  };
}

function command(overrides: Partial<SendEmail> = {}): SendEmail {
  const emailId = uniqueName('email', '-');
  return {
    emailId,
    purpose: 'FOLIO_REQUEST',
    batchId: `batch-${emailId}`,
    hotelPhone: '+4930901820',
    toAddress: testMailAddress('hotel'),
    fromName: 'Acme Travel',
    replyToAddress: 'folios@folio.test',
    entries: [entry(1), entry(2)],
    attachments: [],
    language: null,
    requestedAt: new Date(),
    note: null,
    ...overrides,
  };
}

async function send(...commands: SendEmail[]): Promise<void> {
  await runtime.send(commands.map((value) => ({ topic: topics.commands, key: value.hotelPhone, schema: SendEmailSchema, value })));
}

function events<T>(topic: string, type: string, emailId: string): Seen<T>[] {
  return seen.filter((m) => m.topic === topic && m.type === type && (m.value as { emailId: string }).emailId === emailId) as Seen<T>[];
}

async function sentEvents(c: SendEmail): Promise<{ byHotel: Seen<EmailSent>[]; byRecord: Seen<EmailSent>[] }> {
  await waitFor(`EmailSent for ${c.emailId} on both topics`, () => events(topics.events, 'EmailSent', c.emailId).length >= 1 && events(topics.outcomes, 'EmailSent', c.emailId).length >= c.entries.length, { timeoutMs: 30_000 });
  return { byHotel: events(topics.events, 'EmailSent', c.emailId), byRecord: events(topics.outcomes, 'EmailSent', c.emailId) };
}

describe('mailer', () => {
  it('sends a folio request as one email with the guests, the reply token and the Message-ID, and reports EmailSent on both topics', async () => {
    const c = command();
    await send(c);
    const { byHotel, byRecord } = await sentEvents(c);
    const inbox = await readInbox(c.toAddress, { atLeast: 1 });
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    // A Berlin number: German.
    expect(mail.subject).toBe(`Anfrage Hotelrechnung: Ada Lovelace-1, Bestätigung ${c.entries[0]!.confirmationNumber} und 1 weitere [Ref. ${byHotel[0]!.value.replyToken}]`);
    expect(mail.messageId).toBe(`<${c.emailId}@folio.test>`);
    expect(mail.source).toMatch(new RegExp(`^Reply-To: folios\\+${byHotel[0]!.value.replyToken}@folio\\.test`, 'm'));
    expect(mail.source).toContain('multipart/alternative');
    for (const e of c.entries) expect(mail.source).toContain(e.confirmationNumber);

    expect(byHotel).toHaveLength(1);
    expect(byHotel[0]!.key).toBe(c.hotelPhone);
    expect(byHotel[0]!.value).toMatchObject({ emailId: c.emailId, batchId: c.batchId, purpose: 'FOLIO_REQUEST', toAddress: c.toAddress, messageId: mail.messageId, recordIds: c.entries.map((e) => e.recordId) });
    expect(byRecord.map((m) => m.key).sort()).toEqual(c.entries.map((e) => e.recordId).sort());
    for (const m of byRecord) expect(m.value.recordIds).toContain(m.key);

    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toMatch(/folio_mailer_emails_sent_total\{[^}]*purpose="FOLIO_REQUEST"[^}]*how="smtp"[^}]*\} [1-9]/);
    expect(metrics).toContain('folio_mailer_send_duration_seconds_count');
  });

  it('delivers a validated folio with the document from the object store attached', async () => {
    const pdf = Buffer.from('%PDF-1.4 folio 4711 total 123.45 EUR');
    const key = `folios/${crypto.randomUUID()}.pdf`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: pdf, ContentType: 'application/pdf' }));
    const c = command({
      purpose: 'FOLIO_DELIVERY',
      hotelPhone: '+15015551234',
      toAddress: testMailAddress('destination'),
      entries: [entry(1)],
      attachments: [{ filename: 'folio-4711.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, storageKey: key, sha256: createHash('sha256').update(pdf).digest('hex') }],
    });
    await send(c);
    await sentEvents(c);
    const [mail] = await readInbox(c.toAddress, { atLeast: 1 });
    expect(mail!.subject).toBe(`Folio of Ada Lovelace-1, confirmation ${c.entries[0]!.confirmationNumber}`);
    expect(mail!.source).toMatch(/Content-Disposition: attachment; filename=folio-4711\.pdf/);
    expect(mail!.source).toContain(pdf.toString('base64'));
    await waitFor('FolioDelivered for the request', () => seen.find((m) => m.topic === topics.outcomes && m.type === 'FolioDelivered' && (m.value as FolioDelivered).emailId === c.emailId));
    const delivered = seen.find((m) => m.topic === topics.outcomes && m.type === 'FolioDelivered' && (m.value as FolioDelivered).emailId === c.emailId)!;
    expect(delivered.key).toBe(c.entries[0]!.recordId);
    expect(delivered.value).toMatchObject({ tenantId: 'tenant-1', documentKey: key, messageId: mail!.messageId });
  });

  it('sends exactly one email when the mailer fails between SMTP acceptance and recording it, and still reports it', async () => {
    const c = command({ hotelPhone: '+33142345678' });
    crashOnce.add(c.emailId);
    await send(c);
    const { byHotel } = await sentEvents(c);
    expect(crashed).toContain(c.emailId);
    // Give a wrong second send time to arrive before counting.
    await new Promise((r) => setTimeout(r, 1_500));
    const inbox = await readInbox(c.toAddress, { atLeast: 1 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.subject).toContain('Demande de facture');
    expect(byHotel).toHaveLength(1);
  });

  it('turns a DSN in the bounce mailbox into EmailBounced for the original email', async () => {
    const c = command({ hotelPhone: '+34911234567' });
    await send(c);
    await sentEvents(c);
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@relay.example>',
      `To: ${bounceAddress}`,
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"',
      '',
      '--dsn-boundary',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--dsn-boundary',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.example',
      '',
      `Final-Recipient: rfc822; ${c.toAddress}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      '--dsn-boundary',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${c.emailId}@folio.test>`,
      `To: ${c.toAddress}`,
      '--dsn-boundary--',
      '',
    ].join('\r\n');
    const transport = nodemailer.createTransport(smtpSettingsFromEnv());
    // Real DSNs come with a null reverse-path (MAIL FROM:<>), which the local server refuses; the watcher never looks at it.
    await transport.sendMail({ envelope: { from: 'mailer-daemon@relay.example', to: bounceAddress }, raw: dsn });
    transport.close();
    await waitFor('EmailBounced on both topics', () => events(topics.events, 'EmailBounced', c.emailId).length >= 1 && events(topics.outcomes, 'EmailBounced', c.emailId).length >= 2, { timeoutMs: 30_000 });
    const [bounced] = events<EmailBounced>(topics.events, 'EmailBounced', c.emailId);
    expect(bounced!.key).toBe(c.hotelPhone);
    expect(bounced!.value).toMatchObject({ kind: 'HARD', toAddress: c.toAddress, diagnostic: '550 5.1.1 User unknown', recordIds: c.entries.map((e) => e.recordId) });
    expect(events<EmailBounced>(topics.outcomes, 'EmailBounced', c.emailId).map((m) => m.key).sort()).toEqual(c.entries.map((e) => e.recordId).sort());
  });

  it('dead-letters a command without recipient or with an unknown purpose, with the cause, and sends the next one', async () => {
    const phone = '+4989123456';
    const noRecipient = command({ hotelPhone: phone, toAddress: '' });
    const unknown = command({ hotelPhone: phone, purpose: 'UNKNOWN' });
    const good = command({ hotelPhone: phone });
    await send(noRecipient, unknown, good);
    await sentEvents(good);
    await waitFor('two dead letters', () => seen.filter((m) => m.topic === topics.dlq && m.key === phone).length >= 2, { timeoutMs: 30_000 });
    const letters = seen.filter((m) => m.topic === topics.dlq && m.key === phone).map((m) => m.value as DeadLetter);
    expect(letters.map((l) => l.errorCode)).toEqual(['NO_RECIPIENT', 'UNKNOWN_PURPOSE']);
    expect(letters[0]!.errorMessage).toContain('toAddress: no recipient address');
    expect(letters[0]!.sourceTopic).toBe(topics.commands);
    expect(await readInbox(good.toAddress, { atLeast: 1 })).toHaveLength(1);
  });
});
