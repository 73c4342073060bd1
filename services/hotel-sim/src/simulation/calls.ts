// The simulated Twilio account's calls and recordings, in memory (hotel-sim is a dev and test stand-in).
import type { Hotel } from '../domain/hotel/index.js';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export interface WebhookTarget {
  url: string;
  method: 'GET' | 'POST';
}

/** A change asked for through the REST API while the call runs. */
export type CallUpdate = { kind: 'redirect'; target: WebhookTarget } | { kind: 'twiml'; twiml: string } | { kind: 'hangup' };

export interface SimCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  hotel: Hotel | undefined;
  status: CallStatus;
  answeredBy: string | null;
  /** Where the call's TwiML comes from first: a URL or inline TwiML. */
  start: { kind: 'url'; target: WebhookTarget } | { kind: 'twiml'; twiml: string };
  fallback: WebhookTarget | undefined;
  statusCallback: WebhookTarget | undefined;
  statusCallbackEvents: ReadonlySet<string>;
  machineDetection: 'Enable' | 'DetectMessageEnd' | undefined;
  machineDetectionTimeout: number;
  asyncAmd: boolean;
  asyncAmdStatusCallback: WebhookTarget | undefined;
  record: boolean;
  recordingStatusCallback: WebhookTarget | undefined;
  recordingStatusCallbackEvents: ReadonlySet<string>;
  /** Seconds to let the phone ring before giving up (Twilio's Timeout, default 60). */
  ringTimeout: number;
  timeLimit: number;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  duration: number | null;
  /** Base URL of this API as the client reached it; recording links use it. */
  apiBaseUrl: string;
  update: CallUpdate | undefined;
  interrupt: AbortController;
}

export interface SimRecording {
  sid: string;
  accountSid: string;
  callSid: string;
  dateCreated: Date;
  startTime: Date;
  duration: number;
  /** What was said on the line, carried inside the WAV for the speech-to-text stand-in. */
  transcript: string;
  apiBaseUrl: string;
}

export class CallBook {
  readonly calls = new Map<string, SimCall>();
  readonly recordings = new Map<string, SimRecording>();
  private readonly callCounts = new Map<string, number>();

  /** How many calls this hotel number had before (its menus change with it). */
  nextCallNumber(phone: string): number {
    const n = this.callCounts.get(phone) ?? 0;
    this.callCounts.set(phone, n + 1);
    return n;
  }
}
