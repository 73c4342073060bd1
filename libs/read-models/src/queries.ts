// Typed reads of the read models for the api, and the erasure of one request's rows (shared by the
// projector, which applies tombstones, and by anyone who must erase at once). Every read is tenant-scoped.
import type { Pool, PoolClient } from '@folio/db';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { CallRow, ErasureRow, HistoryRow, RecordRow } from './rows.js';

/** A pool, or a client inside the caller's transaction. */
export type Db = Pool | PoolClient;

export const RECORD_COLUMNS = `
  record_id::text AS "recordId", tenant_id AS "tenantId", external_id AS "externalId", status, source,
  hotel_phone AS "hotelPhone", hotel_name AS "hotelName", guest_first_name AS "guestFirstName",
  guest_last_name AS "guestLastName", confirmation_number AS "confirmationNumber",
  to_char(check_in, 'YYYY-MM-DD') AS "checkIn", to_char(check_out, 'YYYY-MM-DD') AS "checkOut",
  destination_email AS "destinationEmail", batch_id AS "batchId", last_call_id AS "lastCallId",
  attempts, call_attempts AS "callAttempts", email_attempts AS "emailAttempts", last_channel AS "lastChannel",
  next_action AS "nextAction", next_action_at AS "nextActionAt", last_reason AS "lastReason", folio,
  document_key AS "documentKey", created_at AS "createdAt", received_at AS "receivedAt",
  folio_received_at AS "folioReceivedAt", delivered_at AS "deliveredAt", updated_at AS "updatedAt",
  version::float8 AS version`;

export const HISTORY_COLUMNS = `
  record_id::text AS "recordId", seq::float8 AS seq, type, at, status, reason, details,
  correlation_id AS "correlationId", causation_id AS "causationId"`;

export const CALL_COLUMNS = `
  call_id AS "callId", batch_id AS "batchId", hotel_phone AS "hotelPhone", status, connection_type AS "connectionType",
  provider_call_id AS "providerCallId", record_ids::text[] AS "recordIds", ivr_steps AS "ivrSteps", turns, outcomes,
  placed_at AS "placedAt", connected_at AS "connectedAt", ended_at AS "endedAt", end_reason AS "endReason",
  recording_key AS "recordingKey", updated_at AS "updatedAt", version::float8 AS version`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A call that raised the request, as GET /v1/records/:id shows it (the recording is an object storage key). */
export interface RecordCallSummary {
  callId: string;
  batchId: string;
  status: string;
  connectionType: string;
  placedAt: Date;
  connectedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  recordingKey: string | null;
  /** This request's outcome in the call, if one was recorded. */
  outcome: string | null;
}

/** GET /v1/records/:id: the request, its audit timeline (oldest first) and the calls that raised it. */
export interface RecordDetail extends RecordRow {
  history: HistoryRow[];
  calls: RecordCallSummary[];
}

/** The tenant's request with its history and calls, or null when the tenant has no such request. */
export async function getRecord(db: Db, tenantId: string, recordId: string): Promise<RecordDetail | null> {
  if (!UUID.test(recordId)) return null;
  const found = await db.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE record_id = $1 AND tenant_id = $2`, [
    recordId,
    tenantId,
  ]);
  const record = found.rows[0];
  if (!record) return null;
  const [history, calls] = await Promise.all([
    db.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM record_history WHERE record_id = $1 ORDER BY seq`, [recordId]),
    db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE record_ids @> ARRAY[$1::uuid] ORDER BY placed_at`, [recordId]),
  ]);
  return {
    ...record,
    history: history.rows,
    calls: calls.rows.map((call) => ({
      callId: call.callId,
      batchId: call.batchId,
      status: call.status,
      connectionType: call.connectionType,
      placedAt: call.placedAt,
      connectedAt: call.connectedAt,
      endedAt: call.endedAt,
      endReason: call.endReason,
      recordingKey: call.recordingKey,
      outcome: outcomeOf(call.outcomes, recordId),
    })),
  };
}

function outcomeOf(outcomes: unknown[], recordId: string): string | null {
  let last: string | null = null;
  for (const o of outcomes) {
    const item = o as { recordId?: unknown; outcome?: unknown };
    if (item.recordId === recordId && typeof item.outcome === 'string') last = item.outcome;
  }
  return last;
}

/** The erasure left of the tenant's request, or null when it was never erased. */
export async function getErasure(db: Db, tenantId: string, recordId: string): Promise<ErasureRow | null> {
  if (!UUID.test(recordId)) return null;
  const found = await db.query<ErasureRow>(
    `SELECT record_id::text AS "recordId", tenant_id AS "tenantId", erased_at AS "erasedAt"
       FROM record_erasures WHERE record_id = $1 AND tenant_id = $2`,
    [recordId, tenantId],
  );
  return found.rows[0] ?? null;
}

export interface RecordListFilter {
  /** Status name, either case ('in_call' or 'IN_CALL'). */
  status?: string | undefined;
  /** Hotel phone in E.164. */
  hotelPhone?: string | undefined;
  /** Requests created at or after this instant. */
  createdFrom?: Date | undefined;
  /** Requests created before this instant (exclusive). */
  createdTo?: Date | undefined;
  /** nextCursor of the previous page. Throws InvalidCursorError (code INVALID_CURSOR) when not one. */
  after?: string | undefined;
  /** Page size, 1..500. */
  limit: number;
}

export interface RecordPage {
  items: RecordRow[];
  /** Cursor of the next page, null on the last page. */
  nextCursor: string | null;
}

/** The tenant's requests, newest first (created_at DESC, record_id DESC), one keyset page at a time. */
export async function listRecords(db: Db, tenantId: string, filter: RecordListFilter): Promise<RecordPage> {
  const limit = Math.min(500, Math.max(1, Math.trunc(filter.limit)));
  const where = ['tenant_id = $1'];
  const values: unknown[] = [tenantId];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filter.status !== undefined) where.push(`status = ${param(filter.status.toLowerCase())}`);
  if (filter.hotelPhone !== undefined) where.push(`hotel_phone = ${param(filter.hotelPhone)}`);
  if (filter.createdFrom !== undefined) where.push(`created_at >= ${param(filter.createdFrom)}`);
  if (filter.createdTo !== undefined) where.push(`created_at < ${param(filter.createdTo)}`);
  if (filter.after !== undefined) {
    const cursor = decodeCursor(filter.after);
    where.push(`(created_at, record_id) < (${param(cursor.createdAt)}::timestamptz, ${param(cursor.recordId)}::uuid)`);
  }
  const sql = `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')}
               ORDER BY created_at DESC, record_id DESC LIMIT ${param(limit + 1)}`;
  const { rows } = await db.query<RecordRow>(sql, values);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, recordId: last.recordId }) : null;
  return { items, nextCursor };
}

export interface RecordStats {
  /** Number of requests per status (lowercase names); statuses with none are absent. */
  byStatus: Record<string, number>;
  total: number;
  /** Seconds from acceptance to the first folio received, over the requests that have one. */
  timeToFolio: { count: number; p50Seconds: number | null; p90Seconds: number | null };
  /**
   * Per channel of the last contact ('CALL' | 'EMAIL'): requests contacted through it and how many of those
   * got their folio; rate = succeeded / contacted.
   */
  byChannel: Record<string, { contacted: number; succeeded: number; rate: number }>;
}

/** Counts by status, time-to-folio p50/p90 and success rate by channel of the tenant's requests. */
export async function recordStats(db: Db, tenantId: string): Promise<RecordStats> {
  const [statuses, latency, channels] = await Promise.all([
    db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM records WHERE tenant_id = $1 GROUP BY status`,
      [tenantId],
    ),
    db.query<{ n: number; p50: number | null; p90: number | null }>(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM folio_received_at - received_at))::float8 AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM folio_received_at - received_at))::float8 AS p90
         FROM records WHERE tenant_id = $1 AND folio_received_at IS NOT NULL`,
      [tenantId],
    ),
    db.query<{ channel: string; contacted: number; succeeded: number }>(
      `SELECT last_channel AS channel, count(*)::int AS contacted, count(folio_received_at)::int AS succeeded
         FROM records WHERE tenant_id = $1 AND last_channel IS NOT NULL GROUP BY last_channel`,
      [tenantId],
    ),
  ]);
  const byStatus: Record<string, number> = {};
  let total = 0;
  for (const row of statuses.rows) {
    byStatus[row.status] = row.n;
    total += row.n;
  }
  const l = latency.rows[0];
  const byChannel: RecordStats['byChannel'] = {};
  for (const row of channels.rows) {
    byChannel[row.channel] = {
      contacted: row.contacted,
      succeeded: row.succeeded,
      rate: row.contacted === 0 ? 0 : row.succeeded / row.contacted,
    };
  }
  return {
    byStatus,
    total,
    timeToFolio: { count: l?.n ?? 0, p50Seconds: l?.p50 ?? null, p90Seconds: l?.p90 ?? null },
    byChannel,
  };
}

/** Where an erasure came from: the tombstone's position, or null when erased directly. */
export interface ErasureSource {
  erasedAt: Date;
  topic: string | null;
  partition: number | null;
  offset: string | null;
}

/**
 * Removes every row with the request's personal data: the records row and its history, its turns and
 * outcomes (what was said) in calls, its id in batches; keeps a record_erasures row (no personal data).
 * Idempotent. On a Pool it runs in its own transaction; on a client, inside the caller's.
 */
export async function eraseRecordRows(
  db: Db,
  recordId: string,
  source: ErasureSource = { erasedAt: new Date(), topic: null, partition: null, offset: null },
): Promise<void> {
  if (!UUID.test(recordId)) return;
  if (!('release' in db)) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await eraseRecordRows(client, recordId, source);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return;
  }
  await db.query(
    `INSERT INTO record_erasures (record_id, tenant_id, erased_at, topic, partition, "offset")
     SELECT $1::uuid, (SELECT tenant_id FROM records WHERE record_id = $1::uuid), $2, $3, $4, $5
     ON CONFLICT (record_id) DO UPDATE SET tenant_id = COALESCE(record_erasures.tenant_id, EXCLUDED.tenant_id)`,
    [recordId, source.erasedAt, source.topic, source.partition, source.offset],
  );
  await db.query(`DELETE FROM records WHERE record_id = $1`, [recordId]);
  await scrubCalls(db, [recordId]);
  await db.query(`UPDATE batches SET record_ids = array_remove(record_ids, $1::uuid) WHERE record_ids @> ARRAY[$1::uuid]`, [
    recordId,
  ]);
}

/**
 * Removes the given (erased) requests from the calls that name them: ids, turns and outcomes. The projector
 * also calls it after writing a call, so a newer call state cannot bring an erased request's words back.
 */
export async function scrubCalls(db: Db, recordIds: string[], callId?: string): Promise<void> {
  if (recordIds.length === 0) return;
  await db.query(
    `UPDATE calls c SET
       record_ids = ARRAY(SELECT r FROM unnest(c.record_ids) r WHERE r <> ALL($1::uuid[])),
       turns = COALESCE((SELECT jsonb_agg(t) FROM jsonb_array_elements(c.turns) t
                          WHERE t->>'recordId' IS NULL OR NOT (t->>'recordId' = ANY($1::text[]))), '[]'::jsonb),
       outcomes = COALESCE((SELECT jsonb_agg(o) FROM jsonb_array_elements(c.outcomes) o
                             WHERE NOT (o->>'recordId' = ANY($1::text[]))), '[]'::jsonb)
     WHERE c.record_ids && $1::uuid[] ${callId === undefined ? '' : 'AND c.call_id = $2'}`,
    callId === undefined ? [recordIds] : [recordIds, callId],
  );
}

/**
 * Whether a call also raised requests of other tenants than `tenantId` (calls batch a hotel's requests across
 * tenants): its recording and transcript then speak of other customers' guests.
 */
export async function callSharedWithOtherTenants(db: Pool, callId: string, tenantId: string): Promise<boolean> {
  const r = await db.query<{ shared: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM calls c JOIN records r ON r.record_id = ANY (c.record_ids)
                     WHERE c.call_id = $1 AND r.tenant_id <> $2) AS shared`,
    [callId, tenantId],
  );
  return r.rows[0]?.shared ?? false;
}
