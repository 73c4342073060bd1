// hotel-sim: simulated hotels behind a Twilio REST subset and ElevenLabs stand-ins, on the runtime's HTTP
// server (health, readiness, metrics). No Kafka consumers. Options let tests inject hotels and the mail sender.
import type { ServiceDefinition } from '@folio/runtime';
import { counter } from '@folio/metrics';
import { hotelSimEnv } from './config.js';
import type { Hotel } from './domain/hotel/index.js';
import { DEFAULT_PERSONAS_FILE, loadHotels } from './adapters/persona-file.js';
import { httpWebhookClient } from './adapters/webhook-client.js';
import { smtpFolioSender, type FolioSender } from './adapters/folio-mailer.js';
import { CallBook } from './simulation/calls.js';
import { driveCall, type FolioPromise } from './simulation/call-driver.js';
import { publishProfiles } from './adapters/hotel-profiles.js';
import { twilioApi } from './handlers/twilio-api.js';
import { elevenLabsApi } from './handlers/elevenlabs.js';
import { textractApi } from './handlers/textract.js';
import { imapHotelMailbox } from './adapters/hotel-mailbox.js';
import { smtpReplySender } from './adapters/reply-mailer.js';
import { EmailDesk } from './simulation/email-desk.js';

export interface HotelSimOptions {
  /** Hotels to simulate instead of the personas file. */
  hotels?: Hotel[];
  /** Replaces the SMTP sender (tests of the simulator itself). */
  folioSender?: FolioSender;
  now?: () => Date;
}

export interface HotelSimHandle {
  readonly book: CallBook;
  /** Resolves when every call has ended and every promised folio went out. */
  idle(): Promise<void>;
  /** The email desks, when HOTEL_SIM_EMAIL_DESK=true (tests poll and wait on them). */
  readonly emailDesk?: EmailDesk;
}

export function hotelSimService(options: HotelSimOptions = {}, handle?: (h: HotelSimHandle) => void): ServiceDefinition<typeof hotelSimEnv> {
  return {
    name: 'hotel-sim',
    env: hotelSimEnv,
    async start({ config, http, logger, registry, onShutdown, kafka }) {
      const now = options.now ?? (() => new Date());
      const hotels = options.hotels ?? loadHotels(config.HOTEL_SIM_PERSONAS ?? DEFAULT_PERSONAS_FILE);
      const byPhone = new Map(hotels.map((h) => [h.phone, h]));
      const book = new CallBook();
      const webhooks = httpWebhookClient({ authToken: config.TWILIO_AUTH_TOKEN, timeoutMs: config.HOTEL_SIM_WEBHOOK_TIMEOUT_MS });
      const sender = options.folioSender ?? smtpFolioSender({ host: config.SMTP_HOST, port: config.SMTP_PORT });
      const calls = counter(registry, 'folio_hotel_sim_calls_total', 'Simulated calls by final status.', ['status']);
      const hooks = counter(registry, 'folio_hotel_sim_webhooks_total', 'Webhooks sent to the application by kind and result.', ['kind', 'result']);
      const folios = counter(registry, 'folio_hotel_sim_folios_total', 'Folio emails by result.', ['result']);
      const running = new Set<Promise<void>>();
      const track = (p: Promise<void>) => {
        running.add(p);
        void p.finally(() => running.delete(p));
      };

      const sendFolio = async (promise: FolioPromise) => {
        const hotel = byPhone.get(promise.hotelPhone)!;
        const { request, at } = promise.event;
        const issued = now();
        try {
          await sender.send({
            from: { name: hotel.name, address: hotel.email },
            to: request.email,
            folio: {
              hotelName: hotel.name,
              hotelAddress: hotel.address,
              guest: request.guest,
              ...(request.confirmation ? { confirmation: request.confirmation } : {}),
              ...(request.checkIn ? { checkIn: request.checkIn } : {}),
              ...(request.checkOut ? { checkOut: request.checkOut } : {}),
              nightlyRate: request.nightlyRate ?? hotel.persona.nightlyRate,
              currency: hotel.persona.currency,
              issuedOn: issued.toISOString().slice(0, 10),
              folioNumber: `${promise.callSid.slice(-6).toUpperCase()}-${Math.round(at)}`,
            },
          });
          folios.inc({ result: 'sent' });
          logger.info({ callSid: promise.callSid }, 'folio emailed');
        } catch (error) {
          folios.inc({ result: 'failed' });
          logger.error({ err: error, callSid: promise.callSid }, 'folio email failed');
        }
      };

      const timers = new Set<NodeJS.Timeout>();
      const onFolioPromised = (promise: FolioPromise) => {
        const ms = promise.delaySeconds * 1000 * config.HOTEL_SIM_TIME_SCALE;
        track(
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              void sendFolio(promise).finally(resolve);
            }, ms);
            timers.add(timer);
          }),
        );
      };

      const startCall = (call: Parameters<typeof driveCall>[0]) => {
        track(
          driveCall(call, {
            book,
            webhooks,
            logger,
            timeScale: config.HOTEL_SIM_TIME_SCALE,
            now,
            onFolioPromised,
            onWebhook: (kind, ok) => hooks.inc({ kind, result: ok ? 'ok' : 'failed' }),
            onCallEnded: (ended) => {
              calls.inc({ status: ended.status });
              logger.info({ callSid: ended.sid, status: ended.status, duration: ended.duration }, 'simulated call ended');
            },
          }),
        );
      };

      http.app.use(twilioApi({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, book, hotels: byPhone, publicUrl: config.HOTEL_SIM_PUBLIC_URL, now, startCall }));
      http.app.use(elevenLabsApi({ apiKey: config.ELEVENLABS_API_KEY, fetchMedia: (url) => webhooks.fetchMedia(url) }));
      http.app.use(textractApi({ objectStoreUrl: process.env.S3_ENDPOINT }));
      http.addReadinessCheck('hotels', () => byPhone.size > 0);

      const emails = counter(registry, 'folio_hotel_sim_emails_total', 'Folio request emails at the email desks by result.', ['result']);
      const emailDesk = config.HOTEL_SIM_EMAIL_DESK
        ? new EmailDesk({
            hotels,
            mailbox: imapHotelMailbox({ host: config.IMAP_HOST, port: config.IMAP_PORT, tls: config.IMAP_TLS, ...(config.HOTEL_SIM_IMAP_PASSWORD ? { password: config.HOTEL_SIM_IMAP_PASSWORD } : {}) }),
            sender: smtpReplySender({ host: config.SMTP_HOST, port: config.SMTP_PORT }),
            logger,
            timeScale: config.HOTEL_SIM_TIME_SCALE,
            pollMs: config.HOTEL_SIM_EMAIL_POLL_MS,
            maxAgeMs: config.HOTEL_SIM_EMAIL_MAX_AGE_HOURS * 3_600_000,
            now,
            onResult: (result) => emails.inc({ result }),
          })
        : undefined;
      onShutdown(async () => {
        await emailDesk?.stop();
      });

      onShutdown(async () => {
        // Hang up every live call (their completed callbacks still go out), drop unsent folios, close SMTP.
        for (const call of book.calls.values()) {
          if (call.status === 'queued' || call.status === 'ringing' || call.status === 'in-progress') {
            call.update = { kind: 'hangup' };
            call.interrupt.abort();
          }
        }
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 5000))]);
        sender.close();
      });
      if (config.HOTEL_SIM_PROFILES_TOPIC) {
        await publishProfiles(kafka, config.HOTEL_SIM_PROFILES_TOPIC, hotels, config.HOTEL_SIM_TIME_ZONE, now());
        logger.info({ topic: config.HOTEL_SIM_PROFILES_TOPIC, hotels: hotels.length }, 'hotel profiles published (open around the clock)');
      }
      logger.info({ hotels: hotels.length, timeScale: config.HOTEL_SIM_TIME_SCALE }, 'simulated hotels ready');
      if (emailDesk) {
        emailDesk.start();
        logger.info({ pollMs: config.HOTEL_SIM_EMAIL_POLL_MS }, 'email desks reading the hotel mailboxes');
      }

      handle?.({
        book,
        ...(emailDesk ? { emailDesk } : {}),
        async idle() {
          while (running.size > 0) await Promise.allSettled([...running]);
        },
      });
    },
  };
}
