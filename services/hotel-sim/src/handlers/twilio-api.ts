// The Twilio REST subset the official SDK uses for calls: create, fetch, list and update calls; list, fetch
// and download recordings. JSON shapes, error bodies and HTTP Basic authentication as Twilio's API has them.
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Hotel } from '../domain/hotel/index.js';
import { wavWithText, mp3WithText } from '../adapters/audio.js';
import type { CallBook, SimCall, SimRecording, WebhookTarget } from '../simulation/calls.js';
import { newSid, rfc2822 } from '../simulation/call-driver.js';

export interface TwilioApiDeps {
  accountSid: string;
  authToken: string;
  book: CallBook;
  hotels: ReadonlyMap<string, Hotel>;
  publicUrl: string | undefined;
  now: () => Date;
  /** Starts driving a created call in the background. */
  startCall: (call: SimCall) => void;
}

type Params = Record<string, string | string[] | undefined>;

function twilioError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function first(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function all(params: Params, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

function method(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

function target(params: Params, urlName: string, methodName: string): WebhookTarget | undefined {
  const url = first(params, urlName);
  return url ? { url, method: method(first(params, methodName)) } : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function twilioApi(deps: TwilioApiDeps): Router {
  const router = express.Router({ mergeParams: true });
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const [scheme, encoded] = header.split(' ');
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf-8').split(':');
    const password = rest.join(':');
    const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    if (scheme?.toLowerCase() !== 'basic' || !same(user ?? '', deps.accountSid) || !same(password, deps.authToken)) {
      res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    if (req.params.AccountSid !== deps.accountSid) {
      return twilioError(res, 404, 20404, `The requested resource /2010-04-01/Accounts/${req.params.AccountSid} was not found`);
    }
    next();
  };

  const base = (req: Request) => deps.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;

  router.post('/2010-04-01/Accounts/:AccountSid/Calls.json', authenticate, (req, res) => {
    const params = (req.body ?? {}) as Params;
    const to = first(params, 'To');
    const from = first(params, 'From');
    const url = first(params, 'Url');
    const twiml = first(params, 'Twiml');
    if (!to) return twilioError(res, 400, 21201, "No 'To' number is specified");
    if (!from) return twilioError(res, 400, 21213, "No 'From' number is specified");
    if (!url && !twiml && !first(params, 'ApplicationSid')) return twilioError(res, 400, 21205, 'Url parameter is required');
    if (url && !isHttpUrl(url)) return twilioError(res, 400, 21205, `Url is not a valid URL: ${url}`);
    if (!/^\+[1-9]\d{1,14}$/.test(to)) return twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    const amd = first(params, 'MachineDetection');
    if (amd && amd !== 'Enable' && amd !== 'DetectMessageEnd') return twilioError(res, 400, 21218, `Invalid MachineDetection: ${amd}`);
    const statusCallback = target(params, 'StatusCallback', 'StatusCallbackMethod');
    const events = all(params, 'StatusCallbackEvent');
    const recordingEvents = all(params, 'RecordingStatusCallbackEvent');
    const now = deps.now();
    const call: SimCall = {
      sid: newSid('CA'),
      accountSid: deps.accountSid,
      from,
      to,
      hotel: deps.hotels.get(to),
      status: 'queued',
      answeredBy: null,
      start: twiml ? { kind: 'twiml', twiml } : { kind: 'url', target: { url: url ?? '', method: method(first(params, 'Method')) } },
      fallback: target(params, 'FallbackUrl', 'FallbackMethod'),
      statusCallback,
      statusCallbackEvents: new Set(events.length > 0 ? events : ['completed']),
      machineDetection: amd as SimCall['machineDetection'],
      machineDetectionTimeout: Number(first(params, 'MachineDetectionTimeout') ?? 30) || 30,
      asyncAmd: first(params, 'AsyncAmd') === 'true',
      asyncAmdStatusCallback: target(params, 'AsyncAmdStatusCallback', 'AsyncAmdStatusCallbackMethod'),
      record: first(params, 'Record') === 'true',
      recordingStatusCallback: target(params, 'RecordingStatusCallback', 'RecordingStatusCallbackMethod'),
      recordingStatusCallbackEvents: new Set(recordingEvents.length > 0 ? recordingEvents : ['completed']),
      ringTimeout: Math.min(600, Number(first(params, 'Timeout') ?? 60) || 60),
      timeLimit: Math.min(14_400, Number(first(params, 'TimeLimit') ?? 14_400) || 14_400),
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      duration: null,
      apiBaseUrl: base(req),
      update: undefined,
      interrupt: new AbortController(),
    };
    deps.book.calls.set(call.sid, call);
    res.status(201).json(callJson(call));
    deps.startCall(call);
  });

  router.get('/2010-04-01/Accounts/:AccountSid/Calls.json', authenticate, (req, res) => {
    const query = req.query as Params;
    const calls = [...deps.book.calls.values()]
      .filter((c) => !first(query, 'To') || c.to === first(query, 'To'))
      .filter((c) => !first(query, 'Status') || c.status === first(query, 'Status'))
      .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
    res.json(page('calls', calls.map(callJson), req, query));
  });

  router.get('/2010-04-01/Accounts/:AccountSid/Calls/:file', authenticate, (req, res) => {
    const call = deps.book.calls.get(String(req.params.file).replace(/\.json$/, ''));
    if (!call) return twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    res.json(callJson(call));
  });

  router.post('/2010-04-01/Accounts/:AccountSid/Calls/:file', authenticate, (req, res) => {
    const call = deps.book.calls.get(String(req.params.file).replace(/\.json$/, ''));
    if (!call) return twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    const params = (req.body ?? {}) as Params;
    const status = first(params, 'Status');
    const url = first(params, 'Url');
    const twiml = first(params, 'Twiml');
    const live = call.status === 'queued' || call.status === 'ringing' || call.status === 'in-progress';
    if (status && status !== 'completed' && status !== 'canceled') return twilioError(res, 400, 21218, `Invalid Status: ${status}`);
    if ((url || twiml || status) && !live) {
      return twilioError(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    if (status === 'canceled' && call.status === 'in-progress') {
      // Twilio ignores a cancel for an answered call.
      return res.json(callJson(call));
    }
    if (status) call.update = { kind: 'hangup' };
    else if (twiml) call.update = { kind: 'twiml', twiml };
    else if (url) {
      if (!isHttpUrl(url)) return twilioError(res, 400, 21205, `Url is not a valid URL: ${url}`);
      call.update = { kind: 'redirect', target: { url, method: method(first(params, 'Method')) } };
    }
    const callback = target(params, 'StatusCallback', 'StatusCallbackMethod');
    if (callback) call.statusCallback = callback;
    call.dateUpdated = deps.now();
    if (call.update) call.interrupt.abort();
    res.json(callJson(call));
  });

  const recordingsOf = (callSid: string | undefined) =>
    [...deps.book.recordings.values()]
      .filter((r) => !callSid || r.callSid === callSid)
      .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());

  router.get('/2010-04-01/Accounts/:AccountSid/Recordings.json', authenticate, (req, res) => {
    const query = req.query as Params;
    res.json(page('recordings', recordingsOf(first(query, 'CallSid')).map(recordingJson), req, query));
  });

  router.get('/2010-04-01/Accounts/:AccountSid/Calls/:CallSid/Recordings.json', authenticate, (req, res) => {
    res.json(page('recordings', recordingsOf(String(req.params.CallSid)).map(recordingJson), req, req.query as Params));
  });

  router.get('/2010-04-01/Accounts/:AccountSid/Calls/:CallSid/Recordings/:file', authenticate, (req, res) => {
    const recording = deps.book.recordings.get(String(req.params.file).replace(/\.json$/, ''));
    if (!recording || recording.callSid !== req.params.CallSid) return twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    res.json(recordingJson(recording));
  });

  // Media: .json is the resource; .wav, .mp3 or no extension the audio. Twilio serves media without
  // authentication unless the account enforces it, so credentials are optional here.
  router.get('/2010-04-01/Accounts/:AccountSid/Recordings/:file', (req, res, next) => {
    const file = String(req.params.file);
    const [sid, extension = ''] = file.split('.') as [string, string?];
    const recording = deps.book.recordings.get(sid);
    if (extension === 'json') return authenticate(req, res, () => (recording ? res.json(recordingJson(recording)) : twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`)));
    if (!recording) return twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    if (extension === 'mp3') {
      res.setHeader('content-type', 'audio/mpeg');
      return res.send(mp3WithText(recording.transcript, recording.duration));
    }
    if (extension !== '' && extension !== 'wav') return next();
    res.setHeader('content-type', 'audio/x-wav');
    res.send(wavWithText(recording.transcript, recording.duration));
  });

  router.delete('/2010-04-01/Accounts/:AccountSid/Recordings/:file', authenticate, (req, res) => {
    const sid = String(req.params.file).replace(/\.json$/, '');
    if (!deps.book.recordings.delete(sid)) return twilioError(res, 404, 20404, `The requested resource ${req.path} was not found`);
    res.status(204).end();
  });

  return router;
}

function page(key: string, items: unknown[], req: Request, query: Params): Record<string, unknown> {
  const pageSize = Math.min(1000, Number(first(query, 'PageSize') ?? 50) || 50);
  const shown = items.slice(0, pageSize);
  const uri = req.originalUrl.replace(/^https?:\/\/[^/]+/, '');
  return {
    [key]: shown,
    end: Math.max(0, shown.length - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  };
}

export function callJson(call: SimCall): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  return {
    account_sid: call.accountSid,
    annotation: null,
    answered_by: call.answeredBy,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    direction: 'outbound-api',
    duration: call.duration === null ? null : String(call.duration),
    end_time: call.endTime ? rfc2822(call.endTime) : null,
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: call.sid,
    start_time: call.startTime ? rfc2822(call.startTime) : null,
    status: call.status,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      payments: `${uri}/Payments.json`,
      events: `${uri}/Events.json`,
      siprec: `${uri}/Siprec.json`,
      streams: `${uri}/Streams.json`,
      user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${uri}/UserDefinedMessages.json`,
    },
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri: `${uri}.json`,
  };
}

export function recordingJson(recording: SimRecording): Record<string, unknown> {
  const path = `/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.sid}`;
  return {
    account_sid: recording.accountSid,
    api_version: '2010-04-01',
    call_sid: recording.callSid,
    channels: 1,
    conference_sid: null,
    date_created: rfc2822(recording.dateCreated),
    date_updated: rfc2822(recording.dateCreated),
    duration: String(recording.duration),
    encryption_details: null,
    error_code: null,
    media_url: `${recording.apiBaseUrl}${path}`,
    price: null,
    price_unit: 'USD',
    sid: recording.sid,
    source: 'OutboundAPI',
    start_time: rfc2822(recording.startTime),
    status: 'completed',
    subresource_uris: {
      add_on_results: `${path}/AddOnResults.json`,
      transcriptions: `${path}/Transcriptions.json`,
    },
    track: 'both',
    uri: `${path}.json`,
  };
}
