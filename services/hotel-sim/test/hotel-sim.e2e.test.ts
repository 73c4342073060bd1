// hotel-sim in-process on port 0, driven by the official twilio and ElevenLabs SDKs, calling back a tiny
// webhook receiver whose TwiML the test scripts. The simulator runs on a virtual clock (HOTEL_SIM_TIME_SCALE=0).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import express from 'express';
import type { Server } from 'node:http';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { startService, type RunningService } from '@folio/runtime';
import { readInbox, serviceEnv, testMailAddress, waitFor } from '@folio/testkit';
import { hotelSimService, textOfAudio, type HotelSimHandle } from '../src/index.js';

const ACCOUNT_SID = 'AC' + 'a1'.repeat(16);
const AUTH_TOKEN = 'e2e-auth-token-0123456789';
const FROM = '+15005550006';

/** Points the official SDK at hotel-sim: every https://*.twilio.com URL goes to `baseUrl` instead (ADR 0011). */
class SimulatorHttpClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.baseUrl) });
  }
}

interface Hit {
  path: string;
  params: Record<string, string>;
  signature: string;
  url: string;
}

/** The application side: records every webhook and answers with TwiML from `script`. */
class Receiver {
  readonly hits: Hit[] = [];
  script: (hit: Hit) => string | Buffer | Promise<string | Buffer> = () => '<Response><Hangup/></Response>';
  private server!: Server;
  base = '';

  async start(): Promise<void> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.all(/.*/, async (req, res) => {
      const hit: Hit = {
        path: req.path,
        params: { ...(req.method === 'GET' ? (req.query as Record<string, string>) : (req.body as Record<string, string>)) },
        signature: req.header('x-twilio-signature') ?? '',
        url: `${this.base}${req.originalUrl}`,
      };
      this.hits.push(hit);
      const body = await this.script(hit);
      if (Buffer.isBuffer(body)) res.type('audio/mpeg').send(body);
      else res.type('text/xml').send(body);
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    this.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  forCall(callSid: string, path?: string): Hit[] {
    return this.hits.filter((h) => h.params.CallSid === callSid && (!path || h.path === path));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

let sim: RunningService;
let simHandle: HotelSimHandle;
let simUrl: string;
const receiver = new Receiver();
let client: ReturnType<typeof twilio>;

beforeAll(async () => {
  await receiver.start();
  sim = await startService(
    hotelSimService({}, (h) => (simHandle = h)),
    {
      env: serviceEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        HOTEL_SIM_TIME_SCALE: '0',
        SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
        SMTP_PORT: process.env.SMTP_PORT ?? '13025',
        ELEVENLABS_API_KEY: 'e2e-elevenlabs-key',
      }),
    },
  );
  simUrl = `http://127.0.0.1:${sim.port}`;
  client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new SimulatorHttpClient(simUrl) });
});

afterAll(async () => {
  await sim?.stop();
  await receiver.stop();
});

const gather = (action: string, inner = '') => `<Response><Gather input="speech dtmf" action="${action}" timeout="5" speechTimeout="auto">${inner}</Gather><Hangup/></Response>`;

async function placeCall(to: string, extra: Partial<Parameters<typeof client.calls.create>[0]> = {}) {
  const call = await client.calls.create({
    to,
    from: FROM,
    url: `${receiver.base}/answer`,
    statusCallback: `${receiver.base}/status`,
    statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    ...extra,
  });
  return call;
}

async function completed(callSid: string): Promise<Hit> {
  return waitFor('the completed status callback', () => receiver.forCall(callSid, '/status').find((h) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(h.params.CallStatus!) && h.params.SequenceNumber && h.params.CallbackSource), { timeoutMs: 20_000 });
}

describe('hotel-sim as Twilio', () => {
  it('places a call for the SDK, sends signed status and AMD callbacks in order, and the agreeing hotel emails the folio PDF', async () => {
    const destination = testMailAddress('folios');
    const request = `Hello, I am calling on behalf of Acme about the folio for guest John Smith, confirmation number ABC12345, staying from 2026-03-03 to 2026-03-05. Could you please email it to ${destination}?`;
    let turn = 0;
    receiver.script = (hit) => {
      if (hit.path === '/answer') return gather('/turn');
      if (hit.path === '/turn') {
        turn += 1;
        return turn === 1 ? gather('/turn', `<Say>${request}</Say>`) : '<Response><Say>Thank you very much. Goodbye.</Say><Hangup/></Response>';
      }
      return '<Response/>';
    };

    const call = await placeCall('+15550100001', {
      machineDetection: 'DetectMessageEnd',
      asyncAmd: 'true',
      asyncAmdStatusCallback: `${receiver.base}/amd`,
      record: true,
      recordingStatusCallback: `${receiver.base}/recording`,
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(call.accountSid).toBe(ACCOUNT_SID);

    await completed(call.sid);
    const statuses = receiver.forCall(call.sid, '/status');
    expect(statuses.map((h) => h.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(statuses.map((h) => h.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(statuses[3]!.params.CallDuration).toMatch(/^[1-9]\d*$/);

    // Every request the receiver got validates with the SDK against the full URL it was sent to.
    const all = receiver.forCall(call.sid);
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const hit of all) expect(twilio.validateRequest(AUTH_TOKEN, hit.signature, hit.url, hit.params)).toBe(true);

    const amd = await waitFor('the AMD callback', () => receiver.forCall(call.sid, '/amd')[0]);
    expect(amd.params).toEqual(expect.objectContaining({ AnsweredBy: 'human', AccountSid: ACCOUNT_SID }));
    expect(Number(amd.params.MachineDetectionDuration)).toBeGreaterThan(0);

    const turns = receiver.forCall(call.sid, '/turn');
    expect(turns[0]!.params.SpeechResult).toBe('Good morning, Grand Plaza Hotel, front desk, how can I help you?');
    expect(Number(turns[0]!.params.Confidence)).toBeGreaterThan(0.8);
    expect(turns[1]!.params.SpeechResult).toContain(`I will email the folio to ${destination}`);
    expect(turns[1]!.params.CallStatus).toBe('in-progress');

    const fetched = await client.calls(call.sid).fetch();
    expect(fetched.status).toBe('completed');
    expect(Number(fetched.duration)).toBeGreaterThan(0);
    expect(fetched.startTime).toBeInstanceOf(Date);

    const recordingHit = await waitFor('the recording callback', () => receiver.forCall(call.sid, '/recording')[0]);
    expect(recordingHit.params.RecordingStatus).toBe('completed');
    const recordings = await client.recordings.list({ callSid: call.sid });
    expect(recordings.map((r) => r.sid)).toEqual([recordingHit.params.RecordingSid]);
    expect(await client.calls(call.sid).recordings.list()).toHaveLength(1);
    const media = await fetch(`${recordingHit.params.RecordingUrl}.wav`);
    expect(media.headers.get('content-type')).toBe('audio/x-wav');
    const wav = Buffer.from(await media.arrayBuffer());
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(textOfAudio(wav)).toContain('John Smith');

    const [mail] = await readInbox(destination, { atLeast: 1, timeoutMs: 20_000 });
    expect(mail!.subject).toBe('Folio for John Smith, confirmation ABC12345');
    expect(mail!.from).toEqual(['frontdesk@grand-plaza.test']);
    expect(mail!.source).toMatch(/Content-Type: application\/pdf; name=folio-[A-Z0-9]+-\d+\.pdf/);
    const pdfBase64 = /Content-Transfer-Encoding: base64\r?\n(?:.*\r?\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail!.source.slice(mail!.source.indexOf('application/pdf')))?.[1];
    expect(Buffer.from(pdfBase64!.replace(/\s/g, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('walks a three-level phone menu as the caller plays digits chosen from the menu text', async () => {
    const played: string[] = [];
    const heard: string[] = [];
    receiver.script = (hit) => {
      if (hit.path === '/answer') return gather('/ivr');
      if (hit.path !== '/ivr') return '<Response/>';
      const speech = hit.params.SpeechResult ?? '';
      heard.push(speech);
      if (/how can I help/.test(speech)) return '<Response><Hangup/></Response>';
      const option = /For ([^.,]*(?:billing|folio)[^.,]*), press (\d)/i.exec(speech);
      if (!option) return gather('/ivr');
      played.push(option[2]!);
      return `<Response><Play digits="w${option[2]}"/><Gather input="speech" action="/ivr" timeout="5"/></Response>`;
    };
    const call = await placeCall('+15550100008');
    await completed(call.sid);
    expect(played).toEqual(['2', '2', '2']);
    expect(heard[0]).toBe('Welcome to Hotel Metropole. For new reservations, press 1. For existing reservations and billing, press 2. For the operator, press 0.');
    expect(heard[1]).toContain('Existing reservations.');
    expect(heard[2]).toContain('For guest folios, press 2.');
    expect(heard[3]).toContain('front desk, how can I help you?');
  });

  it('answers each request of a mixed call differently, including after a hold', async () => {
    const destination = testMailAddress('mixed');
    const asks = [
      `Could you email the folio for guest Anna Smith, confirmation RP10001, to ${destination}?`,
      `Next, the folio for guest Tom Jones, confirmation RP10002, to ${destination}.`,
      `And the folio for guest Luis Garcia, confirmation RP10003, to ${destination}.`,
      `Last, the folio for guest Eva Miller, confirmation RP10004, to ${destination}.`,
    ];
    const answers: string[] = [];
    receiver.script = (hit) => {
      if (hit.path === '/answer') return gather('/mixed');
      if (hit.path !== '/mixed') return '<Response/>';
      const speech = hit.params.SpeechResult ?? '';
      if (speech) answers.push(speech);
      const next = asks[answers.length - 1];
      // On hold the hotel says nothing; an empty result comes back (actionOnEmptyResult) and the caller waits on.
      if (!speech) return '<Response><Gather input="speech" action="/mixed" timeout="10" actionOnEmptyResult="true"/></Response>';
      if (/please hold/i.test(speech)) return '<Response><Gather input="speech" action="/mixed" timeout="10" actionOnEmptyResult="true"/></Response>';
      return next ? gather('/mixed', `<Say>${next}</Say>`) : '<Response><Say>Thank you, goodbye.</Say><Hangup/></Response>';
    };
    const call = await placeCall('+15550100015');
    await completed(call.sid);
    expect(answers[1]).toContain('I will email the folio');
    expect(answers[2]).toContain('for privacy reasons');
    expect(answers[3]).toContain('call back at 4 pm');
    expect(answers[4]).toContain('Please hold');
    expect(answers[5]).toMatch(/^Thank you for holding\. Yes, I found the reservation for Eva Miller/);
    const empty = receiver.forCall(call.sid, '/mixed').filter((h) => h.params.SpeechResult === undefined);
    expect(empty.length).toBeGreaterThanOrEqual(3);
    const mails = await readInbox(destination, { atLeast: 2, timeoutMs: 20_000 });
    expect(mails.map((m) => m.subject).sort()).toEqual(['Folio for Anna Smith, confirmation RP10001', 'Folio for Eva Miller, confirmation RP10004']);
  });

  it('exposes readiness and call metrics', async () => {
    expect((await fetch(`${simUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${simUrl}/metrics`)).text();
    expect(metrics).toMatch(/folio_hotel_sim_calls_total\{[^}]*status="completed"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/folio_hotel_sim_webhooks_total\{[^}]*kind="status"[^}]*\} [1-9]/);
  });

  it('reports busy and no-answer with hyphenated statuses, and a voicemail through synchronous AMD', async () => {
    receiver.script = () => '<Response><Hangup/></Response>';
    const busy = await placeCall('+15550100011');
    const noAnswer = await placeCall('+15550100010');
    const voicemail = await placeCall('+15550100009', { machineDetection: 'DetectMessageEnd' });
    await Promise.all([completed(busy.sid), completed(noAnswer.sid), completed(voicemail.sid)]);
    expect(receiver.forCall(busy.sid, '/status').map((h) => h.params.CallStatus)).toEqual(['initiated', 'busy']);
    expect(receiver.forCall(noAnswer.sid, '/status').map((h) => h.params.CallStatus)).toEqual(['initiated', 'ringing', 'no-answer']);
    expect(receiver.forCall(voicemail.sid, '/answer')[0]!.params.AnsweredBy).toBe('machine_end_beep');
    expect((await client.calls(noAnswer.sid).fetch()).status).toBe('no-answer');
  });

  it('hangs up a live call on a REST update with Status=completed', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atAnswer = new Promise<void>((resolve) => (reached = resolve));
    receiver.script = async (hit) => {
      if (hit.path !== '/answer') return '<Response/>';
      reached();
      await answered;
      return '<Response><Pause length="600"/><Say>never reached</Say></Response>';
    };
    const call = await placeCall('+15550100012');
    await atAnswer;
    const updated = await client.calls(call.sid).update({ status: 'completed' });
    expect(updated.sid).toBe(call.sid);
    release();
    const done = await completed(call.sid);
    expect(done.params.CallStatus).toBe('completed');
    expect(Number(done.params.CallDuration)).toBeLessThan(600);
  });

  it('redirects a live call to a new Url given in a REST update', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atAnswer = new Promise<void>((resolve) => (reached = resolve));
    receiver.script = async (hit) => {
      if (hit.path === '/redirected') return '<Response><Hangup/></Response>';
      if (hit.path !== '/answer') return '<Response/>';
      reached();
      await answered;
      return '<Response><Pause length="600"/></Response>';
    };
    const call = await placeCall('+15550100001');
    await atAnswer;
    await client.calls(call.sid).update({ url: `${receiver.base}/redirected?from=update`, method: 'POST' });
    release();
    await completed(call.sid);
    const [redirected] = receiver.forCall(call.sid, '/redirected');
    expect(redirected!.params.CallStatus).toBe('in-progress');
    expect(twilio.validateRequest(AUTH_TOKEN, redirected!.signature, redirected!.url, redirected!.params)).toBe(true);
  });

  it('lets a slow speaker miss a 5 s Gather and garbles a noisy line with low confidence', async () => {
    const request = 'Could you email the folio for guest John Smith, confirmation ABC12345, to folios@acme.test?';
    receiver.script = (hit) => {
      if (hit.path === '/answer') return '<Response><Gather input="speech" action="/slow" timeout="5" actionOnEmptyResult="true"/></Response>';
      if (hit.path !== '/slow') return '<Response/>';
      const turns = receiver.forCall(hit.params.CallSid!, '/slow').length;
      if (turns === 1) return `<Response><Gather input="speech" action="/slow" timeout="5" actionOnEmptyResult="true"><Say>${request}</Say></Gather></Response>`;
      return turns < 5 ? '<Response><Gather input="speech" action="/slow" timeout="5" actionOnEmptyResult="true"/></Response>' : '<Response><Hangup/></Response>';
    };
    const slow = await placeCall('+15550100013');
    const noisy = await placeCall('+15550100014');
    await Promise.all([completed(slow.sid), completed(noisy.sid)]);
    const slowTurns = receiver.forCall(slow.sid, '/slow').map((h) => h.params.SpeechResult);
    // The greeting starts 7 s after pickup, past the first Gather's 5 s: that turn is empty, the next hears it.
    expect(slowTurns[0]).toBeUndefined();
    expect(slowTurns[1]).toMatch(/^Good morning, Old Town Guesthouse.*I will email the folio/);
    const noisyTurns = receiver.forCall(noisy.sid, '/slow').filter((h) => h.params.SpeechResult);
    expect(noisyTurns.length).toBeGreaterThan(0);
    // asrNoise 0.6: confidence 0.92 - 0.36 - up to 0.1 (clean speech scores 0.9 and more).
    for (const turn of noisyTurns) expect(Number(turn.params.Confidence)).toBeLessThan(0.6);
  });

  it('fetches a recording through the call it belongs to', async () => {
    const recording = [...simHandle.book.recordings.values()][0]!;
    const fetched = await client.calls(recording.callSid).recordings(recording.sid).fetch();
    expect(fetched).toEqual(expect.objectContaining({ sid: recording.sid, callSid: recording.callSid, status: 'completed', channels: 1 }));
  });

  it('runs in scaled real time when HOTEL_SIM_TIME_SCALE is above 0', async () => {
    let realSim: RunningService | undefined;
    try {
      realSim = await startService(hotelSimService(), {
        env: serviceEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTEL_SIM_TIME_SCALE: '0.02' }),
      });
      const realClient = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new SimulatorHttpClient(`http://127.0.0.1:${realSim.port}`) });
      receiver.script = (hit) => (hit.path === '/answer' ? '<Response><Pause length="10"/><Hangup/></Response>' : '<Response/>');
      const started = Date.now();
      const call = await realClient.calls.create({ to: '+15550100001', from: FROM, url: `${receiver.base}/answer`, statusCallback: `${receiver.base}/status` });
      const done = await completed(call.sid);
      // 6 s ringing + 10 s pause at 1/50 speed: at least 0.3 s of real time, reported as a 10 s call.
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(done.params.CallDuration).toBe('10');
    } finally {
      await realSim?.stop();
    }
  });

  it('rejects wrong credentials and bad input with Twilio error bodies', async () => {
    const wrong = twilio(ACCOUNT_SID, 'not-the-token', { httpClient: new SimulatorHttpClient(simUrl) });
    await expect(wrong.calls.create({ to: '+15550100001', from: FROM, url: `${receiver.base}/answer` })).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(client.calls.create({ to: 'not-a-number', from: FROM, url: `${receiver.base}/answer` })).rejects.toMatchObject({ status: 400, code: 21211 });
  });

  it('signatures stop validating when a parameter or the URL is tampered with', async () => {
    const hit = receiver.hits.find((h) => h.path === '/status')!;
    expect(twilio.validateRequest(AUTH_TOKEN, hit.signature, hit.url, hit.params)).toBe(true);
    expect(twilio.validateRequest(AUTH_TOKEN, hit.signature, hit.url, { ...hit.params, CallStatus: 'failed' })).toBe(false);
    expect(twilio.validateRequest(AUTH_TOKEN, hit.signature, hit.url.replace('127.0.0.1', 'localhost'), hit.params)).toBe(false);
    expect(twilio.validateRequest('another-token-123', hit.signature, hit.url, hit.params)).toBe(false);
  });
});

describe('hotel-sim as ElevenLabs', () => {
  const elevenlabs = () => new ElevenLabsClient({ apiKey: 'e2e-elevenlabs-key', baseUrl: simUrl });

  async function speech(text: string): Promise<Buffer> {
    const stream = await elevenlabs().textToSpeech.convert('JBFqnCBsd6RMkjVDRZzb', { text, modelId: 'eleven_multilingual_v2', outputFormat: 'mp3_44100_128' });
    const chunks: Uint8Array[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  it('synthesises MP3 speech that a hotel hears when the caller plays it', async () => {
    const text = 'Hello, could you email the folio for guest Maria Garcia, confirmation XY98765, to folios@acme.test?';
    const audio = await speech(text);
    expect(audio.subarray(0, 3).toString()).toBe('ID3');
    expect(textOfAudio(audio)).toBe(text);

    receiver.script = (hit) => {
      // The receiver serves the synthesised prompt as the caller would serve it from its object store.
      if (hit.path === '/prompt.mp3') return audio;
      if (hit.path === '/answer') return gather('/turn');
      if (hit.path === '/turn' && /how can I help/.test(hit.params.SpeechResult ?? '')) return gather('/turn', `<Play>${receiver.base}/prompt.mp3</Play>`);
      return '<Response><Hangup/></Response>';
    };
    const call = await placeCall('+15550100002');
    await completed(call.sid);
    const answer = receiver.forCall(call.sid, '/turn')[1];
    expect(answer?.params.SpeechResult).toContain('for privacy reasons');
  });

  it('transcribes a call recording', async () => {
    const recording = [...simHandle.book.recordings.values()][0]!;
    const wav = Buffer.from(await (await fetch(`${simUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}.wav`)).arrayBuffer());
    const result = await elevenlabs().speechToText.convert({ file: new Blob([wav], { type: 'audio/wav' }), modelId: 'scribe_v1' });
    expect('text' in result && result.text).toContain('John Smith');
    expect('words' in result && result.words[0]).toEqual(expect.objectContaining({ type: 'word', start: 0, speakerId: 'speaker_1' }));
    const speakers = 'words' in result ? new Set(result.words.map((w) => w.speakerId)) : new Set();
    expect([...speakers].sort()).toEqual(['speaker_0', 'speaker_1']);
    expect('text' in result && result.text).toMatch(/^Good morning, Grand Plaza Hotel/);
  });

  it('refuses a missing API key as ElevenLabs does', async () => {
    const res = await fetch(`${simUrl}/v1/text-to-speech/voice`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) });
    expect(res.status).toBe(401);
  });
});
