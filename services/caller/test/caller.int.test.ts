// The caller in-process against the real broker, registry, PostgreSQL and object store, calling simulated hotels
// (hotel-sim in-process, at 1/20 of real time) through the official twilio SDK, with ElevenLabs' SDK pointed at
// hotel-sim's stand-ins. PlaceCall in, signed webhooks, call events, per-request outcomes, recordings out.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import twilio from 'twilio';
import { loadConfig, kafkaEnv } from '@folio/config';
import {
  CallConnectedSchema,
  CallDurationExceededSchema,
  CallEndedSchema,
  CallPlacedSchema,
  CallSchema,
  ConversationTurnSchema,
  DeadLetterSchema,
  HotelSchema,
  IvrStepTakenSchema,
  PlaceCallSchema,
  RecordCallOutcomeSchema,
  VoicemailDetectedSchema,
  fullNameOf,
  type AvroRecordSchema,
  type Call,
  type CallEnded,
  type Hotel,
  type IvrStepTaken,
  type PlaceCall,
  type RecordCallOutcome,
} from '@folio/contracts';
import { migrate } from '@folio/db';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { KafkaRuntime, startService, topicRecordSubject, type InboundMessage, type RunningService } from '@folio/runtime';
import { createTestBucket, createTopics, databaseUrl, deleteTestBucket, deleteTopics, s3ClientFromEnv, serviceEnv, uniqueName, waitFor, freePort } from '@folio/testkit';
import { hotelSimService, type HotelSimHandle } from '@folio/hotel-sim';
import { callerService, type CallerHandle } from '../src/index.js';

const ACCOUNT_SID = 'AC' + 'c0'.repeat(16);
const AUTH_TOKEN = 'caller-test-auth-token';
const TIME_SCALE = 0.05;

const runtime = new KafkaRuntime({ env: loadConfig(kafkaEnv, process.env), service: 'caller-test', logger: createLogger({ service: 't', level: 'silent' }), registry: createRegistry('t', { defaultMetrics: false }) });
const s3 = s3ClientFromEnv();
const services: RunningService[] = [];
const created: string[] = [];
let bucket: string;
let sim: RunningService;
let simHandle: HotelSimHandle;
let caller: RunningService;
let handle: CallerHandle;
let publicBase: string;
let topics: { commands: string; events: string; calls: string; outcomes: string; hotels: string; dlq: string };
const seen: InboundMessage<unknown>[] = [];

function events<T>(topic: string, type: string, filter: (v: T) => boolean = () => true): T[] {
  return seen.filter((m) => m.topic === topic && m.type === type).map((m) => m.value as T).filter(filter);
}

let sequence = 0;
function placeCall(hotelPhone: string, guests: readonly [string, string][], extra: Partial<PlaceCall> = {}): PlaceCall {
  sequence++;
  const callId = `call-${uniqueName('t', '-')}`;
  return {
    callId,
    batchId: `batch-${callId}`,
    hotelPhone,
    hotelName: null,
    hotelTimeZone: 'America/New_York',
    entries: guests.map(([name, confirmation], i) => {
      const [first, last] = name.split(' ') as [string, string];
      return {
        recordId: crypto.randomUUID(),
        tenantId: 'tenant-1',
        sequence: i,
        guestFirstName: first,
        guestLastName: last,
        confirmationNumber: confirmation,
        stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
        reference: `REF-${sequence}-${i}`,
        replyToAddress: 'folios@tenant.example',
        attempt: 1,
        queuedAt: new Date(Date.now() - 60_000 + i),
        createdAt: new Date(Date.now() - 60_000 + i),
        notBefore: null,
        recordVersion: 1, channel: null,
      };
    }),
    ivrPath: [],
    maxDurationSeconds: 600,
    overflowAfterSeconds: 540,
    requestedAt: new Date(),
    ...extra,
  };
}

async function send(command: PlaceCall): Promise<void> {
  await runtime.send([{ topic: topics.commands, key: command.hotelPhone, schema: PlaceCallSchema, value: command }]);
}

async function ended(callId: string, timeoutMs = 60_000): Promise<CallEnded> {
  return waitFor(`CallEnded for ${callId}`, () => events<CallEnded>(topics.events, 'CallEnded', (e) => e.callId === callId)[0], { timeoutMs });
}

function outcomesOf(callId: string): RecordCallOutcome[] {
  return events<RecordCallOutcome>(topics.outcomes, 'RecordCallOutcome', (o) => o.callId === callId);
}

/** The call ended and every request's outcome arrived (call events and record outcomes are separate topics). */
async function settled(command: PlaceCall, timeoutMs = 60_000): Promise<CallEnded> {
  const end = await ended(command.callId, timeoutMs);
  await waitFor(`the outcomes of ${command.callId}`, () => outcomesOf(command.callId).length >= command.entries.length, { timeoutMs: 10_000 });
  return end;
}

beforeAll(async () => {
  await migrate(databaseUrl());
  bucket = await createTestBucket(s3, 'caller');
  const names = await createTopics([
    { prefix: 'caller.call-commands', partitions: 3 },
    { prefix: 'caller.call-events', partitions: 3 },
    { prefix: 'caller.calls', partitions: 3, compact: true },
    { prefix: 'caller.record-outcomes', partitions: 3 },
    { prefix: 'caller.hotels', partitions: 3, compact: true },
    { prefix: 'caller.dlq' },
  ]);
  created.push(...names);
  const [commands, events_, calls, outcomes, hotels, dlq] = names as [string, string, string, string, string, string];
  topics = { commands, events: events_, calls, outcomes, hotels, dlq };
  const writes: [string, AvroRecordSchema[]][] = [
    [commands, [PlaceCallSchema]],
    [events_, [CallPlacedSchema, CallConnectedSchema, IvrStepTakenSchema, ConversationTurnSchema, RecordCallOutcomeSchema, VoicemailDetectedSchema, CallDurationExceededSchema, CallEndedSchema]],
    [calls, [CallSchema]],
    [outcomes, [CallPlacedSchema, RecordCallOutcomeSchema]],
    [hotels, [HotelSchema]],
    [dlq, [DeadLetterSchema]],
  ];
  for (const [topic, schemas] of writes) for (const schema of schemas) await runtime.serde.register(topicRecordSubject(topic, fullNameOf(schema)), schema);

  sim = await startService(
    hotelSimService({}, (h) => (simHandle = h)),
    { env: serviceEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTEL_SIM_TIME_SCALE: String(TIME_SCALE), ELEVENLABS_API_KEY: 'caller-test-key', SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1', SMTP_PORT: process.env.SMTP_PORT ?? '13025' }) },
  );
  services.push(sim);
  const simUrl = `http://127.0.0.1:${sim.port}`;
  const port = await freePort();
  publicBase = `http://127.0.0.1:${port}`;
  caller = await startService(
    callerService({ onStarted: (h) => (handle = h) }),
    {
      env: serviceEnv({
        HTTP_PORT: String(port),
        DATABASE_URL: databaseUrl(),
        CALLER_GROUP_ID: uniqueName('caller'),
        CALL_COMMANDS_TOPIC: commands,
        CALL_EVENTS_TOPIC: events_,
        CALLS_TOPIC: calls,
        RECORD_OUTCOMES_TOPIC: outcomes,
        HOTELS_TOPIC: hotels,
        DEAD_LETTER_TOPIC: dlq,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: simUrl,
        PUBLIC_BASE_URL: publicBase,
        ELEVENLABS_API_KEY: 'caller-test-key',
        ELEVENLABS_BASE_URL: simUrl,
        S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_REGION: process.env.S3_REGION!,
        S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
        S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
        S3_BUCKET: bucket,
        CALL_CLOCK_SCALE: String(1 / TIME_SCALE),
        SWEEP_INTERVAL_MS: '500',
        OUTBOX_POLL_MS: '100',
      }),
    },
  );
  services.push(caller);
  const collector = runtime.consumer<unknown>({
    groupId: uniqueName('caller-collector'),
    topics: [events_, calls, outcomes, hotels, dlq],
    readers: [CallPlacedSchema, CallConnectedSchema, IvrStepTakenSchema, ConversationTurnSchema, RecordCallOutcomeSchema, VoicemailDetectedSchema, CallDurationExceededSchema, CallEndedSchema, CallSchema, HotelSchema, DeadLetterSchema],
    delivery: 'at-least-once',
    fromBeginning: true,
    handler: (m) => void seen.push(m),
  });
  await collector.start();
}, 120_000);

afterAll(async () => {
  for (const s of services.reverse()) await s.stop().catch(() => undefined);
  await runtime.close();
  await deleteTopics(created);
  await deleteTestBucket(bucket, s3).catch(() => undefined);
});

describe('caller', () => {
  it('calls an agreeing hotel: every request agreed, in order, with ElevenLabs prompts, the recording and transcript stored', async () => {
    const command = placeCall('+15550100001', [
      ['Ada Lovelace', 'AB1234'],
      ['Alan Turing', 'CD5678'],
    ]);
    await send(command);
    const end = await settled(command);
    expect(end.endReason).toBe('COMPLETED');
    expect(end.recordsRaised).toBe(2);
    const outcomes = outcomesOf(command.callId);
    expect(outcomes.map((o) => [o.recordId, o.outcome]).sort()).toEqual(command.entries.map((e) => [e.recordId, 'AGREED']).sort());
    // Asked oldest first: the hotel's answers were decided in the order of the requests.
    expect([...outcomes].sort((x, y) => x.occurredAt.getTime() - y.occurredAt.getTime()).map((o) => o.recordId)).toEqual(command.entries.map((e) => e.recordId));
    expect(outcomes.every((o) => o.hotelWords && o.confidence! > 0.5)).toBe(true);
    // CallPlaced reaches records (keyed by recordId) before any outcome of the same request.
    for (const entry of command.entries) {
      const forRecord = seen.filter((m) => m.topic === topics.outcomes && m.key === entry.recordId).map((m) => m.type);
      expect(forRecord).toEqual(['CallPlaced', 'RecordCallOutcome']);
    }
    const turns = events<{ callId: string; turn: { speaker: string; text: string } }>(topics.events, 'ConversationTurn', (t) => t.callId === command.callId);
    expect(turns.some((t) => t.turn.speaker === 'FOLIO' && t.turn.text.includes('Ada Lovelace'))).toBe(true);
    expect(turns.some((t) => t.turn.speaker === 'HOTEL')).toBe(true);
    // Prompts were synthesised and cached in the object store, and served to Twilio from there.
    const prompts = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'prompts/' }));
    expect(prompts.KeyCount).toBeGreaterThan(0);
    // The recording is copied to the object store and transcribed; the call state names it.
    const final = await waitFor('the call with its recording', () => events<Call>(topics.calls, 'Call', (c) => c.callId === command.callId && c.recordingKey !== null)[0], { timeoutMs: 30_000 });
    expect(final.status).toBe('ENDED');
    expect(final.connectionType).toBe('HUMAN');
    expect(final.outcomes).toHaveLength(2);
    const stored = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `recordings/${command.callId}` }));
    expect(stored.KeyCount).toBe(1);
    const transcript = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `transcripts/${command.callId}` }));
    expect(transcript.KeyCount).toBe(1);
    // The profile learns that a person answers at this hour.
    const hotel = await waitFor('the hotel profile', () => events<Hotel>(topics.hotels, 'Hotel', (h) => h.hotelPhone === command.hotelPhone)[0]);
    expect(hotel.answerStats.reduce((n, s) => n + s.answeredByHuman, 0)).toBe(1);
    // Outcomes are counted when they are decided, during the call.
    const metrics = await (await fetch(`${publicBase}/metrics`)).text();
    const agreed = /folio_caller_request_outcomes_total\{outcome="AGREED"[^}]*\} (\d+)/.exec(metrics);
    expect(Number(agreed?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('never dials twice for a redelivered PlaceCall', async () => {
    const command = placeCall('+15550100002', [['Grace Hopper', 'EF9012']]);
    const before = [...simHandle.book.calls.values()].filter((c) => c.to === command.hotelPhone).length;
    await send(command);
    await send(command);
    await settled(command);
    expect(await handle.flow.placeCall(command)).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 500));
    expect([...simHandle.book.calls.values()].filter((c) => c.to === command.hotelPhone).length - before).toBe(1);
    expect(outcomesOf(command.callId).map((o) => o.outcome)).toEqual(['REFUSED']);
    expect(events<CallEnded>(topics.events, 'CallEnded', (e) => e.callId === command.callId)).toHaveLength(1);
  });

  it('leaves the scripted voicemail message and reports the request not reached, with the reason', async () => {
    const command = placeCall('+15550100009', [['Marie Curie', 'GH3456']]);
    await send(command);
    const end = await settled(command);
    expect(end.endReason).toBe('VOICEMAIL');
    const [outcome] = outcomesOf(command.callId);
    expect(outcome?.outcome).toBe('NOT_REACHED');
    expect(outcome?.reason?.code).toBe('VOICEMAIL_MESSAGE_LEFT');
    expect(events(topics.events, 'VoicemailDetected', (v: { callId: string; messageLeft: boolean }) => v.callId === command.callId && v.messageLeft)).toHaveLength(1);
    const folioTurns = events<{ callId: string; turn: { speaker: string; text: string } }>(topics.events, 'ConversationTurn', (t) => t.callId === command.callId && t.turn.speaker === 'FOLIO');
    expect(folioTurns.map((t) => t.turn.text).join(' ')).toContain(command.entries[0]!.reference);
  });

  it('reports busy and unanswered lines as not reached', async () => {
    const busy = placeCall('+15550100011', [['Niels Bohr', 'IJ7890']]);
    await send(busy);
    expect((await settled(busy)).endReason).toBe('BUSY');
    expect(outcomesOf(busy.callId).map((o) => [o.outcome, o.reason?.code])).toEqual([['NOT_REACHED', 'BUSY']]);
  });

  it('walks a three-level phone menu, learns the path, and replays it on the next call', async () => {
    const first = placeCall('+15550100008', [['Emmy Noether', 'KL1122']]);
    await send(first);
    await settled(first, 90_000);
    const steps = events<IvrStepTaken>(topics.events, 'IvrStepTaken', (s) => s.callId === first.callId);
    expect(steps.map((s) => s.step.digits)).toEqual(['2', '2', '2']);
    expect(outcomesOf(first.callId).map((o) => o.outcome)).toEqual(['AGREED']);
    const profile = await waitFor('the learned path', () => events<Hotel>(topics.hotels, 'Hotel', (h) => h.hotelPhone === first.hotelPhone && h.ivrPath.length > 0).at(-1));
    expect(profile.ivrPath.map((s) => s.digits)).toEqual(['2', '2', '2']);
    expect(profile.ivrNavigationSeconds).toBeGreaterThan(0);
    // The profile table has caught up: the next call replays the learned digits.
    await waitFor('the profile in the caller', () => (handle.hotels?.get(first.hotelPhone)?.ivrPath.length ?? 0) > 0);
    const second = placeCall('+15550100008', [['Lise Meitner', 'MN3344']]);
    await send(second);
    await settled(second, 90_000);
    const replayed = events<IvrStepTaken>(topics.events, 'IvrStepTaken', (s) => s.callId === second.callId);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((s) => s.step.fromLearnedPath)).toBe(true);
    expect(outcomesOf(second.callId).map((o) => o.outcome)).toEqual(['AGREED']);
  }, 200_000);

  it('stops asking at the overflow limit: the rest is reported overflowed to email, with CallDurationExceeded', async () => {
    // A short budget so the limit is reached after the first request.
    const command = placeCall('+15550100001', [
      ['Rosalind Franklin', 'OP1001'],
      ['Dorothy Hodgkin', 'OP1002'],
      ['Barbara McClintock', 'OP1003'],
    ], { overflowAfterSeconds: 20, maxDurationSeconds: 60 });
    await send(command);
    await settled(command);
    const outcomes = outcomesOf(command.callId);
    expect(outcomes).toHaveLength(3);
    const overflowed = outcomes.filter((o) => o.outcome === 'OVERFLOWED_TO_EMAIL');
    expect(overflowed.length).toBeGreaterThan(0);
    // Outcomes arrive keyed by request over several partitions: look the oldest request's up by id.
    expect(outcomes.find((o) => o.recordId === command.entries[0]!.recordId)?.outcome).toBe('AGREED');
    const exceeded = events<{ callId: string; remainingRecordIds: string[] }>(topics.events, 'CallDurationExceeded', (e) => e.callId === command.callId);
    expect(exceeded).toHaveLength(1);
    expect(exceeded[0]!.remainingRecordIds.sort()).toEqual(overflowed.map((o) => o.recordId).sort());
  });

  it('gives up on a hold that outlasts the limit: the requests overflow to email with the reason', async () => {
    const command = placeCall('+15550100012', [['Vera Rubin', 'CC6001'], ['Chien-Shiung Wu', 'CC6002']]);
    await send(command);
    await settled(command);
    const outcomes = outcomesOf(command.callId);
    expect(outcomes.map((o) => [o.outcome, o.reason?.code])).toEqual([
      ['OVERFLOWED_TO_EMAIL', 'HOLD_TOO_LONG'],
      ['OVERFLOWED_TO_EMAIL', 'HOLD_TOO_LONG'],
    ]);
    const exceeded = events<{ callId: string; remainingRecordIds: string[] }>(topics.events, 'CallDurationExceeded', (e) => e.callId === command.callId);
    expect(exceeded.map((e) => e.remainingRecordIds.length)).toEqual([2]);
  });

  it('does not dial a stale command: every request is reported not reached with the reason', async () => {
    const command = placeCall('+15550100001', [['Stale Guest', 'ST0001']], { requestedAt: new Date(Date.now() - 3_600_000) });
    const before = [...simHandle.book.calls.values()].length;
    await send(command);
    const end = await settled(command);
    expect(end.endReason).toBe('CANCELED');
    expect(outcomesOf(command.callId).map((o) => o.reason?.code)).toEqual(['STALE_COMMAND']);
    expect([...simHandle.book.calls.values()].length).toBe(before);
  });

  it('refuses webhooks without a valid signature (403) and counts them', async () => {
    const url = `${publicBase}/twilio/calls/some-call/status`;
    const params = { CallSid: 'CA' + '0'.repeat(32), CallStatus: 'completed' };
    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token', url, params);
    const tampered = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': forged }, body: new URLSearchParams(params) });
    expect(tampered.status).toBe(403);
    const missing = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
    expect(missing.status).toBe(403);
    const good = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    const signed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': good }, body: new URLSearchParams(params) });
    expect(signed.status).toBe(204);
    const metrics = await (await fetch(`${publicBase}/metrics`)).text();
    expect(metrics).toMatch(/folio_caller_webhook_signature_failures_total\{kind="status",reason="invalid"[^}]*\} 1/);
    expect(metrics).toMatch(/folio_caller_webhook_signature_failures_total\{kind="status",reason="missing"[^}]*\} 1/);
  });

  it('refuses to start without an auth token while signatures are validated', async () => {
    await expect(
      startService(callerService(), {
        env: serviceEnv({ DATABASE_URL: databaseUrl(), TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM_NUMBER: '+15005550006', PUBLIC_BASE_URL: 'https://folio.example.com/caller' }),
      }),
    ).rejects.toThrow(/TWILIO_AUTH_TOKEN: required: every webhook is checked against X-Twilio-Signature/);
  });
});
