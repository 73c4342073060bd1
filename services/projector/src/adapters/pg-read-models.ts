// Writes the read models: one PostgreSQL transaction per message, upserts guarded by version
// (ON CONFLICT ... WHERE t.version < EXCLUDED.version) so replays, duplicates and older versions change nothing.
import type { Batch, Call, FolioRequestState, Hotel } from '@folio/contracts';
import type { Pool, PoolClient } from '@folio/db';
import { InfraError } from '@folio/errors';
import { RECORD_COLUMNS, eraseRecordRows, scrubCalls, type ErasureSource, type RecordRow } from '@folio/read-models';
import { batchRowOf } from '../projections/batches.js';
import { callRowOf } from '../projections/calls.js';
import { hotelRowOf } from '../projections/hotels.js';
import { historyRowsOf, projectRecord } from '../projections/records.js';

/**
 * What a request state did to the read models: `applied` (newer than the row), `current` (the row already
 * holds this very version: a duplicate, or a redelivery after a commit whose offset was not), `stale` (the
 * row is newer), `erased` (the request was erased after this state was written).
 */
export type RecordOutcome = 'applied' | 'current' | 'stale' | 'erased';

type Columns = Record<string, unknown>;

/** INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE t.version < EXCLUDED.version; true when a row was written. */
async function upsertGuarded(db: PoolClient | Pool, table: string, key: string, columns: Columns): Promise<boolean> {
  const names = Object.keys(columns);
  const values = Object.values(columns);
  const sql = `INSERT INTO ${table} AS t (${names.map((n) => `"${n}"`).join(', ')})
    VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (${key}) DO UPDATE SET ${names.filter((n) => n !== key).map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ')}
    WHERE t.version < EXCLUDED.version`;
  const result = await db.query(sql, values);
  return (result.rowCount ?? 0) > 0;
}

const json = (value: unknown): string => JSON.stringify(value);

/** PostgreSQL error classes worth retrying: connection, resources, operator intervention, serialization, deadlock. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return true; // no SQLSTATE: the connection failed (ECONNREFUSED, timeouts)
  return /^(08|53|57|58)/.test(code) || code === '40001' || code === '40P01' || code.startsWith('E');
}

/** Runs `work` in a transaction; transient database failures become retriable InfraErrors. */
async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    throw new InfraError('DATABASE_UNAVAILABLE', `could not connect to PostgreSQL: ${(cause as Error).message}`, { retriable: true, cause });
  }
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof InfraError) throw error;
    throw new InfraError('READ_MODEL_WRITE_FAILED', `writing the read models failed: ${(error as Error).message}`, {
      retriable: isTransient(error),
      cause: error,
    });
  } finally {
    client.release();
  }
}

export class PgReadModels {
  constructor(private readonly pool: Pool) {}

  async applyRecordState(state: FolioRequestState): Promise<RecordOutcome> {
    const recordId = state.recordId.toLowerCase();
    return inTransaction(this.pool, async (db) => {
      // An older state of an erased request (read again before its tombstone) must not bring it back; a request
      // accepted again after the erasure (same derived id) may.
      const erased = await db.query(`SELECT 1 FROM record_erasures WHERE record_id = $1 AND erased_at >= $2`, [recordId, state.receivedAt]);
      if ((erased.rowCount ?? 0) > 0) return 'erased';
      const found = await db.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE record_id = $1 FOR UPDATE`, [recordId]);
      const current = found.rows[0] ?? null;
      const next = projectRecord(current, { type: 'FolioRequestState', state });
      if (next === current || next === null) return current?.version === state.version ? 'current' : 'stale';
      const written = await upsertGuarded(db, 'records', 'record_id', {
        record_id: next.recordId,
        tenant_id: next.tenantId,
        external_id: next.externalId,
        status: next.status,
        source: next.source,
        hotel_phone: next.hotelPhone,
        hotel_name: next.hotelName,
        guest_first_name: next.guestFirstName,
        guest_last_name: next.guestLastName,
        confirmation_number: next.confirmationNumber,
        check_in: next.checkIn,
        check_out: next.checkOut,
        destination_email: next.destinationEmail,
        batch_id: next.batchId,
        last_call_id: next.lastCallId,
        attempts: next.attempts,
        call_attempts: next.callAttempts,
        email_attempts: next.emailAttempts,
        last_channel: next.lastChannel,
        next_action: next.nextAction,
        next_action_at: next.nextActionAt,
        last_reason: next.lastReason === null ? null : json(next.lastReason),
        folio: next.folio === null || next.folio === undefined ? null : json(next.folio),
        document_key: next.documentKey,
        created_at: next.createdAt,
        received_at: next.receivedAt,
        folio_received_at: next.folioReceivedAt,
        delivered_at: next.deliveredAt,
        updated_at: next.updatedAt,
        version: next.version,
      });
      if (!written) return 'stale';
      // The history is append-only: entries already projected stay as they are.
      await db.query(
        `INSERT INTO record_history (record_id, seq, type, at, status, reason, details, correlation_id, causation_id)
         SELECT $1::uuid, h.seq, h.type, h.at, h.status, h.reason, COALESCE(h.details, '{}'::jsonb), h."correlationId", h."causationId"
           FROM jsonb_to_recordset($2::jsonb) AS h(seq bigint, type text, at timestamptz, status text, reason jsonb, details jsonb, "correlationId" text, "causationId" text)
         ON CONFLICT (record_id, seq) DO NOTHING`,
        [recordId, json(historyRowsOf(state))],
      );
      return 'applied';
    });
  }

  async eraseRecord(recordId: string, source: ErasureSource): Promise<void> {
    await inTransaction(this.pool, (db) => eraseRecordRows(db, recordId.toLowerCase(), source));
  }

  async applyBatch(batch: Batch): Promise<boolean> {
    const row = batchRowOf(batch);
    return inTransaction(this.pool, async (db) => {
      const erased = await this.erasedAmong(db, row.recordIds);
      return upsertGuarded(db, 'batches', 'batch_id', {
        batch_id: row.batchId,
        hotel_phone: row.hotelPhone,
        status: row.status,
        channel: row.channel,
        record_ids: row.recordIds.filter((id) => !erased.includes(id)),
        tenant_ids: row.tenantIds,
        estimated_duration_seconds: row.estimatedDurationSeconds,
        hotel_time_zone: row.hotelTimeZone,
        scheduled_for: row.scheduledFor,
        dispatched_at: row.dispatchedAt,
        call_id: row.callId,
        email_id: row.emailId,
        created_at: row.createdAt,
        updated_at: row.updatedAt,
        version: row.version,
      });
    });
  }

  async applyCall(call: Call): Promise<boolean> {
    const row = callRowOf(call);
    return inTransaction(this.pool, async (db) => {
      const written = await upsertGuarded(db, 'calls', 'call_id', {
        call_id: row.callId,
        batch_id: row.batchId,
        hotel_phone: row.hotelPhone,
        status: row.status,
        connection_type: row.connectionType,
        provider_call_id: row.providerCallId,
        record_ids: row.recordIds,
        ivr_steps: json(row.ivrSteps),
        turns: json(row.turns),
        outcomes: json(row.outcomes),
        placed_at: row.placedAt,
        connected_at: row.connectedAt,
        ended_at: row.endedAt,
        end_reason: row.endReason,
        recording_key: row.recordingKey,
        updated_at: row.updatedAt,
        version: row.version,
      });
      // A newer call state still names requests erased meanwhile: remove their words again.
      if (written) await scrubCalls(db, await this.erasedAmong(db, row.recordIds), row.callId);
      return written;
    });
  }

  async deleteCall(callId: string): Promise<void> {
    await inTransaction(this.pool, (db) => db.query(`DELETE FROM calls WHERE call_id = $1`, [callId]));
  }

  async applyHotel(hotel: Hotel): Promise<boolean> {
    const row = hotelRowOf(hotel);
    return inTransaction(this.pool, (db) =>
      upsertGuarded(db, 'hotels', 'hotel_phone', {
        hotel_phone: row.hotelPhone,
        name: row.name,
        address: row.address,
        time_zone: row.timeZone,
        email: row.email,
        contact_preference: row.contactPreference,
        leave_voicemail: row.leaveVoicemail,
        business_hours: json(row.businessHours),
        ivr_path: json(row.ivrPath),
        answer_stats: json(row.answerStats),
        updated_at: row.updatedAt,
        version: row.version,
      }),
    );
  }

  async deleteHotel(hotelPhone: string): Promise<void> {
    await inTransaction(this.pool, (db) => db.query(`DELETE FROM hotels WHERE hotel_phone = $1`, [hotelPhone]));
  }

  private async erasedAmong(db: PoolClient, recordIds: string[]): Promise<string[]> {
    if (recordIds.length === 0) return [];
    const { rows } = await db.query<{ id: string }>(`SELECT record_id::text AS id FROM record_erasures WHERE record_id = ANY($1::uuid[])`, [recordIds]);
    return rows.map((r) => r.id);
  }
}

/** The read-model tables `make rebuild-projections` empties before a replay (record_erasures stays: an audit). */
export const REBUILT_TABLES = ['record_history', 'records', 'batches', 'calls', 'hotels'] as const;

export async function truncateReadModels(pool: Pool): Promise<void> {
  await pool.query(`TRUNCATE ${REBUILT_TABLES.join(', ')}`);
}
