import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPool, migrate, MIGRATIONS_TABLE, type Pool } from './index.js';

function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run `make infra-up` (or `source <(scripts/infra/env.sh --print)`) first',
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Tables, columns and constraints of the public schema, as comparable text. */
async function schemaOf(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ORDER BY line`);
  return rows.map((row) => row.line);
}

describe('migrate', () => {
  const database = `folio_migrate_${randomBytes(5).toString('hex')}`;
  const serverUrl = withDatabase(testDatabaseUrl(), 'postgres');
  const databaseUrl = withDatabase(testDatabaseUrl(), database);
  let admin: Pool;
  let db: Pool;

  beforeAll(async () => {
    admin = createPool(serverUrl, { max: 1 });
    await admin.query(`CREATE DATABASE "${database}"`);
    db = createPool(databaseUrl, { max: 2 });
  });

  afterAll(async () => {
    await db?.end();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('applies every migration to a fresh database', async () => {
    const applied = await migrate(databaseUrl);

    expect(applied.length).toBeGreaterThan(0);
    expect(applied[0]).toMatch(/^\d{13}_tenants-and-api-keys$/);
    const { rows } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['api_keys', MIGRATIONS_TABLE, 'tenants']),
    );
  });

  it('changes nothing when run again', async () => {
    const before = await schemaOf(db);
    const recordedBefore = await db.query(`SELECT name, run_on FROM ${MIGRATIONS_TABLE} ORDER BY id`);

    expect(await migrate(databaseUrl)).toEqual([]);

    expect(await schemaOf(db)).toEqual(before);
    const recordedAfter = await db.query(`SELECT name, run_on FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    expect(recordedAfter.rows).toEqual(recordedBefore.rows);
  });

  it('stores API keys by hash with scopes limited to write, read and admin', async () => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO tenants (name, inbox_email, sender_name) VALUES ('Acme', 'folios@acme.test', 'Acme Travel')
       RETURNING id`,
    );
    const tenantId = rows[0]?.id;
    const hash = (n: number): string => n.toString(16).padStart(64, '0');
    const insertKey = (keyHash: string, scopes: string[]) =>
      db.query(`INSERT INTO api_keys (tenant_id, key_hash, scopes) VALUES ($1, $2, $3)`, [tenantId, keyHash, scopes]);

    await insertKey(hash(1), ['read', 'write']);
    await expect(insertKey(hash(1), ['read'])).rejects.toThrow(/api_keys_key_hash_key/);
    await expect(insertKey(hash(2), ['delete'])).rejects.toThrow(/api_keys_scopes_check/);
    await expect(insertKey(hash(3), [])).rejects.toThrow(/api_keys_scopes_check/);
    await expect(insertKey('not-a-sha256-hex', ['read'])).rejects.toThrow(/api_keys_key_hash_check/);
    await expect(
      db.query(`INSERT INTO tenants (name, inbox_email, sender_name) VALUES ('Other', 'folios@acme.test', 'Other')`),
    ).rejects.toThrow(/tenants_inbox_email_key/);
  });
});
