// The caller's settings, on top of the shared service and Kafka environment. Twilio and ElevenLabs are the real
// services unless their base URLs point elsewhere (hotel-sim in dev and tests, ADR 0011).
import { z } from '@folio/config';
import { objectStoreEnv } from '@folio/object-store';

const bool = (value: 'true' | 'false') => z.enum(['true', 'false']).default(value).transform((v) => v === 'true');

export const callerEnv = {
  /** PostgreSQL holding live call state and the outbox (tables caller_calls, caller_outbox). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Connections to PostgreSQL: every webhook holds one for its turn; size it for the webhook rate. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  CALLER_GROUP_ID: z.string().min(1).default('folio.caller'),
  CALL_COMMANDS_TOPIC: z.string().min(1).default('folio.call-commands.v1'),
  CALL_EVENTS_TOPIC: z.string().min(1).default('folio.call-events.v1'),
  CALLS_TOPIC: z.string().min(1).default('folio.calls.v1'),
  RECORD_OUTCOMES_TOPIC: z.string().min(1).default('folio.record-outcomes.v1'),
  HOTELS_TOPIC: z.string().min(1).default('folio.hotels.v1'),
  DEAD_LETTER_TOPIC: z.string().min(1).default('folio.dlq.v1'),
  /** Read and update hotel profiles (learned IVR path, answer statistics) on HOTELS_TOPIC. */
  HOTEL_PROFILES: bool('true'),

  /** Twilio account; the auth token also validates every webhook's X-Twilio-Signature. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like a Twilio account SID (AC + 32 hex)'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be the account auth token').optional(),
  /** The caller id numbers calls come from (E.164). */
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +15005550006'),
  /** Where the Twilio REST API is; unset is Twilio itself. hotel-sim in dev and tests. */
  TWILIO_API_BASE_URL: z.string().url().optional(),
  /** The public https URL the ingress exposes the webhooks under; Twilio signs requests to this URL. */
  PUBLIC_BASE_URL: z.string().url('must be the public URL Twilio calls, e.g. https://folio.example.com/caller'),
  /** Reject webhooks without a valid X-Twilio-Signature (never turn off outside a lab). */
  TWILIO_VALIDATE_SIGNATURES: bool('true'),
  /** Record calls (two channels) and copy the recording to the object store. */
  RECORD_CALLS: bool('true'),
  /** Seconds a call rings before it counts as not answered. */
  RING_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(120).default(30),

  /** ElevenLabs: speech for prompts (text-to-speech) and recording transcripts (speech-to-text). Unset: <Say>, no transcripts. */
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  ELEVENLABS_BASE_URL: z.string().url().optional(),
  ELEVENLABS_VOICE_ID: z.string().min(1).default('JBFqnCBsd6RMkjVDRZzb'),
  ELEVENLABS_MODEL_ID: z.string().min(1).default('eleven_multilingual_v2'),
  ELEVENLABS_STT_MODEL_ID: z.string().min(1).default('scribe_v1'),
  /** How long a webhook waits for synthesis before it falls back to <Say>, in ms. */
  TTS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(2_000),
  /** The voice <Say> uses when ElevenLabs is not configured or fails. */
  SAY_VOICE: z.string().min(1).default('Polly.Joanna'),

  /** Object store for prompt audio, recordings and transcripts. */
  ...objectStoreEnv,
  S3_BUCKET: z.string().min(3).default('folio-calls'),

  /** The name the caller introduces itself with. */
  CALLER_CLIENT_NAME: z.string().min(1).default('Folio'),
  /** A PlaceCall older than this is not dialled (the business-hours window it was made for may be over), in ms. */
  MAX_COMMAND_AGE_MS: z.coerce.number().int().min(1_000).default(15 * 60_000),
  /** A call with no news from Twilio for this long is reconciled against Twilio's REST API, in ms. */
  STALE_CALL_MS: z.coerce.number().int().min(1_000).default(15 * 60_000),
  /** How often the reconciler and the recording worker look for work, in ms. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Fallback poll of the outbox when no notification arrives, in ms. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  /**
   * Call seconds per wall-clock second. 1 with real hotels; with hotel-sim running at HOTEL_SIM_TIME_SCALE=s,
   * set 1/s so the 540 s and 600 s limits count simulated seconds.
   */
  CALL_CLOCK_SCALE: z.coerce.number().min(0.001).max(1000).default(1),
};
