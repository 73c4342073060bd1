// The mailer's own settings, on top of the shared service and Kafka environment. Locally: GreenMail on
// 127.0.0.1 (SMTP 13025, IMAP 13143, no TLS, any login) and S3Mock; see docs/email.md for production values.
import { booleanFromString, z } from '@folio/config';
import { objectStoreEnv } from '@folio/object-store';

const port = z.coerce.number().int().min(1).max(65535);
const address = z.string().regex(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/, 'must be an email address (local@domain)');

export const mailerEnv = {
  /** PostgreSQL holding send intents and the global send limits (tables mailer_emails, mailer_send_grants). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Consumer group of the mailer replicas. */
  MAILER_GROUP_ID: z.string().min(1).default('folio.mailer'),
  EMAIL_COMMANDS_TOPIC: z.string().min(1).default('folio.email-commands.v1'),
  EMAIL_EVENTS_TOPIC: z.string().min(1).default('folio.email-events.v1'),
  RECORD_OUTCOMES_TOPIC: z.string().min(1).default('folio.record-outcomes.v1'),
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),

  /** SMTP server (submission). SMTP_TLS: 'off' plain, 'starttls' upgrade (required), 'on' implicit TLS (465). */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(13025),
  SMTP_TLS: z.enum(['off', 'starttls', 'on']).default('off'),
  /** SMTP login; no authentication when unset (a secret in production). */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Reject a server certificate that does not verify (turn off only for a test server with a self-signed one). */
  SMTP_TLS_REJECT_UNAUTHORIZED: booleanFromString.default(true),

  /** The From address (the sender name comes from each command). */
  MAIL_FROM_ADDRESS: address.default('folios@folio.test'),
  /** Domain of the Message-IDs the mailer writes (<emailId@domain>); default: the From address's domain. */
  MESSAGE_ID_DOMAIN: z.string().min(1).optional(),
  /** Envelope sender (Return-Path): where mail servers send delivery status notifications; the bounce watcher reads it. */
  BOUNCE_ADDRESS: address.default('bounces@folio.test'),
  /** A copy of every email goes to this address in the same SMTP transaction; a redelivery looks for it there (ADR 0020). */
  SENT_COPY_ADDRESS: address.default('sent@folio.test'),

  /** IMAP server holding the sent-copy and bounce mailboxes. IMAP_TLS as SMTP_TLS. */
  IMAP_HOST: z.string().min(1).default('127.0.0.1'),
  IMAP_PORT: port.default(13143),
  IMAP_TLS: z.enum(['off', 'starttls', 'on']).default('off'),
  IMAP_TLS_REJECT_UNAUTHORIZED: booleanFromString.default(true),
  /** Login of the sent-copy mailbox (default: SENT_COPY_ADDRESS) and its password (a secret). */
  SENT_COPY_IMAP_USER: z.string().min(1).optional(),
  SENT_COPY_IMAP_PASSWORD: z.string().min(1).default('folio-local'),
  SENT_COPY_MAILBOX: z.string().min(1).default('INBOX'),
  /** Login of the bounce mailbox (default: BOUNCE_ADDRESS) and its password (a secret). */
  BOUNCE_IMAP_USER: z.string().min(1).optional(),
  BOUNCE_IMAP_PASSWORD: z.string().min(1).default('folio-local'),
  BOUNCE_MAILBOX: z.string().min(1).default('INBOX'),
  /** Read the bounce mailbox every this many ms; 0 turns the bounce watcher off. */
  BOUNCE_POLL_MS: z.coerce.number().int().min(0).default(30_000),

  /** Object store holding folio documents attached to deliveries. */
  ...objectStoreEnv,
  /** Bucket of Attachment.storageKey when the key is not an s3://bucket/key URL. */
  DOCUMENTS_BUCKET: z.string().min(3).default('folio-documents'),

  /** Global send limits, across every replica (docs/adr/0021-mailer-rate-limits-and-smtp-failures.md). */
  EMAILS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  EMAILS_PER_HOUR: z.coerce.number().int().min(1).default(1_000),
  /** Longest a send waits in the handler for its slot; a longer wait hands the command back to be read again. */
  MAX_RATE_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(5_000),
  /** Name of the set of limits this deployment shares (several installations may share one database and SMTP account). */
  LIMITS_SCOPE: z.string().min(1).default('default'),
  /** Retries of a transient SMTP failure (4xx reply, connection) and the first backoff, doubled each time. */
  SMTP_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  SMTP_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(1_000),
  /** A send whose outcome is unknown (crash after SMTP) is re-sent only when its copy is still missing after this long. */
  SENT_COPY_SETTLE_MS: z.coerce.number().int().min(0).default(60_000),

  /** Template language when neither the command nor the hotel's country says. */
  DEFAULT_LANGUAGE: z.enum(['en', 'de', 'fr', 'es']).default('en'),
  /** Folder of the *.tmpl files; default: the templates shipped with the service. */
  TEMPLATES_DIR: z.string().min(1).optional(),
};
