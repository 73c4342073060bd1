// Test fixtures of the FolioRequest aggregate: messages as producers send them, a fixed clock and policy,
// and given(events).when(command).then(events) on top of decide/evolve.
import { expect } from '@jest/globals';
import { DomainError } from '@folio/errors';
import { recordIdFor, type FolioDocument, type RecordCreated } from '@folio/contracts';
import { DEFAULT_CONTACT_POLICY } from '@folio/scheduling';
import type { FolioRequestCommand } from './commands.js';
import { decide, type DecideContext, type RecordPolicy } from './decide.js';
import type { FolioRequestEvent } from './events.js';
import { evolveAll } from './evolve.js';
import { initialState, type RecordState } from './state.js';

export const NOW = new Date('2026-11-25T09:00:00.000Z');
export const TENANT = 'acme';
export const EXTERNAL_ID = 'exp-4711';
export const RECORD_ID = recordIdFor(TENANT, EXTERNAL_ID);

export const policy: RecordPolicy = {
  defaultPhoneCountry: 'US',
  maxStayNights: 366,
  maxContactAttempts: 20,
  contact: DEFAULT_CONTACT_POLICY,
  fallbackZone: 'UTC',
};

export function context(overrides: Partial<DecideContext> = {}): DecideContext {
  return { now: NOW, meta: { correlationId: 'corr-1', causationId: 'intake/0/1' }, policy, hotel: () => null, ...overrides };
}

export function recordCreated(overrides: Partial<RecordCreated> = {}): RecordCreated {
  const tenantId = overrides.tenantId ?? TENANT;
  const externalId = overrides.externalId ?? EXTERNAL_ID;
  return {
    recordId: recordIdFor(tenantId, externalId),
    tenantId,
    externalId,
    guestFirstName: 'Ada',
    guestLastName: 'Lovelace',
    confirmationNumber: 'CONF-123',
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-04' },
    hotelPhone: '+1 501-555-1234',
    hotelName: 'Hotel Example',
    hotelAddress: null,
    hotelTimeZone: 'America/Chicago',
    hotelEmail: 'frontdesk@hotel.example',
    destinationEmail: 'expenses@acme.example',
    notes: null,
    source: 'API',
    createdAt: new Date('2026-11-24T12:00:00.000Z'),
    ...overrides,
  };
}

export const folio: FolioDocument = {
  folioNumber: 'F-1',
  hotelName: 'Hotel Example',
  guestName: 'Ada Lovelace',
  confirmationNumber: 'CONF-123',
  roomNumber: '101',
  stay: { checkIn: '2026-11-01', checkOut: '2026-11-04' },
  currency: 'USD',
  lineItems: [],
  totalMinor: 30000,
  confidence: 0.99,
  taxes: null,
  fieldConfidence: null,
};

/** Commands every other service sends, for the request RECORD_ID. */
export const commands = {
  create: (o: Partial<RecordCreated> = {}): FolioRequestCommand => ({ type: 'CreateRecord', data: recordCreated(o), tenantHeader: null }),
  cancel: (tenantId = TENANT): FolioRequestCommand => ({
    type: 'CancelRecord',
    data: { recordId: RECORD_ID, tenantId, externalId: null, reason: 'trip cancelled', cancelledBy: 'key-1', occurredAt: NOW, version: null },
  }),
  erase: (tenantId = TENANT): FolioRequestCommand => ({
    type: 'EraseRecord',
    data: { recordId: RECORD_ID, tenantId, requestedBy: 'operator-1', reason: { code: 'DATA_SUBJECT_REQUEST', message: 'guest asked', field: null }, requestedAt: NOW },
  }),
  schedule: (batchId = 'batch-1', scheduledFor = new Date('2026-11-25T15:00:00Z')): FolioRequestCommand => ({
    type: 'ScheduleRecord',
    data: { batchId, hotelPhone: '+15015551234', recordIds: [RECORD_ID], channel: 'CALL', scheduledFor, estimatedDurationSeconds: 60, reason: null, occurredAt: NOW },
  }),
  cancelBatch: (batchId = 'batch-1', code = 'ALL_WITHDRAWN'): FolioRequestCommand => ({
    type: 'ReturnToQueue',
    data: { batchId, hotelPhone: '+15015551234', recordIds: [RECORD_ID], reason: { code, message: code, field: null }, occurredAt: NOW },
  }),
  callPlaced: (callId = 'call-1'): FolioRequestCommand => ({
    type: 'StartCall',
    data: { callId, batchId: 'batch-1', hotelPhone: '+15015551234', recordIds: [RECORD_ID], providerCallId: null, occurredAt: NOW },
  }),
  outcome: (outcome: Extract<FolioRequestCommand, { type: 'ApplyCallOutcome' }>['data']['outcome'], callId = 'call-1', callbackAt: Date | null = null): FolioRequestCommand => ({
    type: 'ApplyCallOutcome',
    data: { callId, batchId: 'batch-1', hotelPhone: '+15015551234', recordId: RECORD_ID, tenantId: TENANT, outcome, callbackAt, hotelWords: null, confidence: 0.9, reason: null, occurredAt: NOW },
  }),
  emailSent: (emailId = 'email-1', purpose: 'FOLIO_REQUEST' | 'FOLLOW_UP' | 'FOLIO_DELIVERY' = 'FOLIO_REQUEST'): FolioRequestCommand => ({
    type: 'MarkEmailed',
    data: { emailId, purpose, batchId: 'batch-1', hotelPhone: '+15015551234', recordIds: [RECORD_ID], toAddress: 'frontdesk@hotel.example', messageId: '<m1@folio>', replyToken: 'tok', occurredAt: NOW },
  }),
  bounced: (kind: 'HARD' | 'SOFT' = 'HARD'): FolioRequestCommand => ({
    type: 'HandleBounce',
    data: { emailId: 'email-1', hotelPhone: '+15015551234', recordIds: [RECORD_ID], toAddress: 'frontdesk@hotel.example', kind, diagnostic: null, occurredAt: NOW },
  }),
  folioReceived: (documentKey = 'docs/1.pdf'): FolioRequestCommand => ({
    type: 'ReceiveFolio',
    data: {
      recordId: RECORD_ID,
      tenantId: TENANT,
      messageId: '<reply@hotel>',
      matchMethod: 'REPLY_TOKEN',
      attachment: { filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes: 100, storageKey: documentKey, sha256: 'ab' },
      occurredAt: NOW,
    },
  }),
  extracted: (documentKey = 'docs/1.pdf'): FolioRequestCommand => ({
    type: 'AcceptExtraction',
    data: { recordId: RECORD_ID, tenantId: TENANT, documentKey, folio, method: 'PDF_TEXT', occurredAt: NOW },
  }),
  mismatch: (documentKey = 'docs/1.pdf'): FolioRequestCommand => ({
    type: 'FlagMismatch',
    data: { recordId: RECORD_ID, tenantId: TENANT, documentKey, folio, mismatches: [{ code: 'GUEST_NAME_DIFFERS', message: 'name', field: 'guestName' }], method: 'PDF_TEXT', occurredAt: NOW },
  }),
  extractionFailed: (documentKey = 'docs/1.pdf'): FolioRequestCommand => ({
    type: 'FlagExtractionFailure',
    data: { recordId: RECORD_ID, tenantId: TENANT, documentKey, reason: { code: 'NO_RECOGNIZABLE_FORMAT', message: 'unreadable', field: null }, method: 'PDF_TEXT', occurredAt: NOW },
  }),
  checkFolio: (timerId: string): FolioRequestCommand => ({
    type: 'CheckFolio',
    data: { recordId: RECORD_ID, tenantId: TENANT, timerId, reason: { code: 'VERIFY_PROMISE', message: 'check', field: null }, dueAt: NOW, armedAt: NOW },
  }),
  delivered: (documentKey = 'docs/1.pdf'): FolioRequestCommand => ({
    type: 'ConfirmDelivery',
    data: { recordId: RECORD_ID, tenantId: TENANT, documentKey, emailId: 'delivery-1', messageId: '<d1@folio>', occurredAt: NOW },
  }),
};

/** Runs commands from the initial state and returns every event they produced. */
export function history(...cmds: FolioRequestCommand[]): FolioRequestEvent[] {
  let state: RecordState = initialState();
  const events: FolioRequestEvent[] = [];
  for (const c of cmds) {
    const out = decide(c, state, context());
    state = evolveAll(state, out);
    events.push(...out);
  }
  return events;
}

/** Named paths to each status, as command lists. */
export const paths = {
  received: [] as FolioRequestCommand[],
  queued: [commands.create()],
  scheduled: [commands.create(), commands.schedule()],
  in_call: [commands.create(), commands.schedule(), commands.callPlaced()],
  emailed: [commands.create(), commands.schedule(), commands.emailSent()],
  awaiting_folio: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('AGREED')],
  callback_scheduled: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('CALLBACK_REQUESTED')],
  folio_received: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('AGREED'), commands.folioReceived()],
  extracted: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('AGREED'), commands.folioReceived(), commands.extracted()],
  needs_review: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('AGREED'), commands.folioReceived(), commands.mismatch()],
  delivered: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('AGREED'), commands.folioReceived(), commands.extracted(), commands.delivered()],
  escalated: [commands.create(), commands.schedule(), commands.callPlaced(), commands.outcome('REFUSED')],
  cancelled: [commands.create(), commands.cancel()],
  failed: [commands.create(), commands.schedule(), commands.cancelBatch('batch-1', 'INVALID_HOTEL_PHONE')],
};

export function given(events: readonly FolioRequestEvent[]) {
  const state = evolveAll(initialState(), events);
  return {
    state,
    when(command: FolioRequestCommand, ctx: DecideContext = context()) {
      const run = () => decide(command, state, ctx);
      return {
        then(expected: readonly { type: FolioRequestEvent["type"]; [field: string]: unknown }[] | ((events: FolioRequestEvent[]) => void)) {
          const out = run();
          if (typeof expected === 'function') expected(out);
          else expect(out).toEqual(expected.map((e) => expect.objectContaining(e)));
          return { events: out, state: evolveAll(state, out) };
        },
        thenFails(code: string) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
          return error as DomainError;
        },
      };
    },
  };
}
