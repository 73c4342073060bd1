import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { decide, evolve, initialState, type HotelCommand, type HotelEvent, type Hotel, type Persona, type HotelCallState } from './index.js';

const basePersona: Persona = {
  connection: { kind: 'answers' },
  ringSeconds: 5,
  greeting: 'Grand Plaza, front desk, how can I help you?',
  voicemailGreeting: 'Please leave a message after the tone.',
  replyDelaySeconds: 1,
  wordsPerMinute: 160,
  holdOnPickupSeconds: 0,
  asrNoise: 0,
  asksToSpell: false,
  answer: { kind: 'agree', sends: true, sendAfterSeconds: 120 },
  reservations: [],
  knownGuestsOnly: false,
  nightlyRate: 149,
  currency: 'EUR',
};

function hotel(persona: Partial<Persona> = {}): Hotel {
  return { phone: '+15550100001', name: 'Grand Plaza', address: '1 Plaza Square', email: 'desk@plaza.test', persona: { ...basePersona, ...persona } };
}

/** given(events).when(command).then(events), with the hotel as the decider's context. */
function given(h: Hotel, ...history: HotelCommand[]) {
  let state: HotelCallState = initialState();
  for (const command of history) state = decide(command, state, h).reduce(evolve, state);
  return {
    state,
    when(command: HotelCommand) {
      const events = decide(command, state, h);
      return { events, state: events.reduce(evolve, state), then: (expected: Partial<HotelEvent>[]) => expect(events).toEqual(expected.map((e) => expect.objectContaining(e))) };
    },
  };
}

const connect: HotelCommand = { type: 'ConnectCall', at: 0, callNumber: 0 };
const listen = (at: number, timeoutSeconds = 5): HotelCommand => ({ type: 'Listen', at, timeoutSeconds });
const say = (at: number, text: string): HotelCommand => ({ type: 'HearCaller', at, text });
const press = (at: number, digits: string): HotelCommand => ({ type: 'HearDigits', at, digits });
const request = 'I am calling about the folio for guest John Smith, confirmation number ABC12345, staying from 2026-03-03 to 2026-03-05. Could you email it to folios+t1@acme.test?';

const heard = (r: { events: HotelEvent[] }) => r.events.filter((e) => e.type === 'HotelSpeechHeard').map((e) => (e as { text: string }).text).join(' ');

describe('a simulated front desk', () => {
  it('greets when the caller first listens', () => {
    given(hotel(), connect).when(listen(0)).then([{ type: 'HotelSpeechHeard', text: 'Grand Plaza, front desk, how can I help you?' }]);
  });

  it('agrees to email the folio to the address the caller gave and promises it after its delay', () => {
    const h = hotel();
    const r = given(h, connect, listen(0)).when(say(4, request));
    expect(r.events).toEqual([
      expect.objectContaining({ type: 'HotelWillSay', at: 5, text: expect.stringContaining('I will email the folio to folios+t1@acme.test') }),
      expect.objectContaining({ type: 'RequestAnswered', answer: 'agree' }),
      {
        type: 'FolioPromised',
        at: 5,
        sendAt: 125,
        request: { guest: 'John Smith', confirmation: 'ABC12345', email: 'folios+t1@acme.test', checkIn: '2026-03-03', checkOut: '2026-03-05' },
      },
      { type: 'CallerHeard', at: 4, text: request },
    ]);
  });

  it('asks which guest when the caller mentions folios without naming one', () => {
    const r = given(hotel(), connect, listen(0)).when(say(4, 'Hello, I am calling about some folios.'));
    expect(r.events[1]).toEqual(expect.objectContaining({ type: 'HotelWillSay', text: 'Of course. Which guest is it for, and what is the confirmation number?' }));
  });

  it('asks for the address when the caller gave none, then answers', () => {
    const h = hotel();
    const first = given(h, connect, listen(0)).when(say(4, 'Could you email the folio for guest Jane Doe, confirmation 99AB123?'));
    expect(first.events[1]).toEqual(expect.objectContaining({ type: 'HotelWillSay', text: 'Sure. Which email address should I send it to?' }));
    const second = given(h, connect, listen(0), say(4, 'Could you email the folio for guest Jane Doe, confirmation 99AB123?')).when(say(10, 'Yes, it is folios at acme dot test'));
    expect(second.events.find((e) => e.type === 'FolioPromised')).toEqual(expect.objectContaining({ request: expect.objectContaining({ guest: 'Jane Doe', email: 'folios@acme.test' }) }));
  });

  it.each([
    ['refuse-privacy', { kind: 'refuse-privacy' }, 'for privacy reasons'],
    ['not-found', { kind: 'not-found' }, "can't find a reservation"],
    ['callback', { kind: 'callback', at: '3 pm' }, 'call back at 3 pm'],
    ['send-later', { kind: 'send-later', by: 'end of day', sends: false, sendAfterSeconds: 0 }, 'send it by end of day'],
  ] as const)('answers %s in words and records the outcome', (kind, answer, words) => {
    const r = given(hotel({ answer }), connect, listen(0)).when(say(4, request));
    expect(r.events).toEqual([
      expect.objectContaining({ type: 'HotelWillSay', text: expect.stringContaining(words) }),
      expect.objectContaining({ type: 'RequestAnswered', answer: kind }),
      expect.objectContaining({ type: 'CallerHeard' }),
    ]);
    expect(r.events.some((e) => e.type === 'FolioPromised')).toBe(false);
  });

  it('gives each request of a mixed call its own answer', () => {
    const h = hotel({
      knownGuestsOnly: true,
      reservations: [
        { guest: 'Smith', confirmation: 'RP10001', answer: { kind: 'agree', sends: true, sendAfterSeconds: 60 } },
        { guest: 'Jones', confirmation: 'RP10002', answer: { kind: 'refuse-privacy' } },
      ],
    });
    const s = given(h, connect, listen(0), say(3, 'The folio for guest Anna Smith please, confirmation R P 1 0 0 0 1, to a@b.test'), say(20, 'And the folio for Tom Jones, confirmation RP10002, to a@b.test'), say(40, 'Also the bill for Mary Unknown, confirmation ZZ99999, to a@b.test'));
    expect(s.state.outcomes.map((o) => [o.request.guest, o.answer])).toEqual([
      ['Anna Smith', 'agree'],
      ['Tom Jones', 'refuse-privacy'],
      ['Mary Unknown', 'not-found'],
    ]);
  });

  it('asks to spell the confirmation number and matches the spelled letters', () => {
    const h = hotel({ asksToSpell: true, knownGuestsOnly: true, reservations: [{ guest: 'Rossi', confirmation: 'LM4471', answer: { kind: 'agree', sends: true, sendAfterSeconds: 0 } }] });
    const asked = given(h, connect, listen(0)).when(say(3, 'I need the folio for guest Marco Rossi, email folio@acme.test'));
    expect(asked.events[1]).toEqual(expect.objectContaining({ type: 'HotelWillSay', text: 'Could you spell the confirmation number for me, please?' }));
    const answered = given(h, connect, listen(0), say(3, 'I need the folio for guest Marco Rossi, email folio@acme.test')).when(say(9, 'Of course: L, M, 4, 4, 7, 1.'));
    expect(answered.events.find((e) => e.type === 'RequestAnswered')).toEqual(expect.objectContaining({ answer: 'agree', request: expect.objectContaining({ confirmation: 'LM4471' }) }));
  });

  it('puts the caller on hold and answers when the hold ends', () => {
    const h = hotel({ answer: { kind: 'hold', seconds: 60, then: { kind: 'refuse-privacy' } } });
    const s = given(h, connect, listen(0), say(3, request));
    expect(s.state.phase.kind).toBe('hold');
    expect(heard(given(h, connect, listen(0), say(3, request), listen(10)).when(listen(20)))).toBe('');
    const back = given(h, connect, listen(0), say(3, request), listen(10)).when(listen(62));
    expect(back.events.map((e) => e.type)).toEqual(['HoldEnded', 'HotelWillSay', 'RequestAnswered', 'HotelSpeechHeard']);
    expect(heard(back)).toContain('Thank you for holding.');
  });

  it('a slow speaker starts after a 5 s Gather timeout, so the next Gather hears it', () => {
    const h = hotel({ replyDelaySeconds: 7 });
    expect(heard(given(h, connect).when(listen(0)))).toBe('');
    expect(heard(given(h, connect, listen(0)).when(listen(5)))).toBe('Grand Plaza, front desk, how can I help you?');
    const base = [connect, listen(0), listen(5), say(12, request)] as const;
    expect(heard(given(h, ...base).when(listen(13)))).toBe('');
    expect(heard(given(h, ...base, listen(13)).when(listen(18)))).toContain('I will email the folio');
  });

  it('asks whether anyone is there after 15 s of silence and hangs up 15 s later', () => {
    const h = hotel();
    const s1 = given(h, connect, listen(0), listen(5)).when(listen(20));
    expect(heard(s1)).toBe('Hello? Are you still there?');
    const s2 = given(h, connect, listen(0), listen(5), listen(20)).when(listen(40));
    expect(heard(s2)).toBe("I can't hear anyone. Goodbye.");
    expect(s2.state.phase).toEqual({ kind: 'ended', at: 42 });
    expect(given(h, connect, listen(0), listen(5), listen(20), say(25, 'Hello?')).when(listen(40)).state.phase.kind).toBe('person');
  });

  it('keeps the line open through a long hold', () => {
    const h = hotel({ holdOnPickupSeconds: 240 });
    const back = given(h, connect, listen(0), listen(100), listen(200)).when(listen(238));
    expect(heard(back)).toBe('Grand Plaza, front desk, how can I help you?');
    expect(back.state.phase.kind).toBe('person');
  });

  it('is a fax machine that says nothing and drops the line after 30 s', () => {
    const s = given(hotel({ connection: { kind: 'fax' } }), connect);
    expect(s.state.phase).toEqual({ kind: 'ended', at: 30 });
    expect(heard(s.when(listen(0)))).toBe('');
  });

  it('says goodbye and hangs up when the caller closes', () => {
    const r = given(hotel(), connect, listen(0)).when(say(4, 'That is all, thank you for your help. Goodbye.'));
    expect(r.state.phase).toEqual({ kind: 'ended', at: 7 });
  });
});

describe('a simulated phone menu', () => {
  const ivrHotel = hotel({
    ivr: {
      changeEveryCalls: 2,
      maxRepeats: 3,
      onNoInput: 'hangup',
      variants: [
        {
          intro: 'Welcome.',
          options: [
            { digit: '1', label: 'reservations', then: { kind: 'voicemail' } },
            {
              digit: '2',
              label: 'billing',
              then: { kind: 'menu', menu: { intro: 'Billing.', options: [{ digit: '3', label: 'guest folios', then: { kind: 'person' } }] } },
            },
          ],
        },
        { intro: 'Our menu has changed.', options: [{ digit: '9', label: 'the front desk', then: { kind: 'person' } }] },
      ],
    },
  });

  it('reads its menu to a Gather', () => {
    given(ivrHotel, connect).when(listen(0)).then([{ type: 'HotelSpeechHeard', text: 'Welcome. For reservations, press 1. For billing, press 2.' }]);
  });

  it('moves through two levels on digits and reaches a person', () => {
    const s = given(ivrHotel, connect, listen(0), press(6, 'w2'), listen(7), press(10, '3'));
    expect(s.state.menuPath).toEqual(['2', '3']);
    expect(heard(s.when(listen(11)))).toBe('Grand Plaza, front desk, how can I help you?');
  });

  it('understands an option said aloud', () => {
    expect(given(ivrHotel, connect, listen(0)).when(say(6, 'billing please')).state.menuPath).toEqual(['2']);
  });

  it('repeats on a wrong digit and hangs up after three listens without a choice', () => {
    expect(heard(given(ivrHotel, connect, listen(0), press(5, '7')).when(listen(6)))).toContain('not a valid option');
    const s = given(ivrHotel, connect, listen(0), listen(6), listen(12)).when(listen(18));
    expect(s.state.phase.kind).toBe('ended');
  });

  it('plays another menu after the configured number of calls', () => {
    const s = given(ivrHotel, { type: 'ConnectCall', at: 0, callNumber: 2 }).when(listen(0));
    expect(heard(s)).toBe('Our menu has changed. For the front desk, press 9.');
  });

  it('never throws and never un-ends a call, whatever the caller does (property)', () => {
    const command = fc.oneof(
      fc.record({ type: fc.constant('HearCaller' as const), text: fc.string() }),
      fc.record({ type: fc.constant('HearDigits' as const), digits: fc.stringMatching(/^[0-9w#*]{0,4}$/) }),
      fc.record({ type: fc.constant('Listen' as const), timeoutSeconds: fc.integer({ min: 1, max: 10 }) }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { maxLength: 25 }), (useIvr, commands) => {
        const h = useIvr ? ivrHotel : hotel();
        let state = decide(connect, initialState(), h).reduce(evolve, initialState());
        let at = 0;
        let ended = false;
        for (const c of commands) {
          at += 3;
          state = decide({ ...c, at } as HotelCommand, state, h).reduce(evolve, state);
          if (ended) expect(state.phase.kind).toBe('ended');
          ended = state.phase.kind === 'ended';
        }
      }),
    );
  });
});

describe('a simulated voicemail', () => {
  it('plays its greeting and keeps what the caller says', () => {
    const h = hotel({ connection: { kind: 'voicemail' } });
    const s = given(h, connect, listen(0)).when(say(8, 'Hello, this is Folio calling about a folio.'));
    expect(s.state.phase).toEqual(expect.objectContaining({ kind: 'voicemail', message: ['Hello, this is Folio calling about a folio.'] }));
  });
});
