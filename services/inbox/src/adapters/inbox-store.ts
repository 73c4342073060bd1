// The inbox's PostgreSQL: request emails the mailer sent (to match replies), every message handled (so one is
// never published twice), and the reads of the projector's read model the matcher needs.
import type { Pool } from '@folio/db';
import { hotelEmailDomains, inboxCandidates, inboxTenants, type InboxCandidateRow } from '@folio/read-models';
import type { Attachment, EmailSent } from '@folio/contracts';
import type { SentEmail, Suggestion } from '../domain/matching/index.js';

export interface HandledMessage {
  readonly messageId: string;
  readonly tenantId: string | null;
  readonly fromAddress: string;
  readonly toAddress: string;
  readonly subject: string;
  readonly receivedAt: Date;
  readonly matchMethod: string;
  readonly matchedRecordIds: readonly string[];
  readonly reviewReason: string | null;
  readonly suggestions: readonly Suggestion[];
  readonly attachments: readonly Attachment[];
  readonly ignored: readonly { filename: string; contentType: string; sizeBytes: number; reason: string }[];
  readonly rawKey: string | null;
  readonly folder: string;
  readonly processedAt: Date;
}

export interface InboxStore {
  recordSent(email: EmailSent): Promise<void>;
  sentEmails(tokens: readonly string[], messageIds: readonly string[]): Promise<SentEmail[]>;
  /** The folder a message already handled went to, or null. */
  handledFolder(messageId: string): Promise<string | null>;
  saveHandled(message: HandledMessage): Promise<void>;
  tenants(recipients: readonly string[], plusParts: readonly string[]): Promise<string[]>;
  candidates(filter: { tenantIds: readonly string[] | null; recordIds: readonly string[]; referencePrefixes: readonly string[]; limit: number }): Promise<InboxCandidateRow[]>;
  hotelDomains(hotelPhones: readonly string[]): Promise<Map<string, Set<string>>>;
}

export class PgInboxStore implements InboxStore {
  constructor(private readonly pool: Pool) {}

  async recordSent(email: EmailSent): Promise<void> {
    await this.pool.query(
      `INSERT INTO inbox_sent_emails (message_id, email_id, reply_token, record_ids, hotel_phone, to_address, sent_at)
       VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
      [email.messageId, email.emailId, email.replyToken, email.recordIds, email.hotelPhone, email.toAddress, email.occurredAt],
    );
  }

  async sentEmails(tokens: readonly string[], messageIds: readonly string[]): Promise<SentEmail[]> {
    if (tokens.length === 0 && messageIds.length === 0) return [];
    const { rows } = await this.pool.query<SentEmail>(
      `SELECT message_id AS "messageId", reply_token AS "replyToken", record_ids::text[] AS "recordIds",
              to_address AS "toAddress", hotel_phone AS "hotelPhone"
         FROM inbox_sent_emails WHERE reply_token = ANY($1::text[]) OR message_id = ANY($2::text[])`,
      [tokens, messageIds],
    );
    return rows;
  }

  async handledFolder(messageId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ folder: string }>('SELECT folder FROM inbox_messages WHERE message_id = $1', [messageId]);
    return rows[0]?.folder ?? null;
  }

  async saveHandled(m: HandledMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO inbox_messages (message_id, tenant_id, from_address, to_address, subject, received_at, match_method,
         matched_record_ids, review_reason, suggestions, attachments, ignored, raw_key, folder, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (message_id) DO NOTHING`,
      [
        m.messageId, m.tenantId, m.fromAddress, m.toAddress, m.subject, m.receivedAt, m.matchMethod, m.matchedRecordIds, m.reviewReason,
        JSON.stringify(m.suggestions), JSON.stringify(m.attachments), JSON.stringify(m.ignored), m.rawKey, m.folder, m.processedAt,
      ],
    );
  }

  tenants(recipients: readonly string[], plusParts: readonly string[]): Promise<string[]> {
    return inboxTenants(this.pool, recipients, plusParts);
  }

  candidates(filter: { tenantIds: readonly string[] | null; recordIds: readonly string[]; referencePrefixes: readonly string[]; limit: number }): Promise<InboxCandidateRow[]> {
    return inboxCandidates(this.pool, filter);
  }

  hotelDomains(hotelPhones: readonly string[]): Promise<Map<string, Set<string>>> {
    return hotelEmailDomains(this.pool, hotelPhones);
  }
}
