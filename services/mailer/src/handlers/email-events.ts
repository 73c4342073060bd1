// The events an email's fate is published as: once on folio.email-events.v1 keyed by hotel phone (the batcher
// frees the hotel's contact slot, the inbox learns the Message-ID and token), and once per request on
// folio.record-outcomes.v1 keyed by recordId (the records service applies it in the request's partition).
import { EmailBouncedSchema, EmailSentSchema, FolioDeliveredSchema, type EmailBounced, type EmailSent, type FolioDelivered, type SendEmail } from '@folio/contracts';
import type { OutboundMessage } from '@folio/runtime';
import type { SendIntent } from '../domain/email/intent.js';

export interface EventTopics {
  readonly emailEvents: string;
  readonly recordOutcomes: string;
}

export function emailSent(intent: SendIntent, sentAt: number): EmailSent {
  return {
    emailId: intent.emailId,
    purpose: intent.purpose,
    batchId: intent.batchId,
    hotelPhone: intent.hotelPhone,
    recordIds: [...intent.recordIds],
    toAddress: intent.toAddress,
    messageId: intent.messageId,
    replyToken: intent.replyToken,
    occurredAt: new Date(sentAt),
  };
}

export function emailBounced(intent: SendIntent, bounce: { kind: EmailBounced['kind']; diagnostic: string | null; at: number; toAddress?: string }): EmailBounced {
  return {
    emailId: intent.emailId,
    hotelPhone: intent.hotelPhone,
    recordIds: [...intent.recordIds],
    toAddress: bounce.toAddress ?? intent.toAddress,
    kind: bounce.kind,
    diagnostic: bounce.diagnostic,
    occurredAt: new Date(bounce.at),
  };
}

/** The same value on both topics: one message keyed by hotel phone, one per request keyed by its recordId. */
export function fanOut(topics: EventTopics, value: EmailSent | EmailBounced, type: 'EmailSent' | 'EmailBounced', correlation: Record<string, string> = {}): OutboundMessage[] {
  const schema = type === 'EmailSent' ? EmailSentSchema : EmailBouncedSchema;
  const headers = Object.keys(correlation).length > 0 ? { headers: correlation } : {};
  return [
    { topic: topics.emailEvents, key: value.hotelPhone, schema, value, ...headers },
    ...[...new Set(value.recordIds)].map((recordId) => ({ topic: topics.recordOutcomes, key: recordId, schema, value, ...headers })),
  ];
}

/**
 * A delivery that left also tells each request it was delivered (FolioDelivered on the record outcomes, keyed
 * by recordId); the records service ignores a repeat. The document is the delivery's first attachment.
 */
export function folioDelivered(topics: EventTopics, command: SendEmail, intent: SendIntent, sentAt: number): OutboundMessage[] {
  const documentKey = command.attachments[0]?.storageKey;
  if (command.purpose !== 'FOLIO_DELIVERY' || documentKey === undefined) return [];
  const byRecord = new Map(command.entries.map((e) => [e.recordId, e.tenantId]));
  return [...byRecord].map(([recordId, tenantId]) => {
    const value: FolioDelivered = { recordId, tenantId, documentKey, emailId: intent.emailId, messageId: intent.messageId, occurredAt: new Date(sentAt) };
    return { topic: topics.recordOutcomes, key: recordId, schema: FolioDeliveredSchema, value };
  });
}
