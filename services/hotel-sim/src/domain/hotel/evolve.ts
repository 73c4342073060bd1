// Folds a simulated hotel's events into its call state. Unknown event types leave the state as it is.
import type { HotelEvent } from './events.js';
import type { HotelCallState, Phase } from './state.js';

export function evolve(state: HotelCallState, event: HotelEvent): HotelCallState {
  switch (event.type) {
    case 'CallConnected': {
      const phase: Phase =
        event.mode === 'ivr' && event.menu
          ? { kind: 'ivr', menu: event.menu, noInputs: 0 }
          : event.mode === 'voicemail'
            ? { kind: 'voicemail', since: event.at, message: [] }
            : { kind: 'person', awaiting: { kind: 'request' } };
      return { ...state, phase };
    }
    case 'HotelWillSay':
      return { ...state, queue: [...state.queue, { at: event.at, text: event.text }] };
    case 'HotelSpeechHeard': {
      return {
        ...state,
        queue: state.queue.filter((u) => u.at > event.heardUntil),
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
      return { ...state, phase: { kind: 'person', awaiting: { kind: 'request' } } };
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
