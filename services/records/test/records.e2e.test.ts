// The records service in-process against the real broker and registry: intake becomes state, events and a
// contact-queue entry in one transaction; duplicates, invalid and undecodable messages; outcomes; erasure.
import { describe, it, expect, afterAll } from '@jest/globals';
import { encodeWire } from '@folio/runtime';
import { recordIdFor, type AvroRecordSchema } from '@folio/contracts';
import { startService, type RunningService } from '@folio/runtime';
import { deleteTopics, serviceEnv, testKafka, uniqueName, waitFor } from '@folio/testkit';
import { recordsService } from '../src/index.js';
import { recordCreated } from '../src/domain/folio-request/fixtures.test.js';
import { read, recordsEnv, recordsTopics, runtime, schemaOf, send, type RecordsTopics } from './support.js';

const services: RunningService[] = [];
const created: RecordsTopics[] = [];
const NOW = Date.parse('2026-11-25T09:00:00Z');

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.stop()));
  await runtime.close();
  await deleteTopics(created.flatMap((t) => Object.values(t)));
});

async function setup() {
  const topics = await recordsTopics();
  created.push(topics);
  const service = await startService(recordsService({ now: () => NOW }), { env: serviceEnv(recordsEnv(topics, uniqueName('records'))) });
  services.push(service);
  await waitFor('the records service to be ready', () => service.context.kafka.isReady(), { timeoutMs: 60_000 });
  return { topics, service };
}

async function handledCount(service: RunningService): Promise<number> {
  const metric = await service.context.registry.getSingleMetric('folio_records_messages_total')?.get();
  return (metric?.values ?? []).reduce((n, v) => n + v.value, 0);
}

function newRequest(externalId: string, overrides: Parameters<typeof recordCreated>[0] = {}) {
  return recordCreated({ externalId, ...overrides });
}

describe('records service', () => {
  it('turns a RecordCreated into state, RecordReceived and RecordQueued, and a contact-queue entry keyed by hotel phone', async () => {
    const { topics: t } = await setup();
    const request = newRequest(uniqueName('ext'));
    await send(t.intake, 'RecordCreated', request.recordId, request);

    const events = await read(t.recordEvents, 2);
    expect(events.map((e) => [e.key, e.type, e.value?.['version']])).toEqual([
      [request.recordId, 'RecordReceived', 1],
      [request.recordId, 'RecordQueued', 2],
    ]);
    expect(events[0]!.value).toMatchObject({ request: { hotelPhone: '+15015551234', guestLastName: 'Lovelace' } });
    expect(events[0]!.headers).toMatchObject({ 'tenant-id': 'acme' });

    const queue = await read(t.contactQueue, 1);
    expect(queue).toEqual([
      expect.objectContaining({ key: '+15015551234', type: 'RecordReadyForContact', value: expect.objectContaining({ recordId: request.recordId, attempt: 1, replyToAddress: 'folios+acme@folio.test' }) }),
    ]);

    const state = await read(t.records, 1);
    expect(state).toEqual([expect.objectContaining({ key: request.recordId, type: 'FolioRequestState', value: expect.objectContaining({ status: 'QUEUED', version: 2 }) })]);
    expect((state[0]!.value!['history'] as { type: string }[]).map((h) => h.type)).toEqual(['RecordReceived', 'RecordQueued']);
    // State and events of one request share a partition (co-partitioned by recordId).
    expect(state[0]!.partition).toBe(events[0]!.partition);
  });

  it('keeps one request per (tenantId, externalId): the same message again changes nothing, a different one is rejected', async () => {
    const { topics: t } = await setup();
    const request = newRequest(uniqueName('ext'));
    await send(t.intake, 'RecordCreated', request.recordId, request);
    await send(t.intake, 'RecordCreated', request.recordId, request);
    await send(t.intake, 'RecordCreated', request.recordId, { ...request, guestLastName: 'Byron' });

    const events = await read(t.recordEvents, 3, 2_500);
    expect(events.map((e) => e.type)).toEqual(['RecordReceived', 'RecordQueued', 'RecordRejected']);
    expect(events[2]!.value).toMatchObject({ existingRecordId: request.recordId, reasons: [expect.objectContaining({ code: 'DUPLICATE_EXTERNAL_ID' })] });
    expect(await read(t.records, 1, 1_000)).toHaveLength(1);
    expect(await read(t.contactQueue, 1, 1_000)).toHaveLength(1);
  });

  it('answers an invalid RecordCreated with RecordRejected naming every field and a dead letter, then carries on', async () => {
    const { topics: t } = await setup();
    const bad = newRequest(uniqueName('bad'), { hotelPhone: 'call me maybe', destinationEmail: 'nope', stay: { checkIn: '2026-11-05', checkOut: '2026-11-01' }, guestFirstName: ' ' });
    const good = newRequest(uniqueName('good'));
    await send(t.intake, 'RecordCreated', bad.recordId, bad);
    await send(t.intake, 'RecordCreated', good.recordId, good);

    const events = await read(t.recordEvents, 3);
    const rejected = events.find((e) => e.type === 'RecordRejected')!;
    expect(rejected.key).toBe(bad.recordId);
    expect((rejected.value!['reasons'] as { field: string; code: string }[]).map((r) => [r.field, r.code])).toEqual([
      ['guestFirstName', 'MISSING_GUEST_NAME'],
      ['stay.checkOut', 'CHECK_OUT_NOT_AFTER_CHECK_IN'],
      ['hotelPhone', 'INVALID_HOTEL_PHONE'],
      ['destinationEmail', 'INVALID_EMAIL'],
    ]);
    expect(events.filter((e) => e.key === good.recordId).map((e) => e.type)).toEqual(['RecordReceived', 'RecordQueued']);

    const letters = await read(t.dlq, 1);
    expect(letters).toEqual([expect.objectContaining({ key: bad.recordId, type: 'DeadLetter', value: expect.objectContaining({ sourceTopic: t.intake, errorCode: 'INVALID_RECORD', service: 'records' }) })]);
    // The dead letter keeps a value an operator can decode and replay.
    const original = await runtime.serde.decode<{ externalId: string }>(letters[0]!.value!['originalValue'] as Buffer, new Map([['io.folio.intake.RecordCreated', schemaOf('RecordCreated')]]));
    expect(original.value.externalId).toBe(bad.externalId);
  });

  it('dead-letters intake values it cannot decode (garbage, unknown schema id, missing required field) and carries on', async () => {
    const { topics: t } = await setup();
    const producer = testKafka('records-test-raw').producer();
    await producer.connect();
    const withoutPhone: AvroRecordSchema = {
      ...schemaOf('RecordCreated'),
      fields: schemaOf('RecordCreated').fields.filter((f) => f.name !== 'hotelPhone'),
    };
    const missing = await runtime.serde.encode(uniqueName('rec.other'), withoutPhone, { ...newRequest('x'), hotelPhone: undefined });
    await producer.send({
      topic: t.intake,
      messages: [
        { key: 'k-garbage', value: Buffer.from('not avro at all') },
        { key: 'k-unknown-id', value: encodeWire(987_654_321, Buffer.from([0])) },
        { key: 'k-missing', value: missing },
      ],
    });
    await producer.disconnect();
    const good = newRequest(uniqueName('after'));
    await send(t.intake, 'RecordCreated', good.recordId, good);

    const letters = await read(t.dlq, 3);
    expect(letters.map((l) => l.key).sort()).toEqual(['k-garbage', 'k-missing', 'k-unknown-id']);
    const events = await read(t.recordEvents, 2);
    expect(events.map((e) => [e.key, e.type])).toEqual([
      [good.recordId, 'RecordReceived'],
      [good.recordId, 'RecordQueued'],
    ]);
  });

  it('applies outcomes of other services in order until the folio is delivered', async () => {
    const { topics: t, service } = await setup();
    // Topics are ordered only within themselves: each outcome waits until the one before it was handled.
    const step = async (n: number, sendIt: () => Promise<void>) => {
      await sendIt();
      await waitFor(`message ${n} to be handled`, async () => (await handledCount(service)) >= n, { timeoutMs: 30_000 });
    };
    const r = newRequest(uniqueName('life'));
    const id = r.recordId;
    const phone = '+15015551234';
    const at = new Date(NOW);
    await step(1, () => send(t.intake, 'RecordCreated', id, r));
    await step(2, () => send(t.outcomes, 'BatchScheduled', id, { batchId: 'b-1', hotelPhone: phone, recordIds: [id], channel: 'CALL', scheduledFor: at, estimatedDurationSeconds: 60, reason: null, occurredAt: at }));
    await step(3, () => send(t.outcomes, 'CallPlaced', id, { callId: 'c-1', batchId: 'b-1', hotelPhone: phone, recordIds: [id], providerCallId: null, occurredAt: at }));
    await step(4, () => send(t.outcomes, 'RecordCallOutcome', id, { callId: 'c-1', batchId: 'b-1', hotelPhone: phone, recordId: id, tenantId: 'acme', outcome: 'AGREED', callbackAt: null, hotelWords: null, confidence: 0.9, occurredAt: at }));
    const attachment = { filename: 'f.pdf', contentType: 'application/pdf', sizeBytes: 10, storageKey: 'docs/f.pdf', sha256: 'ab' };
    await step(5, () => send(t.extractions, 'FolioReceived', id, { recordId: id, tenantId: 'acme', messageId: '<m@h>', matchMethod: 'REPLY_TOKEN', attachment, occurredAt: at }));
    const folio = { folioNumber: '1', hotelName: null, guestName: 'Ada Lovelace', confirmationNumber: 'CONF-123', roomNumber: null, stay: null, currency: 'USD', lineItems: [], totalMinor: 100, confidence: 0.9 };
    await step(6, () => send(t.extractions, 'FolioExtracted', id, { recordId: id, tenantId: 'acme', documentKey: 'docs/f.pdf', folio, method: 'PDF_TEXT', occurredAt: at }));
    await step(7, () => send(t.outcomes, 'FolioDelivered', id, { recordId: id, tenantId: 'acme', documentKey: 'docs/f.pdf', emailId: 'e-1', messageId: '<d@f>', occurredAt: at }));

    const states = await read(t.records, 7);
    const last = states.at(-1)!.value!;
    expect(last).toMatchObject({ status: 'DELIVERED', version: 8, attempts: 1, lastCallId: 'c-1', documentKey: 'docs/f.pdf' });
    expect((last['history'] as { status: string }[]).map((h) => h.status)).toEqual(['RECEIVED', 'QUEUED', 'SCHEDULED', 'IN_CALL', 'AWAITING_FOLIO', 'FOLIO_RECEIVED', 'EXTRACTED', 'DELIVERED']);
    const events = await read(t.recordEvents, 8);
    expect(events.map((e) => e.type)).toEqual(['RecordReceived', 'RecordQueued', 'RecordScheduled', 'RecordContacted', 'RecordAwaitingFolio', 'FolioReceived', 'FolioExtracted', 'FolioDelivered']);
    // The accepted extraction asked the mailer, once, to deliver the stored document to the destination address.
    const deliveries = await read(t.emailCommands, 1);
    expect(deliveries).toEqual([
      expect.objectContaining({
        key: phone,
        type: 'SendEmail',
        value: expect.objectContaining({ emailId: `delivery-${id}-v7`, purpose: 'FOLIO_DELIVERY', toAddress: r.destinationEmail, attachments: [expect.objectContaining({ storageKey: 'docs/f.pdf', contentType: 'application/pdf' })] }),
      }),
    ]);
    // The verification armed on AGREED was cancelled when the folio arrived.
    expect((await read(t.timers, 2)).map((m) => [m.key, m.value === null])).toEqual([
      [`verify:${id}:5`, false],
      [`verify:${id}:5`, true],
    ]);
  });

  it('cancels a queued request and withdraws it from the contact queue', async () => {
    const { topics: t } = await setup();
    const r = newRequest(uniqueName('cancel'));
    await send(t.intake, 'RecordCreated', r.recordId, r);
    await send(t.intake, 'RecordCancelled', r.recordId, { recordId: r.recordId, tenantId: 'acme', externalId: r.externalId, reason: 'trip cancelled', cancelledBy: 'key-1', occurredAt: new Date(NOW), version: null });
    const queue = await read(t.contactQueue, 2);
    expect(queue.map((q) => [q.key, q.type])).toEqual([
      ['+15015551234', 'RecordReadyForContact'],
      ['+15015551234', 'RecordWithdrawn'],
    ]);
    const events = await read(t.recordEvents, 3);
    expect(events[2]).toMatchObject({ type: 'RecordCancelled', value: expect.objectContaining({ version: 3, cancelledBy: 'key-1' }) });
  });

  it('erases a request: RecordErased without personal data, a tombstone on folio.records.v1, the request withdrawn', async () => {
    const { topics: t, service } = await setup();
    const r = newRequest(uniqueName('erase'));
    await send(t.intake, 'RecordCreated', r.recordId, r);
    await send(t.operator, 'EraseRecord', r.recordId, { recordId: r.recordId, tenantId: 'acme', requestedBy: 'operator-7', reason: { code: 'DATA_SUBJECT_REQUEST', message: 'the guest asked', field: null }, requestedAt: new Date(NOW) });

    const states = await read(t.records, 2);
    expect(states.map((s) => [s.key, s.value === null])).toEqual([
      [r.recordId, false],
      [r.recordId, true],
    ]);
    const events = await read(t.recordEvents, 3);
    const erased = events.find((e) => e.type === 'RecordErased')!;
    expect(erased.value).toMatchObject({ recordId: r.recordId, version: 3, erasedBy: 'operator-7' });
    expect(JSON.stringify(erased.value)).not.toMatch(/Ada|Lovelace|acme\.example|CONF-123|5551234/);
    expect((await read(t.contactQueue, 2)).map((q) => q.type)).toEqual(['RecordReadyForContact', 'RecordWithdrawn']);
    await waitFor('the erased state to leave the store', () => service.context.kafka.isReady());

    // The id is free again after erasure: nothing personal is kept to remember it by.
    await send(t.operator, 'EraseRecord', r.recordId, { recordId: r.recordId, tenantId: 'acme', requestedBy: 'operator-7', reason: { code: 'DATA_SUBJECT_REQUEST', message: 'again', field: null }, requestedAt: new Date(NOW) });
    const letters = await read(t.dlq, 1);
    expect(letters[0]!.value).toMatchObject({ errorCode: 'RECORD_NOT_FOUND', sourceTopic: t.operator });
  });

  it('fills the hotel time zone and email a request leaves out from the hotel profile', async () => {
    const { topics: t, service } = await setup();
    const phone = '+15015559876';
    await send(t.hotels, 'Hotel', phone, {
      hotelPhone: phone,
      name: 'Profiled Hotel',
      address: null,
      timeZone: 'America/Denver',
      email: 'billing@profiled.example',
      contactPreference: 'CALL',
      leaveVoicemail: false,
      businessHours: [],
      ivrPath: [],
      answerStats: [],
      version: 1,
      updatedAt: new Date(NOW),
    });
    await waitFor('the hotel profile to be read', async () => {
      const consumed = await service.context.registry.getSingleMetric('folio_messages_consumed_total')?.get();
      return (consumed?.values ?? []).some((v) => v.labels['topic'] === t.hotels && v.value >= 1);
    });
    const r = newRequest(uniqueName('hotel'), { hotelPhone: phone, hotelName: null, hotelTimeZone: null, hotelEmail: null });
    await send(t.intake, 'RecordCreated', r.recordId, r);
    const events = await read(t.recordEvents, 2);
    expect(events[0]!.value).toMatchObject({ request: { hotelName: 'Profiled Hotel', hotelTimeZone: 'America/Denver', hotelEmail: 'billing@profiled.example' } });
  });

  it('derives recordId from (tenantId, externalId) the way the api does', () => {
    expect(newRequest('abc').recordId).toBe(recordIdFor('acme', 'abc'));
  });
});
