// Twilio's side of a webhook: a form-encoded POST (or a GET with the parameters in the query) to the
// application's URL, signed with X-Twilio-Signature over the full URL and the sorted parameters.
import { randomUUID } from 'node:crypto';
import { twilioSignature } from './twilio-signature.js';

export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookClient {
  send(target: { url: string; method: 'GET' | 'POST' }, params: Record<string, string>): Promise<WebhookResponse>;
  /** Fetches media as Twilio does for <Play>. */
  fetchMedia(url: string): Promise<Buffer>;
}

export function httpWebhookClient(options: { authToken: string; timeoutMs: number }): WebhookClient {
  return {
    async send(target, params) {
      const headers: Record<string, string> = {
        'user-agent': 'TwilioProxy/1.1',
        accept: '*/*',
        'i-twilio-idempotency-token': randomUUID(),
      };
      let url = target.url;
      let body: string | undefined;
      if (target.method === 'GET') {
        const query = new URLSearchParams(params).toString();
        url = query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
        headers['x-twilio-signature'] = twilioSignature(options.authToken, url, {});
      } else {
        body = new URLSearchParams(params).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
        headers['x-twilio-signature'] = twilioSignature(options.authToken, url, params);
      }
      const response = await fetch(url, { method: target.method, headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
    },
    async fetchMedia(url) {
      const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
