// Reads the hotels file (YAML or JSON): each hotel's phone number, name, addresses and persona, with defaults
// for everything a persona leaves out. A bad file fails the start with every problem listed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from '@folio/config';
import { ValidationError } from '@folio/errors';
import { DEFAULT_EMAIL_DESK, type Answer, type Hotel, type IvrMenu, type IvrTarget } from '../domain/hotel/index.js';

/** The hotels file shipped with the service (services/hotel-sim/personas/hotels.yaml). */
export const DEFAULT_PERSONAS_FILE = fileURLToPath(new URL('../../personas/hotels.yaml', import.meta.url));

const answer: z.ZodType<Answer> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('agree'), sends: z.boolean().default(true), sendAfterSeconds: z.number().min(0).default(180) }),
    z.object({ kind: z.literal('refuse-privacy') }),
    z.object({ kind: z.literal('not-found') }),
    z.object({ kind: z.literal('callback'), at: z.string().min(1) }),
    z.object({ kind: z.literal('send-later'), by: z.string().min(1).default('end of day'), sends: z.boolean().default(true), sendAfterSeconds: z.number().min(0).default(3600) }),
    z.object({ kind: z.literal('hold'), seconds: z.number().min(1), then: answer }),
  ]),
) as z.ZodType<Answer>;

const menu: z.ZodType<IvrMenu> = z.lazy(() =>
  z.object({
    intro: z.string().default(''),
    options: z
      .array(
        z.object({
          digit: z.string().regex(/^[0-9*#]$/),
          label: z.string().min(1),
          then: z.union([z.enum(['person', 'voicemail', 'hangup']), z.object({ menu })]).transform(
            (t): IvrTarget => (typeof t === 'string' ? { kind: t } : { kind: 'menu', menu: t.menu }),
          ),
        }),
      )
      .min(1),
  }),
) as z.ZodType<IvrMenu>;

const persona = z.object({
  connection: z.enum(['answers', 'voicemail', 'no-answer', 'busy', 'failed', 'fax']).default('answers'),
  ringSeconds: z.number().min(0).default(6),
  noAnswerRingSeconds: z.number().min(1).default(30),
  greeting: z.string().optional(),
  voicemailGreeting: z.string().optional(),
  replyDelaySeconds: z.number().min(0).default(1),
  wordsPerMinute: z.number().min(20).max(400).default(160),
  holdOnPickupSeconds: z.number().min(0).default(0),
  asrNoise: z.number().min(0).max(1).default(0),
  asksToSpell: z.boolean().default(false),
  answer: answer.default({ kind: 'agree', sends: true, sendAfterSeconds: 180 }),
  knownGuestsOnly: z.boolean().default(false),
  reservations: z
    .array(
      z.object({
        guest: z.string().min(1),
        confirmation: z.string().optional(),
        answer,
        checkIn: z.string().optional(),
        checkOut: z.string().optional(),
        nightlyRate: z.number().positive().optional(),
      }),
    )
    .default([]),
  nightlyRate: z.number().positive().default(149),
  currency: z.string().length(3).default('EUR'),
  contactPreference: z.enum(['CALL', 'EMAIL_ONLY']).default('CALL'),
  email: z
    .object({
      replies: z.enum(['all', 'some', 'never']).default(DEFAULT_EMAIL_DESK.replies),
      replyAfterSeconds: z.number().min(0).default(DEFAULT_EMAIL_DESK.replyAfterSeconds),
      oneEmailPerFolio: z.boolean().default(DEFAULT_EMAIL_DESK.oneEmailPerFolio),
      notFound: z.array(z.string().min(1)).default([]),
      scanned: z.boolean().default(DEFAULT_EMAIL_DESK.scanned),
    })
    .default({ ...DEFAULT_EMAIL_DESK, notFound: [] }),
  ivr: z
    .object({
      variants: z.array(menu).min(1),
      changeEveryCalls: z.number().int().min(1).default(5),
      maxRepeats: z.number().int().min(1).default(3),
      onNoInput: z.enum(['person', 'hangup']).default('person'),
    })
    .optional(),
});

const hotelsFile = z.object({
  hotels: z
    .array(
      z.object({
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15550100001'),
        name: z.string().min(1),
        address: z.string().default(''),
        email: z.string().email(),
        persona: persona.default(persona.parse({})),
      }),
    )
    .min(1),
});

export function parseHotels(document: unknown): Hotel[] {
  const result = hotelsFile.safeParse(document);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), reason: i.message })),
      'INVALID_PERSONAS_FILE',
    );
  }
  const seen = new Set<string>();
  return result.data.hotels.map((h) => {
    if (seen.has(h.phone)) {
      throw new ValidationError([{ field: 'hotels.phone', reason: `${h.phone} is listed twice` }], 'INVALID_PERSONAS_FILE');
    }
    seen.add(h.phone);
    const p = h.persona;
    const connection =
      p.connection === 'no-answer' ? { kind: 'no-answer' as const, ringSeconds: p.noAnswerRingSeconds } : { kind: p.connection };
    return {
      phone: h.phone,
      name: h.name,
      address: h.address,
      email: h.email,
      persona: {
        connection,
        ...(p.ivr ? { ivr: p.ivr } : {}),
        ringSeconds: p.ringSeconds,
        greeting: p.greeting ?? `Good morning, ${h.name}, front desk, how can I help you?`,
        voicemailGreeting: p.voicemailGreeting ?? `You have reached ${h.name}. We cannot take your call right now. Please leave a message after the tone.`,
        replyDelaySeconds: p.replyDelaySeconds,
        wordsPerMinute: p.wordsPerMinute,
        holdOnPickupSeconds: p.holdOnPickupSeconds,
        asrNoise: p.asrNoise,
        asksToSpell: p.asksToSpell,
        answer: p.answer,
        reservations: p.reservations,
        knownGuestsOnly: p.knownGuestsOnly,
        nightlyRate: p.nightlyRate,
        currency: p.currency,
        contactPreference: p.contactPreference,
        emailDesk: p.email,
      },
    } satisfies Hotel;
  });
}

/** Reads and validates a hotels file; `.json` files as JSON, anything else as YAML. */
export function loadHotels(path: string): Hotel[] {
  const text = readFileSync(path, 'utf-8');
  return parseHotels(path.endsWith('.json') ? JSON.parse(text) : parseYaml(text));
}
