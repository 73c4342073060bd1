// The global send limits in the real PostgreSQL, with two limit stores standing for two replicas.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createPool, migrate } from '@folio/db';
import { databaseUrl, uniqueName } from '@folio/testkit';
import { PgSendLimits } from './send-limits.js';

const pool = createPool(databaseUrl(), { max: 6 });

beforeAll(async () => {
  await migrate(databaseUrl());
});

afterAll(async () => {
  await pool.end();
});

describe('PgSendLimits', () => {
  it('spaces grants from two replicas by 60 s / per-minute, and gives a redelivered email its first grant back', async () => {
    const scope = uniqueName('mail-limits');
    const options = { scope, perMinute: 60, perHour: 1_000, maxWaitMs: 10_000 };
    const replicas = [new PgSendLimits(pool, options), new PgSendLimits(pool, options)];
    const now = Date.now();
    const grants = await Promise.all(Array.from({ length: 6 }, (_, i) => replicas[i % 2]!.acquire(`e${i}`, now)));
    const times = grants.map((g) => (g.kind === 'granted' ? g.at : NaN)).sort((a, b) => a - b);
    expect(times.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
    const again = await replicas[1]!.acquire('e0', now + 30_000);
    expect(again).toEqual(grants[0]);
  });

  it('defers a slot further away than the longest wait without reserving it', async () => {
    const scope = uniqueName('mail-limits');
    const limits = new PgSendLimits(pool, { scope, perMinute: 2, perHour: 1_000, maxWaitMs: 5_000 });
    const now = Date.now();
    expect(await limits.acquire('a', now)).toEqual({ kind: 'granted', at: now });
    expect(await limits.acquire('b', now)).toEqual({ kind: 'deferred', until: now + 30_000, limit: 'per-minute' });
    expect(await limits.acquire('b', now + 30_000)).toEqual({ kind: 'granted', at: now + 30_000 });
  });

  it('holds the hourly limit over a rolling hour', async () => {
    const scope = uniqueName('mail-limits');
    const limits = new PgSendLimits(pool, { scope, perMinute: 60, perHour: 3, maxWaitMs: 5_000 });
    const t0 = Date.now();
    for (const [i, at] of [t0, t0 + 60_000, t0 + 120_000].entries()) expect(await limits.acquire(`h${i}`, at)).toEqual({ kind: 'granted', at });
    expect(await limits.acquire('h3', t0 + 180_000)).toEqual({ kind: 'deferred', until: t0 + 3_600_000, limit: 'per-hour' });
    expect(await limits.acquire('h3', t0 + 3_600_001)).toEqual({ kind: 'granted', at: t0 + 3_600_001 });
  });
});
