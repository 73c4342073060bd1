// SendEmail (folio.email-commands.v1, keyed by hotel phone): validate, render, take a send slot, record the
// intent, send once over SMTP, and publish EmailSent or EmailBounced on the email events and, per request, on
// the record outcomes. A redelivered command never sends a second email: a finished intent only re-publishes
// its events, and a send whose outcome is unknown is first looked for in the sent-copy mailbox (ADR 0020).
import type { Attachment, SendEmail } from '@folio/contracts';
import { InfraError, PoisonMessageError } from '@folio/errors';
import type { Logger } from '@folio/logger';
import type { InboundMessage, OutboundMessage } from '@folio/runtime';
import { composeEmail } from '../domain/email/compose.js';
import { emailBounced, emailSent, fanOut, folioDelivered, type EventTopics } from './email-events.js';
import { messageIdFor, replyIdentity } from '../domain/email/identity.js';
import { decideSend, type SendIntent } from '../domain/email/intent.js';
import { chooseLanguage } from '../domain/email/language.js';
import { classifySmtpFailure, diagnosticOf, retryDelayMs, type SmtpFailureInfo, type SmtpFailureKind } from '../domain/email/smtp-failure.js';
import { validateSendEmail } from '../domain/email/validate.js';
import type { Language, TemplateSet } from '../domain/templates/template-file.js';
import type { DocumentStore } from '../adapters/documents.js';
import type { SendIntents } from '../adapters/send-intents.js';
import type { SendLimits } from '../adapters/send-limits.js';
import { failureOf, type OutgoingEmail, type SmtpOutcome, type SmtpSender } from '../adapters/smtp-sender.js';

export interface SentCopies {
  hasMessageId(messageId: string): Promise<boolean>;
}

/** Bounded-label counters and timings the handler reports (metrics live in service.ts). */
export interface MailerMetrics {
  sent(purpose: string, how: 'smtp' | 'recovered'): void;
  republished(outcome: 'sent' | 'bounced'): void;
  failure(kind: SmtpFailureKind): void;
  bounced(kind: string, source: 'smtp' | 'dsn'): void;
  rateWait(limit: 'per-minute' | 'per-hour', outcome: 'waited' | 'deferred', seconds: number): void;
  sendSeconds(seconds: number): void;
}

export const noMetrics: MailerMetrics = { sent() {}, republished() {}, failure() {}, bounced() {}, rateWait() {}, sendSeconds() {} };

export interface SendEmailSettings {
  readonly fromAddress: string;
  readonly messageIdDomain: string;
  readonly bounceAddress: string;
  readonly sentCopyAddress: string;
  readonly defaultLanguage: Language;
  readonly smtpRetries: number;
  readonly smtpRetryBackoffMs: number;
  readonly settleMs: number;
  readonly maxRateWaitMs: number;
}

export interface SendEmailDeps {
  readonly settings: SendEmailSettings;
  readonly topics: EventTopics;
  readonly templates: TemplateSet;
  readonly intents: SendIntents;
  readonly limits: SendLimits;
  readonly smtp: SmtpSender;
  readonly sentCopies: SentCopies;
  readonly documents: DocumentStore;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly metrics?: MailerMetrics;
  /** Runs right after the server accepted an email, before its intent is marked sent (tests crash here). */
  readonly afterAccepted?: (emailId: string) => Promise<void> | void;
}

type Sendable = SendEmail & { purpose: 'FOLIO_REQUEST' | 'FOLLOW_UP' | 'FOLIO_DELIVERY' };

export function sendEmailHandler(deps: SendEmailDeps) {
  const { settings: s, topics } = deps;
  const metrics = deps.metrics ?? noMetrics;

  const sentEvents = (intent: SendIntent & { status: 'sent' }, command: SendEmail) => [
    ...fanOut(topics, emailSent(intent, intent.sentAt), 'EmailSent'),
    ...folioDelivered(topics, command, intent, intent.sentAt),
  ];
  const bouncedEvents = (intent: SendIntent & { status: 'bounced' }) =>
    fanOut(topics, emailBounced(intent, { kind: intent.kind, diagnostic: intent.diagnostic, at: intent.bouncedAt }), 'EmailBounced');

  /** Waits for a send slot; one further away than maxRateWaitMs hands the command back to be read again later. */
  async function takeSlot(emailId: string, log: Logger): Promise<void> {
    for (;;) {
      const now = deps.now();
      const grant = await deps.limits.acquire(emailId, now);
      if (grant.kind === 'granted') {
        if (grant.at > now) {
          metrics.rateWait('per-minute', 'waited', (grant.at - now) / 1000);
          await deps.sleep(grant.at - now);
        }
        return;
      }
      const wait = grant.until - now;
      if (wait > s.maxRateWaitMs) {
        metrics.rateWait(grant.limit, 'deferred', wait / 1000);
        log.info({ emailId, limit: grant.limit, waitMs: wait }, 'send limit reached; the command will be read again');
        throw new InfraError('SEND_RATE_LIMITED', `the ${grant.limit} email limit is reached until ${new Date(grant.until).toISOString()}`, { retriable: true });
      }
      metrics.rateWait(grant.limit, 'waited', wait / 1000);
      await deps.sleep(Math.max(wait, 0));
    }
  }

  async function readAttachments(attachments: readonly Attachment[]) {
    const out: OutgoingEmail['attachments'][number][] = [];
    for (const a of attachments) out.push({ filename: a.filename, contentType: a.contentType, content: await deps.documents.read(a) });
    return out;
  }

  async function attempt(email: OutgoingEmail): Promise<SmtpOutcome> {
    const started = deps.now();
    try {
      return await deps.smtp.send(email);
    } catch (error) {
      return { kind: 'refused', failure: failureOf(error) };
    } finally {
      metrics.sendSeconds((deps.now() - started) / 1000);
    }
  }

  async function send(command: Sendable, messageId: string, log: Logger): Promise<OutboundMessage[]> {
    const identity = replyIdentity(command.replyToAddress, command.batchId, command.emailId);
    const { language, source } = chooseLanguage(command.language, command.hotelPhone, s.defaultLanguage);
    const content = composeEmail(command, identity, language, deps.templates);
    // The slot first: a command waiting for it is read again and again, and must not fetch its folio each time.
    await takeSlot(command.emailId, log);
    const email: OutgoingEmail = {
      emailId: command.emailId,
      messageId,
      from: { name: command.fromName, address: s.fromAddress },
      to: command.toAddress,
      replyTo: identity.replyTo,
      ...content,
      attachments: await readAttachments(command.attachments),
      bounceAddress: s.bounceAddress,
      sentCopyAddress: s.sentCopyAddress,
    };
    let intent = await deps.intents.beginSend(
      {
        emailId: command.emailId,
        messageId,
        purpose: command.purpose,
        batchId: command.batchId,
        hotelPhone: command.hotelPhone,
        recordIds: [...new Set(command.entries.map((e) => e.recordId))],
        toAddress: command.toAddress,
        replyToken: identity.replyToken,
      },
      deps.now(),
    );
    // Another delivery of the command finished it meanwhile.
    if (intent.status === 'sent') return sentEvents(intent, command);
    if (intent.status === 'bounced') return bouncedEvents(intent);

    let last: SmtpFailureInfo | undefined;
    let lastKind: SmtpFailureKind = 'connection';
    for (let n = 0; n <= s.smtpRetries; n++) {
      if (n > 0) await deps.sleep(retryDelayMs(n, s.smtpRetryBackoffMs));
      // A dropped connection may have followed acceptance: the copy says whether it did.
      if (n > 0 && lastKind === 'connection' && (await deps.sentCopies.hasMessageId(messageId))) {
        intent = await deps.intents.markSent(command.emailId, deps.now());
        metrics.sent(command.purpose, 'recovered');
        return intent.status === 'sent' ? sentEvents(intent, command) : intent.status === 'bounced' ? bouncedEvents(intent) : [];
      }
      const outcome = await attempt(email);
      if (outcome.kind === 'accepted') {
        await deps.afterAccepted?.(command.emailId);
        intent = await deps.intents.markSent(command.emailId, deps.now());
        metrics.sent(command.purpose, 'smtp');
        log.info({ emailId: command.emailId, purpose: command.purpose, language, languageSource: source, messageId }, 'email sent');
        if (intent.status === 'bounced') return bouncedEvents(intent);
        return intent.status === 'sent' ? sentEvents(intent, command) : [];
      }
      last = outcome.failure;
      lastKind = classifySmtpFailure(last);
      metrics.failure(lastKind);
      log.warn({ emailId: command.emailId, kind: lastKind, responseCode: last.responseCode, command: last.command, attempt: n + 1 }, 'SMTP send failed');
      if (lastKind === 'permanent') {
        const bounced = await deps.intents.markBounced(command.emailId, 'HARD', diagnosticOf(last), deps.now());
        metrics.bounced('HARD', 'smtp');
        return bounced.status === 'bounced' ? bouncedEvents(bounced) : bounced.status === 'sent' ? sentEvents(bounced, command) : [];
      }
      if (lastKind === 'configuration') break;
      if (lastKind !== 'connection') await deps.intents.markFailed(command.emailId, diagnosticOf(last), deps.now());
    }
    if (lastKind === 'transient' && last) {
      // The recipient's server kept refusing for now: a soft bounce, so the request is tried again later.
      const bounced = await deps.intents.markBounced(command.emailId, 'SOFT', diagnosticOf(last), deps.now());
      metrics.bounced('SOFT', 'smtp');
      return bounced.status === 'bounced' ? bouncedEvents(bounced) : bounced.status === 'sent' ? sentEvents(bounced, command) : [];
    }
    // Our server, connection or configuration: nothing is the hotel's fault; the command is read again later.
    throw new InfraError(lastKind === 'configuration' ? 'SMTP_CONFIGURATION' : 'SMTP_UNAVAILABLE', `sending ${command.emailId} failed: ${last ? diagnosticOf(last) : 'no reply'}`, {
      retriable: true,
      cause: last,
    });
  }

  return async (message: InboundMessage<SendEmail>, { logger }: { logger: Logger }): Promise<OutboundMessage[]> => {
    if (message.type !== 'SendEmail' || message.value === null) {
      throw new PoisonMessageError('UNEXPECTED_MESSAGE_TYPE', `the mailer reads SendEmail, not ${String(message.type)}`);
    }
    const command = message.value;
    validateSendEmail(command, message.key);
    const sendable = command as Sendable;
    const messageId = messageIdFor(command.emailId, s.messageIdDomain);
    const intent = await deps.intents.byEmailId(command.emailId);
    const decision = decideSend(intent, deps.now(), s.settleMs);
    const log = logger.child({ topic: message.topic, partition: message.partition, offset: message.offset, emailId: command.emailId });
    switch (decision.kind) {
      case 'republish-sent':
        metrics.republished('sent');
        return sentEvents(intent as SendIntent & { status: 'sent' }, command);
      case 'republish-bounced':
        metrics.republished('bounced');
        return bouncedEvents(intent as SendIntent & { status: 'bounced' });
      case 'verify': {
        const unsettled = intent as SendIntent & { status: 'sending' };
        if (await deps.sentCopies.hasMessageId(unsettled.messageId)) {
          const sent = await deps.intents.markSent(command.emailId, deps.now());
          metrics.sent(command.purpose, 'recovered');
          log.info({ messageId: unsettled.messageId }, 'an earlier delivery sent the email; its events are published now');
          return sent.status === 'sent' ? sentEvents(sent, command) : sent.status === 'bounced' ? bouncedEvents(sent) : [];
        }
        if (!decision.resendIfMissing) {
          throw new InfraError('SEND_OUTCOME_UNKNOWN', `an earlier send of ${command.emailId} has no copy yet; looking again later before sending`, { retriable: true });
        }
        log.warn({ messageId: unsettled.messageId }, 'an earlier send left no copy; sending again');
        return send(sendable, unsettled.messageId, log);
      }
      case 'send':
        return send(sendable, intent?.messageId ?? messageId, log);
      default:
        return decision satisfies never;
    }
  };
}
