// The caller's application layer: PlaceCall -> one dial (never two), Twilio's webhooks -> conversation turns
// -> TwiML, and everything the call decides -> events through the outbox. Domain rules live in src/domain;
// this file orders I/O around them: the call's row lock, speech, Twilio REST, the outbox.
import {
  CallConnectedSchema,
  CallDurationExceededSchema,
  CallEndedSchema,
  CallPlacedSchema,
  CallSchema,
  ConversationTurnSchema,
  HotelSchema,
  IvrStepTakenSchema,
  RecordCallOutcomeSchema,
  VoicemailDetectedSchema,
  type CallEndReason,
  type CallStatus,
  type Hotel,
  type PlaceCall,
} from '@folio/contracts';
import type { Logger } from '@folio/logger';
import type { Counter, Histogram } from '@folio/metrics';
import { message, type OutboundMessage } from '@folio/runtime';
import { handleTurn, type CallAction, type CallEvent, type ConnectionAnalysis, type RequestOutcome } from '../domain/conversation.js';
import {
  applyTurn,
  callSnapshot,
  connectionAnalysis,
  endReason,
  learnFromCall,
  newLiveCall,
  outcomeValue,
  preDialOutputs,
  type CallOutput,
  type CallSettings,
  type JournalOutcome,
  type LiveCall,
} from '../domain/live-call.js';
import type { CallRow, CallStore, CallUpdate, Change } from '../adapters/call-store.js';
import type { Speech } from '../adapters/speech.js';
import { twilioErrorOf, twiml, type TwilioClient, type TwimlAction } from '../adapters/twilio.js';

export interface CallTopics {
  readonly callEvents: string;
  readonly calls: string;
  readonly recordOutcomes: string;
  readonly hotels: string;
}

export interface CallFlowSettings extends CallSettings {
  readonly publicBaseUrl: string;
  readonly fromNumber: string;
  readonly ringTimeoutSeconds: number;
  readonly record: boolean;
  readonly sayVoice: string;
  readonly maxCommandAgeMs: number;
  readonly clockScale: number;
  readonly staleCallMs: number;
}

export interface CallFlowMetrics {
  readonly placed: Counter<'result'>;
  readonly outcomes: Counter<'outcome'>;
  readonly ended: Counter<'reason'>;
  readonly duration: Histogram;
  readonly twilioErrors: Counter<'operation'>;
  readonly recordings: Counter<'result'>;
}

export interface CallFlowDeps {
  readonly store: CallStore;
  readonly twilio: TwilioClient;
  readonly speech: Speech;
  readonly hotels: (hotelPhone: string) => Hotel | undefined;
  readonly topics: CallTopics;
  readonly settings: CallFlowSettings;
  readonly metrics: CallFlowMetrics;
  readonly logger: Logger;
  readonly now: () => number;
  /** Copies a recording to the object store and transcribes it; returns the keys. */
  readonly archiveRecording: (row: CallRow) => Promise<{ recordingKey: string; transcriptKey: string | null }>;
}

/** Twilio's parameters of a webhook (form fields). */
export type WebhookParams = Readonly<Record<string, string | undefined>>;

const TERMINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

const HANG_UP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

export class CallFlow {
  constructor(private readonly deps: CallFlowDeps) {}

  // ------------------------------------------------------------------------------------------- placing

  /**
   * Places the call of a PlaceCall. The call's row is written (with CallPlaced in the outbox) before Twilio
   * is asked, so a redelivered command finds it and never dials again.
   */
  async placeCall(command: PlaceCall): Promise<'dialled' | 'duplicate' | 'stale' | 'rejected' | 'unknown'> {
    const { settings, store, metrics } = this.deps;
    const now = this.deps.now();
    const pre = preDialOutputs(newLiveCall(command, this.deps.hotels(command.hotelPhone), settings), now);
    const placed = message(this.deps.topics.callEvents, command.hotelPhone, CallPlacedSchema, this.callPlaced(command, now));
    const placedForRecords = command.entries.map((e) => message(this.deps.topics.recordOutcomes, e.recordId, CallPlacedSchema, this.callPlaced(command, now)));
    const age = now - command.requestedAt.getTime();
    if (age > settings.maxCommandAgeMs) {
      // The window the command was made for may be over: report every request not reached, dial nothing.
      const outcomes: RequestOutcome[] = pre.call.conversation.pending.map((recordId) => ({ recordId, outcome: 'failed', elapsedSeconds: 0, reason: 'STALE_COMMAND' }));
      const staleOutcomes = outcomes.map((o) => staleOutcome(pre.call, o, now, Math.round(age / 1000)));
      const live: LiveCall = { ...pre.call, outcomes: [...pre.call.outcomes, ...staleOutcomes], conversation: { ...pre.call.conversation, phase: 'ended', pending: [] } };
      const outputs: CallOutput[] = [...pre.outputs, ...staleOutcomes.map((o) => ({ type: 'RecordCallOutcome' as const, outcome: o }))];
      const inserted = await store.insertIntent(
        command,
        live,
        [placed, ...placedForRecords, ...this.messages(live, outputs), this.ended(live, 'CANCELED', 0, now), this.snapshot(live, { status: 'ENDED', row: undefined, endedAt: now, endReason: 'CANCELED', now })],
        'ended',
        { endReason: 'CANCELED', endedAt: now, dialError: `command ${Math.round(age / 1000)} s old` },
      );
      metrics.placed.inc({ result: inserted ? 'stale' : 'duplicate' });
      if (inserted) {
        this.countOutcomes(outputs);
        this.countEnd('CANCELED', 0);
      }
      return inserted ? 'stale' : 'duplicate';
    }
    const inserted = await store.insertIntent(command, pre.call, [placed, ...placedForRecords, ...this.messages(pre.call, pre.outputs), this.snapshot(pre.call, { status: 'PLACED', row: undefined, now })]);
    if (inserted) this.countOutcomes(pre.outputs);
    if (!inserted) {
      metrics.placed.inc({ result: 'duplicate' });
      this.deps.logger.warn({ callId: command.callId }, 'PlaceCall seen again: the call was already placed; not dialling twice');
      return 'duplicate';
    }
    const base = `${settings.publicBaseUrl}/twilio/calls/${encodeURIComponent(command.callId)}`;
    try {
      const call = await this.deps.twilio.calls.create({
        to: command.hotelPhone,
        from: settings.fromNumber,
        url: `${base}/voice`,
        method: 'POST',
        statusCallback: `${base}/status`,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        machineDetection: 'DetectMessageEnd',
        asyncAmd: 'true',
        asyncAmdStatusCallback: `${base}/amd`,
        asyncAmdStatusCallbackMethod: 'POST',
        timeout: settings.ringTimeoutSeconds,
        // The conversation ends by maxDurationSeconds; Twilio's own limit (call seconds) is the backstop.
        timeLimit: command.maxDurationSeconds + 30,
        ...(settings.record ? { record: true, recordingChannels: 'dual', recordingStatusCallback: `${base}/recording`, recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'] } : {}),
      });
      await store.withCall(command.callId, (row) => ({
        update: { status: row.status === 'dialing' ? 'placed' : row.status, providerCallSid: row.providerCallSid ?? call.sid },
        outbox: [],
        result: undefined,
      }));
      metrics.placed.inc({ result: 'dialled' });
      return 'dialled';
    } catch (error) {
      metrics.twilioErrors.inc({ operation: 'create_call' });
      const twilioError = twilioErrorOf(error);
      if (twilioError && twilioError.status >= 400 && twilioError.status < 500) {
        // Twilio refused the call (bad number, account limits): it was not dialled; the requests were not reached.
        const why = `Twilio refused the call: ${twilioError.code ?? twilioError.status} ${twilioError.message}`;
        await store.withCall(command.callId, (row) => this.endNow(row, 'failed', 0, why));
        metrics.placed.inc({ result: 'rejected' });
        this.deps.logger.warn({ callId: command.callId, err: error }, 'Twilio refused the call');
        return 'rejected';
      }
      // Unknown whether Twilio dialled: keep the call open; its webhooks or the reconciler settle it. No retry.
      await store.withCall(command.callId, () => ({ update: { dialError: (error as Error).message ?? String(error) }, result: undefined }));
      metrics.placed.inc({ result: 'unknown' });
      this.deps.logger.error({ callId: command.callId, err: error }, 'placing the call failed without an answer from Twilio; the reconciler settles it');
      return 'unknown';
    }
  }

  private callPlaced(command: PlaceCall, now: number) {
    return { callId: command.callId, batchId: command.batchId, hotelPhone: command.hotelPhone, recordIds: command.entries.map((e) => e.recordId), providerCallId: null, occurredAt: new Date(now) };
  }

  // ------------------------------------------------------------------------------------------- webhooks

  /** The answer URL (`kind` answer) and every Gather's action (`kind` turn, `n` = the turn it answers). */
  async voice(callId: string, params: WebhookParams, kind: 'answer' | 'turn', n?: number): Promise<string> {
    const result = await this.deps.store.withCall(callId, async (row) => this.voiceTurn(row, params, kind, n));
    if (result === undefined) {
      this.deps.logger.warn({ callId, callSid: params.CallSid }, 'webhook for an unknown call; hanging up');
      return HANG_UP;
    }
    return result;
  }

  private async voiceTurn(row: CallRow, params: WebhookParams, kind: 'answer' | 'turn', n: number | undefined): Promise<Change<string>> {
    if (kind === 'turn' && n !== row.turnIndex) {
      // A repeated or late action request: answer as before, change nothing.
      return { result: row.lastTwiml ?? HANG_UP };
    }
    const now = this.deps.now();
    const connectedAt = row.connectedAt ?? now;
    const answeredBy = params.AnsweredBy ?? row.answeredBy;
    const common: CallUpdate = {
      connectedAt,
      providerCallSid: row.providerCallSid ?? params.CallSid ?? null,
      answeredBy,
      ...(row.status === 'dialing' ? { status: 'placed' as const } : {}),
    };
    const live = row.live;
    const conversation = live.conversation;
    const elapsedSeconds = this.elapsed(connectedAt, now);
    const heard = params.SpeechResult?.trim() ?? '';
    const confidence = params.Confidence !== undefined ? Number(params.Confidence) : null;
    let event: CallEvent;
    let connected: { analysis: ConnectionAnalysis; secondsToConnect: number | null } | undefined;
    if (conversation.phase === 'dialing') {
      if (kind === 'answer' && !answeredBy) {
        // Asynchronous AMD: listen to what picked up (a greeting, a menu, a voicemail message) before speaking.
        const listen = this.render({ type: 'gather', prompts: [], timeoutSeconds: conversation.setup.ivrConfig?.menuWaitSeconds ?? 5, action: this.turnUrl(row, row.turnIndex + 1) });
        return { update: { ...common, turnIndex: row.turnIndex + 1, lastTwiml: listen }, result: listen };
      }
      const analysis = connectionAnalysis(answeredBy, heard, live.timeZone, new Date(now));
      connected = { analysis, secondsToConnect: Math.round((connectedAt - row.createdAt) / 1000) };
      event = { type: 'connected', analysis, elapsedSeconds, ...(heard ? { heard } : {}), now: new Date(now) };
    } else if (heard !== '') {
      event = { type: 'speech', transcript: heard, elapsedSeconds, now: new Date(now) };
    } else if (params.Digits) {
      event = { type: 'digits', digits: params.Digits, elapsedSeconds };
    } else {
      event = { type: 'timeout', elapsedSeconds };
    }
    const turn = handleTurn(conversation, event);
    const applied = applyTurn(live, turn, { now, ...(heard ? { heard: { text: heard, confidence } } : {}), ...(connected ? { connected } : {}) });
    this.countOutcomes(applied.outputs);
    const document = await this.documentFor(turn.action, applied.call, row, row.turnIndex + 1);
    const updated: CallRow = { ...row, ...common, live: applied.call } as CallRow;
    return {
      update: { ...common, live: applied.call, turnIndex: row.turnIndex + 1, lastTwiml: document, listened: true },
      outbox: [...this.messages(applied.call, applied.outputs), this.snapshot(applied.call, { status: 'IN_PROGRESS', row: updated, now })],
      result: document,
    };
  }

  /** Twilio's call progress: answered, then one terminal status (completed, busy, no-answer, failed, canceled). */
  async status(callId: string, params: WebhookParams): Promise<void> {
    const status = params.CallStatus ?? '';
    await this.deps.store.withCall(callId, (row): Change<void> => {
      const now = this.deps.now();
      const sid = row.providerCallSid ?? params.CallSid ?? null;
      if (row.status === 'ended') return { result: undefined };
      if (status === 'in-progress' || status === 'answered') return { update: { connectedAt: row.connectedAt ?? now, providerCallSid: sid, status: 'placed' }, result: undefined };
      if (!TERMINAL.has(status)) {
        const snapshotStatus: CallStatus = status === 'ringing' ? 'RINGING' : 'PLACED';
        const live = bump(row.live);
        return { update: { providerCallSid: sid, status: 'placed', live }, outbox: [this.snapshot(live, { status: snapshotStatus, row: { ...row, providerCallSid: sid }, now })], result: undefined };
      }
      const duration = Number(params.CallDuration ?? 0) || 0;
      return this.endNow({ ...row, providerCallSid: sid }, status, duration);
    });
  }

  /** Asynchronous answering-machine detection: a machine at the beep gets the voicemail message (or a hang-up). */
  async amd(callId: string, params: WebhookParams): Promise<void> {
    const answeredBy = params.AnsweredBy ?? 'unknown';
    const redirect = await this.deps.store.withCall(callId, async (row): Promise<Change<string | undefined>> => {
      const now = this.deps.now();
      const live = row.live;
      const machine = answeredBy.startsWith('machine_end') || answeredBy === 'fax';
      if (live.conversation.phase !== 'dialing' || !machine) return { update: { answeredBy }, result: undefined };
      const connectedAt = row.connectedAt ?? now;
      const analysis = connectionAnalysis(answeredBy, undefined, live.timeZone, new Date(now));
      const turn = handleTurn(live.conversation, { type: 'connected', analysis, elapsedSeconds: this.elapsed(connectedAt, now), now: new Date(now) });
      const applied = applyTurn(live, turn, { now, connected: { analysis, secondsToConnect: Math.round((connectedAt - row.createdAt) / 1000) } });
      this.countOutcomes(applied.outputs);
      const document = await this.documentFor(turn.action, applied.call, row, row.turnIndex + 1);
      return {
        update: { answeredBy, connectedAt, live: applied.call, turnIndex: row.turnIndex + 1, lastTwiml: document, listened: true },
        outbox: [...this.messages(applied.call, applied.outputs), this.snapshot(applied.call, { status: 'IN_PROGRESS', row, now })],
        result: document,
      };
    });
    const sid = params.CallSid;
    if (redirect && sid) {
      // Replace what plays now (the initial listen) with the voicemail message.
      try {
        await this.deps.twilio.calls(sid).update({ twiml: redirect });
      } catch (error) {
        this.deps.metrics.twilioErrors.inc({ operation: 'update_call' });
        this.deps.logger.warn({ callId, err: error }, 'could not redirect the call to the voicemail message');
      }
    }
  }

  /** A recording is ready at Twilio: remember where; the recording worker copies it to the object store. */
  async recording(callId: string, params: WebhookParams): Promise<void> {
    const url = params.RecordingUrl;
    if (!url || params.RecordingStatus && params.RecordingStatus !== 'completed') return;
    await this.deps.store.withCall(callId, (row) => ({ update: row.recordingUrl ? {} : { recordingUrl: url }, result: undefined }));
  }

  // ------------------------------------------------------------------------------------------- background work

  /** Copies announced recordings to the object store (with transcripts) and publishes the call with its key. */
  async copyRecordings(): Promise<number> {
    const rows = await this.deps.store.recordingsToCopy();
    for (const row of rows) {
      try {
        const keys = await this.deps.archiveRecording(row);
        await this.deps.store.withCall(row.callId, (current) => ({
          update: { recordingKey: keys.recordingKey, transcriptKey: keys.transcriptKey, live: bump(current.live) },
          outbox: [this.snapshot(bump(current.live), { status: current.status === 'ended' ? 'ENDED' : 'IN_PROGRESS', row: { ...current, recordingKey: keys.recordingKey }, now: this.deps.now() })],
          result: undefined,
        }));
        this.deps.metrics.recordings.inc({ result: 'stored' });
      } catch (error) {
        this.deps.metrics.recordings.inc({ result: 'failed' });
        this.deps.logger.warn({ callId: row.callId, err: error }, 'recording could not be copied; it stays at Twilio');
        await this.deps.store.recordingFailed(row.callId, (error as Error).message ?? String(error));
      }
    }
    return rows.length;
  }

  /**
   * Settles calls Twilio has not reported on for a while: a dial whose answer was lost (found at Twilio, or
   * ended as not reached), a call whose final status callback never came (fetched), a call over its limit.
   */
  async reconcile(): Promise<number> {
    const { store, settings, twilio, logger } = this.deps;
    const rows = await store.stale(this.deps.now() - settings.staleCallMs);
    for (const row of rows) {
      try {
        let sid = row.providerCallSid;
        if (!sid) {
          const found = await twilio.calls.list({ to: row.hotelPhone, startTimeAfter: new Date(row.createdAt - 60_000), limit: 20 });
          sid = found.find((c) => c.dateCreated && c.dateCreated.getTime() >= row.createdAt - 5_000)?.sid ?? null;
        }
        if (!sid) {
          await store.withCall(row.callId, (current) => (current.status === 'ended' ? { result: undefined } : this.endNow(current, 'failed', 0, `no call found at Twilio (${current.dialError ?? 'no answer to the dial request'})`)));
          continue;
        }
        const call = await twilio.calls(sid).fetch();
        if (TERMINAL.has(call.status)) {
          await store.withCall(row.callId, (current) => (current.status === 'ended' ? { result: undefined } : this.endNow({ ...current, providerCallSid: sid }, call.status, Number(call.duration ?? 0) || 0)));
        } else if (this.elapsed(row.connectedAt ?? row.createdAt, this.deps.now()) > row.command.maxDurationSeconds + 60) {
          await twilio.calls(sid).update({ status: 'completed' });
        }
      } catch (error) {
        this.deps.metrics.twilioErrors.inc({ operation: 'reconcile' });
        logger.warn({ callId: row.callId, err: error }, 'could not reconcile the call with Twilio; trying again later');
      }
    }
    return rows.length;
  }

  // ------------------------------------------------------------------------------------------- helpers

  /** Ends the call: the conversation decides what is still open, then CallEnded, the final Call and the hotel profile. */
  private endNow(row: CallRow, twilioStatus: string, durationSeconds: number, failure?: string): Change<void> {
    const now = this.deps.now();
    let live = row.live;
    const outputs: CallOutput[] = [];
    const conversation = live.conversation;
    const allDecided = conversation.phase !== 'dialing' && conversation.pending.length === 0 && conversation.current === undefined;
    if (conversation.phase !== 'ended' && !allDecided) {
      const elapsedSeconds = row.connectedAt ? this.elapsed(row.connectedAt, now) : 0;
      const analysis: ConnectionAnalysis = twilioStatus === 'busy' ? 'busy' : twilioStatus === 'no-answer' ? 'no-answer' : 'failed';
      const event: CallEvent =
        conversation.phase === 'dialing' && twilioStatus !== 'completed' ? { type: 'connected', analysis, elapsedSeconds, now: new Date(now) } : { type: 'hung-up', elapsedSeconds };
      const turn = handleTurn(conversation, event);
      const failedTurn = failure ? { ...turn, outcomes: turn.outcomes.map((o) => ({ ...o, reason: failure })) } : turn;
      const applied = applyTurn(live, failedTurn, { now, ...(event.type === 'connected' ? { connected: { analysis, secondsToConnect: null } } : {}) });
      live = applied.call;
      outputs.push(...applied.outputs.filter((o) => o.type !== 'ConversationTurn'));
    }
    // Every request of the call ends with an outcome, whatever happened.
    const decided = new Set(live.outcomes.map((o) => o.recordId));
    const missing: JournalOutcome[] = live.recordIds
      .filter((id) => !decided.has(id))
      .map((recordId) => ({ recordId, tenantId: live.tenants[recordId] ?? '', outcome: 'NOT_REACHED', callbackAt: null, hotelWords: null, confidence: null, reason: { code: 'CALL_DROPPED', message: 'the call ended before the request was raised', field: null }, at: now }));
    if (missing.length > 0) {
      live = { ...live, outcomes: [...live.outcomes, ...missing] };
      outputs.push(...missing.map((o) => ({ type: 'RecordCallOutcome' as const, outcome: o })));
    }
    // Every published state of the call has a higher version than the one before (projections keep the newest).
    live = bump(live);
    const reason = failure ? 'FAILED' : allDecided && conversation.phase !== 'ended' && twilioStatus === 'completed' ? 'COMPLETED' : endReason(live, twilioStatus);
    const ended: CallRow = { ...row, live, status: 'ended', endedAt: now, endReason: reason };
    const hotel = learnFromCall(live, this.deps.hotels(row.hotelPhone), row.createdAt, now);
    this.countOutcomes(outputs);
    this.countEnd(reason, durationSeconds);
    return {
      update: { live, status: 'ended', endedAt: now, endReason: reason, providerCallSid: row.providerCallSid, ...(failure ? { dialError: failure } : {}) },
      outbox: [
        ...this.messages(live, outputs),
        this.ended(live, reason, durationSeconds, now, row.recordingKey),
        this.snapshot(live, { status: 'ENDED', row: ended, endedAt: now, endReason: reason, now }),
        ...(hotel ? [message(this.deps.topics.hotels, row.hotelPhone, HotelSchema, hotel)] : []),
      ],
      result: undefined,
    };
  }

  /** Per-request outcomes, counted when they are decided (during the call or at its end). */
  private countOutcomes(outputs: readonly CallOutput[]): void {
    for (const o of outputs) if (o.type === 'RecordCallOutcome') this.deps.metrics.outcomes.inc({ outcome: o.outcome.outcome });
  }

  private countEnd(reason: CallEndReason, durationSeconds: number): void {
    this.deps.metrics.ended.inc({ reason });
    this.deps.metrics.duration.observe(durationSeconds);
  }


  private elapsed(connectedAt: number, now: number): number {
    return (Math.max(0, now - connectedAt) / 1000) * this.deps.settings.clockScale;
  }

  private turnUrl(row: CallRow, n: number): string {
    return `${this.deps.settings.publicBaseUrl}/twilio/calls/${encodeURIComponent(row.callId)}/turn?n=${n}`;
  }

  private render(action: TwimlAction): string {
    return twiml(action, this.deps.settings.sayVoice);
  }

  private async documentFor(action: CallAction, call: LiveCall, row: CallRow, n: number): Promise<string> {
    const url = this.turnUrl(row, n);
    switch (action.type) {
      case 'gather':
        return this.render({ type: 'gather', prompts: await this.deps.speech.speak(action.prompts.map((p) => p.text)), timeoutSeconds: action.timeoutSeconds, action: url });
      case 'send-digits':
        return this.render({ type: 'send-digits', digits: action.digits, timeoutSeconds: action.timeoutSeconds, action: url });
      case 'hang-up':
        return this.render({ type: 'hang-up', prompts: await this.deps.speech.speak(action.prompts.map((p) => p.text)) });
      case 'none':
        if (call.conversation.phase === 'ended') return this.render({ type: 'hang-up', prompts: [] });
        return this.render({ type: 'gather', prompts: [], timeoutSeconds: call.conversation.limits.answerTimeoutSeconds, action: url });
    }
  }

  private messages(call: LiveCall, outputs: readonly CallOutput[]): OutboundMessage[] {
    const { callEvents, recordOutcomes } = this.deps.topics;
    const ids = { callId: call.callId, batchId: call.batchId, hotelPhone: call.hotelPhone };
    const out: OutboundMessage[] = [];
    for (const o of outputs) {
      switch (o.type) {
        case 'ConversationTurn':
          out.push(message(callEvents, call.hotelPhone, ConversationTurnSchema, { ...ids, turn: { ...o.turn, at: new Date(o.turn.at) }, occurredAt: new Date(o.turn.at) }));
          break;
        case 'IvrStepTaken':
          out.push(message(callEvents, call.hotelPhone, IvrStepTakenSchema, { ...ids, step: { ...o.step, at: new Date(o.step.at) }, occurredAt: new Date(o.step.at) }));
          break;
        case 'RecordCallOutcome': {
          const value = outcomeValue(call, o.outcome);
          out.push(message(callEvents, call.hotelPhone, RecordCallOutcomeSchema, value));
          out.push(message(recordOutcomes, o.outcome.recordId, RecordCallOutcomeSchema, value));
          break;
        }
        case 'VoicemailDetected':
          out.push(message(callEvents, call.hotelPhone, VoicemailDetectedSchema, { ...ids, messageLeft: o.messageLeft, occurredAt: new Date(o.at) }));
          break;
        case 'CallDurationExceeded':
          out.push(message(callEvents, call.hotelPhone, CallDurationExceededSchema, { ...ids, elapsedSeconds: o.elapsedSeconds, remainingRecordIds: [...o.remainingRecordIds], occurredAt: new Date(o.at) }));
          break;
        case 'CallConnected':
          out.push(message(callEvents, call.hotelPhone, CallConnectedSchema, { ...ids, connectionType: o.connectionType, secondsToConnect: o.secondsToConnect, occurredAt: new Date(o.at) }));
          break;
      }
    }
    return out;
  }

  private ended(call: LiveCall, reason: CallEndReason, durationSeconds: number, now: number, recordingKey: string | null = null): OutboundMessage {
    const raised = call.outcomes.filter((o) => o.hotelWords !== null).length;
    return message(this.deps.topics.callEvents, call.hotelPhone, CallEndedSchema, {
      callId: call.callId,
      batchId: call.batchId,
      hotelPhone: call.hotelPhone,
      endReason: reason,
      durationSeconds: Math.round(durationSeconds),
      recordsRaised: raised,
      recordingKey,
      occurredAt: new Date(now),
    });
  }

  private snapshot(call: LiveCall, fields: { status: CallStatus; row: CallRow | undefined; endedAt?: number; endReason?: CallEndReason; now: number }): OutboundMessage {
    const row = fields.row;
    return message(
      this.deps.topics.calls,
      call.callId,
      CallSchema,
      callSnapshot(call, {
        status: fields.status,
        providerCallId: row?.providerCallSid ?? null,
        placedAt: row?.createdAt ?? fields.now,
        connectedAt: row?.connectedAt ?? null,
        endedAt: fields.endedAt ?? row?.endedAt ?? null,
        endReason: fields.endReason ?? (row?.endReason as CallEndReason | null | undefined) ?? null,
        recordingKey: row?.recordingKey ?? null,
        now: fields.now,
      }),
    );
  }
}

function bump(live: LiveCall): LiveCall {
  return { ...live, version: live.version + 1 };
}

function staleOutcome(call: LiveCall, o: RequestOutcome, now: number, ageSeconds: number): JournalOutcome {
  return {
    recordId: o.recordId,
    tenantId: call.tenants[o.recordId] ?? '',
    outcome: 'NOT_REACHED',
    callbackAt: null,
    hotelWords: null,
    confidence: null,
    reason: { code: 'STALE_COMMAND', message: `the call command was ${ageSeconds} s old when it arrived; not dialled`, field: null },
    at: now,
  };
}
