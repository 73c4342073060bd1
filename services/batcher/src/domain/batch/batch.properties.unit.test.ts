// Batching rules that hold for any requests, any arrival order and any limits (fast-check).
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { BatchEntry } from '@folio/contracts';
import { DEFAULT_RULES, compareEntries, estimateCallSeconds, type BatchingRules } from './estimate.js';
import type { BatchCommand } from './commands.js';
import type { BatchEvent } from './events.js';
import { commands, deps, hotel, request, run, PHONE, T0 } from './fixtures.test.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';

const requests = fc
  .uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 60 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({ created: fc.option(fc.integer({ min: -86_400_000, max: 0 }), { nil: null }), queued: fc.integer({ min: 0, max: 3_600_000 }) }).map(({ created, queued }) =>
          request(id, { createdAt: created === null ? null : new Date(T0 + created), queuedAt: new Date(T0 + queued) }),
        ),
      ),
    ),
  );

const rules: fc.Arbitrary<BatchingRules> = fc.record({
  setupSeconds: fc.integer({ min: 0, max: 20 }),
  ivrSeconds: fc.integer({ min: 0, max: 120 }),
  perRequestSeconds: fc.integer({ min: 5, max: 90 }),
  bufferPercent: fc.integer({ min: 0, max: 50 }),
  callBudgetSeconds: fc.integer({ min: 60, max: 900 }),
  maxCallSeconds: fc.constant(600),
  maxPerBatch: fc.integer({ min: 1, max: 30 }),
  collectMs: fc.constant(DEFAULT_RULES.collectMs),
});

const contact = fc.record({ email: fc.option(fc.constant('desk@hotel.example'), { nil: null }), emailOnly: fc.boolean(), ivrSeconds: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }) });

function dispatchedOf(events: readonly BatchEvent[]) {
  return events.filter((e): e is Extract<BatchEvent, { type: 'BatchDispatched' }> => e.type === 'BatchDispatched');
}

function sortedOldestFirst(entries: readonly BatchEntry[]): boolean {
  return entries.every((e, i) => i === 0 || compareEntries(entries[i - 1]!, e) <= 0);
}

describe('batching properties', () => {
  it('never exceeds the call budget or the batch maximum, loses or duplicates no request, and keeps oldest-first order', () => {
    fc.assert(
      fc.property(requests, rules, contact, (reqs, r, c) => {
        const d = deps(r);
        const added = run(reqs.map((q) => commands.add(q)), d);
        const due = T0 + r.collectMs;
        const fired = run([...reqs.map((q) => commands.add(q)), commands.fire('b-1', due, { kind: 'granted', at: due }, hotel(c))], d);
        const sent = dispatchedOf(fired.events);
        const call = sent.filter((e) => e.channel === 'CALL').flatMap((e) => e.entries);
        const email = sent.filter((e) => e.channel === 'EMAIL').flatMap((e) => e.entries);

        if (call.length > 0) expect(estimateCallSeconds(call.length, r, c.ivrSeconds)).toBeLessThanOrEqual(r.callBudgetSeconds);
        for (const batch of sent) expect(batch.entries.length).toBeLessThanOrEqual(r.maxPerBatch);

        const ids = [...call, ...email, ...fired.state.pending].map((e) => e.recordId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set(reqs.map((q) => q.recordId)));

        const all = [...call, ...email, ...fired.state.pending];
        expect(sortedOldestFirst(all)).toBe(true);
        expect(sortedOldestFirst(added.state.pending)).toBe(true);
        for (const batch of sent) expect(batch.entries.map((e) => e.sequence)).toEqual(batch.entries.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('holds each request at most once among the pending and once in flight, oldest first, for any sequence of commands', () => {
    const ids = fc.integer({ min: 1, max: 8 });
    type Step = (now: number, batchId: string, dueAt: number) => BatchCommand;
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.tuple(ids, fc.integer({ min: 1, max: 3 })).map(([n, v]): Step => (now) => commands.add(request(n, { recordVersion: v }), now, `b-${now}`)),
      fc.tuple(ids, fc.integer({ min: 1, max: 4 })).map(([n, v]): Step => (now) => commands.withdraw(n, v, now)),
      fc.boolean().map(
        (granted): Step =>
          (now, batchId, dueAt) =>
            commands.fire(batchId, dueAt, granted ? { kind: 'granted', at: now } : { kind: 'deferred', until: now + 1_000, reason: { code: 'CALL_RATE_LIMIT', message: 'rate' } }, hotel(), now),
      ),
      fc.constant<Step>((now, batchId) => commands.finish(batchId, now, `b-${now}`)),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const d = deps({ maxPerBatch: 3 });
        let state = initialState(PHONE);
        let now = T0;
        for (const s of steps) {
          now += 120_000;
          const b = state.batch;
          const cmd = s(now, b.status === 'NONE' ? 'none' : b.batchId, b.status === 'SCHEDULED' ? b.scheduledFor : now);
          state = decide(cmd, state, d).reduce(evolve, state);
          const pending = state.pending.map((e) => e.recordId);
          const inFlight = state.batch.status === 'DISPATCHED' ? state.batch.inFlight.map((e) => e.recordId) : [];
          expect(new Set(pending).size).toBe(pending.length);
          expect(new Set(inFlight).size).toBe(inFlight.length);
          expect(inFlight.length).toBeLessThanOrEqual(3);
          expect(sortedOldestFirst(state.pending)).toBe(true);
          // A hotel with requests pending and nothing in flight always has a batch on its way.
          if (state.pending.length > 0 && state.batch.status !== 'DISPATCHED') expect(state.batch.status).toBe('SCHEDULED');
        }
      }),
      { numRuns: 300 },
    );
  });
});
