// The simulated hotels' email desks: every `pollMs` each hotel's mailbox is read for new mail; a folio request
// (or reminder) is answered as the hotel's persona says, `replyAfterSeconds` of simulated time after it arrived
// (HOTEL_SIM_TIME_SCALE; 0 answers at once), with In-Reply-To/References set and one folio PDF per stay. A
// message is flagged \Seen when the desk decides to ignore it and \Seen \Answered once answered; an answer due
// when the simulator restarts is sent on the next poll (its due time counts from the server's arrival date).
import { simpleParser, type AddressObject } from 'mailparser';
import type { Logger } from '@folio/logger';
import { DEFAULT_EMAIL_DESK, type Hotel } from '../domain/hotel/index.js';
import { isRequest, readRequestEmail, type RequestEmail, type RequestedFolio } from '../domain/email/request-email.js';
import { planReply, type ReplyEmail } from '../domain/email/reply.js';
import type { FolioDocument } from '../adapters/folio-pdf.js';
import type { HotelMailbox, MailboxMessage } from '../adapters/hotel-mailbox.js';
import type { ReplySender } from '../adapters/reply-mailer.js';

/**
 * What became of one message: an answer email sent, a message ignored by persona, mail that is no request, mail
 * older than the desks' horizon (left from earlier runs), a failure.
 */
export type EmailResult = 'replied' | 'ignored' | 'not-a-request' | 'expired' | 'failed';

export interface EmailDeskOptions {
  readonly hotels: readonly Hotel[];
  readonly mailbox: HotelMailbox;
  readonly sender: ReplySender;
  readonly logger: Logger;
  readonly timeScale: number;
  readonly pollMs: number;
  /** Mail that arrived longer ago than this (real milliseconds) is flagged seen, unanswered; 0: no limit. */
  readonly maxAgeMs: number;
  readonly now: () => Date;
  readonly onResult?: (result: EmailResult) => void;
}

export class EmailDesk {
  private readonly scheduled = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastPoll: Promise<void> = Promise.resolve();

  constructor(private readonly options: EmailDeskOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Reads every hotel's mailbox once and schedules the answers. */
  pollOnce(): Promise<void> {
    this.lastPoll = this.lastPoll.then(() => this.poll());
    return this.lastPoll;
  }

  /** Resolves when no answer is waiting or going out. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops polling, drops answers not yet due (they are sent after a restart), waits for those going out, closes SMTP. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    for (const [timer, drop] of this.timers) {
      clearTimeout(timer);
      drop();
    }
    this.timers.clear();
    await this.loop;
    await this.lastPoll.catch(() => undefined);
    await Promise.allSettled([...this.pending]);
    this.options.sender.close();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.pollOnce().catch((error: unknown) => this.options.logger.warn({ err: error }, 'email desk poll failed'));
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async poll(): Promise<void> {
    for (const hotel of this.options.hotels) {
      if (this.stopped) return;
      let messages: MailboxMessage[];
      try {
        messages = await this.options.mailbox.unhandled(hotel.email);
      } catch (error) {
        this.options.logger.warn({ err: error, hotel: hotel.name }, 'hotel mailbox not readable');
        continue;
      }
      for (const message of messages) {
        const key = `${hotel.email}:${message.uidValidity}:${message.uid}`;
        if (this.scheduled.has(key)) continue;
        this.scheduled.add(key);
        await this.handle(hotel, message, key);
      }
    }
  }

  private async handle(hotel: Hotel, message: MailboxMessage, key: string): Promise<void> {
    const { logger } = this.options;
    if (this.options.maxAgeMs > 0 && this.options.now().getTime() - message.receivedAt.getTime() > this.options.maxAgeMs) {
      try {
        await this.options.mailbox.mark(hotel.email, message, ['\\Seen']);
        this.result('expired');
        logger.info({ hotel: hotel.name, uid: message.uid, receivedAt: message.receivedAt }, 'hotel mail too old to answer; left unanswered');
      } catch (error) {
        this.scheduled.delete(key);
        logger.warn({ err: error, hotel: hotel.name, uid: message.uid }, 'hotel mail not flagged');
      }
      return;
    }
    let request: RequestEmail;
    try {
      const mail = await simpleParser(message.source);
      const read = readRequestEmail({
        messageId: mail.messageId,
        references: mail.references,
        subject: mail.subject,
        from: firstAddress(mail.from),
        replyTo: firstAddress(mail.replyTo),
        text: mail.text,
        html: typeof mail.html === 'string' ? mail.html : undefined,
      });
      if (!isRequest(read)) {
        await this.options.mailbox.mark(hotel.email, message, ['\\Seen']);
        this.result('not-a-request');
        logger.info({ hotel: hotel.name, uid: message.uid, reason: read.reason }, 'hotel mail is no folio request; left unanswered');
        return;
      }
      request = read;
    } catch (error) {
      this.scheduled.delete(key);
      this.result('failed');
      logger.error({ err: error, hotel: hotel.name, uid: message.uid }, 'hotel mail not read');
      return;
    }
    const plan = planReply(hotel, request);
    if (plan.kind === 'ignore') {
      try {
        await this.options.mailbox.mark(hotel.email, message, ['\\Seen']);
      } catch (error) {
        this.scheduled.delete(key);
        logger.warn({ err: error, hotel: hotel.name, uid: message.uid }, 'hotel mail not flagged');
        return;
      }
      this.result('ignored');
      logger.info({ hotel: hotel.name, messageId: request.messageId, token: request.token }, 'folio request email left unanswered (persona)');
      return;
    }
    const dueAt = message.receivedAt.getTime() + plan.afterSeconds * 1000 * this.options.timeScale;
    const wait = Math.max(0, dueAt - this.options.now().getTime());
    logger.info({ hotel: hotel.name, messageId: request.messageId, token: request.token, folios: request.entries.length, inMs: wait }, 'folio request email read; answer scheduled');
    const answer = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.answer(hotel, message, request, plan.emails, key).finally(resolve);
      }, wait);
      this.timers.set(timer, resolve);
    });
    this.pending.add(answer);
    void answer.finally(() => this.pending.delete(answer));
  }

  private async answer(hotel: Hotel, message: MailboxMessage, request: RequestEmail, emails: readonly ReplyEmail[], key: string): Promise<void> {
    const { logger } = this.options;
    const issuedOn = this.options.now().toISOString().slice(0, 10);
    try {
      for (const email of emails) {
        const sent = await this.options.sender.send({
          from: { name: hotel.name, address: hotel.email },
          to: request.replyTo,
          subject: email.subject,
          text: email.text,
          ...(request.messageId ? { inReplyTo: request.messageId } : {}),
          references: request.references,
          folios: email.folios.map((folio) => folioDocument(hotel, folio, issuedOn)),
          scanned: (hotel.persona.emailDesk ?? DEFAULT_EMAIL_DESK).scanned,
        });
        this.result('replied');
        logger.info({ hotel: hotel.name, inReplyTo: request.messageId, messageId: sent.messageId, token: request.token, folios: email.folios.length }, 'folio request answered by email');
      }
      await this.options.mailbox.mark(hotel.email, message, ['\\Seen', '\\Answered']);
    } catch (error) {
      // Not marked: the next poll finds the request again and answers it (a partial answer may repeat).
      this.scheduled.delete(key);
      this.result('failed');
      logger.error({ err: error, hotel: hotel.name, messageId: request.messageId }, 'folio request answer failed');
    }
  }

  private result(result: EmailResult): void {
    this.options.onResult?.(result);
  }
}

/** The folio the hotel issues for a requested stay: the guest's listed rate if the persona has one. */
export function folioDocument(hotel: Hotel, folio: RequestedFolio, issuedOn: string): FolioDocument {
  const last = folio.guest.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  const reservation = hotel.persona.reservations.find((r) => r.guest.toLowerCase() === folio.guest.toLowerCase() || r.guest.toLowerCase() === last);
  return {
    hotelName: hotel.name,
    hotelAddress: hotel.address,
    guest: folio.guest,
    confirmation: folio.confirmation,
    ...(folio.checkIn ? { checkIn: folio.checkIn } : {}),
    ...(folio.checkOut ? { checkOut: folio.checkOut } : {}),
    nightlyRate: reservation?.nightlyRate ?? hotel.persona.nightlyRate,
    currency: hotel.persona.currency,
    issuedOn: folio.checkOut ?? issuedOn,
    folioNumber: `${folio.confirmation.replace(/[^A-Za-z0-9]/g, '').slice(-8).toUpperCase() || 'F'}-M`,
  };
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): string | undefined {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const object of list) for (const entry of object.value) if (entry.address) return entry.address;
  return undefined;
}
