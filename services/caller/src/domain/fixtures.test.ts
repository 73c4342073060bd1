// Test fixtures of the conversation: a batch of requests, a fixed clock, and
// given(setup, events).when(event).then(...) over handleTurn.
import { expect } from '@jest/globals';
import { handleTurn, initialOutcomes, startCall, type CallEvent, type CallRequest, type CallSetup, type CallState, type OutcomeKind, type Turn } from './conversation.js';

/** Friday 6 February 2026, 10:30 in New York. */
export const NOW = new Date('2026-02-06T15:30:00Z');
export const ZONE = 'America/New_York';

export function request(n: number, overrides: Partial<CallRequest> = {}): CallRequest {
  return {
    recordId: `rec-${n}`,
    guestName: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'][(n - 1) % 5] ?? 'Guest',
    confirmationNumber: `CF${1000 + n}X`,
    checkIn: '2026-01-12',
    checkOut: '2026-01-15',
    destinationEmail: 'folios@acme.example',
    referenceId: `ref-${n}`,
    createdAt: `2026-01-${String(10 + n).padStart(2, '0')}T08:00:00Z`,
    ...overrides,
  };
}

export function setup(overrides: Partial<CallSetup> = {}): CallSetup {
  return {
    callId: 'call-1',
    clientName: 'Acme Travel',
    requests: [request(1)],
    timeZone: ZONE,
    voicemail: 'leave-message',
    ...overrides,
  };
}

export const connected = (analysis: 'human' | 'ivr' | 'voicemail' | 'no-answer' | 'busy' | 'failed', elapsedSeconds = 2, heard?: string): CallEvent => ({
  type: 'connected',
  analysis,
  elapsedSeconds,
  ...(heard === undefined ? {} : { heard, now: NOW }),
});
export const says = (transcript: string, elapsedSeconds: number): CallEvent => ({ type: 'speech', transcript, elapsedSeconds, now: new Date(NOW.getTime() + elapsedSeconds * 1000) });
export const silence = (elapsedSeconds: number): CallEvent => ({ type: 'timeout', elapsedSeconds });

export interface Played {
  readonly state: CallState;
  readonly turns: readonly Turn[];
  readonly outcomes: Record<string, OutcomeKind>;
}

export function play(callSetup: CallSetup, events: readonly CallEvent[]): Played {
  let state = startCall(callSetup);
  const turns: Turn[] = [];
  const outcomes: Record<string, OutcomeKind> = {};
  for (const o of initialOutcomes(state)) outcomes[o.recordId] = o.outcome;
  for (const e of events) {
    const turn = handleTurn(state, e);
    turns.push(turn);
    for (const o of turn.outcomes) {
      expect(outcomes[o.recordId]).toBeUndefined();
      outcomes[o.recordId] = o.outcome;
    }
    state = turn.state;
  }
  return { state, turns, outcomes };
}

/** given(setup, earlier events).when(event).then(check of that turn) */
export function given(callSetup: CallSetup, events: readonly CallEvent[] = []) {
  const before = play(callSetup, events);
  return {
    when(event: CallEvent) {
      const turn = handleTurn(before.state, event);
      return {
        then(check: (turn: Turn, before: Played) => void): Turn {
          check(turn, before);
          return turn;
        },
      };
    },
  };
}

export const spoken = (turn: Turn): string =>
  turn.action.type === 'gather' || turn.action.type === 'hang-up' ? turn.action.prompts.map((p) => p.text).join(' ') : '';
