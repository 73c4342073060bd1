// Send intents in PostgreSQL (table mailer_emails): read by emailId or Message-ID, and moved through
// sending -> sent | failed | bounced. Every write is one statement, so a crash leaves a row in one state.
import type { BounceKind, EmailPurpose } from '@folio/contracts';
import type { Pool } from '@folio/db';
import { InfraError } from '@folio/errors';
import type { SendIntent } from '../domain/email/intent.js';

export interface NewIntent {
  readonly emailId: string;
  readonly messageId: string;
  readonly purpose: EmailPurpose;
  readonly batchId: string | null;
  readonly hotelPhone: string;
  readonly recordIds: readonly string[];
  readonly toAddress: string;
  readonly replyToken: string;
}

export interface SendIntents {
  byEmailId(emailId: string): Promise<SendIntent | null>;
  byMessageId(messageId: string): Promise<SendIntent | null>;
  /** Records that a send begins now (creating the row or moving a failed/sending one back to sending). */
  beginSend(intent: NewIntent, now: number): Promise<SendIntent>;
  markSent(emailId: string, sentAt: number): Promise<SendIntent>;
  markFailed(emailId: string, diagnostic: string, now: number): Promise<void>;
  /** Sets bounced unless it already is; returns the intent as it is afterwards. */
  markBounced(emailId: string, kind: BounceKind, diagnostic: string | null, now: number): Promise<SendIntent>;
}

interface Row {
  email_id: string;
  message_id: string;
  status: SendIntent['status'];
  purpose: EmailPurpose;
  batch_id: string | null;
  hotel_phone: string;
  record_ids: string[];
  to_address: string;
  reply_token: string;
  diagnostic: string | null;
  bounce_kind: BounceKind | null;
  sent_at: Date | null;
  bounced_at: Date | null;
  updated_at: Date;
}

function toIntent(row: Row): SendIntent {
  const core = {
    emailId: row.email_id,
    messageId: row.message_id,
    purpose: row.purpose,
    batchId: row.batch_id,
    hotelPhone: row.hotel_phone,
    recordIds: row.record_ids,
    toAddress: row.to_address,
    replyToken: row.reply_token,
    updatedAt: row.updated_at.getTime(),
  };
  switch (row.status) {
    case 'sending':
      return { ...core, status: 'sending' };
    case 'failed':
      return { ...core, status: 'failed', diagnostic: row.diagnostic ?? '' };
    case 'sent':
      return { ...core, status: 'sent', sentAt: (row.sent_at ?? row.updated_at).getTime() };
    case 'bounced':
      return { ...core, status: 'bounced', kind: row.bounce_kind ?? 'UNKNOWN', diagnostic: row.diagnostic, bouncedAt: (row.bounced_at ?? row.updated_at).getTime() };
    default:
      return row.status satisfies never;
  }
}

export class PgSendIntents implements SendIntents {
  constructor(private readonly pool: Pool) {}

  private async one(sql: string, params: unknown[]): Promise<SendIntent | null> {
    try {
      const result = await this.pool.query<Row>(sql, params);
      return result.rows[0] ? toIntent(result.rows[0]) : null;
    } catch (error) {
      throw new InfraError('DATABASE_UNAVAILABLE', 'the send intents could not be read or written', { cause: error, retriable: true });
    }
  }

  byEmailId(emailId: string): Promise<SendIntent | null> {
    return this.one('SELECT * FROM mailer_emails WHERE email_id = $1', [emailId]);
  }

  byMessageId(messageId: string): Promise<SendIntent | null> {
    return this.one('SELECT * FROM mailer_emails WHERE message_id = $1', [messageId]);
  }

  async beginSend(i: NewIntent, now: number): Promise<SendIntent> {
    const row = await this.one(
      `INSERT INTO mailer_emails (email_id, message_id, status, purpose, batch_id, hotel_phone, record_ids, to_address, reply_token, attempts, created_at, updated_at)
       VALUES ($1, $2, 'sending', $3, $4, $5, $6, $7, $8, 1, $9, $9)
       ON CONFLICT (email_id) DO UPDATE SET status = 'sending', attempts = mailer_emails.attempts + 1, updated_at = $9
         WHERE mailer_emails.status IN ('sending', 'failed')
       RETURNING *`,
      [i.emailId, i.messageId, i.purpose, i.batchId, i.hotelPhone, [...i.recordIds], i.toAddress, i.replyToken, new Date(now)],
    );
    // No row back: another delivery finished it meanwhile (sent or bounced); the caller re-reads.
    return row ?? (await this.byEmailId(i.emailId))!;
  }

  async markSent(emailId: string, sentAt: number): Promise<SendIntent> {
    const row = await this.one(
      `UPDATE mailer_emails SET status = 'sent', sent_at = $2, updated_at = $2, diagnostic = NULL WHERE email_id = $1 AND status IN ('sending', 'failed') RETURNING *`,
      [emailId, new Date(sentAt)],
    );
    return row ?? (await this.byEmailId(emailId))!;
  }

  async markFailed(emailId: string, diagnostic: string, now: number): Promise<void> {
    await this.one(`UPDATE mailer_emails SET status = 'failed', diagnostic = $2, updated_at = $3 WHERE email_id = $1 AND status = 'sending' RETURNING *`, [emailId, diagnostic, new Date(now)]);
  }

  async markBounced(emailId: string, kind: BounceKind, diagnostic: string | null, now: number): Promise<SendIntent> {
    const row = await this.one(
      `UPDATE mailer_emails SET status = 'bounced', bounce_kind = $2, diagnostic = $3, bounced_at = $4, updated_at = $4 WHERE email_id = $1 AND status <> 'bounced' RETURNING *`,
      [emailId, kind, diagnostic, new Date(now)],
    );
    return row ?? (await this.byEmailId(emailId))!;
  }
}
