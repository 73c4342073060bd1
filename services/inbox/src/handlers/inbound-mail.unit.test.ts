import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { EmailSent } from '@folio/contracts';
import { createLogger } from '@folio/logger';
import type { InboxCandidateRow } from '@folio/read-models';
import type { OutboundMessage } from '@folio/runtime';
import type { HandledMessage, InboxStore } from '../adapters/inbox-store.js';
import type { ContentStore, StoredObject } from '../adapters/object-store.js';
import type { SentEmail } from '../domain/matching/index.js';
import { inboundMailHandler, type InboundMailDeps } from './inbound-mail.js';

const ADA: InboxCandidateRow = { recordId: '0a1b2c3d-4e5f-4a6b-8c7d-000000000001', tenantId: 't1', status: 'emailed', guestFirstName: 'Ada', guestLastName: 'Lovelace', confirmationNumber: 'HX458812', hotelPhone: '+15015550100', hotelEmail: 'desk@grand.example' };
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

class MemoryStore implements InboxStore {
  readonly handled = new Map<string, HandledMessage>();
  readonly sent: SentEmail[] = [];
  failSave = false;
  async recordSent(email: EmailSent) {
    this.sent.push(email);
  }
  async sentEmails(tokens: readonly string[], ids: readonly string[]) {
    return this.sent.filter((s) => tokens.includes(s.replyToken) || ids.includes(s.messageId));
  }
  async handledFolder(id: string) {
    return this.handled.get(id)?.folder ?? null;
  }
  async saveHandled(m: HandledMessage) {
    if (this.failSave) throw new Error('database down');
    if (!this.handled.has(m.messageId)) this.handled.set(m.messageId, m);
  }
  async tenants(_recipients: readonly string[], plusParts: readonly string[]) {
    return plusParts.filter((p) => p === 't1');
  }
  async candidates() {
    return [ADA];
  }
  async hotelDomains() {
    return new Map<string, Set<string>>();
  }
}

class MemoryContent implements ContentStore {
  readonly objects = new Map<string, Buffer>();
  async put(prefix: string, extension: string, bytes: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storageKey = `${prefix}/${sha256}.${extension}`;
    const written = !this.objects.has(storageKey);
    this.objects.set(storageKey, bytes);
    return { storageKey, sha256, written };
  }
}

function raw(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

function setup() {
  const store = new MemoryStore();
  const content = new MemoryContent();
  const published: OutboundMessage[] = [];
  const counts: string[] = [];
  const deps: InboundMailDeps = {
    store,
    content,
    publish: async (messages) => void published.push(...messages),
    logger: createLogger({ service: 'test', level: 'silent' }),
    now: () => Date.parse('2026-11-25T10:00:00Z'),
    metrics: {
      received: (o) => void counts.push(`received:${o}`),
      matched: (m) => void counts.push(`matched:${m}`),
      unmatched: (r) => void counts.push(`unmatched:${r}`),
      attachmentStored: (t) => void counts.push(`stored:${t}`),
      attachmentIgnored: (r) => void counts.push(`ignored:${r}`),
    },
    settings: {
      inboxAddress: 'folios@folio.test',
      maxAttachmentBytes: 1_000,
      processedFolder: 'Processed',
      reviewFolder: 'Review',
      documentsPrefix: 'folios/sha256',
      rawPrefix: 'inbox/raw',
      maxCandidates: 100,
      topics: { inbound: 'inbound', extractions: 'extractions' },
    },
  };
  return { store, content, published, counts, handle: inboundMailHandler(deps) };
}

const receivedAt = new Date('2026-11-25T09:59:00Z');

describe('inbound mail handler', () => {
  it('publishes FolioReceived and InboundEmailReceived, remembers the Message-ID, and sends the message to Processed', async () => {
    const { handle, published, store, content, counts } = setup();
    const source = await raw({
      from: 'desk@grand.example',
      to: 'folios+t1@folio.test',
      subject: 'Folio for Ada Lovelace, confirmation HX-458812',
      text: 'attached',
      messageId: '<m1@grand.example>',
      attachments: [
        { filename: 'folio.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: 'terms.docx', content: Buffer.from('PK\u0003\u0004docx'), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        { filename: 'huge.pdf', content: Buffer.concat([PDF, Buffer.alloc(2_000)]), contentType: 'application/pdf' },
      ],
    });
    const outcome = await handle({ uid: 1, source, receivedAt });
    expect(outcome).toMatchObject({ folder: 'Processed', outcome: 'matched', messageId: '<m1@grand.example>' });
    expect(published.map((m) => [m.topic, m.key])).toEqual([
      ['extractions', ADA.recordId],
      ['inbound', '<m1@grand.example>'],
    ]);
    expect(published[0]!.value).toMatchObject({ recordId: ADA.recordId, tenantId: 't1', matchMethod: 'CONFIRMATION_NUMBER', occurredAt: receivedAt, attachment: { filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes: PDF.length } });
    expect(published[1]!.value).toMatchObject({ toAddress: 'folios+t1@folio.test', matchedRecordIds: [ADA.recordId], matchMethod: 'CONFIRMATION_NUMBER' });
    expect(store.handled.get('<m1@grand.example>')).toMatchObject({ folder: 'Processed', reviewReason: null, tenantId: 't1', ignored: [{ filename: 'terms.docx', reason: 'UNSUPPORTED_TYPE' }, { filename: 'huge.pdf', reason: 'TOO_LARGE' }] });
    expect([...content.objects.keys()].filter((k) => k.startsWith('folios/'))).toHaveLength(1);
    expect(counts).toEqual(expect.arrayContaining(['ignored:UNSUPPORTED_TYPE', 'ignored:TOO_LARGE', 'stored:application/pdf', 'matched:CONFIRMATION_NUMBER', 'received:matched']));
  });

  it('does not take a tenant id in the plus-address for a reply token', async () => {
    const { handle, published, store } = setup();
    // A request email whose reply token is the tenant id (the per-tenant inbox address carried it).
    store.sent.push({ messageId: '<e1@folio.test>', replyToken: 't1', recordIds: [ADA.recordId], toAddress: 'desk@grand.example', hotelPhone: ADA.hotelPhone });
    const source = await raw({ from: 'someone@gmail.com', to: 'folios+t1@folio.test', subject: 'hello', text: 'see attached', messageId: '<m2@x>', attachments: [{ filename: 'a.pdf', content: PDF }] });
    const outcome = await handle({ uid: 2, source, receivedAt });
    expect(outcome).toMatchObject({ folder: 'Review', outcome: 'review' });
    expect(published.map((m) => m.topic)).toEqual(['inbound']);
  });

  it('moves a message already handled without publishing again', async () => {
    const { handle, published } = setup();
    const source = await raw({ from: 'x@offers.example', to: 'folios@folio.test', subject: 'Offers', text: 'nothing', messageId: '<m3@x>' });
    await handle({ uid: 3, source, receivedAt });
    const second = await handle({ uid: 4, source, receivedAt });
    expect(second).toMatchObject({ outcome: 'duplicate', folder: 'Review' });
    expect(published).toHaveLength(1);
  });

  it('publishes again when the Message-ID could not be remembered (at-least-once), and the documents are not stored twice', async () => {
    const { handle, published, store, content } = setup();
    const source = await raw({ from: 'desk@grand.example', to: 'folios@folio.test', subject: 'Ada Lovelace HX458812', text: '', messageId: '<m5@grand.example>', attachments: [{ filename: 'f.pdf', content: PDF }] });
    store.failSave = true;
    // A database failure is retriable: the watcher keeps the message in the inbox, however often it fails.
    await expect(handle({ uid: 5, source, receivedAt })).rejects.toMatchObject({ code: 'INBOX_IO_FAILED', retriable: true, message: 'remembering the message failed' });
    store.failSave = false;
    await handle({ uid: 5, source, receivedAt });
    const folioReceived = published.filter((m) => m.topic === 'extractions');
    expect(folioReceived).toHaveLength(2);
    expect(folioReceived[0]!.value).toEqual(folioReceived[1]!.value);
    expect(content.objects.size).toBe(2); // the document and the raw message, once each
  });

  it('files an automatic answer without a document under Processed, reported but not for review', async () => {
    const { handle, published } = setup();
    const source = await raw({ from: 'desk@grand.example', to: 'folios@folio.test', subject: 'Out of office: Ada Lovelace HX458812', text: 'Back on Monday.', messageId: '<ooo@grand.example>', headers: { 'Auto-Submitted': 'auto-replied' } });
    await expect(handle({ uid: 9, source, receivedAt })).resolves.toMatchObject({ folder: 'Processed', outcome: 'matched' });
    expect(published.map((m) => m.topic)).toEqual(['inbound']);
  });

  it('gives a message without Message-ID a stable one from its bytes', async () => {
    const { handle } = setup();
    const source = Buffer.from('From: a@b.example\r\nTo: folios@folio.test\r\nSubject: no id\r\n\r\nbody\r\n');
    const first = await handle({ uid: 6, source, receivedAt });
    const again = await handle({ uid: 7, source, receivedAt });
    expect(first.messageId).toMatch(/^<sha256-[0-9a-f]{40}@inbox\.folio\.invalid>$/);
    expect(again).toMatchObject({ messageId: first.messageId, outcome: 'duplicate' });
  });
});
