// The records service decides a request's next contact with the contact policy (@folio/scheduling): its
// history of call outcomes, emails and verifications, and the hotel's calendar (Chicago here: Monday to
// Friday 08:00-18:00, US public holidays; 2026-11-26 is Thanksgiving).
import { describe, it, expect } from '@jest/globals';
import type { Reason, RecordCallOutcome, VerifyFolio } from '@folio/contracts';
import type { FolioRequestCommand } from './commands.js';
import { contactHistory, pendingVerification } from './contact-history.js';
import { decide, type DecideContext } from './decide.js';
import type { FolioRequestEvent } from './events.js';
import { evolveAll } from './evolve.js';
import { commands, context, RECORD_ID, TENANT } from './fixtures.test.js';
import { fromSnapshot, toSnapshot } from './snapshot.js';
import { initialState, type ActiveState, type RecordState } from './state.js';

const reason = (code: string, message = code): Reason => ({ code, message, field: null });

function outcome(kind: RecordCallOutcome['outcome'], at: string, o: { callId: string; reason?: Reason; callbackAt?: string }): FolioRequestCommand {
  return {
    type: 'ApplyCallOutcome',
    data: {
      callId: o.callId,
      batchId: 'batch-1',
      hotelPhone: '+15015551234',
      recordId: RECORD_ID,
      tenantId: TENANT,
      outcome: kind,
      callbackAt: o.callbackAt ? new Date(o.callbackAt) : null,
      hotelWords: null,
      confidence: 0.9,
      reason: o.reason ?? null,
      occurredAt: new Date(at),
    },
  };
}

function check(timerId: string): FolioRequestCommand {
  const data: VerifyFolio = { recordId: RECORD_ID, tenantId: TENANT, timerId, reason: reason('VERIFY_PROMISE'), dueAt: new Date(), armedAt: new Date() };
  return { type: 'CheckFolio', data };
}

/** A request driven command by command, each decided at its own instant, keeping every event. */
function request(created = commands.create()) {
  let state: RecordState = initialState();
  const events: FolioRequestEvent[] = [];
  const run = (command: FolioRequestCommand, now: string, ctx: Partial<DecideContext> = {}) => {
    const out = decide(command, state, context({ now: new Date(now), ...ctx }));
    state = evolveAll(state, out);
    events.push(...out);
    return out;
  };
  run(created, '2026-11-25T09:00:00Z');
  /** Scheduled and called at `at`: the request is in_call with call `callId`. */
  const call = (callId: string, at: string) => {
    run(commands.schedule(`b-${callId}`, new Date(at)), at);
    run(commands.callPlaced(callId), at);
  };
  return { run, call, events, get state() { return state as ActiveState; } };
}

describe('contact policy in the records service', () => {
  it('retries a voicemail 24 h later in business hours, the second time too, and says so in the history', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z'); // Wednesday 09:00 in Chicago
    const [first] = r.run(outcome('NOT_REACHED', '2026-11-25T15:02:00Z', { callId: 'call-1', reason: reason('VOICEMAIL_MESSAGE_LEFT', 'voicemail answered; a message was left') }), '2026-11-25T15:02:00Z');
    // 24 h later is Thanksgiving: the next window is Friday 08:00 in Chicago.
    expect(first).toMatchObject({ type: 'RecordQueued', data: { attempt: 2, notBefore: new Date('2026-11-27T14:00:00Z'), reason: { code: 'VOICEMAIL_RETRY', message: 'voicemail (message left): retry 1 of 3' } } });

    r.call('call-2', '2026-11-27T14:00:00Z');
    const [second] = r.run(outcome('NOT_REACHED', '2026-11-27T14:01:00Z', { callId: 'call-2', reason: reason('VOICEMAIL_NO_MESSAGE') }), '2026-11-27T14:01:00Z');
    // 24 h after Friday 08:01 is Saturday: Monday 08:00.
    expect(second).toMatchObject({ type: 'RecordQueued', data: { attempt: 3, notBefore: new Date('2026-11-30T14:00:00Z'), reason: { code: 'VOICEMAIL_RETRY', message: 'voicemail (no message left): retry 2 of 3' } } });
    expect(contactQueueChannel(second!)).toBe('CALL');
    expect(r.state.history.at(-1)?.reason?.message).toBe('voicemail (no message left): retry 2 of 3');
  });

  it('reads the voicemail code VOICEMAIL with the message naming whether one was left', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    const [event] = r.run(outcome('NOT_REACHED', '2026-11-25T15:02:00Z', { callId: 'call-1', reason: reason('VOICEMAIL', 'VOICEMAIL_MESSAGE_LEFT') }), '2026-11-25T15:02:00Z');
    expect(event).toMatchObject({ data: { reason: { message: 'voicemail (message left): retry 1 of 3' } } });
  });

  it('backs off unanswered and busy calls: 300 s, then 1 h, then 12 h, each in business hours', () => {
    const r = request();
    const expected = ['2026-11-25T15:05:00Z', '2026-11-25T16:05:00Z', '2026-11-27T14:00:00Z'];
    let at = Date.parse('2026-11-25T15:00:00Z');
    expected.forEach((due, i) => {
      r.call(`call-${i}`, new Date(at).toISOString());
      const [event] = r.run(outcome('NOT_REACHED', new Date(at).toISOString(), { callId: `call-${i}`, reason: reason(i === 1 ? 'BUSY' : 'NO_ANSWER') }), new Date(at).toISOString());
      expect(event).toMatchObject({ type: 'RecordQueued', data: { notBefore: new Date(due), reason: { code: 'CALL_RETRY' } } });
      at = Date.parse(due);
    });
  });

  it('calls back at the time the hotel named', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    const [event] = r.run(outcome('CALLBACK_REQUESTED', '2026-11-25T15:03:00Z', { callId: 'call-1', callbackAt: '2026-12-01T16:30:00Z' }), '2026-11-25T15:03:00Z');
    expect(event).toMatchObject({ type: 'CallbackRequested', data: { callbackAt: new Date('2026-12-01T16:30:00Z') } });
    expect(r.state).toMatchObject({ status: 'callback_scheduled', callbackAt: new Date('2026-12-01T16:30:00Z') });
    expect(r.state.history.at(-1)?.reason).toMatchObject({ code: 'CALLBACK_AT_NAMED_TIME', message: 'callback 1 of 3 at the time the hotel named' });
  });

  it('drops a callback more than 7 days away: the email channel when an address is known, else failed with the reason', () => {
    const late = (created: FolioRequestCommand) => {
      const r = request(created);
      r.call('call-1', '2026-11-25T15:00:00Z');
      return r.run(outcome('CALLBACK_REQUESTED', '2026-11-25T15:03:00Z', { callId: 'call-1', callbackAt: '2026-12-09T16:00:00Z' }), '2026-11-25T15:03:00Z')[0];
    };
    const emailed = late(commands.create());
    expect(emailed).toMatchObject({ type: 'RecordQueued', data: { notBefore: new Date('2026-11-25T15:03:00Z'), reason: { code: 'EMAIL_FALLBACK' } }, contact: { channel: 'EMAIL' } });
    expect(emailed!.type === 'RecordQueued' && emailed!.data.reason.message).toMatch(/^the callback would be 14 days after it was asked for \(at most 7 days\); asking by email instead$/);
    expect(late(commands.create({ hotelEmail: null }))).toMatchObject({ type: 'RecordFailed', data: { reason: { code: 'CALLBACK_DROPPED' } } });
  });

  it('verifies a folio promised "by end of day" at 17:30 local time with a timer', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    const [event] = r.run(outcome('WILL_SEND', '2026-11-25T15:04:00Z', { callId: 'call-1', reason: reason('BY_END_OF_DAY', 'the hotel promised it "by end of day"'), callbackAt: '2026-11-25T23:59:00Z' }), '2026-11-25T15:04:00Z');
    const timerId = `verify:${RECORD_ID}:5`;
    expect(event).toMatchObject({ type: 'RecordAwaitingFolio', contact: { verify: { timerId, at: new Date('2026-11-25T23:30:00Z') } } });
    expect(event!.type === 'RecordAwaitingFolio' && event!.data.reason.code).toBe('VERIFY_PROMISE');
    expect(pendingVerification(r.state.history)).toBe(timerId);
    // A promise without a time is verified 24 h later (Thanksgiving: Friday 08:00).
    const plain = request();
    plain.call('call-1', '2026-11-25T15:00:00Z');
    expect(plain.run(outcome('WILL_SEND', '2026-11-25T15:04:00Z', { callId: 'call-1' }), '2026-11-25T15:04:00Z')[0]).toMatchObject({ contact: { verify: { at: new Date('2026-11-27T14:00:00Z') } } });
  });

  it('escalates once two verifications found no folio, after reminding the hotel by email in between', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    r.run(outcome('WILL_SEND', '2026-11-25T15:04:00Z', { callId: 'call-1', reason: reason('BY_END_OF_DAY') }), '2026-11-25T15:04:00Z');
    const firstTimer = pendingVerification(r.state.history)!;

    // The check fires at 17:30; nothing arrived: a reminder by email.
    const [reminder] = r.run(check(firstTimer), '2026-11-25T23:30:00Z');
    expect(reminder).toMatchObject({ type: 'RecordQueued', data: { reason: { code: 'FOLIO_REMINDER', message: 'no folio at check 1 of 2: reminding the hotel' } }, contact: { channel: 'EMAIL', checkedTimer: firstTimer } });
    // The same check again (a redelivery) changes nothing.
    expect(decide(check(firstTimer), r.state, context({ now: new Date('2026-11-25T23:31:00Z') }))).toEqual([]);

    r.run(commands.schedule('b-email', new Date('2026-11-27T14:00:00Z')), '2026-11-27T14:00:00Z');
    const [emailed] = r.run({ ...commands.emailSent('email-1', 'FOLIO_REQUEST'), data: { ...(commands.emailSent('email-1').data as object), occurredAt: new Date('2026-11-27T14:00:00Z') } } as FolioRequestCommand, '2026-11-27T14:00:00Z');
    const secondTimer = `verify:${RECORD_ID}:8`;
    expect(emailed).toMatchObject({ type: 'RecordContacted', contact: { outcome: { type: 'EmailSent' }, verify: { timerId: secondTimer, at: new Date('2026-11-30T14:00:00Z') } } });

    const [escalated] = r.run(check(secondTimer), '2026-11-30T14:00:00Z');
    expect(escalated).toMatchObject({ type: 'RecordEscalated', data: { reason: { code: 'COMMITMENT_NOT_KEPT', message: 'the hotel promised the folio but 2 check(s) found none' } } });
    expect(r.state.status).toBe('escalated');
  });

  it('keeps the contact history through folio.records.v1 (the snapshot round trip)', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    r.run(outcome('NOT_REACHED', '2026-11-25T15:02:00Z', { callId: 'call-1', reason: reason('VOICEMAIL_MESSAGE_LEFT') }), '2026-11-25T15:02:00Z');
    r.call('call-2', '2026-11-27T14:00:00Z');
    r.run(outcome('WILL_SEND', '2026-11-27T14:03:00Z', { callId: 'call-2', reason: reason('BY_END_OF_DAY') }), '2026-11-27T14:03:00Z');
    const restored = fromSnapshot(toSnapshot(r.state)) as ActiveState;
    expect(contactHistory(restored.history)).toEqual([
      { type: 'VoicemailReached', at: Date.parse('2026-11-25T15:02:00Z'), messageLeft: true },
      { type: 'FolioPromised', at: Date.parse('2026-11-27T14:03:00Z'), byEndOfDay: true },
    ]);
    expect(pendingVerification(restored.history)).toBe(`verify:${RECORD_ID}:8`);
  });

  it('cancels the pending verification when the folio arrives, or the request is cancelled', () => {
    for (const end of [commands.folioReceived(), commands.cancel()]) {
      const r = request();
      r.call('call-1', '2026-11-25T15:00:00Z');
      r.run(outcome('AGREED', '2026-11-25T15:04:00Z', { callId: 'call-1' }), '2026-11-25T15:04:00Z');
      const timerId = pendingVerification(r.state.history);
      expect(r.run(end, '2026-11-25T16:00:00Z')).toEqual([expect.objectContaining({ contact: { cancelTimer: timerId } })]);
      expect(decide(check(timerId!), r.state, context())).toEqual([]);
    }
  });

  it('escalates with the reason the caller gave (IVR navigation failed)', () => {
    const r = request();
    r.call('call-1', '2026-11-25T15:00:00Z');
    expect(r.run(outcome('ESCALATED', '2026-11-25T15:01:00Z', { callId: 'call-1', reason: reason('IVR_NAVIGATION_FAILED', 'the phone menu did not lead to a person') }), '2026-11-25T15:01:00Z')).toEqual([
      expect.objectContaining({ type: 'RecordEscalated', data: expect.objectContaining({ reason: reason('IVR_NAVIGATION_FAILED', 'the phone menu did not lead to a person') }) }),
    ]);
  });
});

function contactQueueChannel(event: FolioRequestEvent): string | undefined {
  return event.contact?.channel;
}
