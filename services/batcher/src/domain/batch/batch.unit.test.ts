// The batching rules, example by example.
import { describe, it, expect } from '@jest/globals';
import { DEFAULT_RULES, estimateCallSeconds, maxRequestsInCall, planContact } from './estimate.js';
import { commands, deps, given, hotel, request, run, T0 } from './fixtures.test.js';

const COLLECT = DEFAULT_RULES.collectMs;

describe('call estimate', () => {
  it('is 5 s setup + 15 s IVR + 30 s per request, plus 20 %', () => {
    expect(estimateCallSeconds(3, DEFAULT_RULES)).toBe(132);
    expect(estimateCallSeconds(14, DEFAULT_RULES)).toBe(528);
    expect(estimateCallSeconds(15, DEFAULT_RULES)).toBe(564);
  });

  it('uses the hotel learned IVR time when it has one', () => {
    expect(estimateCallSeconds(1, DEFAULT_RULES, 60)).toBe(Math.ceil((5 + 60 + 30) * 1.2));
    expect(maxRequestsInCall(DEFAULT_RULES, 60)).toBeLessThan(maxRequestsInCall(DEFAULT_RULES));
  });

  it('fits 14 requests in the 540 s budget by default', () => {
    expect(maxRequestsInCall(DEFAULT_RULES)).toBe(14);
  });
});

describe('batcher', () => {
  it('opens a batch for a hotel first request and schedules it after the collection delay, in the hotel window', () => {
    const window = (t: number) => t + 3_600_000;
    const { events } = run([commands.add(request(1))], deps({}, window));
    expect(events.map((e) => e.type)).toEqual(['RequestAdded', 'BatchCreated', 'BatchScheduled']);
    expect(events[2]).toMatchObject({ batchId: 'b-1', scheduledFor: T0 + COLLECT + 3_600_000, recordIds: [request(1).recordId] });
  });

  it('adds later requests to the open batch oldest first, by creation time', () => {
    const { state, events } = run([
      commands.add(request(1, { createdAt: new Date(T0 - 1_000) })),
      commands.add(request(2, { createdAt: new Date(T0 - 5_000) })),
      commands.add(request(3)),
    ]);
    expect(events.filter((e) => e.type === 'BatchCreated')).toHaveLength(1);
    expect(state.pending.map((e) => e.confirmationNumber)).toEqual(['CONF2', 'CONF1', 'CONF3']);
  });

  it('ignores a request it already holds at the same or a newer version', () => {
    const first = run([commands.add(request(1, { recordVersion: 3 }))]);
    given(first.events).when(commands.add(request(1, { recordVersion: 2 }))).then([]);
    given(first.events).when(commands.add(request(1, { recordVersion: 3 }))).then([]);
  });

  it('removes a withdrawn request, and cancels the batch when none is left', () => {
    const { events } = run([commands.add(request(1)), commands.add(request(2))]);
    const one = given(events).when(commands.withdraw(1));
    expect(one.events.map((e) => e.type)).toEqual(['RequestRemoved']);
    const both = given([...events, ...one.events]).when(commands.withdraw(2));
    expect(both.events.map((e) => e.type)).toEqual(['RequestRemoved', 'BatchCancelled']);
    expect(both.state.batch.status).toBe('NONE');
  });

  it('ignores a withdrawal older than the queued request', () => {
    const { events } = run([commands.add(request(1, { recordVersion: 5 }))]);
    given(events).when(commands.withdraw(1, 4)).then([]);
  });

  it('dispatches a batch that fits the budget as one call, oldest first, numbered from 1', () => {
    const { events } = run([commands.add(request(2)), commands.add(request(1))]);
    const due = T0 + COLLECT;
    const fired = given(events).when(commands.fire('b-1', due));
    expect(fired.events).toEqual([
      expect.objectContaining({ type: 'BatchDispatched', batchId: 'b-1', channel: 'CALL', callId: 'call-b-1', occurredAt: due, estimatedDurationSeconds: estimateCallSeconds(2, DEFAULT_RULES) }),
    ]);
    const dispatched = fired.events[0] as unknown as { entries: { confirmationNumber: string; sequence: number }[] };
    expect(dispatched.entries.map((e) => [e.confirmationNumber, e.sequence])).toEqual([['CONF1', 1], ['CONF2', 2]]);
    expect(fired.state.batch.status).toBe('DISPATCHED');
    expect(fired.state.pending).toEqual([]);
  });

  it('splits 30 requests: 14 by call, the next 16 by email (BatchSplit with both lists)', () => {
    const adds = Array.from({ length: 30 }, (_, i) => commands.add(request(i + 1)));
    const { events } = run(adds);
    const fired = given(events).when(commands.fire('b-1', T0 + COLLECT));
    expect(fired.events.map((e) => e.type)).toEqual(['BatchSplit', 'BatchDispatched', 'BatchDispatched']);
    const [split, call, email] = fired.events as unknown as [
      { keptRecordIds: string[]; movedRecordIds: string[]; newBatchId: string; reason: { code: string } },
      { channel: string; entries: unknown[] },
      { channel: string; batchId: string; entries: unknown[]; emailId: string },
    ];
    expect(split.keptRecordIds).toHaveLength(14);
    expect(split.movedRecordIds).toHaveLength(16);
    expect(split.reason.code).toBe('ESTIMATE_OVER_BUDGET');
    expect(call).toMatchObject({ channel: 'CALL' });
    expect(call.entries).toHaveLength(14);
    expect(email).toMatchObject({ channel: 'EMAIL', batchId: 'b-1-email', emailId: 'email-b-1' });
    expect(email.entries).toHaveLength(16);
    expect(fired.state.pending).toEqual([]);
  });

  it('keeps requests beyond one call and one email batch for the next batch', () => {
    const adds = Array.from({ length: 40 }, (_, i) => commands.add(request(i + 1)));
    const fired = given(run(adds).events).when(commands.fire('b-1', T0 + COLLECT));
    expect(fired.state.pending.map((e) => e.confirmationNumber)).toEqual(['CONF35', 'CONF36', 'CONF37', 'CONF38', 'CONF39', 'CONF40']);
  });

  it('sends an email batch to an email-only hotel', () => {
    const fired = given(run([commands.add(request(1))]).events).when(commands.fire('b-1', T0 + COLLECT, { kind: 'granted', at: T0 + COLLECT }, hotel({ emailOnly: true })));
    expect(fired.events).toEqual([expect.objectContaining({ type: 'BatchDispatched', channel: 'EMAIL', emailId: 'email-b-1', callId: null })]);
  });

  it('sends the requests that asked for email by email, and calls about the others', () => {
    const due = [request(1), request(2, { channel: 'EMAIL' }), request(3), request(4, { channel: 'EMAIL' })];
    const plan = planContact(due, hotel(), DEFAULT_RULES);
    expect(plan.call.map((e) => e.confirmationNumber)).toEqual(['CONF1', 'CONF3']);
    expect(plan.email.map((e) => e.confirmationNumber)).toEqual(['CONF2', 'CONF4']);
    // Only email requests: no call at all.
    const onlyEmail = planContact([request(5, { channel: 'EMAIL' })], hotel(), DEFAULT_RULES);
    expect(onlyEmail).toEqual({ call: [], email: [expect.objectContaining({ confirmationNumber: 'CONF5' })] });
    // A batch of such requests fires as an email batch.
    const fired = given(run([commands.add(request(6, { channel: 'EMAIL' }))]).events).when(commands.fire('b-1', T0 + COLLECT));
    expect(fired.events).toEqual([expect.objectContaining({ type: 'BatchDispatched', channel: 'EMAIL', emailId: 'email-b-1', callId: null })]);
    // Without an address they are called after all rather than left waiting.
    expect(planContact(due, hotel({ email: null }), DEFAULT_RULES).call).toHaveLength(4);
  });

  it('without a hotel email, the rest waits for the next call instead of going by email', () => {
    const adds = Array.from({ length: 16 }, (_, i) => commands.add(request(i + 1)));
    const fired = given(run(adds).events).when(commands.fire('b-1', T0 + COLLECT, { kind: 'granted', at: T0 + COLLECT }, hotel({ email: null })));
    expect(fired.events.map((e) => e.type)).toEqual(['BatchDispatched']);
    expect(fired.state.pending).toHaveLength(2);
  });

  it('reschedules when the global limits defer the call, to the hotel window after the limit', () => {
    const window = (t: number) => t + 10;
    const d = deps({}, window);
    const { events } = run([commands.add(request(1))], d);
    const due = T0 + COLLECT + 10;
    const reason = { code: 'CONCURRENT_CALL_LIMIT', message: '10 calls are in progress' };
    const fired = given(events, d).when(commands.fire('b-1', due, { kind: 'deferred', until: due + 30_000, reason }));
    expect(fired.events).toEqual([expect.objectContaining({ type: 'BatchScheduled', batchId: 'b-1', scheduledFor: due + 30_010, reason })]);
  });

  it('ignores a stale BatchDue (another batch, or a time since rescheduled)', () => {
    const { events } = run([commands.add(request(1))]);
    given(events).when(commands.fire('b-0', T0 + COLLECT)).then([]);
    given(events).when(commands.fire('b-1', T0 + COLLECT - 1)).then([]);
  });

  it('holds a request until its notBefore time (a callback)', () => {
    const callback = T0 + 7_200_000;
    const { events } = run([commands.add(request(1, { notBefore: new Date(callback) }))]);
    expect(events[2]).toMatchObject({ type: 'BatchScheduled', scheduledFor: callback });
  });

  it('lets one contact per hotel happen at a time: requests queued during a call wait for its end', () => {
    const first = run([commands.add(request(1)), commands.fire('b-1', T0 + COLLECT)]);
    const during = given(first.events).when(commands.add(request(2), T0 + COLLECT + 5_000, 'b-x'));
    expect(during.events.map((e) => e.type)).toEqual(['RequestAdded']);
    const ended = given([...first.events, ...during.events]).when(commands.finish('b-1', T0 + 600_000, 'b-2'));
    expect(ended.events.map((e) => e.type)).toEqual(['BatchCompleted', 'BatchCreated', 'BatchScheduled']);
    expect(ended.events[2]).toMatchObject({ batchId: 'b-2', recordIds: [request(2).recordId], scheduledFor: T0 + 600_000 + COLLECT });
  });

  it('moves the requests a call did not raise at 540 s to an email', () => {
    const adds = Array.from({ length: 5 }, (_, i) => commands.add(request(i + 1)));
    const first = run([...adds, commands.fire('b-1', T0 + COLLECT)]);
    const remaining = [request(4).recordId, request(5).recordId];
    const overflow = given(first.events).when({ type: 'OverflowCall', batchId: 'b-1', remainingRecordIds: remaining, hotel: hotel(), ids: { emailId: 'e-o', overflowBatchId: 'b-1-overflow' }, now: T0 + 700_000 });
    expect(overflow.events.map((e) => e.type)).toEqual(['BatchSplit', 'BatchDispatched']);
    expect(overflow.events[0]).toMatchObject({ movedRecordIds: remaining, newChannel: 'EMAIL', reason: { code: 'CALL_DURATION_EXCEEDED' } });
    expect(overflow.state.batch.status).toBe('DISPATCHED');
  });
});
