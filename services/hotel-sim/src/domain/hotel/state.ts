// A simulated hotel's side of one call.
import type { HeardRequest, Resume } from './events.js';
import type { Answer, IvrMenu } from './persona.js';

export type Phase =
  | { kind: 'idle' }
  | { kind: 'ivr'; menu: IvrMenu; noInputs: number }
  | { kind: 'hold'; until: number; resume: Resume }
  | { kind: 'person'; awaiting: { kind: 'request' } | { kind: 'spelling'; request: HeardRequest } | { kind: 'email'; request: HeardRequest; answer: Answer } }
  | { kind: 'voicemail'; since: number; message: readonly string[] }
  | { kind: 'ended'; at: number };

export interface Utterance {
  /** When the hotel starts saying it (seconds since answer). */
  readonly at: number;
  readonly text: string;
}

export interface Outcome {
  readonly request: HeardRequest;
  readonly answer: Answer['kind'];
}

export interface HotelCallState {
  readonly phase: Phase;
  /** What the hotel is about to say, oldest first; a <Gather> hears it. */
  readonly queue: readonly Utterance[];
  /** Digits that moved through the phone menu. */
  readonly menuPath: readonly string[];
  readonly outcomes: readonly Outcome[];
  /** Everything said on the line, both sides, for recordings and transcripts. */
  readonly transcript: readonly { at: number; speaker: 'caller' | 'hotel'; text: string }[];
  /** When the line was last active: the caller spoke or pressed, or finished hearing the hotel. */
  readonly callerActiveAt: number;
  /** The person already asked "are you still there?" during the current silence. */
  readonly silencePrompted: boolean;
}

export function initialState(): HotelCallState {
  return { phase: { kind: 'idle' }, queue: [], menuPath: [], outcomes: [], transcript: [], callerActiveAt: 0, silencePrompted: false };
}
