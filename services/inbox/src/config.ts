// The inbox's own settings, on top of the shared service and Kafka environment. Locally: GreenMail IMAP on
// 127.0.0.1:13143 (no TLS; any password, the mailbox is made on first login) and S3Mock; see docs/inbox.md.
import { booleanFromString, z } from '@folio/config';
import { objectStoreEnv } from '@folio/object-store';

const port = z.coerce.number().int().min(1).max(65535);
const address = z.string().regex(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/, 'must be an email address (local@domain)');

export const inboxEnv = {
  /** PostgreSQL: the read models (records, hotels, tenants) and the inbox's tables (inbox_sent_emails, inbox_messages). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Consumer group reading EmailSent. */
  INBOX_GROUP_ID: z.string().min(1).default('folio.inbox'),
  EMAIL_EVENTS_TOPIC: z.string().min(1).default('folio.email-events.v1'),
  INBOUND_TOPIC: z.string().min(1).default('folio.inbound.v1'),
  EXTRACTIONS_TOPIC: z.string().min(1).default('folio.extractions.v1'),
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),

  /**
   * The Folio inbox: its address (hotels write to it, plus-addressed or not) and its IMAP login. The default is
   * the mailbox of records' default TENANT_INBOX_ADDRESS (folios+{tenantId}@folio.localhost), so `make dev` reads
   * what hotels send there.
   */
  INBOX_ADDRESS: address.default('folios@folio.localhost'),
  IMAP_HOST: z.string().min(1).default('127.0.0.1'),
  IMAP_PORT: port.default(13143),
  /** 'off' plain, 'starttls' upgrade (required), 'on' implicit TLS (993). */
  IMAP_TLS: z.enum(['off', 'starttls', 'on']).default('off'),
  IMAP_TLS_REJECT_UNAUTHORIZED: booleanFromString.default(true),
  /** Login of the inbox (default: INBOX_ADDRESS) and its password (a secret). */
  IMAP_USER: z.string().min(1).optional(),
  IMAP_PASSWORD: z.string().min(1).default('folio-local'),
  /** The folder watched, and where handled mail is moved (created when missing). */
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  PROCESSED_FOLDER: z.string().min(1).default('Processed'),
  REVIEW_FOLDER: z.string().min(1).default('Review'),
  /** Reconnect backoff after a dropped or refused IMAP connection: first delay, doubled up to the maximum. */
  IMAP_RECONNECT_MIN_MS: z.coerce.number().int().min(10).default(1_000),
  IMAP_RECONNECT_MAX_MS: z.coerce.number().int().min(10).default(60_000),
  /** Longest wait for connecting, logging in and opening the inbox; a stalled attempt is abandoned and retried. */
  IMAP_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Look at the inbox this often even without an IDLE notification. */
  IMAP_POLL_MS: z.coerce.number().int().min(100).default(60_000),
  /** A message failing this many passes in a row is moved to the review folder unhandled (and logged). */
  MESSAGE_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  /** Only one replica reads the inbox at a time (PostgreSQL advisory lock); the others try again this often. */
  LEADER_RETRY_MS: z.coerce.number().int().min(100).default(10_000),

  /** Attachments larger than this are ignored (TOO_LARGE). */
  MAX_ATTACHMENT_BYTES: z.coerce.number().int().min(1).default(25 * 1024 * 1024),
  /** At most this many pending requests are matched against by content (newest first). */
  MAX_CANDIDATES: z.coerce.number().int().min(1).default(5_000),

  /** Object store of documents (Attachment.storageKey is a key in DOCUMENTS_BUCKET) and raw messages. */
  ...objectStoreEnv,
  DOCUMENTS_BUCKET: z.string().min(3).default('folio-documents'),
  DOCUMENTS_PREFIX: z.string().min(1).default('folios/sha256'),
  RAW_PREFIX: z.string().min(1).default('inbox/raw'),
};
