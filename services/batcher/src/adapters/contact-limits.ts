// Global contact limits held in PostgreSQL, so they hold across every batcher replica: at most N calls at
// once, at most R calls per second, one call per hotel at a time, at most M contacts per hotel per 24 h.
// Every grant takes the scope's call_rate row lock (SELECT ... FOR UPDATE), so grants are serialised;
// a grant is keyed by the callId/emailId, so a redelivered BatchDue gets the same answer.
import type { Pool } from '@folio/db';
import { InfraError } from '@folio/errors';
import type { CallGrant } from '../domain/batch/index.js';

export interface ContactLimitsOptions {
  readonly scope: string;
  readonly maxConcurrentCalls: number;
  readonly callsPerSecond: number;
  readonly maxContactsPerHotelPerDay: number;
  readonly maxRateWaitMs: number;
  readonly concurrencyRetryMs: number;
  readonly slotExpiryMs: number;
}

export interface ContactLimits {
  acquire(request: { dispatchId: string; hotelPhone: string; channel: 'CALL' | 'EMAIL'; now: number }): Promise<CallGrant>;
  release(dispatchId: string, now: number): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;

export class PgContactLimits implements ContactLimits {
  constructor(
    private readonly pool: Pool,
    private readonly options: ContactLimitsOptions,
  ) {}

  async acquire({ dispatchId, hotelPhone, channel, now }: { dispatchId: string; hotelPhone: string; channel: 'CALL' | 'EMAIL'; now: number }): Promise<CallGrant> {
    const o = this.options;
    const client = await this.pool.connect().catch((error: unknown) => {
      throw new InfraError('DATABASE_UNAVAILABLE', 'cannot reach PostgreSQL for the contact limits', { cause: error, retriable: true });
    });
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO call_rate (scope, next_at) VALUES ($1, to_timestamp(0)) ON CONFLICT DO NOTHING', [o.scope]);
      const rate = await client.query<{ next_at: Date }>('SELECT next_at FROM call_rate WHERE scope = $1 FOR UPDATE', [o.scope]);
      const existing = await client.query<{ granted_at: Date }>('SELECT granted_at FROM call_dispatches WHERE scope = $1 AND dispatch_id = $2', [o.scope, dispatchId]);
      if (existing.rows[0]) {
        await client.query('COMMIT');
        return { kind: 'granted', at: existing.rows[0].granted_at.getTime() };
      }
      const deferred = async (until: number, code: string, message: string): Promise<CallGrant> => {
        await client.query('COMMIT');
        return { kind: 'deferred', until, reason: { code, message } };
      };
      // A call whose end never arrived frees its slot after the expiry.
      await client.query(
        `UPDATE call_dispatches SET released_at = $2 WHERE scope = $1 AND channel = 'call' AND released_at IS NULL AND granted_at < $3`,
        [o.scope, new Date(now), new Date(now - o.slotExpiryMs)],
      );
      const day = await client.query<{ n: string; oldest: Date | null }>(
        'SELECT count(*) AS n, min(granted_at) AS oldest FROM call_dispatches WHERE scope = $1 AND hotel_phone = $2 AND granted_at > $3',
        [o.scope, hotelPhone, new Date(now - DAY_MS)],
      );
      if (Number(day.rows[0]!.n) >= o.maxContactsPerHotelPerDay) {
        return deferred(day.rows[0]!.oldest!.getTime() + DAY_MS, 'HOTEL_DAILY_CONTACT_LIMIT', `the hotel was contacted ${o.maxContactsPerHotelPerDay} times in the last 24 h`);
      }
      if (channel === 'EMAIL') {
        await client.query(
          `INSERT INTO call_dispatches (scope, dispatch_id, hotel_phone, channel, granted_at, released_at) VALUES ($1, $2, $3, 'email', $4, $4)`,
          [o.scope, dispatchId, hotelPhone, new Date(now)],
        );
        await client.query('COMMIT');
        return { kind: 'granted', at: now };
      }
      const busy = await client.query(`SELECT 1 FROM call_dispatches WHERE scope = $1 AND hotel_phone = $2 AND channel = 'call' AND released_at IS NULL`, [o.scope, hotelPhone]);
      if (busy.rowCount) return deferred(now + o.concurrencyRetryMs, 'HOTEL_CALL_IN_PROGRESS', 'a call to the hotel is still in progress');
      const active = await client.query<{ n: string }>(`SELECT count(*) AS n FROM call_dispatches WHERE scope = $1 AND channel = 'call' AND released_at IS NULL`, [o.scope]);
      if (Number(active.rows[0]!.n) >= o.maxConcurrentCalls) {
        return deferred(now + o.concurrencyRetryMs, 'CONCURRENT_CALL_LIMIT', `${o.maxConcurrentCalls} calls are in progress`);
      }
      const at = Math.max(now, rate.rows[0]!.next_at.getTime());
      if (at - now > o.maxRateWaitMs) return deferred(at, 'CALL_RATE_LIMIT', `calls are limited to ${o.callsPerSecond} per second`);
      await client.query(`INSERT INTO call_dispatches (scope, dispatch_id, hotel_phone, channel, granted_at) VALUES ($1, $2, $3, 'call', $4)`, [o.scope, dispatchId, hotelPhone, new Date(at)]);
      await client.query('UPDATE call_rate SET next_at = $2 WHERE scope = $1', [o.scope, new Date(at + Math.ceil(1000 / o.callsPerSecond))]);
      await client.query('COMMIT');
      return { kind: 'granted', at };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error instanceof InfraError ? error : new InfraError('CONTACT_LIMITS_FAILED', 'the contact limits could not be checked', { cause: error, retriable: true });
    } finally {
      client.release();
    }
  }

  async release(dispatchId: string, now: number): Promise<void> {
    await this.pool
      .query('UPDATE call_dispatches SET released_at = $3 WHERE scope = $1 AND dispatch_id = $2 AND released_at IS NULL', [this.options.scope, dispatchId, new Date(now)])
      .catch((error: unknown) => {
        throw new InfraError('CONTACT_LIMITS_FAILED', 'the call slot could not be released', { cause: error, retriable: true });
      });
  }
}
