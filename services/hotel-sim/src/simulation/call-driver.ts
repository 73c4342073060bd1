// Runs one simulated call the way Twilio's voice engine does: dials (initiated, ringing), connects or not
// (busy, no-answer, failed), detects the answering party (AMD, synchronous or asynchronous), fetches the
// application's TwiML and plays it verb by verb to the hotel's persona, posts Gather results to the action URL,
// follows redirects and REST updates, ends the call, posts the status and recording callbacks, and hands the
// folios the hotel promised to the mail queue.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@folio/logger';
import {
  decide,
  evolve,
  initialState,
  recognise,
  seededRandom,
  speakingSeconds,
  type HotelCallState,
  type HotelCommand,
  type HotelEvent,
} from '../domain/hotel/index.js';
import { parseTwiml, type Nested, type Verb } from '../domain/twiml/twiml.js';
import { textOfAudio } from '../adapters/audio.js';
import type { WebhookClient, WebhookResponse } from '../adapters/webhook-client.js';
import { CallAborted, SimClock } from './sim-clock.js';
import type { CallBook, CallStatus, SimCall, WebhookTarget } from './calls.js';

/** Words per minute of the caller's <Say> (Twilio's voices speak at about this pace). */
const SAY_WORDS_PER_MINUTE = 160;
/** Most TwiML documents one call fetches; a redirect loop ends the call like Twilio's loop guard. */
const MAX_DOCUMENTS = 500;

export interface FolioPromise {
  hotelPhone: string;
  callSid: string;
  event: Extract<HotelEvent, { type: 'FolioPromised' }>;
  /** Simulated seconds from now until the hotel sends it. */
  delaySeconds: number;
}

export interface CallDriverDeps {
  book: CallBook;
  webhooks: WebhookClient;
  logger: Logger;
  timeScale: number;
  now: () => Date;
  onFolioPromised: (promise: FolioPromise) => void;
  onWebhook: (kind: 'twiml' | 'status' | 'amd' | 'recording', ok: boolean) => void;
  onCallEnded: (call: SimCall) => void;
}

export function newSid(prefix: 'CA' | 'RE'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's date format in JSON and callbacks: RFC 2822 with a numeric zone. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export async function driveCall(call: SimCall, deps: CallDriverDeps): Promise<void> {
  const run = new CallRun(call, deps);
  try {
    await run.execute();
  } catch (error) {
    deps.logger.error({ err: error, callSid: call.sid }, 'simulated call failed');
  }
}

class CallRun {
  private readonly clock: SimClock;
  private state: HotelCallState = initialState();
  private sequence = 0;
  private readonly random: () => number;
  private answeredAt: Date | null = null;
  private readonly lines: string[] = [];

  constructor(
    private readonly call: SimCall,
    private readonly deps: CallDriverDeps,
  ) {
    this.clock = new SimClock(deps.timeScale, () => call.interrupt.signal);
    this.random = seededRandom(call.sid);
  }

  async execute(): Promise<void> {
    const { call } = this;
    const persona = call.hotel?.persona;
    await this.clock.advanceBy(0.2).catch(() => undefined);
    if (call.update?.kind === 'hangup') return this.finish('canceled');
    await this.statusCallback('initiated', 'initiated');
    if (!persona || persona.connection.kind === 'failed') {
      await this.safeAdvance(1);
      return this.finish('failed');
    }
    if (persona.connection.kind === 'busy') {
      await this.safeAdvance(2);
      return this.finish('busy');
    }
    this.setStatus('ringing');
    await this.statusCallback('ringing', 'ringing');
    const ringFor = persona.connection.kind === 'no-answer' ? persona.connection.ringSeconds : persona.ringSeconds;
    const answers = ringFor < call.ringTimeout && persona.connection.kind !== 'no-answer';
    if (!(await this.ringUntil(Math.min(ringFor, call.ringTimeout)))) return this.finish('canceled');
    if (!answers) return this.finish('no-answer');

    // Answered: from here on the clock counts the call's duration.
    this.answeredAt = this.deps.now();
    call.startTime = this.answeredAt;
    this.clockOffset = this.clock.now();
    this.setStatus('in-progress');
    await this.statusCallback('answered', 'in-progress');
    this.apply({ type: 'ConnectCall', at: 0, callNumber: this.deps.book.nextCallNumber(call.to) });

    const amd = this.detectAnsweringParty();
    const extra: Record<string, string> = {};
    if (amd && !call.asyncAmd) {
      await this.safeAdvance(amd.seconds);
      call.answeredBy = amd.answeredBy;
      extra.AnsweredBy = amd.answeredBy;
      extra.MachineDetectionDuration = String(Math.round(amd.seconds * 1000));
    } else if (amd) {
      this.clock.at(this.clock.now() + amd.seconds, async () => {
        call.answeredBy = amd.answeredBy;
        if (!call.asyncAmdStatusCallback) return;
        const ok = await this.post('amd', call.asyncAmdStatusCallback, {
          AccountSid: call.accountSid,
          CallSid: call.sid,
          AnsweredBy: amd.answeredBy,
          MachineDetectionDuration: String(Math.round(amd.seconds * 1000)),
        });
        void ok;
      });
    }
    try {
      await this.playApplication(extra);
    } catch (error) {
      if (!(error instanceof CallAborted)) throw error;
    }
    await this.clock.drain();
    return this.finish('completed');
  }

  private clockOffset = 0;

  /** Seconds since the call was answered. */
  private t(): number {
    return this.clock.now() - this.clockOffset;
  }

  private async safeAdvance(seconds: number): Promise<boolean> {
    try {
      await this.clock.advanceBy(seconds);
      return true;
    } catch (error) {
      if (error instanceof CallAborted) return false;
      throw error;
    }
  }

  /** Rings for `seconds`; a REST hang-up cancels (false), a new Url or TwiML replaces what plays on answer. */
  private async ringUntil(seconds: number): Promise<boolean> {
    const until = this.clock.now() + seconds;
    for (;;) {
      if (await this.safeAdvance(until - this.clock.now())) return true;
      const update = this.call.update;
      this.call.update = undefined;
      this.call.interrupt = new AbortController();
      if (!update || update.kind === 'hangup') return false;
      this.call.start = update.kind === 'twiml' ? { kind: 'twiml', twiml: update.twiml } : { kind: 'url', target: update.target };
    }
  }

  private detectAnsweringParty(): { answeredBy: string; seconds: number } | undefined {
    const { call } = this;
    const persona = call.hotel!.persona;
    if (!call.machineDetection) return undefined;
    const endDetection = call.machineDetection === 'DetectMessageEnd';
    switch (persona.connection.kind) {
      case 'voicemail': {
        const greeting = speakingSeconds(persona.voicemailGreeting, persona.wordsPerMinute);
        return endDetection ? { answeredBy: 'machine_end_beep', seconds: greeting + 1 } : { answeredBy: 'machine_start', seconds: 3.5 };
      }
      case 'fax':
        return { answeredBy: 'fax', seconds: 3 };
      default:
        if (persona.ivr || persona.holdOnPickupSeconds > 0) {
          return { answeredBy: 'unknown', seconds: Math.min(call.machineDetectionTimeout, 30) };
        }
        if (persona.replyDelaySeconds >= call.machineDetectionTimeout) {
          return { answeredBy: endDetection ? 'machine_end_silence' : 'unknown', seconds: call.machineDetectionTimeout };
        }
        return { answeredBy: 'human', seconds: 2 + persona.replyDelaySeconds };
    }
  }

  private baseParams(status: CallStatus | 'initiated'): Record<string, string> {
    const { call } = this;
    return {
      AccountSid: call.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: status,
      Called: call.to,
      Caller: call.from,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
    };
  }

  private async statusCallback(event: 'initiated' | 'ringing' | 'answered' | 'completed', status: CallStatus | 'initiated', extra: Record<string, string> = {}): Promise<void> {
    const { call } = this;
    if (!call.statusCallback || !call.statusCallbackEvents.has(event)) return;
    await this.post('status', call.statusCallback, {
      ...this.baseParams(status),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(this.deps.now()),
      ...(call.answeredBy ? { AnsweredBy: call.answeredBy } : {}),
      ...extra,
    });
  }

  private async post(kind: 'status' | 'amd' | 'recording', target: WebhookTarget, params: Record<string, string>): Promise<boolean> {
    try {
      const response = await this.deps.webhooks.send(target, params);
      const ok = response.status < 400;
      this.deps.onWebhook(kind, ok);
      if (!ok) this.deps.logger.warn({ callSid: this.call.sid, kind, status: response.status }, 'webhook answered with an error (Twilio error 11200)');
      return ok;
    } catch (error) {
      this.deps.onWebhook(kind, false);
      this.deps.logger.warn({ err: error, callSid: this.call.sid, kind }, 'webhook failed (Twilio error 11200)');
      return false;
    }
  }

  private setStatus(status: CallStatus): void {
    this.call.status = status;
    this.call.dateUpdated = this.deps.now();
  }

  private apply(command: HotelCommand): HotelEvent[] {
    const hotel = this.call.hotel!;
    const events = decide(command, this.state, hotel);
    for (const event of events) {
      this.state = evolve(this.state, event);
      if (event.type === 'FolioPromised') {
        this.deps.onFolioPromised({ hotelPhone: hotel.phone, callSid: this.call.sid, event, delaySeconds: Math.max(0, event.sendAt - event.at) });
      }
    }
    // Recording transcript lines: speaker_0 is the caller, speaker_1 the hotel (as ElevenLabs diarises).
    if (command.type === 'HearCaller') this.lines.push(`speaker_0|${command.text}`);
    for (const event of events) if (event.type === 'HotelSpeechHeard') this.lines.push(`speaker_1|${event.text}`);
    return events;
  }

  private hotelHungUp(): boolean {
    return this.state.phase.kind === 'ended' && this.state.phase.at <= this.t();
  }

  /** Fetches and plays TwiML documents until the call ends. */
  private async playApplication(firstExtra: Record<string, string>): Promise<void> {
    const { call } = this;
    let next: { verbs: Verb[]; url: string | undefined } | undefined =
      call.start.kind === 'twiml' ? this.inline(call.start.twiml, undefined) : await this.fetchTwiml(call.start.target, firstExtra);
    let documents = 1;
    while (next) {
      if (documents++ > MAX_DOCUMENTS) return;
      try {
        next = await this.playDocument(next.verbs, next.url);
      } catch (error) {
        // A REST update interrupted a wait: play what it asks for.
        if (!(error instanceof CallAborted)) throw error;
        const update = await this.takeUpdate();
        if (update === 'none') return;
        next = update;
      }
    }
  }

  private inline(twiml: string, url: string | undefined): { verbs: Verb[]; url: string | undefined } | undefined {
    try {
      return { verbs: parseTwiml(twiml), url };
    } catch (error) {
      this.deps.logger.warn({ err: error, callSid: this.call.sid }, 'TwiML could not be parsed (Twilio error 12100); the call ends');
      return undefined;
    }
  }

  private async fetchTwiml(target: WebhookTarget, extra: Record<string, string> = {}): Promise<{ verbs: Verb[]; url: string } | undefined> {
    const params = { ...this.baseParams(this.call.status), ...(this.call.answeredBy ? { AnsweredBy: this.call.answeredBy } : {}), ...extra };
    let response: WebhookResponse | undefined;
    for (const candidate of [target, this.call.fallback]) {
      if (!candidate) continue;
      try {
        response = await this.deps.webhooks.send(candidate, params);
        this.deps.onWebhook('twiml', response.status < 400);
        if (response.status < 400) {
          const parsed = this.inline(response.body, candidate.url);
          return parsed ? { verbs: parsed.verbs, url: candidate.url } : undefined;
        }
      } catch (error) {
        this.deps.onWebhook('twiml', false);
        this.deps.logger.warn({ err: error, callSid: this.call.sid, url: candidate.url }, 'TwiML request failed (Twilio error 11200)');
      }
    }
    this.deps.logger.warn({ callSid: this.call.sid, status: response?.status }, 'no TwiML (application error); the call ends');
    return undefined;
  }

  /** Plays one document; returns the next one (Gather action, Redirect, REST update) or undefined when the call ends. */
  private async playDocument(verbs: Verb[], url: string | undefined): Promise<{ verbs: Verb[]; url: string | undefined } | undefined> {
    for (const verb of verbs) {
      const update = await this.takeUpdate();
      if (update !== 'none') return update;
      if (this.hotelHungUp() || this.t() >= this.call.timeLimit) return undefined;
      switch (verb.verb) {
        case 'Say':
        case 'Play':
        case 'Pause':
          await this.playNested(verb);
          break;
        case 'Gather': {
          const result = await this.gather(verb);
          const after = await this.takeUpdate();
          if (after !== 'none') return after;
          if (result || verb.actionOnEmptyResult) {
            const action = { url: resolveUrl(verb.action, url), method: verb.method };
            if (!action.url) return undefined;
            return this.fetchTwiml(action as WebhookTarget, result ?? {});
          }
          break;
        }
        case 'Redirect': {
          const target = resolveUrl(verb.url, url);
          return target ? this.fetchTwiml({ url: target, method: verb.method }) : undefined;
        }
        case 'Hangup':
        case 'Reject':
          return undefined;
        case 'Unsupported':
          this.deps.logger.debug({ callSid: this.call.sid, verb: verb.name }, 'TwiML verb not simulated; skipped');
          break;
        default: {
          const never: never = verb;
          return never;
        }
      }
    }
    return undefined;
  }

  /** A REST update interrupts the current document: a new URL, new TwiML, or hang up. */
  private async takeUpdate(): Promise<{ verbs: Verb[]; url: string | undefined } | undefined | 'none'> {
    const { call } = this;
    const update = call.update;
    if (!update) return 'none';
    call.update = undefined;
    call.interrupt = new AbortController();
    switch (update.kind) {
      case 'hangup':
        return undefined;
      case 'twiml':
        return this.inline(update.twiml, undefined);
      case 'redirect':
        return this.fetchTwiml(update.target);
      default: {
        const never: never = update;
        return never;
      }
    }
  }

  private async playNested(verb: Nested): Promise<void> {
    switch (verb.verb) {
      case 'Say':
        for (let i = 0; i < Math.max(1, verb.loop); i++) {
          this.apply({ type: 'HearCaller', at: this.t(), text: verb.text });
          await this.clock.advanceBy(speakingSeconds(verb.text, SAY_WORDS_PER_MINUTE));
        }
        return;
      case 'Play':
        if (verb.digits) {
          this.apply({ type: 'HearDigits', at: this.t(), digits: verb.digits });
          await this.clock.advanceBy(verb.digits.length * 0.5);
          return;
        }
        if (verb.url) {
          const words = await this.wordsOf(verb.url);
          for (let i = 0; i < Math.max(1, verb.loop); i++) {
            if (words) this.apply({ type: 'HearCaller', at: this.t(), text: words });
            await this.clock.advanceBy(words ? speakingSeconds(words, SAY_WORDS_PER_MINUTE) : 3);
          }
        }
        return;
      case 'Pause':
        await this.clock.advanceBy(verb.length);
        return;
      default: {
        const never: never = verb;
        return never;
      }
    }
  }

  private async wordsOf(url: string): Promise<string | undefined> {
    try {
      return textOfAudio(await this.deps.webhooks.fetchMedia(url));
    } catch (error) {
      this.deps.logger.warn({ err: error, callSid: this.call.sid, url }, 'media could not be fetched (Twilio error 11100); skipped');
      return undefined;
    }
  }

  /** Plays the nested verbs, then waits for the hotel to speak; the result becomes the action's parameters. */
  private async gather(verb: Extract<Verb, { verb: 'Gather' }>): Promise<Record<string, string> | undefined> {
    for (const child of verb.children) await this.playNested(child);
    const persona = this.call.hotel!.persona;
    const listening = verb.input.includes('speech');
    const events = this.apply({ type: 'Listen', at: this.t(), timeoutSeconds: verb.timeout });
    const heard = events.find((e): e is Extract<HotelEvent, { type: 'HotelSpeechHeard' }> => e.type === 'HotelSpeechHeard');
    if (!heard || !listening || this.call.hotel!.persona.connection.kind === 'fax') {
      await this.clock.advanceBy(verb.timeout);
      return undefined;
    }
    const endOfSpeech = verb.speechTimeout === 'auto' ? 1 : verb.speechTimeout;
    if (this.state.phase.kind === 'ended' && this.state.phase.at <= heard.to + endOfSpeech) {
      // The hotel said goodbye and hung up while the Gather listened: the call ends, no action request.
      await this.clock.advanceTo(this.clockOffset + this.state.phase.at);
      return undefined;
    }
    await this.clock.advanceTo(this.clockOffset + heard.to + endOfSpeech);
    const recognised = recognise(heard.text, persona.asrNoise, this.random);
    return { SpeechResult: recognised.text, Confidence: recognised.confidence.toFixed(8) };
  }

  private finishing = false;

  private async finish(status: CallStatus): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    const { call } = this;
    const duration = this.answeredAt ? Math.max(1, Math.ceil(this.t())) : 0;
    call.duration = duration;
    call.endTime = this.deps.now();
    this.setStatus(status);
    let recordingSid: string | undefined;
    if (call.record && this.answeredAt) {
      recordingSid = newSid('RE');
      this.deps.book.recordings.set(recordingSid, {
        sid: recordingSid,
        accountSid: call.accountSid,
        callSid: call.sid,
        dateCreated: this.deps.now(),
        startTime: this.answeredAt,
        duration,
        transcript: this.lines.join('\n'),
        apiBaseUrl: call.apiBaseUrl,
      });
    }
    await this.statusCallback('completed', status, { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) });
    if (recordingSid && call.recordingStatusCallback && call.recordingStatusCallbackEvents.has('completed')) {
      await this.post('recording', call.recordingStatusCallback, {
        AccountSid: call.accountSid,
        CallSid: call.sid,
        RecordingSid: recordingSid,
        RecordingUrl: `${call.apiBaseUrl}/2010-04-01/Accounts/${call.accountSid}/Recordings/${recordingSid}`,
        RecordingStatus: 'completed',
        RecordingDuration: String(duration),
        RecordingChannels: '1',
        RecordingStartTime: rfc2822(this.answeredAt!),
        RecordingSource: 'OutboundAPI',
        RecordingTrack: 'both',
      });
    }
    this.deps.onCallEnded(call);
  }
}

function resolveUrl(target: string | undefined, base: string | undefined): string | undefined {
  if (!target) return base;
  try {
    return new URL(target, base).toString();
  } catch {
    return undefined;
  }
}
