// Live call state in PostgreSQL and the transactional outbox. Every change to a call takes the call's row lock
// (SELECT ... FOR UPDATE), so webhooks that reach different replicas apply one at a time, and writes the events
// it causes into caller_outbox in the same transaction: an event exists if and only if its state change does.
import type { Pool, PoolClient } from '@folio/db';
import { InfraError } from '@folio/errors';
import { encodeOutbound, type AvroSerde, type OutboundMessage } from '@folio/runtime';
import type { PlaceCall } from '@folio/contracts';
import type { LiveCall } from '../domain/live-call.js';

export const OUTBOX_CHANNEL = 'caller_outbox';

export type CallRowStatus = 'dialing' | 'placed' | 'ended';

export interface CallRow {
  readonly callId: string;
  readonly batchId: string;
  readonly hotelPhone: string;
  readonly status: CallRowStatus;
  readonly providerCallSid: string | null;
  readonly command: PlaceCall;
  readonly live: LiveCall;
  readonly answeredBy: string | null;
  readonly listened: boolean;
  readonly turnIndex: number;
  readonly lastTwiml: string | null;
  readonly connectedAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly dialError: string | null;
  readonly recordingUrl: string | null;
  readonly recordingKey: string | null;
  readonly transcriptKey: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type CallUpdate = Partial<Omit<CallRow, 'callId' | 'batchId' | 'hotelPhone' | 'command' | 'createdAt' | 'updatedAt'>>;

interface DbRow {
  call_id: string;
  batch_id: string;
  hotel_phone: string;
  status: CallRowStatus;
  provider_call_sid: string | null;
  command: PlaceCallJson;
  conversation: LiveCall;
  answered_by: string | null;
  listened: boolean;
  turn_index: number;
  last_twiml: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  dial_error: string | null;
  recording_url: string | null;
  recording_key: string | null;
  transcript_key: string | null;
  created_at: Date;
  updated_at: Date;
}

type PlaceCallJson = Omit<PlaceCall, 'requestedAt' | 'entries'> & { requestedAt: string; entries: (Omit<PlaceCall['entries'][number], 'queuedAt' | 'createdAt' | 'notBefore'> & { queuedAt: string; createdAt: string | null; notBefore: string | null })[] };

function commandOf(json: PlaceCallJson): PlaceCall {
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    ...json,
    requestedAt: new Date(json.requestedAt),
    entries: json.entries.map((e) => ({ ...e, queuedAt: new Date(e.queuedAt), createdAt: date(e.createdAt), notBefore: date(e.notBefore) })),
  };
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

function rowOf(r: DbRow): CallRow {
  return {
    callId: r.call_id,
    batchId: r.batch_id,
    hotelPhone: r.hotel_phone,
    status: r.status,
    providerCallSid: r.provider_call_sid,
    command: commandOf(r.command),
    live: r.conversation,
    answeredBy: r.answered_by,
    listened: r.listened,
    turnIndex: r.turn_index,
    lastTwiml: r.last_twiml,
    connectedAt: ms(r.connected_at),
    endedAt: ms(r.ended_at),
    endReason: r.end_reason,
    dialError: r.dial_error,
    recordingUrl: r.recording_url,
    recordingKey: r.recording_key,
    transcriptKey: r.transcript_key,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

const COLUMNS: Record<keyof CallUpdate, string> = {
  status: 'status',
  providerCallSid: 'provider_call_sid',
  live: 'conversation',
  answeredBy: 'answered_by',
  listened: 'listened',
  turnIndex: 'turn_index',
  lastTwiml: 'last_twiml',
  connectedAt: 'connected_at',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  dialError: 'dial_error',
  recordingUrl: 'recording_url',
  recordingKey: 'recording_key',
  transcriptKey: 'transcript_key',
};

function columnValue(key: keyof CallUpdate, value: unknown): unknown {
  if ((key === 'connectedAt' || key === 'endedAt') && typeof value === 'number') return new Date(value);
  if (key === 'live') return JSON.stringify(value);
  return value;
}

function unavailable(error: unknown): never {
  if (error instanceof InfraError) throw error;
  throw new InfraError('DATABASE_UNAVAILABLE', `call state in PostgreSQL: ${(error as Error).message}`, { cause: error, retriable: true });
}

export interface Change<T> {
  readonly update?: CallUpdate;
  readonly outbox?: readonly OutboundMessage[];
  readonly result: T;
}

export class CallStore {
  constructor(
    private readonly pool: Pool,
    private readonly serde: AvroSerde,
  ) {}

  /**
   * Records the intent to dial before Twilio is asked: false when the call already exists (a redelivered
   * PlaceCall), which must then never dial again.
   */
  async insertIntent(command: PlaceCall, live: LiveCall, outbox: readonly OutboundMessage[] = [], status: CallRowStatus = 'dialing', extra: CallUpdate = {}): Promise<boolean> {
    return this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO caller_calls (call_id, batch_id, hotel_phone, status, command, conversation, end_reason, ended_at, dial_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (call_id) DO NOTHING RETURNING call_id`,
        [command.callId, command.batchId, command.hotelPhone, status, JSON.stringify(command), JSON.stringify(live), extra.endReason ?? null, extra.endedAt ? new Date(extra.endedAt) : null, extra.dialError ?? null],
      );
      if (inserted.rowCount === 0) return false;
      await this.writeOutbox(client, command.callId, outbox);
      return true;
    });
  }

  async get(callId: string): Promise<CallRow | undefined> {
    const r = await this.pool.query<DbRow>('SELECT * FROM caller_calls WHERE call_id = $1', [callId]).catch(unavailable);
    return r.rows[0] ? rowOf(r.rows[0]) : undefined;
  }

  /** Runs `fn` on the call under its row lock and commits its update and outbox together; undefined if no such call. */
  async withCall<T>(callId: string, fn: (row: CallRow) => Promise<Change<T>> | Change<T>): Promise<T | undefined> {
    return this.transaction(async (client) => {
      const r = await client.query<DbRow>('SELECT * FROM caller_calls WHERE call_id = $1 FOR UPDATE', [callId]);
      if (!r.rows[0]) return undefined;
      const change = await fn(rowOf(r.rows[0]));
      if (change.update && Object.keys(change.update).length > 0) {
        const entries = Object.entries(change.update) as [keyof CallUpdate, unknown][];
        const sets = entries.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`);
        await client.query(`UPDATE caller_calls SET ${sets.join(', ')}, updated_at = now() WHERE call_id = $1`, [callId, ...entries.map(([k, v]) => columnValue(k, v))]);
      }
      await this.writeOutbox(client, callId, change.outbox ?? []);
      return change.result;
    });
  }

  /** Calls not ended whose last change is older than `before` (lost callbacks, crashed dials). */
  async stale(before: number, limit = 100): Promise<CallRow[]> {
    const r = await this.pool.query<DbRow>(`SELECT * FROM caller_calls WHERE status <> 'ended' AND updated_at < $1 ORDER BY updated_at LIMIT $2`, [new Date(before), limit]).catch(unavailable);
    return r.rows.map(rowOf);
  }

  /** Calls whose recording is announced but not yet copied to the object store. */
  async recordingsToCopy(limit = 10): Promise<CallRow[]> {
    const r = await this.pool
      .query<DbRow>(`SELECT * FROM caller_calls WHERE recording_url IS NOT NULL AND recording_key IS NULL AND recording_error IS NULL ORDER BY updated_at LIMIT $1`, [limit])
      .catch(unavailable);
    return r.rows.map(rowOf);
  }

  async recordingFailed(callId: string, message: string): Promise<void> {
    await this.pool.query('UPDATE caller_calls SET recording_error = $2, updated_at = now() WHERE call_id = $1', [callId, message.slice(0, 1000)]).catch(unavailable);
  }

  /** Calls not yet ended (for the active-calls gauge). */
  async openCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM caller_calls WHERE status <> 'ended'`).catch(unavailable);
    return Number(r.rows[0]?.n ?? 0);
  }

  private async writeOutbox(client: PoolClient, callId: string, messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const m of messages) {
      // One message at a time keeps the order across topics (encodeOutbound groups by topic).
      const [encoded] = await encodeOutbound(this.serde, [m]);
      const message = encoded!.messages[0]!;
      const i = values.length;
      rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5})`);
      values.push(callId, encoded!.topic, message.key, message.value, JSON.stringify(message.headers ?? {}));
    }
    await client.query(`INSERT INTO caller_outbox (call_id, topic, key, value, headers) VALUES ${rows.join(', ')}`, values);
    await client.query(`SELECT pg_notify($1, $2)`, [OUTBOX_CHANNEL, callId]);
  }

  private async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(unavailable);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string' && /^(08|57P|53)/.test((error as { code: string }).code)) unavailable(error);
      throw error;
    } finally {
      client.release();
    }
  }
}
