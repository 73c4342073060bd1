import { describe, it, expect } from '@jest/globals';
import type { FolioRequestState, RecordCreated } from '@folio/contracts';
import { PartitionedStateStore, type InboundMessage } from '@folio/runtime';
import { createLogger } from '@folio/logger';
import { policy, recordCreated, RECORD_ID } from '../domain/folio-request/fixtures.test.js';
import { commandFor, recordHandler, type RecordsInput } from './record-message.js';

function inbound(value: RecordsInput | null, key: string | null = RECORD_ID, type = 'RecordCreated'): InboundMessage<RecordsInput> {
  return { topic: 'intake', partition: 0, offset: '7', key, timestamp: 0, headers: { 'tenant-id': 'acme' }, type: value === null ? null : type, value, correlationId: 'c-1' };
}

function setup() {
  const store = new PartitionedStateStore<FolioRequestState>();
  store.setPartition(0, new Map());
  store.beginChunk(0);
  const handler = recordHandler({
    topics: { recordEvents: 'events', contactQueue: 'contact', deadLetters: 'dlq' },
    policy,
    contact: { replyToAddress: (t) => `folios+${t}@folio.test` },
    hotels: { lookup: () => null },
    groupId: 'g',
    service: 'records',
    now: () => Date.parse('2026-11-25T09:00:00Z'),
    encode: async () => Buffer.from('re-encoded'),
  });
  const run = (m: InboundMessage<RecordsInput>) => handler(m, { logger: createLogger({ service: 't', level: 'silent' }), state: store.access() });
  return { store, run };
}

describe('record handler', () => {
  it('writes the new state, the events keyed by recordId and the contact-queue entry keyed by hotel phone', async () => {
    const { store, run } = setup();
    const out = await run(inbound(recordCreated()));
    expect(out.map((m) => [m.topic, m.key, m.schema.name])).toEqual([
      ['events', RECORD_ID, 'RecordReceived'],
      ['events', RECORD_ID, 'RecordQueued'],
      ['contact', '+15015551234', 'RecordReadyForContact'],
    ]);
    expect(store.takeMessageWrites()).toEqual([[RECORD_ID, expect.objectContaining({ status: 'QUEUED', version: 2 })]]);
  });

  it('answers an invalid RecordCreated with RecordRejected and a dead letter, and writes no state', async () => {
    const { store, run } = setup();
    const out = await run(inbound(recordCreated({ hotelPhone: '12' })));
    expect(out.map((m) => [m.topic, m.schema.name])).toEqual([
      ['events', 'RecordRejected'],
      ['dlq', 'DeadLetter'],
    ]);
    expect(out[1]!.value).toMatchObject({ errorCode: 'INVALID_RECORD', sourceTopic: 'intake', sourceOffset: 7, originalValue: Buffer.from('re-encoded'), originalKey: Buffer.from(RECORD_ID) });
    expect(store.takeMessageWrites()).toEqual([]);
  });

  it('refuses a RecordCreated whose key is not its recordId', async () => {
    const { run } = setup();
    const out = await run(inbound(recordCreated(), 'another-key'));
    expect(out[0]!.value).toMatchObject({ recordId: 'another-key', reasons: [expect.objectContaining({ code: 'KEY_MISMATCH', field: 'recordId' })] });
  });

  it('ignores tombstones and refuses messages without a key', async () => {
    const { run } = setup();
    expect(await run(inbound(null))).toEqual([]);
    await expect(run(inbound(recordCreated(), null))).rejects.toMatchObject({ code: 'MISSING_KEY' });
  });

  it('maps outcomes whose key is not among their recordIds to KEY_MISMATCH', () => {
    const batch = { batchId: 'b', hotelPhone: '+15015551234', recordIds: ['x'], channel: 'CALL', scheduledFor: new Date(), estimatedDurationSeconds: 1, reason: null, occurredAt: new Date() };
    expect(() => commandFor(inbound(batch as RecordsInput, RECORD_ID, 'BatchScheduled'), RECORD_ID)).toThrow(expect.objectContaining({ code: 'KEY_MISMATCH' }));
    expect(commandFor(inbound(recordCreated() as RecordCreated), RECORD_ID).type).toBe('CreateRecord');
  });
});
