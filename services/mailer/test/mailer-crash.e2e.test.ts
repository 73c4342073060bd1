// A mailer process killed (SIGKILL) right after the SMTP server accepted an email, before anything was
// committed; a new mailer in the same group reads the command again and must report the email without
// sending it a second time: exactly one message in the recipient's mailbox, read over IMAP.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KafkaMessage } from 'kafkajs';
import { loadConfig, kafkaEnv } from '@folio/config';
import { EmailSentSchema, SendEmailSchema, fullNameOf, type EmailSent, type SendEmail } from '@folio/contracts';
import { createPool, migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, type RunningService } from '@folio/runtime';
import { createTopics, databaseUrl, deleteTopics, readInbox, requireEnv, serviceEnv, testKafka, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { mailerService } from '../src/index.js';

const script = fileURLToPath(new URL('./crash-after-accept.mjs', import.meta.url));
const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'mailer-crash-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const pool = createPool(databaseUrl(), { max: 2 });
const created: string[] = [];
const services: RunningService[] = [];

beforeAll(async () => {
  await migrate(databaseUrl());
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await pool.end();
  await deleteTopics(created);
});

describe('mailer crash between SMTP acceptance and commit', () => {
  it('sends exactly one email and reports it after the process is killed and the command is read again', async () => {
    const [commands, events, outcomes, dlq] = await createTopics([
      { prefix: 'mailer-crash.email-commands' },
      { prefix: 'mailer-crash.email-events' },
      { prefix: 'mailer-crash.record-outcomes' },
      { prefix: 'mailer-crash.dlq' },
    ]) as [string, string, string, string];
    created.push(commands, events, outcomes, dlq);
    const env = serviceEnv({
      DATABASE_URL: databaseUrl(),
      MAILER_GROUP_ID: uniqueName('mailer-crash'),
      EMAIL_COMMANDS_TOPIC: commands,
      EMAIL_EVENTS_TOPIC: events,
      RECORD_OUTCOMES_TOPIC: outcomes,
      DEAD_LETTER_TOPIC: dlq,
      SMTP_HOST: requireEnv('SMTP_HOST'),
      SMTP_PORT: requireEnv('SMTP_PORT'),
      IMAP_HOST: requireEnv('IMAP_HOST'),
      IMAP_PORT: requireEnv('IMAP_PORT'),
      SENT_COPY_ADDRESS: testMailAddress('sent'),
      BOUNCE_POLL_MS: '0',
      LIMITS_SCOPE: uniqueName('mailer-limits'),
    });
    const recordId = crypto.randomUUID();
    const c: SendEmail = {
      emailId: uniqueName('email', '-'),
      purpose: 'FOLIO_REQUEST',
      batchId: 'batch-crash',
      hotelPhone: '+15015550100',
      toAddress: testMailAddress('hotel'),
      fromName: 'Acme Travel',
      replyToAddress: 'folios@folio.test',
      entries: [{ recordId, tenantId: 't1', sequence: 1, guestFirstName: 'Ada', guestLastName: 'Guest', confirmationNumber: 'CONF-1', stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' }, reference: 'REF-1', replyToAddress: 'folios@folio.test', attempt: 1, queuedAt: new Date(), createdAt: null, notBefore: null, recordVersion: 1, channel: null }],
      attachments: [],
      language: null,
      requestedAt: new Date(),
      note: null,
    };

    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await runtime.send([{ topic: commands, key: c.hotelPhone, schema: SendEmailSchema, value: c }]);
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([exited, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the mailer process did not crash: ${stderr}`)), 60_000)))]).finally(() => clearTimeout(timer));
    expect(exit.signal).toBe('SIGKILL');

    // The server accepted it; nothing was recorded or published.
    expect(await readInbox(c.toAddress, { atLeast: 1 })).toHaveLength(1);
    const intent = await pool.query<{ status: string }>('SELECT status FROM mailer_emails WHERE email_id = $1', [c.emailId]);
    expect(intent.rows[0]?.status).toBe('sending');

    const mailer = await startService(mailerService(), { env });
    services.push(mailer);
    const seen: { topic: string; key: string | null; value: EmailSent }[] = [];
    const collector = testKafka('mailer-crash-collector').consumer({ groupId: uniqueName('collector') });
    await collector.connect();
    await collector.subscribe({ topics: [events, outcomes], fromBeginning: true });
    await collector.run({
      eachMessage: async ({ topic, message }: { topic: string; message: KafkaMessage }) => {
        const d = await runtime.serde.decode<EmailSent>(message.value!, new Map([[fullNameOf(EmailSentSchema), EmailSentSchema]]));
        seen.push({ topic, key: message.key?.toString('utf8') ?? null, value: d.value });
      },
    });
    try {
      await waitFor('EmailSent on both topics after the redelivery', () => seen.some((m) => m.topic === events) && seen.some((m) => m.topic === outcomes), { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      await collector.disconnect();
    }
    const inbox = await readInbox(c.toAddress, { atLeast: 1 });
    expect(inbox).toHaveLength(1);
    expect(seen.filter((m) => m.topic === events)).toHaveLength(1);
    expect(seen.find((m) => m.topic === events)!.value).toMatchObject({ emailId: c.emailId, messageId: inbox[0]!.messageId });
    expect(seen.find((m) => m.topic === outcomes)!.key).toBe(recordId);
    expect((await pool.query<{ status: string }>('SELECT status FROM mailer_emails WHERE email_id = $1', [c.emailId])).rows[0]?.status).toBe('sent');
  });
});
