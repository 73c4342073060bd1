// What happens at a simulated hotel's end of a call. Past tense; `at` is seconds since the call was answered.
import type { Answer, IvrMenu } from './persona.js';

/** A folio request as the front desk understood it. */
export interface HeardRequest {
  readonly guest: string;
  readonly confirmation?: string;
  readonly email?: string;
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly nightlyRate?: number;
}

/** What the person says when a hold ends. */
export type Resume = { kind: 'greeting' } | { kind: 'answer'; request: HeardRequest; answer: Answer };

export type HotelEvent =
  | { type: 'CallConnected'; at: number; mode: 'person' | 'ivr' | 'voicemail' | 'fax'; menu?: IvrMenu }
  /** What the caller said (or pressed, as `[DTMF 2]`), in the order the hotel heard it. */
  | { type: 'CallerHeard'; at: number; text: string }
  | { type: 'HotelWillSay'; at: number; text: string }
  | { type: 'HotelSpeechHeard'; from: number; to: number; text: string; /** Utterances starting by then were heard. */ heardUntil: number }
  | { type: 'IvrOptionChosen'; at: number; digit: string; label: string; next: 'menu' | 'person' | 'voicemail' | 'hangup'; menu?: IvrMenu }
  | { type: 'IvrInvalidOption'; at: number; digits: string }
  | { type: 'IvrNoInput'; at: number }
  | { type: 'PutOnHold'; at: number; until: number; resume: Resume }
  | { type: 'HoldEnded'; at: number }
  | { type: 'SpellingRequested'; at: number; request: HeardRequest }
  | { type: 'EmailRequested'; at: number; request: HeardRequest; answer: Answer }
  | { type: 'RequestAnswered'; at: number; request: HeardRequest; answer: Answer['kind'] }
  | { type: 'FolioPromised'; at: number; request: HeardRequest & { email: string }; sendAt: number }
  | { type: 'CallerNotUnderstood'; at: number; text: string }
  /** The caller has said nothing for a while; the person asks whether anyone is there. */
  | { type: 'SilenceNoticed'; at: number }
  | { type: 'VoicemailMessageLeft'; at: number; text: string }
  | { type: 'HotelHungUp'; at: number; reason: 'goodbye' | 'ivr-no-input' | 'ivr-hangup' | 'voicemail-full' | 'silence' | 'fax' };
