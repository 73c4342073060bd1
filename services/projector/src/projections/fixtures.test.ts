// Request states for the projector's tests: a request walked through its lifecycle, one state per version.
import type { FolioRequestState, RecordHistoryEntry, RequestStatus } from '@folio/contracts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

type Step = [type: string, status: RequestStatus, details?: Record<string, string>];

/** The lifecycle of one request delivered after a call: received .. delivered (versions 1..8). */
export const DELIVERED_BY_CALL: Step[] = [
  ['RecordReceived', 'RECEIVED', { source: 'API' }],
  ['RecordQueued', 'QUEUED', { attempt: '1' }],
  ['RecordScheduled', 'SCHEDULED', { batchId: 'b-1', channel: 'CALL' }],
  ['RecordContacted', 'IN_CALL', { channel: 'CALL', batchId: 'b-1', callId: 'c-1', attempt: '1' }],
  ['RecordAwaitingFolio', 'AWAITING_FOLIO', { callId: 'c-1' }],
  ['FolioReceived', 'FOLIO_RECEIVED', { documentKey: 'docs/1.pdf' }],
  ['FolioExtracted', 'EXTRACTED', { documentKey: 'docs/1.pdf', method: 'LOCAL' }],
  ['FolioDelivered', 'DELIVERED', { documentKey: 'docs/1.pdf', emailId: 'e-9' }],
];

/** The states (versions 1..steps.length) of a request following `steps`. */
export function statesOf(
  recordId: string,
  steps: Step[] = DELIVERED_BY_CALL,
  tenantId = 'tenant-a',
  externalId = `ext-${recordId.slice(0, 8)}`,
): FolioRequestState[] {
  const out: FolioRequestState[] = [];
  const history: RecordHistoryEntry[] = [];
  steps.forEach(([type, status, details], i) => {
    const version = i + 1;
    history.push({
      version,
      type,
      occurredAt: minutes(version * 10),
      status,
      reason: { code: type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), message: `${type} happened`, field: null },
      correlationId: `corr-${recordId.slice(0, 8)}`,
      causationId: null,
      details: details ?? {},
    });
    const folioReady = ['EXTRACTED', 'DELIVERED'].includes(status);
    out.push({
      recordId,
      tenantId,
      version,
      status,
      request: {
        externalId,
        guestFirstName: 'Ada',
        guestLastName: 'Lovelace',
        confirmationNumber: 'CONF-42',
        stay: { checkIn: '2026-02-26', checkOut: '2026-02-28' },
        hotelPhone: '+15015551234',
        hotelName: 'Hotel Analytical',
        hotelAddress: null,
        hotelTimeZone: 'America/New_York',
        hotelEmail: null,
        destinationEmail: 'expenses@example.com',
        notes: null,
        source: 'API',
        createdAt: minutes(0),
      },
      attempts: history.filter((h) => h.type === 'RecordContacted').length,
      batchId: status === 'SCHEDULED' || status === 'IN_CALL' ? 'b-1' : null,
      lastCallId: version >= 4 ? 'c-1' : null,
      nextContactAt: status === 'SCHEDULED' ? minutes(100) : null,
      folio: folioReady
        ? {
            folioNumber: 'F-1',
            hotelName: 'Hotel Analytical',
            guestName: 'Ada Lovelace',
            confirmationNumber: 'CONF-42',
            roomNumber: '12',
            stay: { checkIn: '2026-02-26', checkOut: '2026-02-28' },
            currency: 'USD',
            lineItems: [],
            totalMinor: 31_000,
            confidence: 0.97,
            taxes: null,
            fieldConfidence: null,
          }
        : null,
      documentKey: version >= 6 ? 'docs/1.pdf' : null,
      receivedAt: minutes(10),
      updatedAt: minutes(version * 10),
      history: [...history],
    });
  });
  return out;
}
