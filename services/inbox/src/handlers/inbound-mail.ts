// One inbound email: parse, judge attachments, look up what it may answer, match, store documents by content
// hash, publish FolioReceived (one per matched request with a document) and InboundEmailReceived, then remember
// the Message-ID. Publishing comes before remembering: a crash in between publishes the same outputs again
// when the message is read again (at-least-once; records ignores a FolioReceived for the document it holds,
// InboundEmailReceived is keyed by Message-ID). A Message-ID already remembered is only moved to its folder.
import { FolioReceivedSchema, InboundEmailReceivedSchema, type Attachment, type FolioReceived, type InboundEmailReceived } from '@folio/contracts';
import { InfraError } from '@folio/errors';
import type { Logger } from '@folio/logger';
import type { OutboundMessage } from '@folio/runtime';
import { judgeAttachment, lookupKeys, matchMail, plusPart, type InboundMail, type MatchResult, type OpenRequest } from '../domain/matching/index.js';
import type { FetchedMessage } from '../adapters/imap-watcher.js';
import type { InboxStore } from '../adapters/inbox-store.js';
import { parseMail } from '../adapters/mail-parser.js';
import { extensionOf, type ContentStore } from '../adapters/object-store.js';

export interface InboundMetrics {
  received(outcome: 'matched' | 'review' | 'duplicate'): void;
  matched(method: string): void;
  unmatched(reason: string): void;
  attachmentStored(contentType: string, written: boolean): void;
  attachmentIgnored(reason: string): void;
}

export interface InboundMailDeps {
  readonly store: InboxStore;
  readonly content: ContentStore;
  readonly publish: (messages: readonly OutboundMessage[]) => Promise<void>;
  readonly metrics: InboundMetrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly settings: {
    readonly inboxAddress: string;
    readonly maxAttachmentBytes: number;
    readonly processedFolder: string;
    readonly reviewFolder: string;
    readonly documentsPrefix: string;
    readonly rawPrefix: string;
    readonly maxCandidates: number;
    readonly topics: { readonly inbound: string; readonly extractions: string };
  };
}

export interface InboundOutcome {
  readonly folder: string;
  readonly outcome: 'matched' | 'review' | 'duplicate';
  readonly messageId: string;
  readonly result?: MatchResult;
}

/**
 * Marks a failure of the database, object store or broker as retriable: the message stays in the inbox for
 * the next pass however long the outage lasts. Anything else (a message that cannot be parsed or matched) is
 * not, and after MESSAGE_MAX_ATTEMPTS passes the watcher moves that message to review.
 */
async function io<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InfraError) throw error;
    throw new InfraError('INBOX_IO_FAILED', `${step} failed`, { cause: error, retriable: true });
  }
}

export function inboundMailHandler(deps: InboundMailDeps): (message: FetchedMessage) => Promise<InboundOutcome> {
  const { settings, metrics, logger } = deps;
  const store: InboxStore = {
    recordSent: (e) => io('remembering a sent email', () => deps.store.recordSent(e)),
    sentEmails: (t, m) => io('reading sent emails', () => deps.store.sentEmails(t, m)),
    handledFolder: (m) => io('reading handled messages', () => deps.store.handledFolder(m)),
    saveHandled: (m) => io('remembering the message', () => deps.store.saveHandled(m)),
    tenants: (r, p) => io('reading tenants', () => deps.store.tenants(r, p)),
    candidates: (f) => io('reading pending requests', () => deps.store.candidates(f)),
    hotelDomains: (h) => io('reading hotel domains', () => deps.store.hotelDomains(h)),
  };
  const content: ContentStore = { put: (...args) => io('storing an object', () => deps.content.put(...args)) };
  const publish = (messages: readonly OutboundMessage[]) => io('publishing to Kafka', () => deps.publish(messages));

  return async ({ source, receivedAt, uid }) => {
    const parsed = await parseMail(source);
    const messageId = parsed.mail.messageId;
    const log = logger.child({ messageId, uid });
    const already = await store.handledFolder(messageId);
    if (already) {
      metrics.received('duplicate');
      log.info({ folder: already }, 'message already handled; moved without publishing again');
      return { folder: already, outcome: 'duplicate', messageId };
    }

    // Attachments: keep the documents, say why the rest is ignored.
    const kept: { bytes: Buffer; filename: string; contentType: string }[] = [];
    const ignored: { filename: string; contentType: string; sizeBytes: number; reason: string }[] = [];
    for (const a of parsed.attachments) {
      const verdict = judgeAttachment({ filename: a.filename, contentType: a.contentType, sizeBytes: a.content.length, inlineWithContentId: a.inlineWithContentId, head: a.content.subarray(0, 8) }, settings.maxAttachmentBytes);
      if (verdict.keep) kept.push({ bytes: a.content, filename: a.filename, contentType: verdict.contentType });
      else {
        ignored.push({ filename: a.filename, contentType: a.contentType, sizeBytes: a.content.length, reason: verdict.reason });
        metrics.attachmentIgnored(verdict.reason);
      }
    }
    const mail: InboundMail = { ...parsed.mail, attachments: kept.map((k, index) => ({ index, filename: k.filename, contentType: k.contentType, sizeBytes: k.bytes.length })) };

    // What the email may answer: tenants by address, sent emails by token / Message-ID, requests.
    const keys = lookupKeys(mail);
    const tenantIds = await store.tenants(mail.recipients, keys.plusParts);
    // A plus part that is a tenant id scopes the tenant; it is no reply token.
    const tokens = keys.tokens.filter((t) => !tenantIds.includes(t));
    const sentEmails = await store.sentEmails(tokens, keys.messageIds);
    const rows = await store.candidates({
      tenantIds: tenantIds.length > 0 ? tenantIds : null,
      recordIds: [...new Set(sentEmails.flatMap((s) => s.recordIds))],
      referencePrefixes: keys.referencePrefixes,
      limit: settings.maxCandidates,
    });
    const requests: OpenRequest[] = rows;
    const hotelDomains = await store.hotelDomains([...new Set(rows.map((r) => r.hotelPhone))]);
    for (const row of rows) {
      if (row.hotelEmail?.includes('@')) {
        const domain = row.hotelEmail.slice(row.hotelEmail.lastIndexOf('@') + 1).toLowerCase();
        if (!hotelDomains.has(row.hotelPhone)) hotelDomains.set(row.hotelPhone, new Set());
        hotelDomains.get(row.hotelPhone)!.add(domain);
      }
    }
    const result = matchMail({ mail, sentEmails, requests, hotelDomains });

    // Documents and the raw message, by content hash.
    const stored: Attachment[] = [];
    for (const k of kept) {
      const object = await content.put(settings.documentsPrefix, extensionOf(k.contentType), k.bytes, k.contentType);
      metrics.attachmentStored(k.contentType, object.written);
      stored.push({ filename: k.filename, contentType: k.contentType, sizeBytes: k.bytes.length, storageKey: object.storageKey, sha256: object.sha256 });
    }
    const raw = await content.put(settings.rawPrefix, 'eml', source, 'message/rfc822');

    const at = new Date(deps.now());
    const toAddress = mail.recipients.find((r) => plusPart(r) !== null) ?? mail.recipients.find((r) => r === settings.inboxAddress.toLowerCase()) ?? mail.recipients[0] ?? settings.inboxAddress;
    const out: OutboundMessage[] = [];
    for (const match of result.matches) {
      const documents = match.attachments.map((i) => stored[i]!);
      const primary = documents.find((d) => d.contentType === 'application/pdf') ?? documents[0];
      if (!primary) continue;
      const value: FolioReceived = { recordId: match.recordId, tenantId: match.tenantId, messageId, matchMethod: match.method, attachment: primary, occurredAt: receivedAt };
      out.push({ topic: settings.topics.extractions, key: match.recordId, schema: FolioReceivedSchema, value });
    }
    const inbound: InboundEmailReceived = {
      messageId,
      inReplyTo: mail.inReplyTo,
      fromAddress: mail.from,
      toAddress,
      subject: mail.subject,
      receivedAt,
      matchMethod: result.method,
      matchedRecordIds: result.matches.map((m) => m.recordId),
      attachments: stored,
      rawKey: raw.storageKey,
      occurredAt: at,
    };
    out.push({ topic: settings.topics.inbound, key: messageId, schema: InboundEmailReceivedSchema, value: inbound });
    await publish(out);

    const folder = result.review ? settings.reviewFolder : settings.processedFolder;
    const tenantId = result.matches[0]?.tenantId ?? (tenantIds.length === 1 ? tenantIds[0]! : null);
    await store.saveHandled({
      messageId,
      tenantId,
      fromAddress: mail.from,
      toAddress,
      subject: mail.subject,
      receivedAt,
      matchMethod: result.method,
      matchedRecordIds: inbound.matchedRecordIds,
      reviewReason: result.review,
      suggestions: result.suggestions,
      attachments: stored,
      ignored,
      rawKey: raw.storageKey,
      folder,
      processedAt: at,
    });

    for (const m of result.matches) metrics.matched(m.method);
    if (result.matches.length === 0) metrics.unmatched(result.review ?? 'NO_MATCH');
    const outcome = result.review ? 'review' : 'matched';
    metrics.received(outcome);
    log.info(
      { outcome, method: result.method, matched: result.matches.length, confidences: result.matches.map((m) => m.confidence), review: result.review, documents: stored.length, ignored: ignored.length, folder },
      'inbound email handled',
    );
    return { folder, outcome, messageId, result };
  };
}
