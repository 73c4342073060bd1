// Retry, callback, verification and fallback rules as one pure decision: given what just happened to a
// request's contact, what happened before, and the hotel's calendar, what to do next and when. Calls,
// emails and verifications always land inside the hotel's business hours; escalations and failures are
// immediate. Every limit is bounded, so a request always ends in a folio, an operator or a reason.
import { DateTime } from 'luxon';
import { ValidationError, type FieldIssue } from '@folio/errors';
import { nextWindowStart, type BusinessCalendar } from './business-hours.js';

export interface ContactPolicy {
  readonly call: {
    /** Retries after a failed, busy or unanswered call. */
    readonly maxRetries: number;
    /** Delay before the first retry; later ones are `backoffFactor` times longer each. */
    readonly firstRetryDelaySeconds: number;
    readonly backoffFactor: number;
  };
  readonly voicemail: {
    readonly retryAfterSeconds: number;
    readonly maxRetries: number;
  };
  readonly callback: {
    /** When the hotel asked for a callback without naming a time. */
    readonly defaultDelaySeconds: number;
    readonly maxAttempts: number;
    /** A callback that would happen later than this after it was asked for is dropped. */
    readonly maxAgeSeconds: number;
  };
  readonly verification: {
    /** When to check that a promised folio arrived. */
    readonly delaySeconds: number;
    /** Local time of the check for a promise "by end of day". */
    readonly endOfDayTime: string;
    /** Checks that may find no folio before an operator takes over. */
    readonly maxVerifications: number;
    /** How to remind a hotel that promised: a reminder email (when its address is known) or a call. */
    readonly followUp: 'email' | 'call';
  };
  readonly email: {
    /** Request emails (the first and reminders) once calls are spent. */
    readonly maxAttempts: number;
    /** How long to wait for a reply before checking for the folio. */
    readonly replyTimeoutSeconds: number;
  };
}

/** The original design's numbers. */
export const DEFAULT_CONTACT_POLICY: ContactPolicy = {
  call: { maxRetries: 3, firstRetryDelaySeconds: 300, backoffFactor: 12 },
  voicemail: { retryAfterSeconds: 24 * 3600, maxRetries: 3 },
  callback: { defaultDelaySeconds: 24 * 3600, maxAttempts: 3, maxAgeSeconds: 7 * 24 * 3600 },
  verification: { delaySeconds: 24 * 3600, endOfDayTime: '17:30', maxVerifications: 2, followUp: 'email' },
  email: { maxAttempts: 2, replyTimeoutSeconds: 24 * 3600 },
};

export type PolicyOverrides = { readonly [K in keyof ContactPolicy]?: Partial<ContactPolicy[K]> };

/** The default policy with `overrides` applied; throws `INVALID_CONTACT_POLICY` listing every bad value. */
export function contactPolicy(overrides: PolicyOverrides = {}): ContactPolicy {
  const d = DEFAULT_CONTACT_POLICY;
  const policy: ContactPolicy = {
    call: { ...d.call, ...overrides.call },
    voicemail: { ...d.voicemail, ...overrides.voicemail },
    callback: { ...d.callback, ...overrides.callback },
    verification: { ...d.verification, ...overrides.verification },
    email: { ...d.email, ...overrides.email },
  };
  const issues: FieldIssue[] = [];
  const count = (field: string, v: number) => {
    if (!Number.isInteger(v) || v < 0 || v > 100) issues.push({ field, reason: `${v} must be a whole number from 0 to 100` });
  };
  const seconds = (field: string, v: number) => {
    if (!Number.isFinite(v) || v < 0) issues.push({ field, reason: `${v} must be a number of seconds >= 0` });
  };
  count('call.maxRetries', policy.call.maxRetries);
  seconds('call.firstRetryDelaySeconds', policy.call.firstRetryDelaySeconds);
  if (!Number.isFinite(policy.call.backoffFactor) || policy.call.backoffFactor < 1) {
    issues.push({ field: 'call.backoffFactor', reason: `${policy.call.backoffFactor} must be >= 1` });
  }
  seconds('voicemail.retryAfterSeconds', policy.voicemail.retryAfterSeconds);
  count('voicemail.maxRetries', policy.voicemail.maxRetries);
  seconds('callback.defaultDelaySeconds', policy.callback.defaultDelaySeconds);
  count('callback.maxAttempts', policy.callback.maxAttempts);
  seconds('callback.maxAgeSeconds', policy.callback.maxAgeSeconds);
  seconds('verification.delaySeconds', policy.verification.delaySeconds);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(policy.verification.endOfDayTime)) {
    issues.push({ field: 'verification.endOfDayTime', reason: `"${policy.verification.endOfDayTime}" is not a time HH:mm` });
  }
  count('verification.maxVerifications', policy.verification.maxVerifications);
  if (policy.verification.followUp !== 'email' && policy.verification.followUp !== 'call') {
    issues.push({ field: 'verification.followUp', reason: `"${String(policy.verification.followUp)}" must be "email" or "call"` });
  }
  count('email.maxAttempts', policy.email.maxAttempts);
  seconds('email.replyTimeoutSeconds', policy.email.replyTimeoutSeconds);
  if (issues.length > 0) throw new ValidationError(issues, 'INVALID_CONTACT_POLICY');
  return policy;
}

/** What happened to a request's contact, at `at` (ms since the epoch). */
export type ContactOutcome =
  /** The request waits for its first contact. */
  | { readonly type: 'ContactRequested'; readonly at: number }
  | { readonly type: 'CallFailed'; readonly at: number; readonly result: 'failed' | 'busy' | 'no-answer' }
  | { readonly type: 'VoicemailReached'; readonly at: number; readonly messageLeft: boolean }
  /** The hotel asked to be called back, at `callbackAt` when it named a time (parsed from the call). */
  | { readonly type: 'CallbackRequested'; readonly at: number; readonly callbackAt?: number | undefined }
  /** The hotel said it will send the folio ("by end of day" when it said so). */
  | { readonly type: 'FolioPromised'; readonly at: number; readonly byEndOfDay: boolean }
  /** A request or reminder email went out. */
  | { readonly type: 'EmailSent'; readonly at: number }
  | { readonly type: 'EmailBounced'; readonly at: number }
  /** A verification found no folio. */
  | { readonly type: 'FolioNotYetReceived'; readonly at: number };

export type ContactOutcomeType = ContactOutcome['type'];

/** What the hotel side offers the policy. */
export interface HotelContact {
  readonly calendar: BusinessCalendar;
  /** Known address for email requests and reminders. */
  readonly email?: string | undefined;
  /** The hotel asked to be contacted by email only. */
  readonly prefersEmail?: boolean | undefined;
}

export type NextActionKind = 'call' | 'email' | 'verify' | 'escalate' | 'fail';

export interface NextAction {
  readonly kind: NextActionKind;
  /** When to act (ms since the epoch); inside business hours for call, email and verify. */
  readonly at: number;
  /** Stable SCREAMING_SNAKE code, e.g. `CALL_RETRY`, `CALLBACK_DROPPED`, `COMMITMENT_NOT_KEPT`. */
  readonly reason: string;
  /** The same for a person reading the request's history. */
  readonly detail: string;
}

/**
 * The next action after `outcome`, given the earlier outcomes of the same request (`history`, oldest
 * first, without `outcome` itself), the hotel and the policy.
 */
export function nextAction(
  outcome: ContactOutcome,
  history: readonly ContactOutcome[],
  hotel: HotelContact,
  policy: ContactPolicy = DEFAULT_CONTACT_POLICY,
): NextAction {
  const all = [...history, outcome];
  const count = (type: ContactOutcomeType, from = 0) => all.slice(from).filter((o) => o.type === type).length;
  const inHours = (kind: 'call' | 'email' | 'verify', wanted: number, reason: string, detail: string): NextAction => ({
    kind,
    at: nextWindowStart(Math.max(wanted, outcome.at), hotel.calendar),
    reason,
    detail,
  });
  const now = (kind: 'escalate' | 'fail', reason: string, detail: string): NextAction => ({ kind, at: outcome.at, reason, detail });

  // Once calls are spent (or a callback is dropped), the email channel, then failure.
  const afterCalls = (why: string, detail: string): NextAction => {
    const emails = count('EmailSent');
    if (!hotel.email) return now('fail', why, `${detail}; no email address known for the hotel`);
    if (emails >= policy.email.maxAttempts) return now('fail', why, `${detail}; ${emails} email request(s) already sent`);
    return inHours('email', outcome.at, 'EMAIL_FALLBACK', `${detail}; asking by email instead`);
  };

  switch (outcome.type) {
    case 'ContactRequested':
      if (hotel.prefersEmail && hotel.email) return inHours('email', outcome.at, 'HOTEL_PREFERS_EMAIL', 'the hotel asked to be contacted by email');
      return inHours('call', outcome.at, 'FIRST_CONTACT', 'first call in the hotel\'s business hours');

    case 'CallFailed': {
      const failures = count('CallFailed');
      if (failures > policy.call.maxRetries) {
        return afterCalls('CALL_ATTEMPTS_EXHAUSTED', `call ${outcome.result} ${failures} times`);
      }
      const delay = policy.call.firstRetryDelaySeconds * policy.call.backoffFactor ** (failures - 1);
      return inHours('call', outcome.at + delay * 1000, 'CALL_RETRY', `call ${outcome.result}: retry ${failures} of ${policy.call.maxRetries} after ${Math.round(delay)} s`);
    }

    case 'VoicemailReached': {
      const voicemails = count('VoicemailReached');
      const left = outcome.messageLeft ? 'message left' : 'no message left';
      if (voicemails > policy.voicemail.maxRetries) {
        return afterCalls('VOICEMAIL_ATTEMPTS_EXHAUSTED', `voicemail ${voicemails} times (${left})`);
      }
      return inHours('call', outcome.at + policy.voicemail.retryAfterSeconds * 1000, 'VOICEMAIL_RETRY', `voicemail (${left}): retry ${voicemails} of ${policy.voicemail.maxRetries}`);
    }

    case 'CallbackRequested': {
      const callbacks = count('CallbackRequested');
      if (callbacks > policy.callback.maxAttempts) {
        return afterCalls('CALLBACK_LIMIT', `the hotel asked for a callback ${callbacks} times (at most ${policy.callback.maxAttempts})`);
      }
      const named = outcome.callbackAt !== undefined;
      const wanted = named ? Math.max(outcome.callbackAt!, outcome.at) : outcome.at + policy.callback.defaultDelaySeconds * 1000;
      const at = nextWindowStart(wanted, hotel.calendar);
      if (at - outcome.at > policy.callback.maxAgeSeconds * 1000) {
        const days = Math.round(((at - outcome.at) / 86_400_000) * 10) / 10;
        return afterCalls('CALLBACK_DROPPED', `the callback would be ${days} days after it was asked for (at most ${policy.callback.maxAgeSeconds / 86_400} days)`);
      }
      return { kind: 'call', at, reason: named ? 'CALLBACK_AT_NAMED_TIME' : 'CALLBACK_DEFAULT_DELAY', detail: `callback ${callbacks} of ${policy.callback.maxAttempts}${named ? ' at the time the hotel named' : ''}` };
    }

    case 'FolioPromised': {
      const wanted = outcome.byEndOfDay ? endOfDay(outcome.at, hotel.calendar.zone, policy) : outcome.at + policy.verification.delaySeconds * 1000;
      return inHours('verify', wanted, 'VERIFY_PROMISE', outcome.byEndOfDay ? 'the hotel promised the folio by end of day' : 'the hotel promised the folio');
    }

    case 'EmailSent': {
      const promised = all.some((o) => o.type === 'FolioPromised');
      const wait = promised ? policy.verification.delaySeconds : policy.email.replyTimeoutSeconds;
      return inHours('verify', outcome.at + wait * 1000, 'AWAIT_EMAIL_REPLY', 'checking for the folio after the email');
    }

    case 'EmailBounced':
      return now('fail', 'EMAIL_BOUNCED', 'the hotel\'s email address bounced');

    case 'FolioNotYetReceived': {
      const firstPromise = all.findIndex((o) => o.type === 'FolioPromised');
      if (firstPromise >= 0) {
        const misses = count('FolioNotYetReceived', firstPromise);
        if (misses >= policy.verification.maxVerifications) {
          return now('escalate', 'COMMITMENT_NOT_KEPT', `the hotel promised the folio but ${misses} check(s) found none`);
        }
        const byEmail = policy.verification.followUp === 'email' && Boolean(hotel.email);
        return inHours(byEmail ? 'email' : 'call', outcome.at, 'FOLIO_REMINDER', `no folio at check ${misses} of ${policy.verification.maxVerifications}: reminding the hotel`);
      }
      const emails = count('EmailSent');
      if (emails === 0) return afterCalls('NO_FOLIO', 'no folio arrived');
      if (emails >= policy.email.maxAttempts) return now('fail', 'NO_REPLY_TO_EMAIL', `no folio after ${emails} email request(s)`);
      return inHours('email', outcome.at, 'EMAIL_REMINDER', `no folio after ${emails} email request(s): sending a reminder`);
    }

    default: {
      const unknown: never = outcome;
      throw new ValidationError([{ field: 'outcome.type', reason: `unknown outcome ${JSON.stringify(unknown)}` }], 'UNKNOWN_CONTACT_OUTCOME');
    }
  }
}

// The policy's "end of day" on the outcome's local date; a promise made after it waits the usual delay.
function endOfDay(at: number, zone: string, policy: ContactPolicy): number {
  const local = DateTime.fromMillis(at, { zone });
  const [hour, minute] = policy.verification.endOfDayTime.split(':').map(Number) as [number, number];
  const eod = local.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  return eod > at ? eod : at + policy.verification.delaySeconds * 1000;
}

/** The most call and email actions `nextAction` can ever return for one request under `policy`. */
export function maxContactAttempts(policy: ContactPolicy): number {
  return (
    1 +
    policy.call.maxRetries +
    policy.voicemail.maxRetries +
    policy.callback.maxAttempts +
    policy.verification.maxVerifications +
    policy.email.maxAttempts
  );
}
