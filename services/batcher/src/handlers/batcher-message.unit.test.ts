// The handler's translation of messages into commands and of events into Kafka outputs, with in-memory
// state and a fake limits store (no I/O); and the Batch record round trip the restore depends on.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Batch, BatchDue, CallEnded, PlaceCall, RecordReadyForContact } from '@folio/contracts';
import { createLogger } from '@folio/logger';
import type { InboundMessage, OutboundMessage } from '@folio/runtime';
import { DEFAULT_RULES, decide, evolve, initialState, type BatchCommand, type CallGrant, type HotelBatching } from '../domain/batch/index.js';
import { commands, deps, request, PHONE, T0 } from '../domain/batch/fixtures.test.js';
import type { ContactLimits } from '../adapters/contact-limits.js';
import { batcherHandler, type BatcherInput } from './batcher-message.js';
import { fromBatch, toBatch } from './batch-record.js';

const topics = { batchCommands: 'bc', batchEvents: 'be', recordOutcomes: 'ro', callCommands: 'cc', emailCommands: 'ec', timers: 'tm' };

function harness(grant: (channel: string) => CallGrant = () => ({ kind: 'granted', at: T0 })) {
  const store = new Map<string, Batch>();
  const released: string[] = [];
  const acquired: string[] = [];
  const limits: ContactLimits = {
    acquire: async ({ dispatchId, channel }) => {
      acquired.push(dispatchId);
      return grant(channel);
    },
    release: async (id) => {
      released.push(id);
    },
  };
  const clock = { now: T0 };
  const handler = batcherHandler({
    rules: { ...DEFAULT_RULES, collectMs: 1_000 },
    contactWindow: (t) => t,
    limits,
    profiles: () => null,
    topics,
    emailFromName: 'Folio',
    armTimer: async (timerId, dueAt, message) => ({ topic: 'tm', key: timerId, schema: message.schema, value: { dueAt, message } }),
    cancelTimer: (timerId) => ({ topic: 'tm', key: timerId, schema: message.schema, value: null }),
    now: () => clock.now,
    sleep: async () => undefined,
  });
  let offset = 0;
  const send = async (type: string, value: BatcherInput) => {
    const inbound: InboundMessage<BatcherInput> = { topic: 'in', partition: 0, offset: String(offset++), key: PHONE, timestamp: clock.now, headers: {}, type, value, correlationId: 'c' };
    const state = { get: (k: string) => store.get(k), put: (k: string, v: Batch) => void store.set(k, v), delete: (k: string) => void store.delete(k) };
    return ((await handler(inbound, { logger: createLogger({ service: 't', level: 'silent' }), state })) ?? []) as OutboundMessage[];
  };
  return { store, released, acquired, clock, send };
}
const message = { schema: { type: 'record', name: 'X', namespace: 'x', fields: [] } } as unknown as OutboundMessage;

function ready(n: number): RecordReadyForContact {
  const r = request(n);
  return { ...r, version: 1, hotelPhone: PHONE, hotelName: null, hotelEmail: 'desk@hotel.example', hotelTimeZone: null, notBefore: null, channel: null };
}

const where = (out: OutboundMessage[]) => out.map((m) => `${m.topic}:${m.key}`);

describe('batcher handler', () => {
  it('opens and schedules a batch: batch events, the request outcome, the fire timer and the state', async () => {
    const h = harness();
    const out = await h.send('RecordReadyForContact', ready(1));
    expect(where(out)).toEqual(['be:' + PHONE, 'be:' + PHONE, 'ro:' + request(1).recordId, `tm:batch-fire:${PHONE}`]);
    expect(h.store.get(PHONE)).toMatchObject({ status: 'SCHEDULED', scheduledFor: new Date(T0 + 1_000), entries: [expect.objectContaining({ recordId: request(1).recordId })] });
  });

  it('tells a request that joins a scheduled batch its time', async () => {
    const h = harness();
    await h.send('RecordReadyForContact', ready(1));
    const out = await h.send('RecordReadyForContact', ready(2));
    expect(where(out)).toEqual(['ro:' + request(2).recordId]);
    expect(out[0]!.value).toMatchObject({ recordIds: [request(2).recordId], scheduledFor: new Date(T0 + 1_000), reason: { code: 'JOINED_SCHEDULED_BATCH' } });
  });

  it('dispatches a due batch as PlaceCall at the granted instant, and frees the call slot when the call ends', async () => {
    const h = harness(() => ({ kind: 'granted', at: T0 + 1_500 }));
    await h.send('RecordReadyForContact', ready(1));
    const batchId = h.store.get(PHONE)!.batchId;
    h.clock.now = T0 + 1_000;
    const out = await h.send('BatchDue', { batchId, hotelPhone: PHONE, dueAt: new Date(T0 + 1_000) } satisfies BatchDue);
    expect(h.acquired).toEqual([`call-${batchId}`]);
    const call = out.find((m) => m.topic === 'cc')!.value as PlaceCall;
    expect(call).toMatchObject({ callId: `call-${batchId}`, batchId, requestedAt: new Date(T0 + 1_500), maxDurationSeconds: 600, overflowAfterSeconds: 540 });
    expect(h.store.get(PHONE)).toMatchObject({ status: 'DISPATCHED', callId: `call-${batchId}` });

    const ended: CallEnded = { callId: `call-${batchId}`, batchId, hotelPhone: PHONE, endReason: 'COMPLETED', durationSeconds: 60, recordsRaised: 1, recordingKey: null, occurredAt: new Date() };
    expect(await h.send('CallEnded', ended)).toEqual([]);
    expect(h.released).toEqual([`call-${batchId}`]);
    expect(h.store.has(PHONE)).toBe(false);
  });

  it('ignores call events it does not act on', async () => {
    const h = harness();
    expect(await h.send('CallPlaced', { callId: 'c', batchId: 'b', hotelPhone: PHONE } as never)).toEqual([]);
  });

  it('refuses a message whose hotel phone differs from its key', async () => {
    const h = harness();
    await expect(h.send('RecordReadyForContact', { ...ready(1), hotelPhone: '+15015550000' })).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
  });
});

const unnumbered = (s: HotelBatching): HotelBatching => ({ ...s, pending: s.pending.map((e) => ({ ...e, sequence: 0 })) });

describe('Batch record', () => {
  it('restores the same batching state it was written from, whatever happened before', () => {
    const step = fc.oneof(
      fc.integer({ min: 1, max: 30 }).map((n) => (now: number): BatchCommand => commands.add(request(n), now, `b-${now}`)),
      fc.integer({ min: 1, max: 30 }).map((n) => (now: number): BatchCommand => commands.withdraw(n, 2, now)),
      fc.constant((now: number, batchId: string, dueAt: number): BatchCommand => commands.fire(batchId, dueAt, { kind: 'granted', at: now }, undefined, now)),
      fc.constant((now: number, batchId: string): BatchCommand => commands.finish(batchId, now, `b-${now}`)),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const d = deps({ maxPerBatch: 5 });
        let state = initialState(PHONE);
        let now = T0;
        for (const s of steps) {
          now += 120_000;
          const b = state.batch;
          state = decide(s(now, b.status === 'NONE' ? 'none' : b.batchId, b.status === 'SCHEDULED' ? b.scheduledFor : now), state, d).reduce(evolve, state);
          const record = toBatch(state, d.rules);
          if (record === null) {
            expect(state.pending).toEqual([]);
            expect(state.batch.status).toBe('NONE');
          } else {
            // Positions are given when a batch is written or dispatched; everything else comes back as it was.
            expect(unnumbered(fromBatch(record))).toEqual(unnumbered(state));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
