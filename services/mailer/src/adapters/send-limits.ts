// Global send limits held in PostgreSQL, so they hold across every mailer replica: sends are spaced at least
// 60 s / EMAILS_PER_MINUTE apart and at most EMAILS_PER_HOUR are granted in any rolling hour. As the batcher's
// call limits (ADR 0015): each grant locks the scope's rate row, and a grant is keyed by the emailId so a
// redelivered command gets its first grant back instead of a second slot.
import type { Pool } from '@folio/db';
import { InfraError } from '@folio/errors';

export interface SendLimitsOptions {
  readonly scope: string;
  readonly perMinute: number;
  readonly perHour: number;
  /** A grant further away than this is refused (not reserved); the caller tries again later. */
  readonly maxWaitMs: number;
}

export type SendGrant =
  | { readonly kind: 'granted'; readonly at: number }
  | { readonly kind: 'deferred'; readonly until: number; readonly limit: 'per-minute' | 'per-hour' };

export interface SendLimits {
  acquire(emailId: string, now: number): Promise<SendGrant>;
}

const HOUR_MS = 3_600_000;

export class PgSendLimits implements SendLimits {
  constructor(
    private readonly pool: Pool,
    private readonly options: SendLimitsOptions,
  ) {}

  async acquire(emailId: string, now: number): Promise<SendGrant> {
    const o = this.options;
    const client = await this.pool.connect().catch((error: unknown) => {
      throw new InfraError('DATABASE_UNAVAILABLE', 'cannot reach PostgreSQL for the send limits', { cause: error, retriable: true });
    });
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO mailer_send_rate (scope, next_at) VALUES ($1, to_timestamp(0)) ON CONFLICT DO NOTHING', [o.scope]);
      const rate = await client.query<{ next_at: Date }>('SELECT next_at FROM mailer_send_rate WHERE scope = $1 FOR UPDATE', [o.scope]);
      const existing = await client.query<{ granted_at: Date }>('SELECT granted_at FROM mailer_send_grants WHERE scope = $1 AND email_id = $2', [o.scope, emailId]);
      if (existing.rows[0]) {
        await client.query('COMMIT');
        return { kind: 'granted', at: existing.rows[0].granted_at.getTime() };
      }
      const at = Math.max(now, rate.rows[0]!.next_at.getTime());
      // The hour: the oldest grant that must leave the window before another fits.
      const hour = await client.query<{ granted_at: Date }>(
        'SELECT granted_at FROM mailer_send_grants WHERE scope = $1 AND granted_at > $2 ORDER BY granted_at DESC OFFSET $3 LIMIT 1',
        [o.scope, new Date(at - HOUR_MS), o.perHour - 1],
      );
      if (hour.rows[0]) {
        await client.query('COMMIT');
        return { kind: 'deferred', until: hour.rows[0].granted_at.getTime() + HOUR_MS, limit: 'per-hour' };
      }
      if (at - now > o.maxWaitMs) {
        await client.query('COMMIT');
        return { kind: 'deferred', until: at, limit: 'per-minute' };
      }
      await client.query('INSERT INTO mailer_send_grants (scope, email_id, granted_at) VALUES ($1, $2, $3)', [o.scope, emailId, new Date(at)]);
      await client.query('UPDATE mailer_send_rate SET next_at = $2 WHERE scope = $1', [o.scope, new Date(at + Math.ceil(60_000 / o.perMinute))]);
      // Grants older than a day serve no limit any more.
      await client.query('DELETE FROM mailer_send_grants WHERE scope = $1 AND granted_at < $2', [o.scope, new Date(now - 24 * HOUR_MS)]);
      await client.query('COMMIT');
      return { kind: 'granted', at };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error instanceof InfraError ? error : new InfraError('SEND_LIMITS_FAILED', 'the send limits could not be checked', { cause: error, retriable: true });
    } finally {
      client.release();
    }
  }
}
