// Rules that hold for any sequence of commands, and the Kafka-facing shapes (snapshot, contact queue).
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { isWithinWindow, profileCalendar } from '@folio/scheduling';
import { DomainError } from '@folio/errors';
import { contactQueueEntries, referenceFor } from './contact-queue.js';
import { decide } from './decide.js';
import { evolve, evolveAll } from './evolve.js';
import { commands, context, history, paths, RECORD_ID } from './fixtures.test.js';
import { fromSnapshot, toSnapshot } from './snapshot.js';
import { initialState, isTerminal, type RecordState } from './state.js';
import type { FolioRequestCommand } from './commands.js';
import { normaliseHotelPhone, validateRecordCreated } from './validation.js';
import { policy, recordCreated } from './fixtures.test.js';

const anyCommand: fc.Arbitrary<FolioRequestCommand> = fc.oneof(
  fc.constant(commands.create()),
  fc.constant(commands.create({ guestLastName: 'Other' })),
  fc.constant(commands.cancel()),
  fc.constant(commands.erase()),
  fc.constantFrom('b-1', 'b-2').map((b) => commands.schedule(b)),
  fc.constantFrom('b-1', 'b-2').map((b) => commands.cancelBatch(b)),
  fc.constantFrom('c-1', 'c-2', 'c-3').map((c) => commands.callPlaced(c)),
  fc
    .tuple(fc.constantFrom('AGREED', 'WILL_SEND', 'REFUSED', 'NOT_FOUND', 'CALLBACK_REQUESTED', 'ESCALATED', 'NOT_REACHED', 'OVERFLOWED_TO_EMAIL', 'UNCLEAR', 'UNKNOWN') as fc.Arbitrary<'AGREED'>, fc.constantFrom('c-1', 'c-2', 'c-3'))
    .map(([o, c]) => commands.outcome(o, c)),
  fc.tuple(fc.constantFrom('e-1', 'e-2'), fc.constantFrom('FOLIO_REQUEST', 'FOLLOW_UP', 'FOLIO_DELIVERY') as fc.Arbitrary<'FOLIO_REQUEST'>).map(([e, p]) => commands.emailSent(e, p)),
  fc.constantFrom('HARD', 'SOFT') .map((k) => commands.bounced(k as 'HARD')),
  fc.constantFrom('d-1', 'd-2').map((d) => commands.folioReceived(d)),
  fc.constantFrom('d-1', 'd-2').map((d) => commands.extracted(d)),
  fc.constantFrom('d-1', 'd-2').map((d) => commands.mismatch(d)),
  fc.constantFrom('d-1', 'd-2').map((d) => commands.extractionFailed(d)),
  fc.constantFrom('d-1', 'd-2').map((d) => commands.delivered(d)),
  fc.integer({ min: 3, max: 12 }).map((v) => commands.checkFolio(`verify:${RECORD_ID}:${v}`)),
);

/** Runs commands as the service does: a refused command changes nothing; an erased request is gone. */
function run(cmds: readonly FolioRequestCommand[], check: (before: RecordState, after: RecordState, events: ReturnType<typeof decide>) => void) {
  let state: RecordState = initialState();
  for (const command of cmds) {
    let events: ReturnType<typeof decide> = [];
    try {
      events = decide(command, state, context());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    const after = evolveAll(state, events);
    check(state, after, events);
    state = after.status === 'erased' ? initialState() : after;
  }
}

describe('any sequence of commands', () => {
  it('numbers events one by one after the state version, and the history holds every event', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 40 }), (cmds) => {
        run(cmds, (before, after, events) => {
          const from = before.status === 'none' ? 0 : before.version;
          expect(events.map((e) => e.version)).toEqual(events.map((_, i) => from + i + 1));
          if (after.status !== 'none' && after.status !== 'erased') {
            expect(after.version).toBe(after.history.length);
            expect(after.history.map((h) => h.version)).toEqual(after.history.map((_, i) => i + 1));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('puts every call, email and verification the policy decides inside the hotel\'s business hours', () => {
    const { calendar } = profileCalendar('+15015551234', 'America/Chicago', null, 'UTC');
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 40 }), (cmds) => {
        run(cmds, (_before, _after, events) => {
          for (const e of events) {
            if (e.contact?.verify) expect(isWithinWindow(e.contact.verify.at.getTime(), calendar)).toBe(true);
            if (e.contact?.outcome && e.type === 'RecordQueued') expect(isWithinWindow(e.data.notBefore!.getTime(), calendar)).toBe(true);
            if (e.contact?.outcome && e.type === 'CallbackRequested') expect(isWithinWindow(e.data.callbackAt!.getTime(), calendar)).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a terminal state, except to be erased', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 40 }), (cmds) => {
        run(cmds, (before, after) => {
          if (isTerminal(before) && before.status !== 'erased') expect(after.status === before.status || after.status === 'erased').toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('survives the round trip through folio.records.v1 unchanged', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 30 }), (cmds) => {
        run(cmds, (_before, after) => {
          if (after.status === 'none' || after.status === 'erased') return;
          expect(fromSnapshot(toSnapshot(after))).toEqual(after);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps personal data out of the history', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 30 }), (cmds) => {
        run(cmds, (_b, after) => {
          if (after.status === 'none' || after.status === 'erased') return;
          expect(JSON.stringify(after.history)).not.toMatch(/Ada|Lovelace|acme\.example|CONF-123/);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('validation of any input', () => {
  it('refuses any stay whose check-out is not after check-in', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 400 }), (checkOut, back) => {
        const out = checkOut.toISOString().slice(0, 10);
        const inn = new Date(checkOut.getTime() + back * 86_400_000).toISOString().slice(0, 10);
        const result = validateRecordCreated(recordCreated({ stay: { checkIn: inn, checkOut: out } }), null, policy, () => null);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('normalises any valid phone to E.164 that parses back to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[2-9][0-9]{2}[2-9][0-9]{6}$/), (national) => {
        const e164 = normaliseHotelPhone(national, 'US');
        if (e164 !== null) expect(normaliseHotelPhone(e164, undefined)).toBe(e164);
      }),
    );
  });

  it('trims any padded guest name and never accepts a blank one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 30 }), fc.constantFrom('', ' ', '\t', '  \n'), (name, pad) => {
        const result = validateRecordCreated(recordCreated({ guestLastName: `${pad}${name}${pad}` }), null, policy, () => null);
        const trimmed = name.normalize('NFC').trim();
        if (trimmed.length === 0) expect(result.ok).toBe(false);
        else if (result.ok) expect(result.request.guestLastName).toBe(trimmed);
      }),
    );
  });
});

describe('contact queue entries', () => {
  it('queues a new request for its hotel with a reference and the tenant inbox', () => {
    const events = history(...paths.queued);
    const entries = contactQueueEntries(initialState(), events, { replyToAddress: (t) => `folios+${t}@folio.test` });
    expect(entries).toEqual([
      {
        type: 'RecordReadyForContact',
        hotelPhone: '+15015551234',
        data: expect.objectContaining({ recordId: RECORD_ID, version: 2, attempt: 1, reference: referenceFor(RECORD_ID), replyToAddress: 'folios+acme@folio.test', notBefore: null }),
      },
    ]);
  });

  it('queues a callback with its time and withdraws a cancelled or erased request that waited for contact', () => {
    const settings = { replyToAddress: () => 'x@y.z' };
    const inCall = evolveAll(initialState(), history(...paths.in_call));
    const callback = decide(commands.outcome('CALLBACK_REQUESTED', 'call-1', new Date('2026-11-25T16:00:00Z')), inCall, context());
    expect(contactQueueEntries(inCall, callback, settings)).toEqual([
      expect.objectContaining({
        type: 'RecordReadyForContact',
        data: expect.objectContaining({ attempt: 2, notBefore: new Date('2026-11-25T16:00:00Z'), channel: 'CALL', createdAt: new Date('2026-11-24T12:00:00.000Z') }),
      }),
    ]);

    const scheduled = evolveAll(initialState(), history(...paths.scheduled));
    for (const command of [commands.cancel(), commands.erase()]) {
      const events = decide(command, scheduled, context());
      expect(contactQueueEntries(scheduled, events, settings)).toEqual([expect.objectContaining({ type: 'RecordWithdrawn', hotelPhone: '+15015551234', data: expect.objectContaining({ version: 4 }) })]);
    }
  });

  it('withdraws nothing for a request no batch holds', () => {
    const awaiting = evolveAll(initialState(), history(...paths.awaiting_folio));
    expect(contactQueueEntries(awaiting, decide(commands.cancel(), awaiting, context()), { replyToAddress: () => 'x@y.z' })).toEqual([]);
    expect(evolve(awaiting, decide(commands.cancel(), awaiting, context())[0]!).status).toBe('cancelled');
  });
});
