import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DEFAULT_WEEKLY_HOURS, isWithinWindow, type BusinessCalendar } from './business-hours.js';
import { countryHolidays } from './holidays.js';
import {
  DEFAULT_CONTACT_POLICY,
  contactPolicy,
  maxContactAttempts,
  nextAction,
  type ContactOutcome,
  type ContactPolicy,
  type HotelContact,
  type NextAction,
} from './policies.js';

const NY: BusinessCalendar = { zone: 'America/New_York', hours: DEFAULT_WEEKLY_HOURS, holidays: countryHolidays('US') };
const hotel: HotelContact = { calendar: NY, email: 'front@hotel.example' };
const noEmail: HotelContact = { calendar: NY };
const ms = (iso: string) => DateTime.fromISO(iso, { zone: NY.zone }).toMillis();
const local = (t: number) => DateTime.fromMillis(t, { zone: NY.zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const MIN = 60_000;

// given(history).when(outcome).then(action): the scheduling policy read like the domain's other deciders.
function given(history: ContactOutcome[], contact: HotelContact = hotel, policy: ContactPolicy = DEFAULT_CONTACT_POLICY) {
  return {
    when: (outcome: ContactOutcome) => ({
      then: (expected: Partial<Omit<NextAction, 'at'>> & { at?: string }) => {
        const action = nextAction(outcome, history, contact, policy);
        const { at, ...rest } = expected;
        expect(action).toMatchObject(rest);
        if (at !== undefined) expect(local(action.at)).toBe(at);
        return action;
      },
    }),
  };
}
const tue10 = ms('2026-03-10T10:00');
const failed = (at: number, result: 'failed' | 'busy' | 'no-answer' = 'no-answer'): ContactOutcome => ({ type: 'CallFailed', at, result });

describe('first contact', () => {
  it('calls at once inside business hours', () => {
    given([]).when({ type: 'ContactRequested', at: tue10 }).then({ kind: 'call', at: '2026-03-10T10:00', reason: 'FIRST_CONTACT' });
  });
  it('moves a request made on Saturday night to Monday 08:00', () => {
    given([]).when({ type: 'ContactRequested', at: ms('2026-03-07T22:00') }).then({ kind: 'call', at: '2026-03-09T08:00' });
  });
  it('emails a hotel that prefers email', () => {
    given([], { ...hotel, prefersEmail: true }).when({ type: 'ContactRequested', at: tue10 }).then({ kind: 'email', reason: 'HOTEL_PREFERS_EMAIL' });
  });
});

describe('failed, busy and unanswered calls', () => {
  it('retries 300 s after the first failure', () => {
    given([]).when(failed(tue10, 'busy')).then({ kind: 'call', reason: 'CALL_RETRY', at: '2026-03-10T10:05' });
  });
  it('backs off: 1 h after the second failure, 12 h (the next window) after the third', () => {
    given([failed(tue10)]).when(failed(tue10 + 5 * MIN)).then({ kind: 'call', at: '2026-03-10T11:05' });
    given([failed(tue10), failed(tue10 + 5 * MIN)]).when(failed(ms('2026-03-10T11:05'))).then({ kind: 'call', at: '2026-03-11T08:00' });
  });
  it('moves a retry that falls after closing time into the next morning', () => {
    given([]).when(failed(ms('2026-03-10T17:58'))).then({ kind: 'call', at: '2026-03-11T08:00' });
  });
  it('asks by email after the fourth failure (three retries spent)', () => {
    const three = [failed(tue10), failed(tue10 + MIN), failed(tue10 + 2 * MIN)];
    given(three).when(failed(tue10 + 3 * MIN, 'failed')).then({ kind: 'email', reason: 'EMAIL_FALLBACK', at: '2026-03-10T10:03' });
  });
  it('fails with the reason when calls are spent and no email address is known', () => {
    const three = [failed(tue10), failed(tue10 + MIN), failed(tue10 + 2 * MIN)];
    const action = given(three, noEmail).when(failed(tue10 + 3 * MIN)).then({ kind: 'fail', reason: 'CALL_ATTEMPTS_EXHAUSTED' });
    expect(action.at).toBe(tue10 + 3 * MIN);
    expect(action.detail).toContain('no email address');
  });
  it('uses the configured retry count and delays', () => {
    const policy = contactPolicy({ call: { maxRetries: 1, firstRetryDelaySeconds: 60 } });
    given([], hotel, policy).when(failed(tue10)).then({ kind: 'call', at: '2026-03-10T10:01' });
    given([failed(tue10)], hotel, policy).when(failed(tue10 + MIN)).then({ kind: 'email' });
  });
});

describe('voicemail', () => {
  it('calls again 24 h later, inside the window', () => {
    given([]).when({ type: 'VoicemailReached', at: tue10, messageLeft: true }).then({ kind: 'call', reason: 'VOICEMAIL_RETRY', at: '2026-03-11T10:00' });
    given([]).when({ type: 'VoicemailReached', at: ms('2026-03-13T10:00'), messageLeft: false }).then({ kind: 'call', at: '2026-03-16T08:00' });
  });
  it('falls back to email after the voicemail retries', () => {
    const vm = (at: number): ContactOutcome => ({ type: 'VoicemailReached', at, messageLeft: true });
    given([vm(tue10), vm(tue10 + 1), vm(tue10 + 2)]).when(vm(tue10 + 3)).then({ kind: 'email', reason: 'EMAIL_FALLBACK' });
  });
});

describe('callbacks', () => {
  const callback = (at: number, callbackAt?: number): ContactOutcome => ({ type: 'CallbackRequested', at, callbackAt });
  it('calls back at the time the hotel named', () => {
    given([]).when(callback(tue10, ms('2026-03-10T15:00'))).then({ kind: 'call', reason: 'CALLBACK_AT_NAMED_TIME', at: '2026-03-10T15:00' });
  });
  it('moves a named time outside business hours to the next window ("call back at 7 pm")', () => {
    given([]).when(callback(tue10, ms('2026-03-10T19:00'))).then({ kind: 'call', at: '2026-03-11T08:00' });
  });
  it('calls back 24 h later when no time was named', () => {
    given([]).when(callback(tue10)).then({ kind: 'call', reason: 'CALLBACK_DEFAULT_DELAY', at: '2026-03-11T10:00' });
  });
  it('treats a named time in the past as now', () => {
    given([]).when(callback(tue10, tue10 - 60 * MIN)).then({ kind: 'call', at: '2026-03-10T10:00' });
  });
  it('drops a callback more than 7 days away, with the reason, and asks by email', () => {
    const action = given([]).when(callback(tue10, ms('2026-03-20T10:00'))).then({ kind: 'email', reason: 'EMAIL_FALLBACK' });
    expect(action.detail).toContain('10 days after it was asked for');
    given([], noEmail).when(callback(tue10, ms('2026-03-20T10:00'))).then({ kind: 'fail', reason: 'CALLBACK_DROPPED' });
  });
  it('honours at most 3 callbacks', () => {
    const three = [callback(tue10), callback(tue10 + 1), callback(tue10 + 2)];
    given(three, noEmail).when(callback(tue10 + 3)).then({ kind: 'fail', reason: 'CALLBACK_LIMIT' });
  });
});

describe('promises to send the folio', () => {
  const promised = (at: number, byEndOfDay = false): ContactOutcome => ({ type: 'FolioPromised', at, byEndOfDay });
  const missing = (at: number): ContactOutcome => ({ type: 'FolioNotYetReceived', at });
  it('verifies 24 h later', () => {
    given([]).when(promised(tue10)).then({ kind: 'verify', reason: 'VERIFY_PROMISE', at: '2026-03-11T10:00' });
  });
  it('verifies at 17:30 local for "by end of day"', () => {
    given([]).when(promised(tue10, true)).then({ kind: 'verify', at: '2026-03-10T17:30' });
  });
  it('verifies 24 h later when "by end of day" was said after 17:30', () => {
    given([]).when(promised(ms('2026-03-10T17:45'), true)).then({ kind: 'verify', at: '2026-03-11T17:45' });
  });
  it('reminds by email when no folio arrived, then verifies again', () => {
    given([promised(tue10)]).when(missing(tue10 + 1)).then({ kind: 'email', reason: 'FOLIO_REMINDER' });
    given([promised(tue10), missing(tue10 + 1)]).when({ type: 'EmailSent', at: tue10 + 2 }).then({ kind: 'verify', at: '2026-03-11T10:00' });
  });
  it('follows up by call when the hotel has no address or the policy says so', () => {
    given([promised(tue10)], noEmail).when(missing(tue10 + 1)).then({ kind: 'call', reason: 'FOLIO_REMINDER' });
    const byCall = contactPolicy({ verification: { followUp: 'call' } });
    given([promised(tue10)], hotel, byCall).when(missing(tue10 + 1)).then({ kind: 'call' });
  });
  it('escalates to an operator after 2 verifications found nothing', () => {
    const history = [promised(tue10), missing(tue10 + 1), { type: 'EmailSent', at: tue10 + 2 } as const];
    const action = given(history).when(missing(tue10 + 3)).then({ kind: 'escalate', reason: 'COMMITMENT_NOT_KEPT' });
    expect(action.at).toBe(tue10 + 3);
  });
});

describe('the email channel', () => {
  it('checks for the folio after the reply timeout, reminds once, then fails with the reason', () => {
    given([]).when({ type: 'EmailSent', at: tue10 }).then({ kind: 'verify', reason: 'AWAIT_EMAIL_REPLY', at: '2026-03-11T10:00' });
    given([{ type: 'EmailSent', at: tue10 }]).when({ type: 'FolioNotYetReceived', at: tue10 + 1 }).then({ kind: 'email', reason: 'EMAIL_REMINDER' });
    const two: ContactOutcome[] = [{ type: 'EmailSent', at: tue10 }, { type: 'FolioNotYetReceived', at: tue10 + 1 }, { type: 'EmailSent', at: tue10 + 2 }];
    given(two).when({ type: 'FolioNotYetReceived', at: tue10 + 3 }).then({ kind: 'fail', reason: 'NO_REPLY_TO_EMAIL' });
  });
  it('fails at once on a bounce', () => {
    given([]).when({ type: 'EmailBounced', at: tue10 }).then({ kind: 'fail', reason: 'EMAIL_BOUNCED' });
  });
});

describe('contactPolicy', () => {
  it('keeps the defaults and applies overrides', () => {
    expect(contactPolicy()).toEqual(DEFAULT_CONTACT_POLICY);
    expect(contactPolicy({ callback: { maxAttempts: 5 } }).callback).toEqual({ ...DEFAULT_CONTACT_POLICY.callback, maxAttempts: 5 });
  });
  it('rejects bad values listing every one', () => {
    try {
      contactPolicy({ call: { maxRetries: -1, backoffFactor: 0.5 }, verification: { endOfDayTime: '5pm' } });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_CONTACT_POLICY' });
      expect((error as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['call.maxRetries', 'call.backoffFactor', 'verification.endOfDayTime']);
    }
  });
});

// Properties: play a request's whole contact life, the world answering each action at random.
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'];
const hotelArb: fc.Arbitrary<HotelContact> = fc.record({
  zone: fc.constantFrom(...ZONES),
  country: fc.constantFrom('US', 'DE', 'AU', 'BR', 'IN', 'NZ', 'CL'),
  email: fc.option(fc.constant('front@hotel.example'), { nil: undefined }),
  prefersEmail: fc.boolean(),
  afternoonOnly: fc.boolean(),
}).map(({ zone, country, email, prefersEmail, afternoonOnly }) => ({
  calendar: {
    zone,
    holidays: countryHolidays(country),
    hours: afternoonOnly ? { 1: [{ start: '14:00', end: '18:00' }], 3: [{ start: '14:00', end: '17:00' }] } : DEFAULT_WEEKLY_HOURS,
  },
  email,
  prefersEmail,
}));
const policyArb: fc.Arbitrary<ContactPolicy> = fc
  .record({
    maxRetries: fc.integer({ min: 0, max: 5 }),
    firstRetryDelaySeconds: fc.integer({ min: 0, max: 7200 }),
    backoffFactor: fc.integer({ min: 1, max: 20 }),
    maxCallbacks: fc.integer({ min: 0, max: 4 }),
    maxVerifications: fc.integer({ min: 0, max: 3 }),
    emails: fc.integer({ min: 0, max: 3 }),
    followUp: fc.constantFrom('email' as const, 'call' as const),
  })
  .map((p) =>
    contactPolicy({
      call: { maxRetries: p.maxRetries, firstRetryDelaySeconds: p.firstRetryDelaySeconds, backoffFactor: p.backoffFactor },
      callback: { maxAttempts: p.maxCallbacks },
      verification: { maxVerifications: p.maxVerifications, followUp: p.followUp },
      email: { maxAttempts: p.emails },
    }),
  );
// What the world answers to an action: a call ends in one of the call outcomes, an email is sent or bounces,
// a verification finds no folio (a folio found ends the story before the policy is asked).
interface Answer {
  readonly call: 'failed' | 'busy' | 'no-answer' | 'voicemail' | 'callback' | 'callback-named' | 'promise' | 'promise-eod';
  readonly email: 'sent' | 'bounced';
  readonly callbackInHours: number;
  readonly delayMinutes: number;
}
const answerArb: fc.Arbitrary<Answer> = fc.record({
  call: fc.constantFrom('failed', 'busy', 'no-answer', 'voicemail', 'callback', 'callback-named', 'promise', 'promise-eod'),
  email: fc.constantFrom('sent', 'sent', 'sent', 'bounced'),
  callbackInHours: fc.integer({ min: 0, max: 400 }),
  delayMinutes: fc.integer({ min: 0, max: 30 }),
});
function answer(action: NextAction, a: Answer): ContactOutcome {
  const at = action.at + a.delayMinutes * MIN;
  switch (action.kind) {
    case 'call':
      switch (a.call) {
        case 'failed':
        case 'busy':
        case 'no-answer':
          return { type: 'CallFailed', at, result: a.call };
        case 'voicemail':
          return { type: 'VoicemailReached', at, messageLeft: true };
        case 'callback':
          return { type: 'CallbackRequested', at };
        case 'callback-named':
          return { type: 'CallbackRequested', at, callbackAt: at + a.callbackInHours * 3_600_000 };
        default:
          return { type: 'FolioPromised', at, byEndOfDay: a.call === 'promise-eod' };
      }
    case 'email':
      return a.email === 'sent' ? { type: 'EmailSent', at } : { type: 'EmailBounced', at };
    default:
      return { type: 'FolioNotYetReceived', at };
  }
}

describe('policies: properties', () => {
  it('never schedules a call, email or verification outside business hours or before the outcome, and always ends', () => {
    fc.assert(
      fc.property(
        hotelArb,
        policyArb,
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.array(answerArb, { minLength: 60, maxLength: 60 }),
        (contact, policy, start, answers) => {
          const history: ContactOutcome[] = [];
          let outcome: ContactOutcome = { type: 'ContactRequested', at: start };
          let contacts = 0;
          for (let step = 0; ; step++) {
            const action = nextAction(outcome, history, contact, policy);
            if (action.kind === 'escalate' || action.kind === 'fail') {
              expect(action.at).toBe(outcome.at);
              expect(action.reason).toMatch(/^[A-Z_]+$/);
              break;
            }
            expect(action.at).toBeGreaterThanOrEqual(outcome.at);
            expect(isWithinWindow(action.at, contact.calendar)).toBe(true);
            if (action.kind !== 'verify') contacts++;
            expect(contacts).toBeLessThanOrEqual(maxContactAttempts(policy));
            expect(step).toBeLessThan(answers.length);
            history.push(outcome);
            outcome = answer(action, answers[step]!);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never calls back more than the policy allows, nor later than its maximum age', () => {
    fc.assert(
      fc.property(hotelArb, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 24 * 20 }), fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), (contact, earlier, hours, at) => {
        const history: ContactOutcome[] = Array.from({ length: earlier }, (_, i) => ({ type: 'CallbackRequested', at: at - (i + 1) * 3_600_000 }));
        const action = nextAction({ type: 'CallbackRequested', at, callbackAt: at + hours * 3_600_000 }, history, contact);
        if (action.kind === 'call') {
          expect(earlier + 1).toBeLessThanOrEqual(DEFAULT_CONTACT_POLICY.callback.maxAttempts);
          expect(action.at - at).toBeLessThanOrEqual(DEFAULT_CONTACT_POLICY.callback.maxAgeSeconds * 1000);
          expect(action.at).toBeGreaterThanOrEqual(at + hours * 3_600_000);
        }
      }),
      { numRuns: 300 },
    );
  });
});
