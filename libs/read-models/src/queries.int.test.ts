// The api's queries against a real PostgreSQL: a fresh migrated database for this file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createPool, migrate, type Pool } from '@folio/db';
import { databaseUrl, uniqueName } from '@folio/testkit';
import { InvalidCursorError } from './cursor.js';
import { eraseRecordRows, getErasure, getRecord, listRecords, recordStats } from './queries.js';

let pool: Pool;
let dropDatabase: () => Promise<void>;

async function admin(sql: string): Promise<void> {
  const url = new URL(databaseUrl());
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const T0 = Date.parse('2026-03-01T00:00:00Z');

async function insertRecord(i: number, fields: { tenant?: string; status?: string; phone?: string; createdMin?: number; folioAfterMin?: number | null; channel?: string | null }) {
  const created = new Date(T0 + (fields.createdMin ?? 0) * 60_000);
  const folioAt = fields.folioAfterMin == null ? null : new Date(created.getTime() + fields.folioAfterMin * 60_000);
  await pool.query(
    `INSERT INTO records (record_id, tenant_id, external_id, status, source, hotel_phone, guest_first_name, guest_last_name,
       confirmation_number, check_in, check_out, destination_email, last_channel, created_at, received_at, folio_received_at, updated_at, version)
     VALUES ($1, $2, $3, $4, 'API', $5, 'Ada', 'Lovelace', 'C', '2026-02-01', '2026-02-03', 'x@example.com', $6, $7, $7, $8, $7, 1)`,
    [id(i), fields.tenant ?? 't1', `ext-${i}`, fields.status ?? 'queued', fields.phone ?? '+15015550001', fields.channel ?? null, created, folioAt],
  );
}

beforeAll(async () => {
  const name = uniqueName('read_models', '_').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin(`CREATE DATABASE "${name}"`);
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  pool = createPool(url.toString(), { max: 3 });
  // 30 requests of t1 (ten share one creation instant, to exercise the record_id tie-break), 3 of t2.
  for (let i = 1; i <= 30; i++) {
    await insertRecord(i, {
      createdMin: i <= 10 ? 0 : i,
      status: i % 3 === 0 ? 'delivered' : 'queued',
      phone: i % 2 === 0 ? '+15015550002' : '+15015550001',
      folioAfterMin: i % 3 === 0 ? i : null,
      channel: i % 3 === 0 ? (i % 2 === 0 ? 'EMAIL' : 'CALL') : i % 5 === 0 ? 'CALL' : null,
    });
  }
  for (let i = 31; i <= 33; i++) await insertRecord(i, { tenant: 't2' });
});

afterAll(async () => {
  await pool?.end();
  await dropDatabase?.();
});

describe('listRecords', () => {
  it('pages through every request of the tenant exactly once, newest first', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listRecords(pool, 't1', { limit: 7, ...(after ? { after } : {}) });
      seen.push(...page.items.map((r) => r.recordId));
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    expect(seen[0]).toBe(id(30));
    expect(seen.slice(-10)).toEqual(Array.from({ length: 10 }, (_, k) => id(10 - k)));
  });

  it('filters by status (either case), hotel phone and creation time', async () => {
    const delivered = await listRecords(pool, 't1', { limit: 100, status: 'DELIVERED' });
    expect(delivered.items.every((r) => r.status === 'delivered')).toBe(true);
    expect(delivered.items).toHaveLength(10);
    const phone = await listRecords(pool, 't1', { limit: 100, hotelPhone: '+15015550002', status: 'delivered' });
    expect(phone.items.map((r) => r.recordId).sort()).toEqual([6, 12, 18, 24, 30].map(id).sort());
    const window = await listRecords(pool, 't1', { limit: 100, createdFrom: new Date(T0 + 20 * 60_000), createdTo: new Date(T0 + 25 * 60_000) });
    expect(window.items.map((r) => r.recordId)).toEqual([24, 23, 22, 21, 20].map(id));
  });

  it('never shows another tenant rows and refuses a forged cursor', async () => {
    expect((await listRecords(pool, 't2', { limit: 100 })).items).toHaveLength(3);
    expect(await getRecord(pool, 't2', id(1))).toBeNull();
    await expect(listRecords(pool, 't1', { limit: 5, after: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('recordStats', () => {
  it('counts by status, gives time-to-folio percentiles and success by channel', async () => {
    const stats = await recordStats(pool, 't1');
    expect(stats.byStatus).toEqual({ queued: 20, delivered: 10 });
    expect(stats.total).toBe(30);
    // Folio after 3, 6, ..., 30 minutes: p50 = 16.5 min, p90 = 27.3 min (linear interpolation).
    expect(stats.timeToFolio.count).toBe(10);
    expect(stats.timeToFolio.p50Seconds).toBeCloseTo(16.5 * 60);
    expect(stats.timeToFolio.p90Seconds).toBeCloseTo(27.3 * 60);
    expect(stats.byChannel['EMAIL']).toEqual({ contacted: 5, succeeded: 5, rate: 1 });
    // CALL: 3, 9, 15, 21, 27 got their folio; 5, 10, 20, 25 were called without one yet.
    expect(stats.byChannel['CALL']).toEqual({ contacted: 9, succeeded: 5, rate: 5 / 9 });
  });
});

describe('eraseRecordRows', () => {
  it('removes the request, keeps an erasure without personal data, and can run twice', async () => {
    await eraseRecordRows(pool, id(33));
    await eraseRecordRows(pool, id(33));
    expect(await getRecord(pool, 't2', id(33))).toBeNull();
    expect(await getErasure(pool, 't2', id(33))).toMatchObject({ recordId: id(33), tenantId: 't2' });
    expect(await getErasure(pool, 't1', id(33))).toBeNull();
  });
});
