import { describe, expect, it } from '@jest/globals';
import { DELIVERED_BY_CALL, statesOf } from './fixtures.test.js';
import { milestonesOf } from './milestones.js';

const ID = '0b9f3c1e-7d2a-4a55-8e61-3c4d5e6f7a80';

describe('milestonesOf', () => {
  const states = statesOf(ID);

  it('names the status each version moved into, with the channel of the last contact', () => {
    expect(states.map((s) => milestonesOf(s).enteredStatus)).toEqual([
      'received', 'queued', 'scheduled', 'in_call', 'awaiting_folio', 'folio_received', 'extracted', 'delivered',
    ]);
    expect(states.map((s) => milestonesOf(s).channel)).toEqual(['none', 'none', 'none', 'call', 'call', 'call', 'call', 'call']);
  });

  it('measures the folio milestones from the request being received, once each', () => {
    // receivedAt is minute 10; FolioReceived is version 6 (minute 60), FolioDelivered version 8 (minute 80).
    const reached = states.map((s) => milestonesOf(s).timeToFolio);
    expect(reached[5]).toEqual([{ stage: 'folio_received', seconds: 50 * 60 }]);
    expect(reached[7]).toEqual([{ stage: 'delivered', seconds: 70 * 60 }]);
    expect(reached.filter((r) => r.length > 0)).toHaveLength(2);
  });

  it('reports no status change for a version that keeps the status', () => {
    const steps = [...DELIVERED_BY_CALL.slice(0, 5), ['RecordAwaitingFolio', 'AWAITING_FOLIO', { callId: 'c-2' }] as (typeof DELIVERED_BY_CALL)[number]];
    const last = statesOf(ID, steps).at(-1)!;
    expect(milestonesOf(last)).toEqual({ enteredStatus: null, channel: 'call', timeToFolio: [] });
  });

  it('takes the channel of the latest contact when a call was followed by an email', () => {
    const steps: (typeof DELIVERED_BY_CALL)[number][] = [
      ...DELIVERED_BY_CALL.slice(0, 4),
      ['RecordQueued', 'QUEUED', { attempt: '2' }],
      ['RecordContacted', 'EMAILED', { channel: 'EMAIL', emailId: 'e-1', attempt: '2' }],
      ['FolioReceived', 'FOLIO_RECEIVED', { documentKey: 'docs/2.pdf' }],
    ];
    expect(milestonesOf(statesOf(ID, steps).at(-1)!)).toMatchObject({ enteredStatus: 'folio_received', channel: 'email' });
  });
});
