// X-Twilio-Signature as Twilio computes it for form-encoded webhooks: HMAC-SHA1 over the full URL followed by
// every POST parameter name and value, sorted by name, keyed with the account's auth token, base64-encoded.
import { createHmac } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
