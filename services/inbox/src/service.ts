// The inbox service: an at-least-once consumer of EmailSent (request emails to match replies against) and an
// IMAP watcher (one replica at a time) turning each inbound email into InboundEmailReceived and FolioReceived.
// `now` and `onReady` are injectable for tests.
import { EmailBouncedSchema, EmailRequestedSchema, EmailSentSchema } from '@folio/contracts';
import { createPool } from '@folio/db';
import { counter, gauge } from '@folio/metrics';
import type { ServiceDefinition } from '@folio/runtime';
import { inboxEnv } from './config.js';
import { ImapWatcher } from './adapters/imap-watcher.js';
import { PgInboxStore } from './adapters/inbox-store.js';
import { MailboxLease } from './adapters/mailbox-lease.js';
import { S3ContentStore } from './adapters/object-store.js';
import { emailSentHandler } from './handlers/email-sent.js';
import { inboundMailHandler, type InboundOutcome } from './handlers/inbound-mail.js';

export interface InboxOptions {
  readonly now?: () => number;
  /** Called after each handled message (tests observe outcomes). */
  readonly onHandled?: (outcome: InboundOutcome) => void;
  /** Called each time the inbox was opened and drained. */
  readonly onReady?: () => void;
}

export function inboxService(options: InboxOptions = {}): ServiceDefinition<typeof inboxEnv> {
  return {
    name: 'inbox',
    produces: ['folio.inbound.v1', 'folio.extractions.v1', 'folio.dlq.v1'],
    env: inboxEnv,
    async start({ config, kafka, registry, logger, http, onShutdown, name }) {
      const now = options.now ?? Date.now;
      const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: name });
      onShutdown(() => pool.end(), 'after-kafka');
      const store = new PgInboxStore(pool);
      const content = new S3ContentStore({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
        bucket: config.DOCUMENTS_BUCKET,
      });
      onShutdown(() => content.close(), 'after-kafka');
      // A fresh local object store has no bucket yet; an unreachable one is retried with each message.
      await content.ensureBucket().then(
        (created) => created && logger.info({ bucket: config.DOCUMENTS_BUCKET }, 'object store bucket created'),
        (error: unknown) => logger.warn({ err: error, bucket: config.DOCUMENTS_BUCKET }, 'cannot check the documents bucket'),
      );

      const received = counter(registry, 'folio_inbox_emails_received_total', 'Inbound emails handled, by outcome (matched, review, duplicate: a Message-ID already handled).', ['outcome']);
      const matched = counter(registry, 'folio_inbox_matches_total', 'Requests an inbound email was matched to, by method.', ['method']);
      const unmatched = counter(registry, 'folio_inbox_unmatched_total', 'Inbound emails matched to no request, by review reason (NO_MATCH, LOW_CONFIDENCE, AMBIGUOUS).', ['reason']);
      const stored = counter(registry, 'folio_inbox_attachments_stored_total', 'Documents stored in the object store, by type and whether the bytes were new (written) or already there.', ['content_type', 'written']);
      const ignored = counter(registry, 'folio_inbox_attachments_ignored_total', 'Attachments not kept, by reason (UNSUPPORTED_TYPE, TOO_LARGE, EMPTY, INLINE_IMAGE).', ['reason']);
      const reconnects = counter(registry, 'folio_inbox_imap_reconnects_total', 'Attempts to reopen the IMAP session after a dropped or refused connection.');
      const failures = counter(registry, 'folio_inbox_failures_total', 'Failures: connect (IMAP), message (a message left in the inbox for the next pass), poison (moved to review unhandled).', ['stage']);
      const connected = gauge(registry, 'folio_inbox_imap_connected', 'Whether this replica holds the inbox open (1) or not (0).');

      const handle = inboundMailHandler({
        store,
        content,
        publish: (messages) => kafka.send(messages),
        logger: logger.child({ component: 'inbound' }),
        now,
        metrics: {
          received: (outcome) => received.inc({ outcome }),
          matched: (method) => matched.inc({ method }),
          unmatched: (reason) => unmatched.inc({ reason }),
          attachmentStored: (contentType, written) => stored.inc({ content_type: contentType, written: String(written) }),
          attachmentIgnored: (reason) => ignored.inc({ reason }),
        },
        settings: {
          inboxAddress: config.INBOX_ADDRESS,
          maxAttachmentBytes: config.MAX_ATTACHMENT_BYTES,
          processedFolder: config.PROCESSED_FOLDER,
          reviewFolder: config.REVIEW_FOLDER,
          documentsPrefix: config.DOCUMENTS_PREFIX,
          rawPrefix: config.RAW_PREFIX,
          maxCandidates: config.MAX_CANDIDATES,
          topics: { inbound: config.INBOUND_TOPIC, extractions: config.EXTRACTIONS_TOPIC },
        },
      });

      // Request emails first: a reply may only be matched by token or In-Reply-To once its EmailSent is known.
      const consumer = kafka.consumer<unknown, never>({
        groupId: config.INBOX_GROUP_ID,
        topics: [config.EMAIL_EVENTS_TOPIC],
        readers: [EmailSentSchema, EmailRequestedSchema, EmailBouncedSchema],
        delivery: 'at-least-once',
        deadLetterTopic: config.DEAD_LETTER_TOPIC,
        fromBeginning: true,
        handler: emailSentHandler(store),
      });
      await consumer.start();

      const user = config.IMAP_USER ?? config.INBOX_ADDRESS;
      let watcher: ImapWatcher | undefined;
      const lease = new MailboxLease(
        pool,
        `folio.inbox:${user}@${config.IMAP_HOST}:${config.IMAP_PORT}/${config.IMAP_MAILBOX}`,
        () => {
          watcher = new ImapWatcher({
            settings: {
              host: config.IMAP_HOST,
              port: config.IMAP_PORT,
              tls: config.IMAP_TLS,
              rejectUnauthorized: config.IMAP_TLS_REJECT_UNAUTHORIZED,
              user,
              password: config.IMAP_PASSWORD,
              mailbox: config.IMAP_MAILBOX,
              processedFolder: config.PROCESSED_FOLDER,
              reviewFolder: config.REVIEW_FOLDER,
            },
            handle: async (message) => {
              const outcome = await handle(message);
              options.onHandled?.(outcome);
              return outcome;
            },
            logger: logger.child({ component: 'imap' }),
            reconnectMinMs: config.IMAP_RECONNECT_MIN_MS,
            reconnectMaxMs: config.IMAP_RECONNECT_MAX_MS,
            connectTimeoutMs: config.IMAP_CONNECT_TIMEOUT_MS,
            pollMs: config.IMAP_POLL_MS,
            maxAttempts: config.MESSAGE_MAX_ATTEMPTS,
            onReconnect: () => reconnects.inc(),
            onFailure: (stage) => failures.inc({ stage }),
            onReady: () => options.onReady?.(),
          });
          return watcher;
        },
        logger.child({ component: 'lease' }),
        config.LEADER_RETRY_MS,
      );
      const connectedTimer = setInterval(() => connected.set(watcher?.isConnected() && lease.isHeld() ? 1 : 0), 1_000);
      connectedTimer.unref();
      lease.start();
      onShutdown(async () => {
        clearInterval(connectedTimer);
        await lease.stop();
      }, 'before-kafka');
    },
  };
}
