// The mailer service: an at-least-once consumer of SendEmail (the send intent in PostgreSQL, not a Kafka
// transaction, is what keeps an email from leaving twice), and a bounce watcher reading DSNs over IMAP.
// `afterAccepted` and `now` are injectable for tests.
import { setTimeout as sleep } from 'node:timers/promises';
import { SendEmailSchema, type SendEmail } from '@folio/contracts';
import { createPool } from '@folio/db';
import { counter, histogram } from '@folio/metrics';
import type { ServiceDefinition } from '@folio/runtime';
import { mailerEnv } from './config.js';
import { domainOf } from './domain/email/identity.js';
import { BounceWatcher } from './adapters/bounce-watcher.js';
import { S3DocumentStore } from './adapters/documents.js';
import { ImapMailbox } from './adapters/imap-mailbox.js';
import { PgSendIntents } from './adapters/send-intents.js';
import { PgSendLimits } from './adapters/send-limits.js';
import { NodemailerSender } from './adapters/smtp-sender.js';
import { loadTemplates } from './adapters/template-files.js';
import { bounceMessageHandler } from './handlers/bounce-message.js';
import { sendEmailHandler, type MailerMetrics } from './handlers/send-email.js';

export interface MailerOptions {
  readonly now?: () => number;
  readonly afterAccepted?: (emailId: string) => Promise<void> | void;
}

export function mailerService(options: MailerOptions = {}): ServiceDefinition<typeof mailerEnv> {
  return {
    name: 'mailer',
    produces: ['folio.email-events.v1', 'folio.record-outcomes.v1', 'folio.dlq.v1'],
    env: mailerEnv,
    async start({ config, kafka, registry, logger, onShutdown, name }) {
      const now = options.now ?? Date.now;
      const templates = await loadTemplates(config.TEMPLATES_DIR);
      const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: name });
      onShutdown(() => pool.end(), 'after-kafka');

      const sentTotal = counter(registry, 'folio_mailer_emails_sent_total', 'Emails the SMTP server accepted, by purpose and how it was learned (smtp reply, or recovered from the sent copy after a crash).', ['purpose', 'how']);
      const republished = counter(registry, 'folio_mailer_events_republished_total', 'Redelivered commands whose email had already left or bounced: events published again, nothing sent.', ['outcome']);
      const failures = counter(registry, 'folio_mailer_send_failures_total', 'Failed SMTP attempts by kind (permanent, transient, server-busy, connection, configuration).', ['kind']);
      const bounces = counter(registry, 'folio_mailer_bounces_total', 'EmailBounced published, by kind (HARD, SOFT, UNKNOWN) and source (smtp reply or DSN).', ['kind', 'source']);
      const rateWaits = counter(registry, 'folio_mailer_rate_limit_waits_total', 'Sends that met a send limit: waited in place, or deferred (the command is read again).', ['limit', 'outcome']);
      const rateWaitSeconds = histogram(registry, 'folio_mailer_rate_limit_wait_seconds', 'How long a send had to wait for its slot.', ['limit'], [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600]);
      const sendSeconds = histogram(registry, 'folio_mailer_send_duration_seconds', 'Duration of one SMTP send (connection to final reply).', [], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
      const mailboxMessages = counter(registry, 'folio_mailer_bounce_mailbox_messages_total', 'Messages read from the bounce mailbox, by outcome.', ['outcome']);
      const metrics: MailerMetrics = {
        sent: (purpose, how) => sentTotal.inc({ purpose, how }),
        republished: (outcome) => republished.inc({ outcome }),
        failure: (kind) => failures.inc({ kind }),
        bounced: (kind, source) => bounces.inc({ kind, source }),
        rateWait: (limit, outcome, seconds) => {
          rateWaits.inc({ limit, outcome });
          if (outcome === 'waited') rateWaitSeconds.observe({ limit }, seconds);
        },
        sendSeconds: (seconds) => sendSeconds.observe(seconds),
      };

      const smtp = new NodemailerSender({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        tls: config.SMTP_TLS,
        user: config.SMTP_USER,
        password: config.SMTP_PASSWORD,
        rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
      });
      onShutdown(() => smtp.close(), 'after-kafka');
      const imap = { host: config.IMAP_HOST, port: config.IMAP_PORT, tls: config.IMAP_TLS, rejectUnauthorized: config.IMAP_TLS_REJECT_UNAUTHORIZED };
      const sentCopies = new ImapMailbox({ ...imap, user: config.SENT_COPY_IMAP_USER ?? config.SENT_COPY_ADDRESS, password: config.SENT_COPY_IMAP_PASSWORD, mailbox: config.SENT_COPY_MAILBOX });
      const documents = new S3DocumentStore({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
        bucket: config.DOCUMENTS_BUCKET,
      });
      onShutdown(() => documents.close(), 'after-kafka');
      const intents = new PgSendIntents(pool);
      const limits = new PgSendLimits(pool, { scope: config.LIMITS_SCOPE, perMinute: config.EMAILS_PER_MINUTE, perHour: config.EMAILS_PER_HOUR, maxWaitMs: config.MAX_RATE_WAIT_MS });
      const topics = { emailEvents: config.EMAIL_EVENTS_TOPIC, recordOutcomes: config.RECORD_OUTCOMES_TOPIC };

      const handler = sendEmailHandler({
        settings: {
          fromAddress: config.MAIL_FROM_ADDRESS,
          messageIdDomain: config.MESSAGE_ID_DOMAIN ?? domainOf(config.MAIL_FROM_ADDRESS),
          bounceAddress: config.BOUNCE_ADDRESS,
          sentCopyAddress: config.SENT_COPY_ADDRESS,
          defaultLanguage: config.DEFAULT_LANGUAGE,
          smtpRetries: config.SMTP_RETRIES,
          smtpRetryBackoffMs: config.SMTP_RETRY_BACKOFF_MS,
          settleMs: config.SENT_COPY_SETTLE_MS,
          maxRateWaitMs: config.MAX_RATE_WAIT_MS,
        },
        topics,
        templates,
        intents,
        limits,
        smtp,
        sentCopies,
        documents,
        now,
        sleep: (ms) => sleep(ms),
        metrics,
        ...(options.afterAccepted ? { afterAccepted: options.afterAccepted } : {}),
      });

      if (config.BOUNCE_POLL_MS > 0) {
        const watcher = new BounceWatcher({
          mailbox: new ImapMailbox({ ...imap, user: config.BOUNCE_IMAP_USER ?? config.BOUNCE_ADDRESS, password: config.BOUNCE_IMAP_PASSWORD, mailbox: config.BOUNCE_MAILBOX }),
          pool,
          handle: bounceMessageHandler({ topics, intents, now }),
          publish: (messages) => kafka.send(messages),
          logger: logger.child({ component: 'bounce-watcher' }),
          intervalMs: config.BOUNCE_POLL_MS,
          count: (outcome, kind) => {
            mailboxMessages.inc({ outcome });
            if (outcome === 'bounced') bounces.inc({ kind, source: 'dsn' });
          },
        });
        watcher.start();
        onShutdown(() => watcher.stop(), 'before-kafka');
      }

      const consumer = kafka.consumer<SendEmail, never>({
        groupId: config.MAILER_GROUP_ID,
        topics: [config.EMAIL_COMMANDS_TOPIC],
        readers: [SendEmailSchema],
        // Each command's events leave (and its offset is committed) before the next email is sent.
        delivery: 'at-least-once',
        chunkSize: 1,
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        handler,
      });
      await consumer.start();
    },
  };
}
