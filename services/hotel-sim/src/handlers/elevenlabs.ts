// Local stand-ins for the two ElevenLabs endpoints Folio uses, as the official SDK (@elevenlabs/elevenlabs-js)
// calls them: POST /v1/text-to-speech/{voice_id}[/stream] (JSON in, audio/mpeg out) and POST /v1/speech-to-text
// (multipart in, a transcript with word timings out). The audio carries its words, so a <Play> of it is heard by
// the simulated hotel and a recording transcribes to what was said on the call.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { mp3WithText, textOfAudio } from '../adapters/audio.js';
import { speakingSeconds } from '../domain/hotel/index.js';

export interface ElevenLabsDeps {
  /** When set, xi-api-key must equal it; otherwise any non-empty key passes. */
  apiKey: string | undefined;
  fetchMedia: (url: string) => Promise<Buffer>;
}

const TTS_FORMATS = /^mp3_(22050_32|44100_(32|64|96|128|192))$/;

function unauthorized(res: Response): void {
  res.status(401).json({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
}

function unprocessable(res: Response, field: string, msg: string): void {
  res.status(422).json({ detail: [{ loc: ['body', field], msg, type: 'value_error' }] });
}

export function elevenLabsApi(deps: ElevenLabsDeps): Router {
  const router = express.Router();
  const authorised = (req: Request) => {
    const key = req.header('xi-api-key');
    return !!key && (deps.apiKey === undefined || key === deps.apiKey);
  };

  const textToSpeech = (req: Request, res: Response) => {
    if (!authorised(req)) return unauthorized(res);
    const body = (req.body ?? {}) as { text?: unknown };
    if (typeof body.text !== 'string' || body.text.trim() === '') return unprocessable(res, 'text', 'Field required');
    const format = typeof req.query.output_format === 'string' ? req.query.output_format : 'mp3_44100_128';
    if (!TTS_FORMATS.test(format)) {
      return res.status(400).json({ detail: { status: 'invalid_output_format', message: `hotel-sim produces MP3 only, not ${format}` } });
    }
    res.setHeader('content-type', 'audio/mpeg');
    res.setHeader('request-id', randomUUID());
    res.setHeader('character-cost', String(body.text.length));
    res.send(mp3WithText(body.text, speakingSeconds(body.text, 160)));
  };
  router.post('/v1/text-to-speech/:voiceId', express.json({ limit: '1mb' }), textToSpeech);
  router.post('/v1/text-to-speech/:voiceId/stream', express.json({ limit: '1mb' }), textToSpeech);

  router.post('/v1/speech-to-text', express.raw({ type: () => true, limit: '100mb' }), async (req, res) => {
    if (!authorised(req)) return unauthorized(res);
    let form: FormData;
    try {
      form = await new globalThis.Request('http://hotel-sim.local/', {
        method: 'POST',
        headers: { 'content-type': req.header('content-type') ?? '' },
        body: req.body as Buffer,
      }).formData();
    } catch {
      return unprocessable(res, 'file', 'Expected a multipart/form-data body');
    }
    if (!form.get('model_id')) return unprocessable(res, 'model_id', 'Field required');
    const file = form.get('file');
    const sourceUrl = form.get('cloud_storage_url');
    let audio: Buffer;
    if (file && typeof file !== 'string') audio = Buffer.from(await file.arrayBuffer());
    else if (typeof sourceUrl === 'string' && sourceUrl) {
      try {
        audio = await deps.fetchMedia(sourceUrl);
      } catch {
        return res.status(400).json({ detail: { status: 'invalid_cloud_storage_url', message: `Could not fetch ${sourceUrl}` } });
      }
    } else return unprocessable(res, 'file', 'Either file or cloud_storage_url must be provided');
    res.json(transcript(turnsOf(textOfAudio(audio) ?? ''), form.get('language_code')?.toString() ?? 'eng'));
  });

  return router;
}

/** Turns carried by the audio: recordings hold "speaker_N|text" lines, synthesised speech plain text. */
function turnsOf(carried: string): { speaker: string; text: string }[] {
  return carried
    .split('\n')
    .map((line) => /^(speaker_\d+)\|(.*)$/.exec(line) ?? [line, 'speaker_0', line])
    .map((m) => ({ speaker: m[1]!, text: m[2]!.trim() }))
    .filter((t) => t.text !== '');
}

/** ElevenLabs' response: the text and each word and space with start and end seconds and a speaker. */
function transcript(turns: { speaker: string; text: string }[], languageCode: string): Record<string, unknown> {
  const words: Record<string, unknown>[] = [];
  let at = 0;
  turns.forEach((turn, i) => {
    const tokens = (i > 0 ? ` ${turn.text}` : turn.text).split(/(\s+)/).filter(Boolean);
    for (const token of tokens) {
      const spacing = /^\s+$/.test(token);
      const duration = spacing ? 0.08 : 0.12 + token.length * 0.05;
      words.push({ text: spacing ? ' ' : token, start: round(at), end: round(at + duration), type: spacing ? 'spacing' : 'word', logprob: spacing ? 0 : -0.05, speaker_id: turn.speaker });
      at += duration;
    }
  });
  const text = turns.map((t) => t.text).join(' ');
  return {
    language_code: languageCode,
    language_probability: text ? 0.98 : 0,
    text,
    words,
    transcription_id: randomUUID().replace(/-/g, ''),
    audio_duration_secs: round(at),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
