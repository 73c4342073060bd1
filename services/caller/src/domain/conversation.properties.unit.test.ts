// Properties of the call state machine over any hotel behaviour: the call always ends by the hard
// limit, and every request of the batch gets exactly one outcome.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_CALL_LIMITS, handleTurn, initialOutcomes, startCall, type CallEvent, type CallState, type ConnectionAnalysis } from './conversation.js';
import { NOW, request, setup } from './fixtures.test.js';

const UTTERANCES = [
  'Sure, I can send that.',
  "We'll send it by end of day.",
  "Sorry, we can't share that, it's our policy.",
  "I can't find that reservation.",
  'Call back tomorrow afternoon.',
  'Hold on please.',
  'Let me transfer you to billing.',
  'Can you spell that?',
  'Hello?',
  'Please leave a message after the tone.',
  'For billing press 2. For reservations press 1.',
  'Invalid entry.',
  'Billing, how can I help?',
  'Please hold while we connect you.',
  '',
];

type Reply =
  | { readonly kind: 'speech'; readonly text: string; readonly after: number }
  | { readonly kind: 'silence' }
  | { readonly kind: 'digits'; readonly after: number }
  | { readonly kind: 'hang-up'; readonly after: number };

const reply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('speech' as const), text: fc.oneof(fc.constantFrom(...UTTERANCES), fc.string({ maxLength: 40 })), after: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'silence' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('digits' as const), after: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hang-up' as const), after: fc.integer({ min: 1, max: 60 }) }) },
);

const scenario = fc.record({
  requests: fc.integer({ min: 1, max: 8 }),
  analysis: fc.constantFrom<ConnectionAnalysis>('human', 'human', 'human', 'ivr', 'ivr', 'voicemail', 'no-answer', 'busy', 'failed'),
  voicemail: fc.constantFrom('leave-message' as const, 'hang-up' as const),
  learnedPath: fc.option(fc.array(fc.constantFrom('1', '2', '3', '0'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  connectAt: fc.integer({ min: 0, max: 30 }),
  replies: fc.array(reply, { maxLength: 60 }),
});

describe('conversation properties', () => {
  it('always ends by 600 s, never listens past it, decides every request exactly once, and keeps a JSON state', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const requests = Array.from({ length: sc.requests }, (_, i) => request(i + 1));
        let state: CallState = startCall(setup({ requests, voicemail: sc.voicemail, ...(sc.learnedPath ? { ivr: { learnedPath: sc.learnedPath } } : {}) }));
        const decided = new Map<string, number>();
        for (const o of initialOutcomes(state)) decided.set(o.recordId, 1);
        let turn = handleTurn(state, { type: 'connected', analysis: sc.analysis, elapsedSeconds: sc.connectAt });
        const replies = [...sc.replies];
        let turns = 0;
        for (;;) {
          for (const o of turn.outcomes) decided.set(o.recordId, (decided.get(o.recordId) ?? 0) + 1);
          state = turn.state;
          // The adapter keeps the state between webhooks as JSON.
          expect(JSON.parse(JSON.stringify(state))).toEqual(state);
          const action = turn.action;
          if (action.type === 'gather' || action.type === 'send-digits') {
            expect(action.timeoutSeconds).toBeGreaterThanOrEqual(1);
            expect(state.elapsedSeconds + action.timeoutSeconds).toBeLessThanOrEqual(DEFAULT_CALL_LIMITS.maxDurationSeconds);
          }
          if (state.phase === 'ended') {
            expect(['hang-up', 'none']).toContain(action.type);
            break;
          }
          expect(action.type === 'gather' || action.type === 'send-digits').toBe(true);
          const listen = action.type === 'gather' || action.type === 'send-digits' ? action.timeoutSeconds : 1;
          const r = replies.shift() ?? { kind: 'silence' as const };
          const at = (after: number) => state.elapsedSeconds + Math.min(after, listen);
          const event: CallEvent =
            r.kind === 'speech'
              ? { type: 'speech', transcript: r.text, elapsedSeconds: at(r.after), now: new Date(NOW.getTime() + at(r.after) * 1000) }
              : r.kind === 'digits'
                ? { type: 'digits', digits: '1', elapsedSeconds: at(r.after) }
                : r.kind === 'hang-up'
                  ? { type: 'hung-up', elapsedSeconds: at(r.after) }
                  : { type: 'timeout', elapsedSeconds: state.elapsedSeconds + listen };
          turn = handleTurn(state, event);
          turns++;
          expect(turns).toBeLessThan(700);
        }
        expect(state.elapsedSeconds).toBeLessThanOrEqual(DEFAULT_CALL_LIMITS.maxDurationSeconds);
        expect([...decided.keys()].sort()).toEqual(requests.map((r) => r.recordId).sort());
        expect([...decided.values()].every((n) => n === 1)).toBe(true);
        // An ended call ignores whatever arrives afterwards.
        expect(handleTurn(state, { type: 'timeout', elapsedSeconds: state.elapsedSeconds + 5 })).toEqual({ state, action: { type: 'none' }, outcomes: [], signals: [] });
      }),
      { numRuns: 400 },
    );
  });
});
