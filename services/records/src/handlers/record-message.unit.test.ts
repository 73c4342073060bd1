import { describe, it, expect } from '@jest/globals';
import { TimerSchema, type FolioRequestState, type RecordCallOutcome, type RecordCreated, type VerifyFolio } from '@folio/contracts';
import { PartitionedStateStore, type InboundMessage } from '@folio/runtime';
import { createLogger } from '@folio/logger';
import { commands, policy, recordCreated, RECORD_ID, TENANT } from '../domain/folio-request/fixtures.test.js';
import { commandFor, recordHandler, type RecordsInput } from './record-message.js';

function inbound(value: RecordsInput | null, key: string | null = RECORD_ID, type = 'RecordCreated'): InboundMessage<RecordsInput> {
  return { topic: 'intake', partition: 0, offset: '7', key, timestamp: 0, headers: { 'tenant-id': 'acme' }, type: value === null ? null : type, value, correlationId: 'c-1' };
}

function setup() {
  const store = new PartitionedStateStore<FolioRequestState>();
  store.setPartition(0, new Map());
  store.beginChunk(0);
  const steps: string[] = [];
  const handler = recordHandler({
    topics: { recordEvents: 'events', contactQueue: 'contact', deadLetters: 'dlq', timers: 'timers', emailCommands: 'email-commands', outcomes: 'outcomes' },
    policy,
    contact: { replyToAddress: (t) => `folios+${t}@folio.test` },
    delivery: { replyToAddress: (t) => `folios+${t}@folio.test`, fromName: 'Acme Travel' },
    // The Timer as the runtime's armTimer builds it, without encoding the message it carries.
    armTimer: async (timer, message) => ({ topic: 'timers', key: timer.timerId, schema: TimerSchema, value: { timerId: timer.timerId, dueAt: timer.dueAt, fires: message } }),
    hotels: { lookup: () => null },
    groupId: 'g',
    service: 'records',
    now: () => Date.parse('2026-11-25T09:00:00Z'),
    encode: async () => Buffer.from('re-encoded'),
    countStep: (step) => steps.push(step),
  });
  const run = (m: InboundMessage<RecordsInput>) => handler(m, { logger: createLogger({ service: 't', level: 'silent' }), state: store.access() });
  return { store, run, steps };
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

  // Runs a command fixture's value through the handler as the message that carries it.
  const send = (run: ReturnType<typeof setup>['run'], command: { data: unknown }, type: string, topic = 'outcomes') => run({ ...inbound(command.data as RecordsInput, RECORD_ID, type), topic });

  it('arms a verification timer that sends VerifyFolio back to the request, and a folio arriving first cancels it', async () => {
    const { run, steps } = setup();
    await run(inbound(recordCreated()));
    await send(run, commands.schedule(), 'BatchScheduled');
    await send(run, commands.callPlaced(), 'CallPlaced');
    const willSend = commands.outcome('WILL_SEND') as { data: RecordCallOutcome };
    const out = await send(run, { data: { ...willSend.data, reason: { code: 'BY_END_OF_DAY', message: 'by end of day', field: null } } }, 'RecordCallOutcome');
    const timerId = `verify:${RECORD_ID}:5`;
    expect(out.map((m) => [m.topic, m.key, m.schema.name])).toEqual([
      ['events', RECORD_ID, 'RecordAwaitingFolio'],
      ['timers', timerId, 'Timer'],
    ]);
    // 17:30 in Chicago on the day of the promise.
    expect(out[1]!.value).toMatchObject({ timerId, dueAt: new Date('2026-11-25T23:30:00Z'), fires: { topic: 'outcomes', key: RECORD_ID, value: { recordId: RECORD_ID, tenantId: TENANT, timerId } } });

    const folioCame = await send(run, commands.folioReceived(), 'FolioReceived', 'extractions');
    expect(folioCame.map((m) => [m.topic, m.key, m.value === null ? 'tombstone' : m.schema.name])).toEqual([
      ['events', RECORD_ID, 'FolioReceived'],
      ['timers', timerId, 'tombstone'],
    ]);
    // The check, had it fired anyway, changes nothing.
    const check: VerifyFolio = { recordId: RECORD_ID, tenantId: TENANT, timerId, reason: { code: 'VERIFY_PROMISE', message: '', field: null }, dueAt: new Date(), armedAt: new Date() };
    expect(await run({ ...inbound(check, RECORD_ID, 'VerifyFolio'), topic: 'outcomes' })).toEqual([]);
    expect(steps).toEqual(['verify', 'verify_cancelled']);
  });

  it('asks the mailer to deliver an accepted folio to the destination address, with the stored document attached', async () => {
    const { run, steps } = setup();
    await run(inbound(recordCreated()));
    for (const [command, type] of [
      [commands.schedule(), 'BatchScheduled'],
      [commands.callPlaced(), 'CallPlaced'],
      [commands.outcome('AGREED'), 'RecordCallOutcome'],
      [commands.folioReceived('docs/abc.pdf'), 'FolioReceived'],
    ] as const) {
      await send(run, command, type);
    }
    const out = await send(run, commands.extracted('docs/abc.pdf'), 'FolioExtracted', 'extractions');
    expect(out.map((m) => [m.topic, m.key, m.schema.name])).toEqual([
      ['events', RECORD_ID, 'FolioExtracted'],
      ['email-commands', '+15015551234', 'SendEmail'],
    ]);
    expect(out[1]!.value).toMatchObject({
      emailId: `delivery-${RECORD_ID}-v7`,
      purpose: 'FOLIO_DELIVERY',
      toAddress: 'expenses@acme.example',
      fromName: 'Acme Travel',
      replyToAddress: 'folios+acme@folio.test',
      entries: [expect.objectContaining({ recordId: RECORD_ID, confirmationNumber: 'CONF-123', guestLastName: 'Lovelace' })],
      attachments: [{ filename: expect.stringMatching(/^folio-F-[0-9A-F]{10}\.pdf$/), contentType: 'application/pdf', sizeBytes: 100, storageKey: 'docs/abc.pdf', sha256: 'ab' }],
    });
    expect(steps).toEqual(['verify', 'verify_cancelled', 'delivery']);
    // The same extraction again (a redelivery) issues nothing.
    expect(await send(run, commands.extracted('docs/abc.pdf'), 'FolioExtracted', 'extractions')).toEqual([]);
  });
});
