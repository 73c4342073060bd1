// Writes the read models: one PostgreSQL transaction per message, upserts guarded by version
// (ON CONFLICT ... WHERE t.version < EXCLUDED.version) so replays, duplicates and older versions change nothing.
import type { Batch, Call, FolioRequestState, Hotel } from '@folio/contracts';
import type { Pool, PoolClient } from '@folio/db';
import { InfraError } from '@folio/errors';
import { eraseRecordRows, scrubCalls, type ErasureSource, type RecordRow } from '@folio/read-models';
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
    throw writeFailed(error);
  } finally {
    client.release();
  }
}

function writeFailed(error: unknown): InfraError {
  if (error instanceof InfraError) return error;
  return new InfraError('READ_MODEL_WRITE_FAILED', `writing the read models failed: ${(error as Error).message}`, {
    retriable: isTransient(error),
    cause: error,
  });
}

/** SQL types of the records columns that are not text (parameters of INSERT ... SELECT need them). */
const RECORD_TYPES: Record<string, string> = {
  record_id: 'uuid',
  check_in: 'date',
  check_out: 'date',
  attempts: 'integer',
  call_attempts: 'integer',
  email_attempts: 'integer',
  next_action_at: 'timestamptz',
  last_reason: 'jsonb',
  folio: 'jsonb',
  created_at: 'timestamptz',
  received_at: 'timestamptz',
  folio_received_at: 'timestamptz',
  delivered_at: 'timestamptz',
  updated_at: 'timestamptz',
  version: 'bigint',
};

function recordColumns(row: RecordRow): Columns {
  return {
    record_id: row.recordId,
    tenant_id: row.tenantId,
    external_id: row.externalId,
    status: row.status,
    source: row.source,
    hotel_phone: row.hotelPhone,
    hotel_name: row.hotelName,
    guest_first_name: row.guestFirstName,
    guest_last_name: row.guestLastName,
    confirmation_number: row.confirmationNumber,
    check_in: row.checkIn,
    check_out: row.checkOut,
    destination_email: row.destinationEmail,
    batch_id: row.batchId,
    last_call_id: row.lastCallId,
    attempts: row.attempts,
    call_attempts: row.callAttempts,
    email_attempts: row.emailAttempts,
    last_channel: row.lastChannel,
    next_action: row.nextAction,
    next_action_at: row.nextActionAt,
    last_reason: row.lastReason === null ? null : json(row.lastReason),
    folio: row.folio === null || row.folio === undefined ? null : json(row.folio),
    document_key: row.documentKey,
    created_at: row.createdAt,
    received_at: row.receivedAt,
    folio_received_at: row.folioReceivedAt,
    delivered_at: row.deliveredAt,
    updated_at: row.updatedAt,
    version: row.version,
  };
}

export class PgReadModels {
  constructor(private readonly pool: Pool) {}

  /**
   * One statement (one round trip, atomic on its own): refuse a state older than the request's erasure, upsert
   * the row guarded by version, append the history if the row was written, and report what the row held.
   */
  async applyRecordState(state: FolioRequestState): Promise<RecordOutcome> {
    // The guarded upsert applies projectRecord's rule (a newer version replaces the row) inside PostgreSQL,
    // where it also holds between concurrent writers (a live projector and a rebuild).
    const next = projectRecord(null, { type: 'FolioRequestState', state });
    if (next === null) return 'stale';
    const columns: Columns = recordColumns(next);
    const names = Object.keys(columns);
    const values: unknown[] = [...Object.values(columns), json(historyRowsOf(state))];
    const history = `$${values.length}`;
    const sql = `
      WITH erased AS (
        SELECT 1 FROM record_erasures WHERE record_id = $1::uuid AND erased_at >= $${names.indexOf('received_at') + 1}::timestamptz
      ), before AS (
        SELECT version FROM records WHERE record_id = $1::uuid
      ), up AS (
        INSERT INTO records AS t (${names.map((n) => `"${n}"`).join(', ')})
        SELECT ${names.map((n, i) => `$${i + 1}::${RECORD_TYPES[n] ?? 'text'}`).join(', ')} WHERE NOT EXISTS (SELECT 1 FROM erased)
        ON CONFLICT (record_id) DO UPDATE SET ${names.filter((n) => n !== 'record_id').map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ')}
        WHERE t.version < EXCLUDED.version
        RETURNING t.record_id
      ), hist AS (
        INSERT INTO record_history (record_id, seq, type, at, status, reason, details, correlation_id, causation_id)
        SELECT up.record_id, h.seq, h.type, h.at, h.status, h.reason, COALESCE(h.details, '{}'::jsonb), h."correlationId", h."causationId"
          FROM up, jsonb_to_recordset(${history}::jsonb) AS h(seq bigint, type text, at timestamptz, status text, reason jsonb, details jsonb, "correlationId" text, "causationId" text)
        ON CONFLICT (record_id, seq) DO NOTHING
      )
      SELECT EXISTS (SELECT 1 FROM up) AS applied, EXISTS (SELECT 1 FROM erased) AS erased,
             (SELECT version::float8 FROM before) AS "beforeVersion"`;
    let rows: { applied: boolean; erased: boolean; beforeVersion: number | null }[];
    try {
      // Named: each connection parses and plans it once.
      rows = (await this.pool.query<{ applied: boolean; erased: boolean; beforeVersion: number | null }>({ name: 'projector-apply-record', text: sql, values })).rows;
    } catch (error) {
      throw writeFailed(error);
    }
    const result = rows[0]!;
    if (result.applied) return 'applied';
    if (result.erased) return 'erased';
    return result.beforeVersion === state.version ? 'current' : 'stale';
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
