// The inbox's reads against a real PostgreSQL: a fresh migrated database for this file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createPool, migrate, type Pool } from '@folio/db';
import { databaseUrl, uniqueName } from '@folio/testkit';
import { hotelEmailDomains, inboxCandidates, inboxTenants, listInboxReview } from './inbox.js';

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

const id = (i: number) => `0000000${i}-0000-4000-8000-000000000000`;
const TENANT = '11111111-1111-4111-8111-111111111111';

async function insertRecord(i: number, tenant: string, status: string, phone = '+15015550001'): Promise<void> {
  await pool.query(
    `INSERT INTO records (record_id, tenant_id, external_id, status, source, hotel_phone, guest_first_name, guest_last_name,
       confirmation_number, check_in, check_out, destination_email, created_at, received_at, updated_at, version)
     VALUES ($1, $2, $3, $4, 'API', $5, 'Ada', 'Lovelace', $6, '2026-02-01', '2026-02-03', 'x@example.com', now(), now(), now() + ($7 || ' seconds')::interval, 1)`,
    [id(i), tenant, `ext-${i}`, status, phone, `C${i}`, i],
  );
}

async function insertMessage(messageId: string, tenant: string | null, reason: string | null, reviewed = false): Promise<void> {
  await pool.query(
    `INSERT INTO inbox_messages (message_id, tenant_id, from_address, to_address, subject, received_at, match_method, review_reason,
       suggestions, folder, processed_at, reviewed_at)
     VALUES ($1, $2, 'a@hotel.example', 'folios@folio.test', 's', now(), 'UNMATCHED', $3, '[{"recordId":"r","confidence":0.5}]', 'Review', now(), $4)`,
    [messageId, tenant, reason, reviewed ? new Date() : null],
  );
}

beforeAll(async () => {
  const name = uniqueName('inbox_reads', '_').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin(`CREATE DATABASE "${name}"`);
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  pool = createPool(url.toString(), { max: 2 });
  await pool.query(`INSERT INTO tenants (id, name, inbox_email, sender_name) VALUES ($1, 'T', 'Folios@Client.example', 'T')`, [TENANT]);
  await insertRecord(1, 't1', 'emailed');
  await insertRecord(2, 't1', 'awaiting_folio');
  await insertRecord(3, 't1', 'delivered');
  await insertRecord(4, 't2', 'emailed', '+15015550002');
  await insertRecord(5, 't1', 'extracted');
  await pool.query(`INSERT INTO hotels (hotel_phone, email, contact_preference, leave_voicemail, updated_at, version) VALUES ('+15015550001', 'Desk@Grand.example', 'ANY', false, now(), 1)`);
  await pool.query(
    `INSERT INTO inbox_sent_emails (message_id, email_id, reply_token, record_ids, hotel_phone, to_address, sent_at)
     VALUES ('<e1@folio.test>', 'e1', 'tok', ARRAY[$1::uuid], '+15015550002', 'reservations@other-hotel.example', now())`,
    [id(4)],
  );
  await insertMessage('<m1@x>', 't1', 'NO_MATCH');
  await insertMessage('<m2@x>', 't1', null);
  await insertMessage('<m3@x>', 't1', 'AMBIGUOUS', true);
  await insertMessage('<m4@x>', null, 'NO_MATCH');
  await insertMessage('<m5@x>', 't2', 'LOW_CONFIDENCE');
});

afterAll(async () => {
  await pool?.end();
  await dropDatabase?.();
});

describe('inbox reads', () => {
  it('lists the tenant requests still waiting for a folio, with their hotel email', async () => {
    const rows = await inboxCandidates(pool, { tenantIds: ['t1'], recordIds: [], referencePrefixes: [] });
    expect(rows.map((r) => r.recordId).sort()).toEqual([id(1), id(2)]);
    expect(rows.find((r) => r.recordId === id(1))).toMatchObject({ tenantId: 't1', status: 'emailed', guestLastName: 'Lovelace', confirmationNumber: 'C1', hotelEmail: 'Desk@Grand.example' });
  });

  it('adds requests named by id or by reference prefix, whatever their tenant and status', async () => {
    const rows = await inboxCandidates(pool, { tenantIds: ['t1'], recordIds: [id(4)], referencePrefixes: [id(3).replace(/-/g, '').slice(0, 10), 'not-hex'] });
    expect(rows.map((r) => r.recordId).sort()).toEqual([id(1), id(2), id(3), id(4)]);
  });

  it('takes every tenant without a tenant filter, and keeps to the limit', async () => {
    expect((await inboxCandidates(pool, { tenantIds: null, recordIds: [], referencePrefixes: [] })).map((r) => r.recordId).sort()).toEqual([id(1), id(2), id(4)]);
    expect((await inboxCandidates(pool, { tenantIds: null, recordIds: [], referencePrefixes: [], limit: 1 })).map((r) => r.recordId)).toEqual([id(4)]);
  });

  it('finds tenants by inbox address (any case) and by a plus part that is a tenant id', async () => {
    expect(await inboxTenants(pool, ['folios@client.example'], [])).toEqual([TENANT]);
    expect((await inboxTenants(pool, ['x@y.example'], ['t2', 'nobody'])).sort()).toEqual(['t2']);
  });

  it('knows hotel domains from the profile and from where request emails went', async () => {
    const domains = await hotelEmailDomains(pool, ['+15015550001', '+15015550002']);
    expect(domains).toEqual(new Map([['+15015550001', new Set(['grand.example'])], ['+15015550002', new Set(['other-hotel.example'])]]));
  });

  it('lists unreviewed emails of the review list per tenant; null also shows mail of no known tenant', async () => {
    expect((await listInboxReview(pool, { tenantId: 't1' })).map((r) => r.messageId)).toEqual(['<m1@x>']);
    const all = await listInboxReview(pool, { tenantId: null });
    expect(all.map((r) => r.messageId).sort()).toEqual(['<m1@x>', '<m4@x>', '<m5@x>']);
    expect(all.find((r) => r.messageId === '<m1@x>')).toMatchObject({ reviewReason: 'NO_MATCH', suggestions: [{ recordId: 'r', confidence: 0.5 }], matchedRecordIds: [] });
  });
});
