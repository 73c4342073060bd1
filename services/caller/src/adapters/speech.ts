// Prompt audio and recording transcripts through ElevenLabs' official SDK (@elevenlabs/elevenlabs-js), with
// the object store as the cache. A prompt's audio is stored under an HMAC of its text, voice and model, so
// the same words are synthesised once and the media URL Twilio fetches cannot be guessed from the words
// (prompts name guests). Synthesis that fails or takes too long leaves the prompt to <Say> (counted).
import { createHmac } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import type { Logger } from '@folio/logger';
import type { Counter } from '@folio/metrics';
import { isNotFound } from '@folio/object-store';

export interface SpeechOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Unset: every prompt is spoken with <Say>. */
  readonly elevenlabs?: ElevenLabsClient | undefined;
  readonly voiceId: string;
  readonly modelId: string;
  readonly sttModelId: string;
  readonly timeoutMs: number;
  /** Keys the media names (the Twilio auth token is a good secret to reuse). */
  readonly secret: string;
  readonly publicBaseUrl: string;
  readonly logger: Logger;
  readonly prompts: Counter<'result'>;
}

export interface SpokenPrompt {
  readonly text: string;
  /** Audio to <Play>; absent when the prompt is said with <Say>. */
  readonly url?: string;
}

const MEDIA_NAME = /^[0-9a-f]{64}\.mp3$/;

export class Speech {
  /** Names known to exist in the store (saves a HEAD per prompt). */
  private readonly known = new Set<string>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly options: SpeechOptions) {}

  get enabled(): boolean {
    return this.options.elevenlabs !== undefined;
  }

  mediaName(text: string): string {
    const { voiceId, modelId, secret } = this.options;
    return `${createHmac('sha256', secret).update(`${voiceId}\n${modelId}\n${text}`).digest('hex')}.mp3`;
  }

  private key(name: string): string {
    return `prompts/${name}`;
  }

  /** Audio URLs for the prompts that could be synthesised within the time budget; <Say> for the rest. */
  async speak(texts: readonly string[]): Promise<SpokenPrompt[]> {
    if (!this.enabled) {
      for (const _ of texts) this.options.prompts.inc({ result: 'say_not_configured' });
      return texts.map((text) => ({ text }));
    }
    return Promise.all(texts.map((text) => this.speakOne(text)));
  }

  private async speakOne(text: string): Promise<SpokenPrompt> {
    const name = this.mediaName(text);
    const url = `${this.options.publicBaseUrl}/media/prompts/${name}`;
    if (this.known.has(name)) {
      this.options.prompts.inc({ result: 'cache_hit' });
      return { text, url };
    }
    let work = this.inFlight.get(name);
    if (!work) {
      work = this.ensure(name, text).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, work);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    const result = await Promise.race([work.then((ok) => (ok ? 'ok' : 'failed')).catch(() => 'failed' as const), timeout]);
    clearTimeout(timer);
    if (result === 'ok') return { text, url };
    // The synthesis goes on in the background: the next time these words are needed, they are cached.
    this.options.prompts.inc({ result: result === 'timeout' ? 'say_timeout' : 'say_failed' });
    return { text };
  }

  /** True once the audio is in the store (already there, or synthesised and stored now). */
  private async ensure(name: string, text: string): Promise<boolean> {
    const { s3, bucket, elevenlabs, voiceId, modelId, logger } = this.options;
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: this.key(name) }));
      this.known.add(name);
      this.options.prompts.inc({ result: 'cache_hit' });
      return true;
    } catch (error) {
      if (!isNotFound(error)) logger.warn({ err: error }, 'prompt cache lookup failed; synthesising');
    }
    try {
      const stream = await elevenlabs!.textToSpeech.convert(voiceId, { text, modelId, outputFormat: 'mp3_44100_128' });
      const audio = Buffer.from(await new Response(stream).arrayBuffer());
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: this.key(name), Body: audio, ContentType: 'audio/mpeg' }));
      this.known.add(name);
      this.options.prompts.inc({ result: 'synthesised' });
      return true;
    } catch (error) {
      logger.warn({ err: error }, 'prompt synthesis failed; the prompt is said with <Say>');
      return false;
    }
  }

  /** The stored audio of a prompt, for Twilio's media fetch; undefined for an unknown or malformed name. */
  async media(name: string): Promise<Buffer | undefined> {
    if (!MEDIA_NAME.test(name)) return undefined;
    try {
      const object = await this.options.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(name) }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** A transcript of a recording (speaker-labelled words), or undefined when speech-to-text is not configured. */
  async transcribe(audio: Buffer, contentType: string): Promise<unknown> {
    const { elevenlabs, sttModelId } = this.options;
    if (!elevenlabs) return undefined;
    return elevenlabs.speechToText.convert({ file: new Blob([new Uint8Array(audio)], { type: contentType }), modelId: sttModelId, diarize: true });
  }
}

export function elevenLabsClient(apiKey: string | undefined, baseUrl: string | undefined): ElevenLabsClient | undefined {
  if (!apiKey) return undefined;
  return new ElevenLabsClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) });
}
