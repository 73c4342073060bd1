// The global contact limits against the real PostgreSQL: grants from many concurrent callers (as from many
// replicas) keep the calls-per-second spacing, the concurrency cap, one call per hotel and the daily cap, and a
// repeated grant for the same call is the same grant.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createPool, migrate, type Pool } from '@folio/db';
import { databaseUrl, uniqueName } from '@folio/testkit';
import { PgContactLimits, type ContactLimitsOptions } from './contact-limits.js';

let pool: Pool;

beforeAll(async () => {
  await migrate(databaseUrl());
  pool = createPool(databaseUrl(), { max: 12 });
});

afterAll(async () => {
  await pool.end();
});

function limits(overrides: Partial<ContactLimitsOptions> = {}) {
  return new PgContactLimits(pool, {
    scope: uniqueName('limits'),
    maxConcurrentCalls: 100,
    callsPerSecond: 1,
    maxContactsPerHotelPerDay: 3,
    maxRateWaitMs: 60_000,
    concurrencyRetryMs: 30_000,
    slotExpiryMs: 900_000,
    ...overrides,
  });
}

const NOW = Date.parse('2026-11-25T15:00:00Z');

describe('PostgreSQL contact limits', () => {
  it('grants concurrent calls to different hotels at least 1/CPS apart', async () => {
    const l = limits({ callsPerSecond: 4 });
    const grants = await Promise.all(Array.from({ length: 20 }, (_, i) => l.acquire({ dispatchId: `call-${i}`, hotelPhone: `+1501555${1000 + i}`, channel: 'CALL', now: NOW })));
    const at = grants.map((g) => (g.kind === 'granted' ? g.at : Number.NaN)).sort((a, b) => a - b);
    expect(at.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(250);
  });

  it('gives a repeated request for the same call the same grant', async () => {
    const l = limits();
    const first = await l.acquire({ dispatchId: 'call-a', hotelPhone: '+15015550001', channel: 'CALL', now: NOW });
    const again = await l.acquire({ dispatchId: 'call-a', hotelPhone: '+15015550001', channel: 'CALL', now: NOW + 5_000 });
    expect(again).toEqual(first);
  });

  it('defers a second call to a hotel until the first ends', async () => {
    const l = limits();
    await l.acquire({ dispatchId: 'call-1', hotelPhone: '+15015550001', channel: 'CALL', now: NOW });
    expect(await l.acquire({ dispatchId: 'call-2', hotelPhone: '+15015550001', channel: 'CALL', now: NOW + 2_000 })).toMatchObject({ kind: 'deferred', reason: { code: 'HOTEL_CALL_IN_PROGRESS' } });
    await l.release('call-1', NOW + 3_000);
    expect(await l.acquire({ dispatchId: 'call-2', hotelPhone: '+15015550001', channel: 'CALL', now: NOW + 4_000 })).toMatchObject({ kind: 'granted' });
  });

  it('defers calls over the concurrency cap until one ends, or its slot expires', async () => {
    const l = limits({ maxConcurrentCalls: 2, slotExpiryMs: 60_000 });
    await l.acquire({ dispatchId: 'c1', hotelPhone: '+15015550001', channel: 'CALL', now: NOW });
    await l.acquire({ dispatchId: 'c2', hotelPhone: '+15015550002', channel: 'CALL', now: NOW + 1_000 });
    expect(await l.acquire({ dispatchId: 'c3', hotelPhone: '+15015550003', channel: 'CALL', now: NOW + 2_000 })).toMatchObject({ kind: 'deferred', until: NOW + 32_000, reason: { code: 'CONCURRENT_CALL_LIMIT' } });
    expect(await l.acquire({ dispatchId: 'c3', hotelPhone: '+15015550003', channel: 'CALL', now: NOW + 61_000 })).toMatchObject({ kind: 'granted' });
  });

  it('defers a contact over the hotel daily cap until 24 h after the oldest', async () => {
    const l = limits({ maxContactsPerHotelPerDay: 2 });
    await l.acquire({ dispatchId: 'email-1', hotelPhone: '+15015550001', channel: 'EMAIL', now: NOW });
    await l.acquire({ dispatchId: 'c1', hotelPhone: '+15015550001', channel: 'CALL', now: NOW + 1_000 });
    await l.release('c1', NOW + 2_000);
    expect(await l.acquire({ dispatchId: 'c2', hotelPhone: '+15015550001', channel: 'CALL', now: NOW + 3_000 })).toMatchObject({
      kind: 'deferred',
      until: NOW + 86_400_000,
      reason: { code: 'HOTEL_DAILY_CONTACT_LIMIT' },
    });
  });

  it('reschedules instead of waiting longer than the rate wait', async () => {
    const l = limits({ callsPerSecond: 0.1, maxRateWaitMs: 5_000 });
    await l.acquire({ dispatchId: 'c1', hotelPhone: '+15015550001', channel: 'CALL', now: NOW });
    expect(await l.acquire({ dispatchId: 'c2', hotelPhone: '+15015550002', channel: 'CALL', now: NOW + 1_000 })).toMatchObject({ kind: 'deferred', until: NOW + 10_000, reason: { code: 'CALL_RATE_LIMIT' } });
  });
});
