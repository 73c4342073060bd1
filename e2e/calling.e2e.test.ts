// The calling path end to end, every service in one process (e2e/system.ts): six simulated hotels with different
// personas (hotel-sim, at 1/20 of real time). 20 requests go in through the REST API; each reaches the state its
// hotel's answer leads to, and the history says why.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { s3ClientFromEnv, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { apiClient, startSystem, type System } from './system.js';

const ZONE = 'America/New_York';
const s3 = s3ClientFromEnv();
let system: System;
let api: ReturnType<typeof apiClient>;
const destination = testMailAddress('calling-ap');

beforeAll(async () => {
  system = await startSystem({ timeScale: 0.05, zone: ZONE });
  api = apiClient(system);
}, 240_000);

afterAll(async () => {
  await system?.stop();
});

type Record_ = { status: string; nextActionAt: string | null; lastCallId: string | null; history: { type: string; reason: { code: string } | null }[]; calls: { callId: string; recordingKey: string | null }[] };

const seen = () => system.seen;
/** The hotel agreed: the request awaits its folio, or has already gone on to receive it. */
const AGREED_ON = ['awaiting_folio', 'folio_received', 'extracted', 'delivered', 'needs_review'];
const agreed = (r: Record_) => AGREED_ON.includes(r.status) && r.history.some((h) => h.type === 'RecordAwaitingFolio');

async function post(hotelPhone: string, guest: string, confirmation: string): Promise<string> {
  const [first, last] = guest.split(' ') as [string, string];
  return api.post({ externalId: uniqueName('e2e', '-'), guestFirstName: first, guestLastName: last, confirmationNumber: confirmation, checkIn: '2026-11-10', checkOut: '2026-11-12', hotelPhone, destinationEmail: destination });
}

const get = (id: string) => api.get<Record_>(id);

async function until(ids: readonly string[], label: string, done: (r: Record_) => boolean, timeoutMs = 120_000): Promise<Record_[]> {
  let last: Record_[] = [];
  try {
    await waitFor(
      label,
      async () => {
        last = await Promise.all(ids.map(get));
        return last.every((r) => r && done(r));
      },
      { timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last.map((r) => [r.status, r.history?.map((h) => h.reason?.code)]))}`);
  }
  return last;
}

const entryIds = (sendEmail: Record<string, unknown>) => (sendEmail.entries as { recordId: string }[]).map((e) => e.recordId);
const codes = (r: Record_) => r.history.map((h) => h.reason?.code);

describe('calling six simulated hotels', () => {
  const ids: Record<string, string[]> = {};

  it('takes 20 requests through the REST API', async () => {
    const plan: [string, string, [string, string][]][] = [
      ['agree', '+15550100001', [['Ada Lovelace', 'GP1001'], ['Alan Turing', 'GP1002'], ['Grace Hopper', 'GP1003'], ['Marie Curie', 'GP1004'], ['Niels Bohr', 'GP1005']]],
      ['callback', '+15550100004', [['Emmy Noether', 'AC2001'], ['Lise Meitner', 'AC2002'], ['Max Planck', 'AC2003']]],
      ['voicemail', '+15550100009', [['Paul Dirac', 'RM3001'], ['Enrico Fermi', 'RM3002'], ['Erwin Schrodinger', 'RM3003']]],
      ['refuse', '+15550100002', [['Werner Heisenberg', 'HI4001'], ['Wolfgang Pauli', 'HI4002'], ['Max Born', 'HI4003']]],
      ['ivr', '+15550100008', [['Richard Feynman', 'MP5001'], ['Julian Schwinger', 'MP5002']]],
      ['hold', '+15550100012', [['Chien-Shiung Wu', 'CC6001'], ['Vera Rubin', 'CC6002'], ['Rosalind Franklin', 'CC6003'], ['Dorothy Hodgkin', 'CC6004']]],
    ];
    for (const [persona, phone, guests] of plan) {
      ids[persona] = [];
      for (const [guest, confirmation] of guests) ids[persona]!.push(await post(phone, guest, confirmation));
    }
    expect(Object.values(ids).flat()).toHaveLength(20);
  }, 240_000);

  it('agreed: the agreeing hotel emails each folio, and each request has its folio received (and goes on to delivery)', async () => {
    const done = await until(ids.agree!, 'agreed requests with their folios', (r) => ['folio_received', 'extracted', 'delivered', 'needs_review'].includes(r.status), 180_000);
    for (const r of done) expect(r.history.map((h) => h.reason?.code)).toEqual(expect.arrayContaining(['CALL_PLACED', 'VERIFY_PROMISE']));
    for (const r of done) expect(agreed(r)).toBe(true);
    for (const r of done) expect(r.history.map((h) => h.type)).toContain('FolioReceived');
    // One call raised all five (one batch per hotel).
    expect(new Set(done.map((r) => r.lastCallId)).size).toBe(1);
    // The call's recording is in the object store and the request shows it.
    const withRecording = await until([ids.agree![0]!], 'the recording on the request', (r) => r.calls.some((c) => c.recordingKey !== null), 60_000);
    const recordingKey = withRecording[0]!.calls.find((c) => c.recordingKey)!.recordingKey!;
    const stored = await s3.send(new ListObjectsV2Command({ Bucket: system.bucket, Prefix: recordingKey }));
    expect(stored.KeyCount).toBe(1);
  }, 240_000);

  it('callback: the hotel asked to be called back at 3 pm; the next action is then, on its clock', async () => {
    const done = await until(ids.callback!, 'callbacks scheduled', (r) => r.history.some((h) => h.type === 'CallbackRequested') && r.nextActionAt !== null && ['scheduled', 'callback_scheduled', 'queued'].includes(r.status));
    for (const r of done) {
      const next = DateTime.fromISO(r.nextActionAt!, { zone: ZONE });
      expect(next.toFormat('HH:mm')).toBe('15:00');
      expect(next.toMillis()).toBeGreaterThan(Date.now() - 60_000);
    }
  }, 240_000);

  it('voicemail: the message was left and each request waits for a later call', async () => {
    const done = await until(ids.voicemail!, 'voicemail retries', (r) => r.history.filter((h) => h.reason?.code === 'CALL_PLACED').length >= 1 && ['queued', 'scheduled'].includes(r.status) && r.history.at(-1)!.type !== 'RecordContacted');
    for (const r of done) {
      const retry = r.history.find((h, i) => i > r.history.findIndex((x) => x.reason?.code === 'CALL_PLACED') && h.type === 'RecordQueued');
      expect(retry?.reason?.code).toMatch(/RETRY|VOICEMAIL/);
    }
    const voicemails = seen().filter((m) => m.type === 'VoicemailDetected' && m.value.hotelPhone === '+15550100009');
    expect(voicemails.length).toBeGreaterThanOrEqual(1);
    expect(voicemails.every((m) => m.value.messageLeft === true)).toBe(true);
  }, 240_000);

  it('refused: the requests go to an operator with the reason', async () => {
    const done = await until(ids.refuse!, 'refusals escalated', (r) => ['escalated', 'needs_review'].includes(r.status));
    for (const r of done) expect(codes(r)).toContain('HOTEL_REFUSED');
  }, 240_000);

  it('IVR: the menu is walked to a person and the path learned; the next call to the hotel replays it', async () => {
    await until(ids.ivr!, 'IVR requests agreed', agreed);
    const firstCall = (await get(ids.ivr![0]!)).lastCallId!;
    const steps = seen().filter((m) => m.type === 'IvrStepTaken' && m.value.callId === firstCall);
    expect(steps.map((m) => (m.value.step as { digits: string }).digits)).toEqual(['2', '2', '2']);
    // A later request to the same hotel: its call replays the learned digits.
    await new Promise((r) => setTimeout(r, 1_000));
    const later = await post('+15550100008', 'Satyendra Bose', 'MP5003');
    const [done] = await until([later], 'the second IVR call', agreed);
    const replayed = seen().filter((m) => m.type === 'IvrStepTaken' && m.value.callId === done!.lastCallId);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((m) => (m.value.step as { fromLearnedPath: boolean }).fromLearnedPath)).toBe(true);
  }, 240_000);

  it('a tampered webhook is refused with 403 and changes nothing', async () => {
    const callId = (await get(ids.agree![0]!)).lastCallId!;
    const url = `${system.caller}/twilio/calls/${callId}/status`;
    const params = { CallSid: 'CA' + 'f'.repeat(32), CallStatus: 'failed', AccountSid: system.accountSid };
    // Signed for other parameters than those sent: what a replayed or edited request looks like.
    const signature = twilio.getExpectedTwilioSignature(system.authToken, url, { ...params, CallStatus: 'completed' });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params) });
    expect(res.status).toBe(403);
    const after = await get(ids.agree![0]!);
    expect(after.status).not.toBe('failed');
    expect(agreed(after)).toBe(true);
  }, 240_000);

  it('overflow: a hold that never ends moves the requests to email, with a request email for them', async () => {
    const hold = ids.hold!;
    await waitFor(
      'overflow outcomes and the overflow email command',
      () => {
        const overflowed = seen().filter((m) => m.type === 'RecordCallOutcome' && m.value.outcome === 'OVERFLOWED_TO_EMAIL' && hold.includes(m.value.recordId as string));
        const email = seen().find((m) => m.type === 'SendEmail' && entryIds(m.value).some((id) => hold.includes(id)));
        return overflowed.length === hold.length && email !== undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const email = seen().find((m) => m.type === 'SendEmail' && entryIds(m.value).some((id) => hold.includes(id)))!;
    expect(entryIds(email.value).sort()).toEqual([...hold].sort());
    expect(email.value.purpose).toBe('FOLIO_REQUEST');
    expect(seen().some((m) => m.type === 'CallDurationExceeded' && m.value.hotelPhone === '+15550100012')).toBe(true);
  }, 240_000);
});
