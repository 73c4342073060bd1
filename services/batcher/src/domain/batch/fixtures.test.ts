// Shared builders for the batching domain's tests (not a test file itself: no *.unit.test.ts suffix).
import { expect } from '@jest/globals';
import type { BatchEntry } from '@folio/contracts';
import { DEFAULT_RULES, type BatchingRules, type HotelContact } from './estimate.js';
import type { BatchingDeps } from './decide.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState, type HotelBatching } from './state.js';
import type { BatchCommand, CallGrant } from './commands.js';
import type { BatchEvent } from './events.js';

export const PHONE = '+15015551234';
export const T0 = Date.parse('2026-11-25T10:00:00Z');

export function request(n: number, overrides: Partial<BatchEntry> = {}): BatchEntry {
  return {
    recordId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    tenantId: 'tenant-1',
    sequence: 0,
    guestFirstName: 'Ada',
    guestLastName: `Guest${n}`,
    confirmationNumber: `CONF${n}`,
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
    reference: `REF${n}`,
    replyToAddress: 'folios@tenant.example',
    attempt: 1,
    queuedAt: new Date(T0 + n * 1_000),
    createdAt: null,
    notBefore: null,
    recordVersion: 1,
    channel: null,
    ...overrides,
  };
}

export const hotel = (overrides: Partial<HotelContact> = {}): HotelContact => ({ name: 'Hotel', email: 'desk@hotel.example', timeZone: null, emailOnly: false, ivrSeconds: null, ...overrides });
export const hints = { name: 'Hotel', email: 'desk@hotel.example', timeZone: 'America/New_York' };

/** Always open: the batch fires once collected. */
export function deps(rules: Partial<BatchingRules> = {}, contactWindow: BatchingDeps['contactWindow'] = (t) => t): BatchingDeps {
  return { rules: { ...DEFAULT_RULES, ...rules }, contactWindow };
}

export const commands = {
  add: (entry: BatchEntry, now = T0, newBatchId = 'b-1'): BatchCommand => ({ type: 'AddRequest', request: entry, hints, newBatchId, now }),
  withdraw: (n: number, version = 2, now = T0): BatchCommand => ({ type: 'WithdrawRequest', recordId: request(n).recordId, version, reason: { code: 'CANCELLED', message: 'cancelled' }, now }),
  fire: (batchId: string, dueAt: number, grant: CallGrant = { kind: 'granted', at: dueAt }, h: HotelContact = hotel(), now = dueAt): BatchCommand => ({
    type: 'FireBatch',
    batchId,
    dueAt,
    hotel: h,
    grant,
    ids: { callId: `call-${batchId}`, emailId: `email-${batchId}`, overflowBatchId: `${batchId}-email` },
    now,
  }),
  finish: (batchId: string, now: number, newBatchId = 'b-2'): BatchCommand => ({ type: 'FinishContact', batchId, newBatchId, now }),
};

/** given(events).when(command).then(events), in the emmett style. */
export function given(events: readonly BatchEvent[], d: BatchingDeps = deps()) {
  const state = events.reduce(evolve, initialState(PHONE));
  return {
    state,
    when: (command: BatchCommand) => {
      const out = decide(command, state, d);
      return { events: out, state: out.reduce(evolve, state), then: (expected: unknown) => expect(out).toEqual(expected) };
    },
  };
}

/** Runs commands one after the other from an empty hotel. */
export function run(cmds: readonly BatchCommand[], d: BatchingDeps = deps()): { state: HotelBatching; events: BatchEvent[] } {
  let state = initialState(PHONE);
  const events: BatchEvent[] = [];
  for (const c of cmds) {
    const out = decide(c, state, d);
    events.push(...out);
    state = out.reduce(evolve, state);
  }
  return { state, events };
}
