import { describe, it, expect } from '@jest/globals';
import { ValidationError } from '@folio/errors';
import { startCall } from './conversation.js';
import { connected, given, play, request, says, setup, silence, spoken } from './fixtures.test.js';

const three = setup({
  requests: [
    request(3, { createdAt: '2026-01-20T08:00:00Z' }),
    request(1, { createdAt: '2026-01-05T08:00:00Z' }),
    request(2, { createdAt: '2026-01-10T08:00:00Z' }),
  ],
});

describe('conversation with a person', () => {
  it('introduces itself and asks for the oldest request first', () => {
    given(three).when(connected('human')).then((turn) => {
      expect(turn.action.type).toBe('gather');
      expect(spoken(turn)).toMatch(/^Hello, this is an automated call from Acme Travel/);
      expect(spoken(turn)).toContain('guest Ada Lovelace, confirmation number CF1001X, who stayed from January 12th, 2026 to January 15th, 2026');
      expect(spoken(turn)).toContain('folios at acme dot example');
      expect(turn.action.type === 'gather' && turn.action.timeoutSeconds).toBe(30);
      expect(turn.state.current?.recordId).toBe('rec-1');
    });
  });

  it('a happy call: three requests agreed oldest first, then goodbye', () => {
    const call = play(three, [
      connected('human'),
      says('Sure, I can send that folio.', 20),
      says('Yes, no problem.', 40),
      says("Okay, I'll email it over right now.", 60),
    ]);
    expect(call.outcomes).toEqual({ 'rec-1': 'agreed', 'rec-2': 'agreed', 'rec-3': 'agreed' });
    expect(call.turns.flatMap((t) => t.outcomes.map((o) => o.recordId))).toEqual(['rec-1', 'rec-2', 'rec-3']);
    expect(spoken(call.turns[1]!)).toContain('The next one is for guest Alan Turing');
    const last = call.turns[3]!;
    expect(last.action.type).toBe('hang-up');
    expect(spoken(last)).toMatch(/Thank you for your help\. Goodbye\.$/);
    expect(call.state.phase).toBe('ended');
    expect(call.state.endReason).toBe('completed');
  });

  it('a refusal decides only that request and moves on', () => {
    given(three, [connected('human')])
      .when(says("I'm sorry, we can't share guest information, it's our privacy policy.", 25))
      .then((turn) => {
        expect(turn.outcomes).toMatchObject([{ recordId: 'rec-1', outcome: 'refused' }]);
        expect(spoken(turn)).toContain('I understand');
        expect(spoken(turn)).toContain('Alan Turing');
      });
  });

  it('reservation not found, then will send later with the promised time', () => {
    const call = play(three, [connected('human'), says("I can't find that reservation.", 20), says("We'll send it by end of day.", 40)]);
    expect(call.outcomes).toMatchObject({ 'rec-1': 'reservation-not-found', 'rec-2': 'will-send-later' });
    const later = call.turns[2]!.outcomes[0]!;
    expect(later.at).toBe('2026-02-06T17:00:00-05:00');
  });

  it('a callback with a named time holds for every request left and ends the call', () => {
    given(three, [connected('human'), says('Yes I can send it.', 20)])
      .when(says('The billing manager is out, call back tomorrow afternoon.', 40))
      .then((turn) => {
        expect(turn.outcomes.map((o) => [o.recordId, o.outcome, o.at])).toEqual([
          ['rec-2', 'callback', '2026-02-07T14:00:00-05:00'],
          ['rec-3', 'callback', '2026-02-07T14:00:00-05:00'],
        ]);
        expect(turn.action.type).toBe('hang-up');
        expect(spoken(turn)).toContain('we will call back tomorrow afternoon');
        expect(turn.state.endReason).toBe('callback');
      });
  });

  it('spells the confirmation number on request and counts it against the request', () => {
    given(three, [connected('human')])
      .when(says('Sorry, could you spell the confirmation number?', 15))
      .then((turn) => {
        expect(spoken(turn)).toContain('for guest Ada Lovelace, confirmation number C, F, 1, 0, 0, 1, X');
        expect(spoken(turn)).toContain('that is F, O, L, I, O, S, at acme dot example');
        expect(turn.state.current).toEqual({ recordId: 'rec-1', attempts: 1 });
        expect(turn.outcomes).toEqual([]);
      });
  });

  it('asks again when unclear and gives up on the request after three attempts', () => {
    const call = play(setup({ requests: [request(1), request(2)] }), [
      connected('human'),
      says('The lobby is being renovated.', 10),
      silence(40),
      says('mm', 50),
    ]);
    expect(spoken(call.turns[1]!)).toContain("Sorry, I didn't quite catch that");
    expect(spoken(call.turns[2]!)).toContain('Are you still there?');
    expect(call.turns[3]!.outcomes).toMatchObject([{ recordId: 'rec-1', outcome: 'unresolved', reason: 'UNCLEAR' }]);
    expect(call.state.current?.recordId).toBe('rec-2');
  });

  it('hold then answer: listens quietly, then takes the answer', () => {
    const call = play(three, [connected('human'), says('Hold on, let me check.', 10), silence(40), says('Okay, yes we can send it.', 60)]);
    expect(call.turns[1]!.state.phase).toBe('on-hold');
    expect(call.turns[1]!.action).toEqual({ type: 'gather', prompts: [], timeoutSeconds: 30 });
    expect(call.turns[2]!.action).toEqual({ type: 'gather', prompts: [], timeoutSeconds: 30 });
    expect(call.turns[3]!.outcomes).toMatchObject([{ recordId: 'rec-1', outcome: 'agreed' }]);
  });

  it('a greeting after a hold repeats the question instead of counting a failure', () => {
    const call = play(three, [connected('human'), says('One moment please.', 10), says('Hi, thanks for waiting.', 50)]);
    expect(spoken(call.turns[2]!)).toContain('I was asking about the folio for guest Ada Lovelace');
    expect(call.state.current).toEqual({ recordId: 'rec-1', attempts: 0 });
  });

  it('transfer: waits for the new person and introduces the call again', () => {
    const call = play(three, [
      connected('human'),
      says('Let me transfer you to our accounting department.', 12),
      silence(42),
      says('Accounting, this is Joe.', 50),
      says('Sure, I will send it.', 70),
    ]);
    expect(call.turns[1]!.state.phase).toBe('transferring');
    expect(spoken(call.turns[3]!)).toMatch(/^Hello, this is an automated call from Acme Travel/);
    expect(call.outcomes['rec-1']).toBe('agreed');
  });

  it('a hold that never ends overflows the rest by email', () => {
    const call = play(three, [connected('human'), says('Please hold.', 10), silence(100), silence(200)]);
    expect(call.outcomes).toEqual({ 'rec-1': 'overflow', 'rec-2': 'overflow', 'rec-3': 'overflow' });
    expect(call.state.endReason).toBe('hold-too-long');
  });

  it('at 540 s it stops asking, says the rest will come by email and overflows them', () => {
    given(three, [connected('human'), says('Yes I will send it.', 200)])
      .when(says("Hmm, I'll send it.", 541))
      .then((turn) => {
        expect(turn.outcomes.map((o) => [o.recordId, o.outcome])).toEqual([
          ['rec-2', 'agreed'],
          ['rec-3', 'overflow'],
        ]);
        expect(spoken(turn)).toContain('The remaining folio cases will be sent to you via email with details.');
        expect(turn.action.type).toBe('hang-up');
      });
  });

  it('never listens past the hard limit', () => {
    given(three, [connected('human')])
      .when(says('Please hold.', 575))
      .then((turn) => expect(turn.action).toEqual({ type: 'gather', prompts: [], timeoutSeconds: 15 }));
    given(three, [connected('human')])
      .when(silence(590))
      .then((turn) => {
        expect(turn.action.type).toBe('hang-up');
        expect(turn.outcomes.map((o) => o.outcome)).toEqual(['overflow', 'overflow', 'overflow']);
      });
  });

  it('a dropped line leaves every undecided request call-dropped; later webhooks change nothing', () => {
    const call = play(three, [connected('human'), says('Yes I can send it.', 20), { type: 'hung-up', elapsedSeconds: 25 }, says('hello?', 30)]);
    expect(call.outcomes).toEqual({ 'rec-1': 'agreed', 'rec-2': 'call-dropped', 'rec-3': 'call-dropped' });
    expect(call.turns[3]!.action).toEqual({ type: 'none' });
  });
});

describe('conversation with a machine', () => {
  it('voicemail, leave a message: guest, spelled confirmation, email and reference id of each request', () => {
    given(three).when(connected('voicemail')).then((turn) => {
      expect(turn.action.type).toBe('hang-up');
      const text = spoken(turn);
      expect(text).toContain('Folio for Ada Lovelace, confirmation number C, F, 1, 0, 0, 1, X. Please send it to folios at acme dot example. Reference ID: ref-1.');
      expect(text).toContain('Reference ID: ref-3.');
      expect(turn.outcomes.map((o) => o.outcome)).toEqual(['voicemail-message-left', 'voicemail-message-left', 'voicemail-message-left']);
    });
  });

  it('voicemail, hang up: says nothing', () => {
    given(setup({ voicemail: 'hang-up' })).when(connected('voicemail')).then((turn) => {
      expect(turn.action).toEqual({ type: 'hang-up', prompts: [] });
      expect(turn.outcomes.map((o) => o.outcome)).toEqual(['voicemail-no-message']);
    });
  });

  it('a transfer that lands in voicemail leaves the message for what is left', () => {
    const call = play(three, [connected('human'), says('Yes I can send it.', 20), says("I'll transfer you to billing.", 30), says('You have reached billing, please leave a message after the tone.', 45)]);
    expect(call.outcomes).toEqual({ 'rec-1': 'agreed', 'rec-2': 'voicemail-message-left', 'rec-3': 'voicemail-message-left' });
  });

  it.each(['no-answer', 'busy', 'failed'] as const)('%s: every request gets that outcome, nothing is said', (analysis) => {
    given(three).when(connected(analysis)).then((turn) => {
      expect(turn.action).toEqual({ type: 'none' });
      expect(turn.outcomes.map((o) => o.outcome)).toEqual([analysis, analysis, analysis]);
    });
  });

  it('IVR two levels deep, then a person: digits chosen from the menu text, path learned', () => {
    const call = play(three, [
      connected('ivr', 2, 'Thank you for calling the Grand Hotel. For reservations, press 1. For billing and accounts, press 2. For all other inquiries, press 0.'),
      says('Billing. To ask about an invoice, press 1. For group billing, press 2.', 10),
      says('Accounts, this is Pat speaking, how can I help?', 25),
      says("Sure, I'll send it.", 45),
    ]);
    expect(call.turns[0]!.action).toEqual({ type: 'send-digits', digits: '2', timeoutSeconds: 5 });
    expect(call.turns[1]!.action).toEqual({ type: 'send-digits', digits: '1', timeoutSeconds: 5 });
    expect(spoken(call.turns[2]!)).toMatch(/^Hello, this is an automated call/);
    expect(call.turns[2]!.signals).toContainEqual({ type: 'ivr-navigated', path: ['2', '1'], learn: true, elapsedSeconds: 25 });
    expect(call.outcomes['rec-1']).toBe('agreed');
  });

  it('IVR replays the learned path first and does not relearn it', () => {
    const call = play(setup({ ivr: { learnedPath: ['3', '1'] } }), [
      connected('ivr'),
      says('Welcome. For the spa press 1, for the restaurant press 2, for the front desk press 3.', 6),
      says('Front desk menu. For billing press 1.', 12),
      says('Good morning, front desk, how may I help you?', 20),
    ]);
    expect(call.turns[0]!.action).toEqual({ type: 'gather', prompts: [], timeoutSeconds: 5 });
    expect(call.turns.map((t) => (t.action.type === 'send-digits' ? t.action.digits : null)).filter(Boolean)).toEqual(['3', '1']);
    expect(call.turns[3]!.signals).toContainEqual({ type: 'ivr-navigated', path: ['3', '1'], learn: false, elapsedSeconds: 20 });
  });

  it('IVR navigation that fails three times escalates and fails every request', () => {
    const call = play(three, [connected('ivr'), silence(7), silence(17), silence(27)]);
    expect(call.outcomes).toEqual({ 'rec-1': 'ivr-navigation-failed', 'rec-2': 'ivr-navigation-failed', 'rec-3': 'ivr-navigation-failed' });
    expect(call.turns[3]!.signals).toContainEqual(expect.objectContaining({ type: 'ivr-navigation-failed', escalate: true }));
  });
});

describe('call setup', () => {
  it('rejects an empty batch and incomplete requests with CALL_SETUP_INVALID', () => {
    expect(() => startCall(setup({ requests: [] }))).toThrow(ValidationError);
    try {
      startCall(setup({ requests: [request(1, { guestName: ' ' }), request(1)] }));
    } catch (e) {
      expect((e as ValidationError).code).toBe('CALL_SETUP_INVALID');
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['requests[0].guestName', 'requests[1].recordId']);
    }
  });

  it('requests beyond the per-call limit overflow before the call starts', () => {
    const call = play(setup({ requests: [request(1), request(2), request(3)], limits: { maxRequestsPerCall: 2 } }), []);
    expect(call.outcomes).toEqual({ 'rec-3': 'overflow' });
    expect(call.state.pending).toEqual(['rec-1', 'rec-2']);
  });
});

describe('conversation corner cases', () => {
  it('a menu where connection analysis heard a person is navigated', () => {
    const call = play(setup(), [connected('human'), says('For reservations press 1, for billing press 2.', 6), says('Billing, this is Kim, how can I help?', 14), says('Sure, I can send it.', 30)]);
    expect(call.turns[1]!.action).toEqual({ type: 'send-digits', digits: '2', timeoutSeconds: 5 });
    expect(spoken(call.turns[2]!)).toMatch(/^Hello, this is an automated call/);
    expect(call.outcomes).toEqual({ 'rec-1': 'agreed' });
  });

  it('a transfer into a menu is navigated too', () => {
    const call = play(setup({ requests: [request(1), request(2)] }), [
      connected('human'),
      says('Yes I can send it.', 20),
      says('Let me transfer you to accounting.', 30),
      says('Accounting. For invoices press 1.', 40),
      says('Hello, accounting, how may I help?', 48),
    ]);
    expect(call.turns[3]!.action).toMatchObject({ type: 'send-digits', digits: '1' });
    expect(spoken(call.turns[4]!)).toContain('Alan Turing');
  });

  it('a repeated hold message does not restart the hold clock', () => {
    const call = play(setup(), [connected('human'), says('Please hold.', 10), says('Please continue to hold.', 100), says('Please hold.', 190), silence(220)]);
    expect(call.outcomes).toEqual({ 'rec-1': 'overflow' });
    expect(call.state.endReason).toBe('hold-too-long');
  });

  it('an answer heard just before the hard limit is still recorded', () => {
    given(setup({ requests: [request(1), request(2)] }), [connected('human')])
      .when(says('Yes, I will send it.', 595))
      .then((turn) => {
        expect(turn.outcomes.map((o) => [o.recordId, o.outcome])).toEqual([
          ['rec-1', 'agreed'],
          ['rec-2', 'overflow'],
        ]);
        expect(turn.action.type).toBe('hang-up');
      });
  });
});

describe('the simulated hotels', () => {
  it('a three-level menu (Hotel Metropole): existing reservations and billing, billing and invoices, guest folios', () => {
    const call = play(setup(), [
      connected('ivr', 2, 'Welcome to Hotel Metropole. For new reservations, press 1. For existing reservations and billing, press 2. For the operator, press 0.'),
      says('Existing reservations. For changes to a reservation, press 1. For billing and invoices, press 2.', 9),
      says('Billing. For corporate accounts, press 1. For guest folios, press 2.', 16),
      says('Good afternoon, guest folios, how can I help?', 24),
      says("I can't do it right now, but we will send it by end of day.", 50),
    ]);
    expect(call.turns.flatMap((t) => (t.action.type === 'send-digits' ? [t.action.digits] : []))).toEqual(['2', '2', '2']);
    expect(call.turns[4]!.outcomes).toMatchObject([{ recordId: 'rec-1', outcome: 'will-send-later', at: '2026-02-06T17:00:00-05:00' }]);
  });
});
