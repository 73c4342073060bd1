// What the contact queue (folio.contact-queue.v1, keyed by hotel phone) learns from a request's events:
// RecordReadyForContact when it waits for contact, RecordWithdrawn when it leaves the queue or its batch.
import type { RecordReadyForContact, RecordWithdrawn } from '@folio/contracts';
import type { FolioRequestEvent } from './events.js';
import { evolve } from './evolve.js';
import { WAITING_FOR_CONTACT, type RecordState } from './state.js';

export type ContactQueueEntry =
  | { readonly type: 'RecordReadyForContact'; readonly hotelPhone: string; readonly data: RecordReadyForContact }
  | { readonly type: 'RecordWithdrawn'; readonly hotelPhone: string; readonly data: RecordWithdrawn };

export interface ContactSettings {
  /** The tenant's Folio inbox address the hotel is asked to send the folio to. */
  readonly replyToAddress: (tenantId: string) => string;
}

/** The reference quoted to the hotel by phone and in email: short, readable aloud, derived from the recordId. */
export function referenceFor(recordId: string): string {
  return `F-${recordId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

/** Statuses in which a batch still holds the request (it is being raised right now). */
const IN_CONTACT = new Set(['in_call', 'emailed']);

export function contactQueueEntries(before: RecordState, events: readonly FolioRequestEvent[], settings: ContactSettings): ContactQueueEntry[] {
  const out: ContactQueueEntry[] = [];
  let prev = before;
  for (const event of events) {
    const next = evolve(prev, event);
    if (next.status === 'queued' || next.status === 'callback_scheduled') {
      const r = next.request;
      out.push({
        type: 'RecordReadyForContact',
        hotelPhone: r.hotelPhone,
        data: {
          recordId: next.recordId,
          tenantId: next.tenantId,
          version: next.version,
          hotelPhone: r.hotelPhone,
          hotelName: r.hotelName,
          hotelEmail: r.hotelEmail,
          hotelTimeZone: r.hotelTimeZone,
          guestFirstName: r.guestFirstName,
          guestLastName: r.guestLastName,
          confirmationNumber: r.confirmationNumber,
          stay: r.stay,
          reference: referenceFor(next.recordId),
          replyToAddress: settings.replyToAddress(next.tenantId),
          attempt: next.attempts + 1,
          notBefore: next.status === 'queued' ? next.notBefore : next.callbackAt,
          queuedAt: event.data.occurredAt,
          createdAt: r.createdAt,
          channel: event.contact?.channel ?? null,
        },
      });
    } else if (
      prev.status !== 'none' &&
      prev.status !== 'erased' &&
      WAITING_FOR_CONTACT.has(prev.status) &&
      next.status !== 'none' &&
      !WAITING_FOR_CONTACT.has(next.status) &&
      !IN_CONTACT.has(next.status)
    ) {
      const why = next.status === 'erased' ? { code: 'ERASED', message: 'the request was erased', field: null } : next.history[next.history.length - 1]!.reason;
      out.push({
        type: 'RecordWithdrawn',
        hotelPhone: prev.request.hotelPhone,
        data: {
          recordId: prev.recordId,
          tenantId: prev.tenantId,
          version: event.version,
          hotelPhone: prev.request.hotelPhone,
          reason: why ?? { code: next.status.toUpperCase(), message: `the request is ${next.status}`, field: null },
          occurredAt: event.data.occurredAt,
        },
      });
    }
    prev = next;
  }
  return out;
}
