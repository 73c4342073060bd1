// hotel-sim's settings, on top of the shared service environment. It has no Kafka consumers; the shared Kafka
// variables are parsed but never used to connect.
import { z } from '@folio/config';

export const hotelSimEnv = {
  /** The simulated Twilio account; REST calls must authenticate as it (HTTP Basic, SID:token). */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like a Twilio account SID (AC + 32 hex)').default('AC00000000000000000000000000000000'),
  /** Signs every webhook (X-Twilio-Signature) and authenticates REST calls. */
  TWILIO_AUTH_TOKEN: z.string().min(8).default('hotel-sim-auth-token'),
  /** The hotels and their personas (YAML or JSON); defaults to the file shipped with the service. */
  HOTEL_SIM_PERSONAS: z.string().min(1).optional(),
  /** Base URL hotel-sim is reached at, used in recording media links (Twilio's https://api.twilio.com). Default: http://127.0.0.1:<port>. */
  HOTEL_SIM_PUBLIC_URL: z.string().url().optional(),
  /** Simulated seconds -> real seconds. 1 is real time; 0 is a virtual clock that never waits (tests). */
  HOTEL_SIM_TIME_SCALE: z.coerce.number().min(0).max(10).default(1),
  /** The API key the ElevenLabs stand-ins require in xi-api-key; unset accepts any non-empty key. */
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  /** SMTP server the hotels email folios through (the local GreenMail in dev and tests). */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(13025),
  /** `make dev`: publish a Folio hotel profile (open around the clock) per simulated hotel to this topic at start. */
  HOTEL_SIM_PROFILES_TOPIC: z.string().min(1).optional(),
  /** Time zone of the published profiles. */
  HOTEL_SIM_TIME_ZONE: z.string().min(1).default('America/New_York'),
  /** Seconds Twilio's HTTP client waits for a webhook's answer before it treats the request as failed. */
  HOTEL_SIM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Run the email desks: each hotel's mailbox is read over IMAP and folio request emails are answered (persona `email`). */
  HOTEL_SIM_EMAIL_DESK: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Mail older than this is left unanswered (flagged seen): requests left in the mailboxes by earlier runs. 0: no limit. */
  HOTEL_SIM_EMAIL_MAX_AGE_HOURS: z.coerce.number().min(0).default(24),
  /** How often the email desks read the hotel mailboxes. */
  HOTEL_SIM_EMAIL_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  /** IMAP server of the hotel mailboxes (the local GreenMail); each hotel logs in with its address. */
  IMAP_HOST: z.string().min(1).default('127.0.0.1'),
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(13143),
  IMAP_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Password of every hotel mailbox; unset: the address itself (the local server accepts any). */
  HOTEL_SIM_IMAP_PASSWORD: z.string().min(1).optional(),
};
