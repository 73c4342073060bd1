// The delivery of a validated folio: when the records service accepts an extraction (FolioExtracted), it asks
// the mailer (SendEmail FOLIO_DELIVERY on folio.email-commands.v1, keyed by hotel phone) to send the stored
// document to the request's destination address. The emailId is derived from the request and the event's
// version, so a replayed decision asks for the same email and the mailer sends it once.
import type { Attachment, FolioDocument, SendEmail } from '@folio/contracts';
import { referenceFor } from './contact-queue.js';
import type { FolioRequestEvent } from './events.js';
import { evolve } from './evolve.js';
import type { ActiveState, RecordState } from './state.js';

export interface DeliverySettings {
  /** The tenant's Folio inbox address (the Reply-To of the delivery). */
  readonly replyToAddress: (tenantId: string) => string;
  /** Sender name shown on deliveries. */
  readonly fromName: string;
}

/** The id of the delivery email of `documentKey` accepted at request version `version`. */
export function deliveryEmailId(recordId: string, version: number): string {
  return `delivery-${recordId}-v${version}`;
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' };

/** The stored document as an attachment, named after the request's reference (the hotel's file name may name the guest). */
function documentAttachment(state: ActiveState, documentKey: string): Attachment {
  const received = [...state.history].reverse().find((h) => h.type === 'FolioReceived' && h.details['documentKey'] === documentKey)?.details ?? {};
  const contentType = received['documentContentType'] ?? 'application/pdf';
  const extension = EXTENSIONS[contentType] ?? documentKey.split('.').pop() ?? 'pdf';
  return {
    filename: `folio-${referenceFor(state.recordId)}.${extension}`,
    contentType,
    sizeBytes: Number(received['documentSizeBytes'] ?? 0),
    storageKey: documentKey,
    sha256: received['documentSha256'] ?? '',
  };
}

/** The SendEmail commands a decision issues: one FOLIO_DELIVERY per accepted extraction. */
export function deliveryEmails(before: RecordState, events: readonly FolioRequestEvent[], settings: DeliverySettings, requestedAt: Date): SendEmail[] {
  const out: SendEmail[] = [];
  let state = before;
  for (const event of events) {
    state = evolve(state, event);
    if (event.type !== 'FolioExtracted' || state.status !== 'extracted') continue;
    const r = state.request;
    const replyToAddress = settings.replyToAddress(state.tenantId);
    out.push({
      emailId: deliveryEmailId(state.recordId, event.version),
      purpose: 'FOLIO_DELIVERY',
      batchId: null,
      hotelPhone: r.hotelPhone,
      toAddress: r.destinationEmail,
      fromName: settings.fromName,
      replyToAddress,
      entries: [
        {
          recordId: state.recordId,
          tenantId: state.tenantId,
          sequence: 0,
          guestFirstName: r.guestFirstName,
          guestLastName: r.guestLastName,
          confirmationNumber: r.confirmationNumber,
          stay: r.stay,
          reference: referenceFor(state.recordId),
          replyToAddress,
          attempt: Math.max(state.attempts, 1),
          queuedAt: state.receivedAt,
          createdAt: r.createdAt,
          notBefore: null,
          recordVersion: state.version,
          channel: null,
        },
      ],
      attachments: [documentAttachment(state, event.data.documentKey)],
      language: null,
      requestedAt,
      note: folioSummary(event.data.folio),
    });
  }
  return out;
}

/** One language-neutral line of what was read from a delivered folio: number, guest, stay and total, as far as known. */
export function folioSummary(folio: FolioDocument): string | null {
  const parts: string[] = [];
  if (folio.folioNumber) parts.push(`Folio ${folio.folioNumber}`);
  if (folio.guestName) parts.push(folio.guestName);
  if (folio.stay) parts.push(`${folio.stay.checkIn} – ${folio.stay.checkOut}`);
  if (folio.totalMinor !== null) parts.push(`${(folio.totalMinor / 100).toFixed(2)}${folio.currency ? ` ${folio.currency}` : ''}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
