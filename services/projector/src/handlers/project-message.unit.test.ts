import { describe, expect, it } from '@jest/globals';
import type { FolioRequestState } from '@folio/contracts';
import type { InboundMessage } from '@folio/runtime';
import type { RecordOutcome } from '../adapters/pg-read-models.js';
import { statesOf } from '../projections/fixtures.test.js';
import { projectMessageHandler, type ProjectedValue, type ReadModelWriter } from './project-message.js';

const ID = '6f1c1b9e-3b0e-4f53-9a57-0d5d1f3a2b10';
const topics = { records: 'r', batches: 'b', calls: 'c', hotels: 'h', recordStatus: 's' };

function writer(outcome: RecordOutcome) {
  const calls: string[] = [];
  const models: ReadModelWriter = {
    applyRecordState: async () => (calls.push('apply'), outcome),
    eraseRecord: async (id, source) => void calls.push(`erase ${id} ${source.topic}/${source.partition}/${source.offset}`),
    applyBatch: async () => true,
    applyCall: async () => true,
    deleteCall: async (id) => void calls.push(`delete call ${id}`),
    applyHotel: async () => true,
    deleteHotel: async (phone) => void calls.push(`delete hotel ${phone}`),
  };
  return { models, calls };
}

const message = (topic: string, key: string | null, value: FolioRequestState | null): InboundMessage<ProjectedValue> => ({
  topic, partition: 2, offset: '41', key, timestamp: Date.parse('2026-03-02T12:00:00Z'), headers: {},
  type: value ? 'FolioRequestState' : null, value, correlationId: 'c',
});

describe('project-message handler', () => {
  const state = statesOf(ID)[3]!;

  it.each<[RecordOutcome, number]>([
    ['applied', 1],
    ['current', 1],
    ['stale', 0],
    ['erased', 0],
  ])('publishes a RecordStatus when the state was %s: %i message(s)', async (outcome, expected) => {
    const { models } = writer(outcome);
    const out = await projectMessageHandler(models, { topics, publishStatus: true })(message('r', ID, state));
    expect(out).toHaveLength(expected);
    if (expected) expect(out[0]).toMatchObject({ topic: 's', key: ID, value: { status: 'IN_CALL', version: 4 } });
  });

  it('publishes nothing during a rebuild', async () => {
    const { models } = writer('applied');
    expect(await projectMessageHandler(models, { topics, publishStatus: false })(message('r', ID, state))).toEqual([]);
  });

  it('erases on a request tombstone, remembering where it was read, and tombstones the status', async () => {
    const { models, calls } = writer('applied');
    const out = await projectMessageHandler(models, { topics, publishStatus: true })(message('r', ID, null));
    expect(calls).toEqual([`erase ${ID} r/2/41`]);
    expect(out).toEqual([expect.objectContaining({ topic: 's', key: ID, value: null })]);
  });

  it('forgets calls and hotels on their tombstones and dead-letters a keyless tombstone', async () => {
    const { models, calls } = writer('applied');
    const handle = projectMessageHandler(models, { topics, publishStatus: true });
    await handle(message('c', 'call-1', null));
    await handle(message('h', '+15015551234', null));
    expect(calls).toEqual(['delete call call-1', 'delete hotel +15015551234']);
    await expect(handle(message('r', null, null))).rejects.toMatchObject({ code: 'MISSING_KEY' });
    await expect(handle(message('elsewhere', 'k', null))).rejects.toMatchObject({ code: 'UNEXPECTED_TOPIC' });
  });
});
