// EmailSent on folio.email-events.v1: remember the request email's Message-ID, reply token and requests, so a
// reply can be matched to them. Idempotent (one row per Message-ID); the other email events are not the inbox's.
import type { EmailSent } from '@folio/contracts';
import type { InboundMessage } from '@folio/runtime';
import type { InboxStore } from '../adapters/inbox-store.js';

export function emailSentHandler(store: Pick<InboxStore, 'recordSent'>) {
  return async (message: InboundMessage<unknown>): Promise<void> => {
    if (message.type !== 'EmailSent' || message.value === null) return;
    await store.recordSent(message.value as EmailSent);
  };
}
