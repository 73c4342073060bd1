// A complete SendEmail for tests; each test overrides what it is about.
import type { SendEmail } from '@folio/contracts';

export function sendEmail(overrides: Partial<SendEmail> = {}): SendEmail {
  return {
    emailId: 'email-b1',
    purpose: 'FOLIO_REQUEST',
    batchId: 'b1',
    hotelPhone: '+15015551234',
    toAddress: 'frontdesk@hotel.example',
    fromName: 'Acme',
    replyToAddress: 'folios@acme.example',
    entries: [
      {
        recordId: '00000000-0000-4000-8000-000000000001',
        tenantId: 't1',
        sequence: 1,
        guestFirstName: 'Ada',
        guestLastName: 'Guest',
        confirmationNumber: 'CONF-1',
        stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
        reference: 'REF-1',
        replyToAddress: 'folios@acme.example',
        attempt: 1,
        queuedAt: new Date(0),
        createdAt: null,
        notBefore: null,
        recordVersion: 1, channel: null,
      },
    ],
    attachments: [],
    language: null,
    requestedAt: new Date(0),
    note: null,
    ...overrides,
  };
}
