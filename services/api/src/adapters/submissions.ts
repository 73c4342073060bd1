// The api's memory of what it accepted (table api_submissions): recordId, externalId, Idempotency-Key and a
// fingerprint of the content, looked up in bulk so a batch or a CSV chunk costs two queries.
import type { Pool } from '@folio/db';
import type { PriorSubmission } from '../domain/intake.js';

export interface SubmissionRow {
  readonly tenantId: string;
  readonly recordId: string;
  readonly externalId: string;
  readonly idempotencyKey: string | null;
  readonly fingerprint: string;
}

export class SubmissionStore {
  constructor(private readonly pool: Pool) {}

  async byRecordIds(tenantId: string, recordIds: readonly string[]): Promise<Map<string, PriorSubmission>> {
    if (recordIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ record_id: string; fingerprint: string }>(
      'SELECT record_id, fingerprint FROM api_submissions WHERE tenant_id = $1 AND record_id = ANY($2::uuid[])',
      [tenantId, [...new Set(recordIds)]],
    );
    return new Map(rows.map((r) => [r.record_id, { recordId: r.record_id, fingerprint: r.fingerprint }]));
  }

  async byIdempotencyKeys(tenantId: string, keys: readonly string[]): Promise<Map<string, PriorSubmission>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.pool.query<{ idempotency_key: string; record_id: string; fingerprint: string }>(
      'SELECT idempotency_key, record_id, fingerprint FROM api_submissions WHERE tenant_id = $1 AND idempotency_key = ANY($2::text[])',
      [tenantId, [...new Set(keys)]],
    );
    return new Map(rows.map((r) => [r.idempotency_key, { recordId: r.record_id, fingerprint: r.fingerprint }]));
  }

  /** Whether the tenant submitted this record through the api. */
  async owns(tenantId: string, recordId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM api_submissions WHERE tenant_id = $1 AND record_id = $2', [tenantId, recordId]);
    return (rowCount ?? 0) > 0;
  }

  /** Remembers accepted submissions; a row that exists already (a concurrent repeat) is kept as it was. */
  async remember(rows: readonly SubmissionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(
      `INSERT INTO api_submissions (tenant_id, record_id, external_id, idempotency_key, fingerprint)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.tenantId), rows.map((r) => r.recordId), rows.map((r) => r.externalId), rows.map((r) => r.idempotencyKey), rows.map((r) => r.fingerprint)],
    );
  }
}
