// Copies a call's recording from Twilio to the object store and stores its transcript next to it:
// recordings/<callId>.wav and transcripts/<callId>.json. Twilio serves recording media at RecordingUrl with a
// format extension, behind the account's HTTP Basic credentials.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CallRow } from './call-store.js';
import type { Speech } from './speech.js';

export interface RecordingArchiveOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Rewrites Twilio's media host (hotel-sim in dev and tests), like the REST client. */
  readonly apiBaseUrl?: string | undefined;
  readonly speech: Speech;
}

export function recordingKeyOf(callId: string): string {
  return `recordings/${callId}.wav`;
}

export function transcriptKeyOf(callId: string): string {
  return `transcripts/${callId}.json`;
}

export function recordingArchive(options: RecordingArchiveOptions): (row: CallRow) => Promise<{ recordingKey: string; transcriptKey: string | null }> {
  return async (row) => {
    let url = `${row.recordingUrl!.replace(/\.(wav|mp3|json)$/, '')}.wav`;
    if (options.apiBaseUrl) url = url.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, options.apiBaseUrl.replace(/\/$/, ''));
    const auth = Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');
    const response = await fetch(url, { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`recording download answered ${response.status}`);
    const audio = Buffer.from(await response.arrayBuffer());
    const recordingKey = recordingKeyOf(row.callId);
    await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: recordingKey, Body: audio, ContentType: 'audio/wav', Metadata: { 'call-id': row.callId, 'hotel-phone': row.hotelPhone } }));
    let transcriptKey: string | null = null;
    const transcript = await options.speech.transcribe(audio, 'audio/wav');
    if (transcript !== undefined) {
      transcriptKey = transcriptKeyOf(row.callId);
      await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: transcriptKey, Body: JSON.stringify(transcript), ContentType: 'application/json' }));
    }
    return { recordingKey, transcriptKey };
  };
}
