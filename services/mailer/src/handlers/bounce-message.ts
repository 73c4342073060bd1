// One message from the bounce mailbox: a DSN about an email Folio sent becomes EmailBounced on the email
// events and the record outcomes (once: an email already bounced is not published again); anything else is
// only counted.
import type { OutboundMessage } from '@folio/runtime';
import { bounceOf, parseDeliveryStatus } from '../domain/bounce/dsn.js';
import { emailBounced, fanOut, type EventTopics } from './email-events.js';
import { decideBounce, type SendIntent } from '../domain/email/intent.js';
import type { SendIntents } from '../adapters/send-intents.js';

export type BounceOutcome = 'bounced' | 'not-a-dsn' | 'not-a-failure' | 'unknown-email' | 'already-bounced';

export interface BounceMessageDeps {
  readonly topics: EventTopics;
  readonly intents: SendIntents;
  readonly now: () => number;
}

export function bounceMessageHandler(deps: BounceMessageDeps) {
  return async (source: string): Promise<{ outcome: BounceOutcome; kind?: string; messages: OutboundMessage[]; commit?: () => Promise<void> }> => {
    const report = parseDeliveryStatus(source);
    if (!report) return { outcome: 'not-a-dsn', messages: [] };
    const bounce = bounceOf(report);
    if (!bounce) return { outcome: 'not-a-failure', messages: [] };
    let intent: SendIntent | null = null;
    if (report.originalMessageId) intent = await deps.intents.byMessageId(report.originalMessageId);
    if (!intent && report.originalEmailId) intent = await deps.intents.byEmailId(report.originalEmailId);
    const decision = decideBounce(intent);
    if (decision !== 'publish') return { outcome: decision, messages: [] };
    const found = intent!;
    const at = deps.now();
    const value = emailBounced(found, { kind: bounce.kind, diagnostic: bounce.diagnostic ?? bounce.status, at, toAddress: bounce.recipient ?? found.toAddress });
    return {
      outcome: 'bounced',
      kind: bounce.kind,
      messages: fanOut(deps.topics, value, 'EmailBounced'),
      // Marked after the events are out: a crash in between publishes the bounce again, never loses it.
      commit: async () => {
        await deps.intents.markBounced(found.emailId, bounce.kind, value.diagnostic, at);
      },
    };
  };
}
