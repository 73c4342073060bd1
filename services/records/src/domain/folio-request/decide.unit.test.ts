import { describe, it, expect } from '@jest/globals';
import { InvalidRecordError } from './errors.js';
import type { FolioRequestCommand } from './commands.js';
import { decide } from './decide.js';
import { evolveAll } from './evolve.js';
import { commands, context, given, history, NOW, paths, policy, RECORD_ID, recordCreated, TENANT } from './fixtures.test.js';
import { initialState, type Status } from './state.js';

const at = (status: keyof typeof paths) => given(history(...paths[status]));

describe('CreateRecord', () => {
  it('accepts a valid request as RecordReceived (version 1) and queues it (version 2) with the phone in E.164', () => {
    const { events, state } = given([]).when(commands.create()).then([
      { type: 'RecordReceived', version: 1 },
      { type: 'RecordQueued', version: 2 },
    ]);
    expect(events[0]!.data).toMatchObject({ recordId: RECORD_ID, tenantId: TENANT, request: expect.objectContaining({ hotelPhone: '+15015551234' }) });
    expect(events[1]!.data).toMatchObject({ attempt: 1, notBefore: null, reason: expect.objectContaining({ code: 'NEW_REQUEST' }) });
    expect(state).toMatchObject({ status: 'queued', version: 2, attempts: 0 });
    if (state.status === 'queued') expect(state.history.map((h) => [h.type, h.status, h.reason?.code])).toEqual([['RecordReceived', 'RECEIVED', 'ACCEPTED'], ['RecordQueued', 'QUEUED', 'NEW_REQUEST']]);
  });

  it('fills the hotel time zone and email from hotel memory when the request leaves them out', () => {
    const hotel = () => ({ name: 'Known Hotel', timeZone: 'Europe/Berlin', email: 'billing@known.example' });
    given([])
      .when(commands.create({ hotelName: null, hotelTimeZone: null, hotelEmail: null }), context({ hotel }))
      .then((events) => expect(events[0]!.data).toMatchObject({ request: { hotelName: 'Known Hotel', hotelTimeZone: 'Europe/Berlin', hotelEmail: 'billing@known.example' } }));
  });

  it('treats the same RecordCreated again as a no-op (one request per tenant and externalId)', () => {
    at('queued').when(commands.create()).then([]);
  });

  it('refuses a different request with the same (tenantId, externalId) as DUPLICATE_EXTERNAL_ID', () => {
    const error = at('queued').when(commands.create({ guestLastName: 'Byron' })).thenFails('DUPLICATE_EXTERNAL_ID');
    expect(error.details).toEqual({ existingRecordId: RECORD_ID });
  });

  it('refuses an invalid request with every field-level reason at once', () => {
    const bad = recordCreated({
      guestFirstName: '  ',
      hotelPhone: '+1 555',
      stay: { checkIn: '2026-11-04', checkOut: '2026-11-04' },
      destinationEmail: 'not-an-email',
      hotelEmail: 'also@bad',
      hotelTimeZone: 'Mars/Olympus',
    });
    const error = given([]).when({ type: 'CreateRecord', data: bad, tenantHeader: 'other-tenant' }).thenFails('INVALID_RECORD') as InvalidRecordError;
    expect(error.reasons.map((r) => [r.field, r.code])).toEqual([
      ['tenantId', 'TENANT_MISMATCH'],
      ['guestFirstName', 'MISSING_GUEST_NAME'],
      ['stay.checkOut', 'CHECK_OUT_NOT_AFTER_CHECK_IN'],
      ['hotelPhone', 'INVALID_HOTEL_PHONE'],
      ['destinationEmail', 'INVALID_EMAIL'],
      ['hotelEmail', 'INVALID_EMAIL'],
      ['hotelTimeZone', 'INVALID_TIME_ZONE'],
    ]);
  });

  it('refuses a recordId that is not recordIdFor(tenantId, externalId)', () => {
    const error = given([]).when({ type: 'CreateRecord', data: recordCreated({ recordId: '7d444840-9dc0-11d1-b245-5ffdce74fad2' }), tenantHeader: null }).thenFails('INVALID_RECORD') as InvalidRecordError;
    expect(error.reasons).toEqual([expect.objectContaining({ field: 'recordId', code: 'RECORD_ID_MISMATCH' })]);
  });

  it('refuses impossible dates and stays longer than the policy allows', () => {
    const e1 = given([]).when(commands.create({ stay: { checkIn: '2026-02-30', checkOut: '2026-03-02' } })).thenFails('INVALID_RECORD') as InvalidRecordError;
    expect(e1.reasons.map((r) => r.field)).toEqual(['stay.checkIn']);
    const e2 = given([]).when(commands.create({ stay: { checkIn: '2024-01-01', checkOut: '2026-01-01' } })).thenFails('INVALID_RECORD') as InvalidRecordError;
    expect(e2.reasons.map((r) => r.code)).toEqual(['STAY_TOO_LONG']);
  });
});

describe('ScheduleRecord (BatchScheduled)', () => {
  it('moves a queued request to scheduled', () => {
    const { state } = at('queued').when(commands.schedule()).then([{ type: 'RecordScheduled', version: 3 }]);
    expect(state).toMatchObject({ status: 'scheduled', batchId: 'batch-1' });
  });
  it('moves a callback_scheduled request to scheduled', () => {
    at('callback_scheduled').when(commands.schedule('batch-2')).then([{ type: 'RecordScheduled' }]);
  });
  it('reschedules a scheduled request to a new time, and ignores the same schedule twice', () => {
    at('scheduled').when(commands.schedule('batch-1', new Date('2026-11-26T15:00:00Z'))).then([{ type: 'RecordScheduled' }]);
    at('scheduled').when(commands.schedule()).then([]);
  });
  it.each(['in_call', 'emailed', 'awaiting_folio', 'folio_received', 'extracted', 'needs_review', 'escalated'] as const)('is an illegal transition from %s', (status) => {
    at(status).when(commands.schedule('batch-9')).thenFails('ILLEGAL_TRANSITION');
  });
  it.each(['delivered', 'cancelled', 'failed'] as const)('is refused as RECORD_FINISHED from %s', (status) => {
    at(status).when(commands.schedule('batch-9')).thenFails('RECORD_FINISHED');
  });
  it('is refused as RECORD_NOT_FOUND for an unknown request', () => {
    given([]).when(commands.schedule()).thenFails('RECORD_NOT_FOUND');
  });
});

describe('ReturnToQueue (BatchCancelled)', () => {
  it('queues the request again when its batch is cancelled', () => {
    at('scheduled').when(commands.cancelBatch()).then([{ type: 'RecordQueued', data: expect.objectContaining({ reason: expect.objectContaining({ code: 'BATCH_CANCELLED' }) }) }]);
  });
  it('fails the request when the batch was cancelled for an invalid hotel phone', () => {
    at('scheduled').when(commands.cancelBatch('batch-1', 'INVALID_HOTEL_PHONE')).then([{ type: 'RecordFailed' }]);
  });
  it('ignores a batch the request is not in (any more)', () => {
    at('scheduled').when(commands.cancelBatch('batch-other')).then([]);
    at('cancelled').when(commands.cancelBatch()).then([]);
    given([]).when(commands.cancelBatch()).then([]);
  });
});

describe('StartCall (CallPlaced)', () => {
  it('moves a scheduled request to in_call and counts the attempt', () => {
    const { state } = at('scheduled').when(commands.callPlaced()).then([{ type: 'RecordContacted', data: expect.objectContaining({ channel: 'CALL', callId: 'call-1', attempt: 1 }) }]);
    expect(state).toMatchObject({ status: 'in_call', attempts: 1, lastCallId: 'call-1' });
  });
  it('ignores the same call placed twice', () => {
    at('in_call').when(commands.callPlaced()).then([]);
  });
  it.each(['emailed', 'awaiting_folio', 'folio_received'] as const)('is an illegal transition from %s', (status) => {
    at(status).when(commands.callPlaced('call-9')).thenFails('ILLEGAL_TRANSITION');
  });
  it('is refused for a cancelled request', () => {
    at('cancelled').when(commands.callPlaced()).thenFails('RECORD_FINISHED');
  });
});

describe('ApplyCallOutcome (RecordCallOutcome)', () => {
  it.each([
    ['AGREED', 'RecordAwaitingFolio', 'awaiting_folio'],
    ['WILL_SEND', 'RecordAwaitingFolio', 'awaiting_folio'],
    ['CALLBACK_REQUESTED', 'CallbackRequested', 'callback_scheduled'],
    ['NOT_REACHED', 'RecordQueued', 'queued'],
    ['UNCLEAR', 'RecordQueued', 'queued'],
    ['UNKNOWN', 'RecordQueued', 'queued'],
    ['REFUSED', 'RecordEscalated', 'escalated'],
    ['NOT_FOUND', 'RecordEscalated', 'escalated'],
    ['ESCALATED', 'RecordEscalated', 'escalated'],
  ] as const)('%s -> %s (%s)', (outcome, type, status) => {
    const { state } = at('in_call').when(commands.outcome(outcome)).then([{ type, version: 5 }]);
    expect(state.status).toBe(status as Status);
  });
  it('keeps the request in_call on OVERFLOWED_TO_EMAIL until the email goes out', () => {
    at('in_call').when(commands.outcome('OVERFLOWED_TO_EMAIL')).then([]);
  });

  it('queues the request for the next call on OVERFLOWED_TO_EMAIL when no email address is known for the hotel', () => {
    const noEmail = given(history(commands.create({ hotelEmail: null }), commands.schedule(), commands.callPlaced()));
    const { events } = noEmail.when(commands.outcome('OVERFLOWED_TO_EMAIL')).then([{ type: 'RecordQueued' }]);
    expect(events[0]!.data).toMatchObject({ reason: expect.objectContaining({ code: 'OVERFLOW_NO_EMAIL' }) });
    expect((events[0]!.data as { notBefore: Date | null }).notBefore).not.toBeNull();
  });
  it('calls back at the time the hotel named, else after the default delay', () => {
    const named = new Date('2026-11-25T15:00:00Z');
    at('in_call').when(commands.outcome('CALLBACK_REQUESTED', 'call-1', named)).then([{ type: 'CallbackRequested', data: expect.objectContaining({ callbackAt: named }) }]);
    // 24 h after Wednesday 03:00 in Chicago is Thanksgiving (a public holiday): the next window is Friday 08:00.
    at('in_call').when(commands.outcome('CALLBACK_REQUESTED')).then([{ type: 'CallbackRequested', data: expect.objectContaining({ callbackAt: new Date('2026-11-27T14:00:00Z') }) }]);
  });
  it('retries after no answer with a backoff, in the hotel\'s business hours', () => {
    // 300 s after 03:00 in Chicago is before the 08:00 opening.
    at('in_call').when(commands.outcome('NOT_REACHED')).then([{ type: 'RecordQueued', data: expect.objectContaining({ attempt: 2, notBefore: new Date('2026-11-25T14:00:00Z') }) }]);
  });
  it('asks by email once the call retries are spent, and fails when no address is known', () => {
    const calls = (created: FolioRequestCommand) => {
      const cmds = [created];
      for (let i = 1; i <= 4; i++) cmds.push(commands.schedule(`b-${i}`), commands.callPlaced(`call-${i}`), commands.outcome('NOT_REACHED', `call-${i}`));
      return history(...cmds);
    };
    expect(calls(commands.create()).at(-1)).toMatchObject({ type: 'RecordQueued', data: { attempt: 5, reason: expect.objectContaining({ code: 'EMAIL_FALLBACK' }) }, contact: { channel: 'EMAIL' } });
    expect(calls(commands.create({ hotelEmail: null })).at(-1)).toMatchObject({ type: 'RecordFailed', data: { attempts: 4, reason: expect.objectContaining({ code: 'CALL_ATTEMPTS_EXHAUSTED' }) } });
  });
  it('fails the request at the attempt cap whatever the policy allows', () => {
    const capped = context({ policy: { ...policy, maxContactAttempts: 2 } });
    let state = evolveAll(initialState(), history(commands.create()));
    for (let i = 1; i <= 2; i++) {
      for (const c of [commands.schedule(`b-${i}`), commands.callPlaced(`call-${i}`), commands.outcome('NOT_REACHED', `call-${i}`)]) state = evolveAll(state, decide(c, state, capped));
    }
    expect(state).toMatchObject({ status: 'failed', attempts: 2 });
    expect(state.status === 'failed' && state.history.at(-1)?.reason?.code).toBe('ATTEMPTS_EXHAUSTED');
  });
  it('ignores an outcome repeated after the request moved on', () => {
    at('awaiting_folio').when(commands.outcome('AGREED')).then([]);
  });
  it.each(['queued', 'scheduled', 'emailed'] as const)('is an illegal transition from %s', (status) => {
    at(status).when(commands.outcome('AGREED', 'call-9')).thenFails('ILLEGAL_TRANSITION');
  });
});

describe('MarkEmailed (EmailSent) and HandleBounce (EmailBounced)', () => {
  it('moves a scheduled request to emailed', () => {
    const { state } = at('scheduled').when(commands.emailSent()).then([{ type: 'RecordContacted', data: expect.objectContaining({ channel: 'EMAIL', emailId: 'email-1', attempt: 1 }) }]);
    expect(state).toMatchObject({ status: 'emailed', emailId: 'email-1' });
  });
  it('moves a request whose call overflowed to emailed', () => {
    at('in_call').when(commands.emailSent('email-2')).then([{ type: 'RecordContacted' }]);
  });
  it('counts a follow-up while awaiting the folio', () => {
    at('awaiting_folio').when(commands.emailSent('email-3', 'FOLLOW_UP')).then([{ type: 'RecordContacted', data: expect.objectContaining({ reason: expect.objectContaining({ code: 'FOLLOW_UP_SENT' }) }) }]);
  });
  it('ignores the same email twice; a delivery email delivers the extracted folio once', () => {
    at('emailed').when(commands.emailSent()).then([]);
    const { state } = at('extracted').when(commands.emailSent('d-1', 'FOLIO_DELIVERY')).then([{ type: 'FolioDelivered', data: expect.objectContaining({ documentKey: 'docs/1.pdf', emailId: 'd-1', messageId: '<m1@folio>' }) }]);
    expect(state.status).toBe('delivered');
    at('delivered').when(commands.emailSent('d-1', 'FOLIO_DELIVERY')).then([]);
  });
  it('is an illegal transition once a folio arrived', () => {
    at('folio_received').when(commands.emailSent('email-9')).thenFails('ILLEGAL_TRANSITION');
  });
  it('fails on a hard bounce (the contact policy) and retries a soft one', () => {
    at('emailed').when(commands.bounced('HARD')).then([{ type: 'RecordFailed', data: expect.objectContaining({ reason: expect.objectContaining({ code: 'EMAIL_BOUNCED' }) }) }]);
    at('emailed').when(commands.bounced('SOFT')).then([{ type: 'RecordQueued' }]);
  });
  it('refuses a bounce for a request that is not emailed', () => {
    at('in_call').when(commands.bounced()).thenFails('ILLEGAL_TRANSITION');
  });
});

describe('folio: ReceiveFolio, AcceptExtraction, FlagMismatch, FlagExtractionFailure, ConfirmDelivery', () => {
  it.each(['queued', 'scheduled', 'in_call', 'emailed', 'awaiting_folio', 'callback_scheduled', 'needs_review', 'escalated'] as const)('accepts a folio from %s', (status) => {
    const { state } = at(status).when(commands.folioReceived('docs/2.pdf')).then([{ type: 'FolioReceived' }]);
    expect(state).toMatchObject({ status: 'folio_received', documentKey: 'docs/2.pdf' });
  });
  it('ignores the same document twice', () => {
    at('folio_received').when(commands.folioReceived()).then([]);
  });
  it('refuses another document once one was extracted, and any after delivery', () => {
    at('extracted').when(commands.folioReceived('docs/2.pdf')).thenFails('ILLEGAL_TRANSITION');
    at('delivered').when(commands.folioReceived('docs/2.pdf')).thenFails('RECORD_FINISHED');
  });
  it('moves folio_received to extracted, needs_review on a mismatch or a failed extraction', () => {
    expect(at('folio_received').when(commands.extracted()).then([{ type: 'FolioExtracted' }]).state).toMatchObject({ status: 'extracted' });
    expect(at('folio_received').when(commands.mismatch()).then([{ type: 'FolioMismatch' }]).state).toMatchObject({ status: 'needs_review' });
    expect(at('folio_received').when(commands.extractionFailed()).then([{ type: 'ExtractionFailed' }]).state).toMatchObject({ status: 'needs_review', folio: null });
  });
  it.each(['awaiting_folio', 'emailed'] as const)('refuses extraction results from %s', (status) => {
    at(status).when(commands.extracted()).thenFails('ILLEGAL_TRANSITION');
    at(status).when(commands.mismatch()).thenFails('ILLEGAL_TRANSITION');
    at(status).when(commands.extractionFailed()).thenFails('ILLEGAL_TRANSITION');
  });
  it('delivers an extracted folio (or one an operator reviewed) once', () => {
    expect(at('extracted').when(commands.delivered()).then([{ type: 'FolioDelivered' }]).state).toMatchObject({ status: 'delivered' });
    at('needs_review').when(commands.delivered()).then([{ type: 'FolioDelivered' }]);
    at('delivered').when(commands.delivered()).then([]);
    at('folio_received').when(commands.delivered()).thenFails('ILLEGAL_TRANSITION');
  });
});

describe('CancelRecord and EraseRecord', () => {
  it.each(['queued', 'scheduled', 'in_call', 'emailed', 'awaiting_folio', 'callback_scheduled', 'folio_received', 'extracted', 'needs_review', 'escalated'] as const)(
    'cancels a request that is %s',
    (status) => {
      at(status).when(commands.cancel()).then([{ type: 'RecordCancelled', data: expect.objectContaining({ cancelledBy: 'key-1', externalId: 'exp-4711' }) }]);
    },
  );
  it('cancels once', () => {
    at('cancelled').when(commands.cancel()).then([]);
  });
  it.each(['delivered', 'failed'] as const)('refuses to cancel a %s request', (status) => {
    at(status).when(commands.cancel()).thenFails('RECORD_FINISHED');
  });
  it("refuses another tenant's cancellation or erasure", () => {
    at('queued').when(commands.cancel('intruder')).thenFails('TENANT_MISMATCH');
    at('queued').when(commands.erase('intruder')).thenFails('TENANT_MISMATCH');
  });
  it.each(['queued', 'in_call', 'delivered', 'cancelled', 'failed'] as const)('erases a %s request, leaving nothing personal', (status) => {
    const { state, events } = at(status).when(commands.erase()).then([{ type: 'RecordErased' }]);
    expect(state).toEqual({ status: 'erased', recordId: RECORD_ID, tenantId: TENANT, version: events[0]!.version });
    expect(JSON.stringify(events[0]!.data)).not.toMatch(/Ada|Lovelace|acme\.example/);
  });
  it('refuses to erase an unknown request', () => {
    given([]).when(commands.erase()).thenFails('RECORD_NOT_FOUND');
  });
});

describe('every event names a reason', () => {
  it.each(Object.keys(paths) as (keyof typeof paths)[])('the history leading to %s', (status) => {
    const state = at(status).state;
    if (state.status === 'none' || state.status === 'erased') return;
    for (const entry of state.history) expect(entry.reason?.code).toMatch(/^[A-Z_]+$/);
  });
});
