// Twilio through its official SDK: placing, updating and fetching calls, TwiML for the conversation's actions,
// and X-Twilio-Signature validation. Locally the SDK's HTTP client sends every api.twilio.com request to
// hotel-sim instead (ADR 0011); nothing else changes.
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { SpokenPrompt } from './speech.js';

export type TwilioClient = ReturnType<typeof twilio>;

/** The SDK's own HTTP client, with https://*.twilio.com replaced by `baseUrl`. */
class RedirectingHttpClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.baseUrl.replace(/\/$/, '')) });
  }
}

export function twilioClient(accountSid: string, authToken: string, apiBaseUrl: string | undefined): TwilioClient {
  return twilio(accountSid, authToken, apiBaseUrl ? { httpClient: new RedirectingHttpClient(apiBaseUrl) } : {});
}

export function validSignature(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Twilio's error, or undefined for a network failure (the request may or may not have reached Twilio). */
export function twilioErrorOf(error: unknown): { status: number; code: number | undefined; message: string } | undefined {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.status === 'number') return { status: e.status, code: typeof e.code === 'number' ? e.code : undefined, message: String(e.message ?? '') };
  return undefined;
}

export type TwimlAction =
  | { readonly type: 'gather'; readonly prompts: readonly SpokenPrompt[]; readonly timeoutSeconds: number; readonly action: string }
  | { readonly type: 'send-digits'; readonly digits: string; readonly timeoutSeconds: number; readonly action: string }
  | { readonly type: 'hang-up'; readonly prompts: readonly SpokenPrompt[] };


function speak(target: { play: (attributes: object, url: string) => unknown; say: (attributes: object, text: string) => unknown }, prompts: readonly SpokenPrompt[], voice: string): void {
  for (const p of prompts) {
    if (p.url) target.play({}, p.url);
    else target.say({ voice }, p.text);
  }
}

/** The TwiML document for one conversation action. Every listen is a <Gather input="speech dtmf">. */
export function twiml(action: TwimlAction, voice: string): string {
  const response = new twilio.twiml.VoiceResponse();
  switch (action.type) {
    case 'gather': {
      const gather = response.gather({ input: ['speech', 'dtmf'], action: action.action, method: 'POST', timeout: Math.max(1, Math.round(action.timeoutSeconds)), speechTimeout: 'auto', actionOnEmptyResult: true, language: 'en-US' });
      speak(gather as unknown as Parameters<typeof speak>[0], action.prompts, voice);
      break;
    }
    case 'send-digits': {
      // "w" waits half a second so the menu has finished before the tone.
      response.play({ digits: `w${action.digits}` });
      response.gather({ input: ['speech', 'dtmf'], action: action.action, method: 'POST', timeout: Math.max(1, Math.round(action.timeoutSeconds)), speechTimeout: 'auto', actionOnEmptyResult: true, language: 'en-US' });
      break;
    }
    case 'hang-up':
      speak(response as unknown as Parameters<typeof speak>[0], action.prompts, voice);
      response.hangup();
      break;
  }
  return response.toString();
}

