// Folds a simulated hotel's events into its call state. Unknown event types leave the state as it is.
import type { HotelEvent } from './events.js';
import type { HotelCallState, Phase } from './state.js';

export function evolve(state: HotelCallState, event: HotelEvent): HotelCallState {
  switch (event.type) {
    case 'CallConnected':
      return { ...state, phase: connectedPhase(event), callerActiveAt: event.at };
    case 'CallerHeard':
      return {
        ...state,
        callerActiveAt: event.at,
        silencePrompted: false,
        transcript: [...state.transcript, { at: event.at, speaker: 'caller', text: event.text }],
      };
    case 'HotelWillSay':
      return { ...state, queue: [...state.queue, { at: event.at, text: event.text }] };
    case 'HotelSpeechHeard': {
      return {
        ...state,
        queue: state.queue.filter((u) => u.at > event.heardUntil),
        callerActiveAt: Math.max(state.callerActiveAt, event.to),
        transcript: [...state.transcript, { at: event.from, speaker: 'hotel', text: event.text }],
      };
    }
    case 'IvrOptionChosen': {
      const menuPath = event.digit ? [...state.menuPath, event.digit] : state.menuPath;
      // A choice silences the rest of the current prompt.
      const queue: HotelCallState['queue'] = [];
      switch (event.next) {
        case 'menu':
          return { ...state, menuPath, queue, phase: event.menu ? { kind: 'ivr', menu: event.menu, noInputs: 0 } : state.phase };
        case 'person':
          return { ...state, menuPath, queue, phase: { kind: 'person', awaiting: { kind: 'request' } } };
        case 'voicemail':
          return { ...state, menuPath, queue, phase: { kind: 'voicemail', since: event.at, message: [] } };
        case 'hangup':
          return { ...state, menuPath, queue };
        default: {
          const never: never = event.next;
          return never;
        }
      }
    }
    case 'IvrInvalidOption':
      return { ...state, queue: [] };
    case 'IvrNoInput':
      return state.phase.kind === 'ivr' ? { ...state, phase: { ...state.phase, noInputs: state.phase.noInputs + 1 } } : state;
    case 'PutOnHold':
      return { ...state, phase: { kind: 'hold', until: event.until, resume: event.resume } };
    case 'HoldEnded':
      return { ...state, phase: { kind: 'person', awaiting: { kind: 'request' } }, callerActiveAt: event.at };
    case 'SpellingRequested':
      return { ...state, phase: { kind: 'person', awaiting: { kind: 'spelling', request: event.request } } };
    case 'EmailRequested':
      return { ...state, phase: { kind: 'person', awaiting: { kind: 'email', request: event.request, answer: event.answer } } };
    case 'RequestAnswered':
      return {
        ...state,
        outcomes: [...state.outcomes, { request: event.request, answer: event.answer }],
        phase: state.phase.kind === 'person' ? { kind: 'person', awaiting: { kind: 'request' } } : state.phase,
      };
    case 'SilenceNoticed':
      return { ...state, silencePrompted: true };
    case 'FolioPromised':
    case 'CallerNotUnderstood':
      return state;
    case 'VoicemailMessageLeft':
      return state.phase.kind === 'voicemail'
        ? { ...state, phase: { ...state.phase, message: [...state.phase.message, event.text] } }
        : state;
    case 'HotelHungUp':
      return { ...state, phase: { kind: 'ended', at: event.at } };
    default:
      return state;
  }
}

function connectedPhase(event: Extract<HotelEvent, { type: 'CallConnected' }>): Phase {
  switch (event.mode) {
    case 'ivr':
      return event.menu ? { kind: 'ivr', menu: event.menu, noInputs: 0 } : { kind: 'person', awaiting: { kind: 'request' } };
    case 'voicemail':
      return { kind: 'voicemail', since: event.at, message: [] };
    case 'fax':
      return { kind: 'idle' };
    case 'person':
      return { kind: 'person', awaiting: { kind: 'request' } };
    default: {
      const never: never = event.mode;
      return never;
    }
  }
}
