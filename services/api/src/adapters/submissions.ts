// The api's memory of what it accepted (table api_submissions): recordId, externalId, Idempotency-Key and a
// fingerprint of the content. Lookups and inserts of concurrent requests share queries (group commit), so a
// busy api costs two queries per group of requests, not per request.
import type { Pool } from '@folio/db';
import type { PriorSubmission } from '../domain/intake.js';
import { GroupCommit } from './group-commit.js';

/** Stands in for the fingerprint of an erased request: no content hashes to it. */
export const ERASED_FINGERPRINT = '0'.repeat(64);

export interface SubmissionRow {
  readonly tenantId: string;
  readonly recordId: string;
  readonly externalId: string;
  readonly idempotencyKey: string | null;
  readonly fingerprint: string;
}

export class SubmissionStore {
  private readonly lookups: GroupCommit<{ tenantId: string; recordIds: readonly string[] }, Map<string, PriorSubmission>>;
  private readonly inserts: GroupCommit<readonly SubmissionRow[], undefined>;

  constructor(private readonly pool: Pool) {
    this.lookups = new GroupCommit(
      async (inputs) => {
        const pairs = inputs.flatMap((i) => i.recordIds.map((id) => [i.tenantId, id] as const));
        const { rows } = await this.pool.query<{ tenant_id: string; record_id: string; fingerprint: string }>(
          `SELECT s.tenant_id::text, s.record_id::text, s.fingerprint
             FROM api_submissions s JOIN unnest($1::uuid[], $2::uuid[]) AS q (tenant_id, record_id)
               ON s.tenant_id = q.tenant_id AND s.record_id = q.record_id`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
        );
        return inputs.map((input) => {
          const wanted = new Set(input.recordIds);
          return new Map(rows.filter((r) => r.tenant_id === input.tenantId && wanted.has(r.record_id)).map((r) => [r.record_id, { recordId: r.record_id, fingerprint: r.fingerprint }]));
        });
      },
      { maxSize: 5_000, sizeOf: (i) => i.recordIds.length },
    );
    this.inserts = new GroupCommit<readonly SubmissionRow[], undefined>(
      async (inputs) => {
        const rows = inputs.flat();
        await this.pool.query(
          `INSERT INTO api_submissions (tenant_id, record_id, external_id, idempotency_key, fingerprint)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT DO NOTHING`,
          [rows.map((r) => r.tenantId), rows.map((r) => r.recordId), rows.map((r) => r.externalId), rows.map((r) => r.idempotencyKey), rows.map((r) => r.fingerprint)],
        );
        return inputs.map(() => undefined);
      },
      { maxSize: 5_000, sizeOf: (rows) => rows.length },
    );
  }

  byRecordIds(tenantId: string, recordIds: readonly string[]): Promise<Map<string, PriorSubmission>> {
    if (recordIds.length === 0) return Promise.resolve(new Map());
    return this.lookups.submit({ tenantId, recordIds: [...new Set(recordIds)] });
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

  /**
   * Erasure: keeps only that the recordId was taken (so the api never publishes it again) and drops the
   * externalId and the content's fingerprint. A later POST with the same externalId answers 409.
   */
  async forget(tenantId: string, recordId: string): Promise<void> {
    await this.pool.query(`UPDATE api_submissions SET external_id = '', fingerprint = $3 WHERE tenant_id = $1 AND record_id = $2`, [tenantId, recordId, ERASED_FINGERPRINT]);
  }

  /** Remembers accepted submissions; a row that exists already (a concurrent repeat) is kept as it was. */
  remember(rows: readonly SubmissionRow[]): Promise<void> {
    return rows.length === 0 ? Promise.resolve() : this.inserts.submit(rows).then(() => undefined);
  }
}
