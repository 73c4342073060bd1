import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordRow } from '@folio/read-models';
import { historyRowsOf, projectRecord, recordRowOf, recordStatusOf, timelineOf, type RecordsEvent } from './records.js';
import { statesOf } from './fixtures.test.js';

const ID = '6f1c1b9e-3b0e-4f53-9a57-0d5d1f3a2b10';
const states = statesOf(ID);
const state = (version: number) => states[version - 1]!;
const given = (events: RecordsEvent[]) => ({
  when: (event: RecordsEvent) => ({
    then: (expected: RecordRow | null) => {
      const before = events.reduce<RecordRow | null>(projectRecord, null);
      expect(projectRecord(before, event)).toEqual(expected);
    },
  }),
});
const v = (version: number): RecordsEvent => ({ type: 'FolioRequestState', state: state(version) });

describe('request projection', () => {
  it('projects a new request into a row with its request data', () => {
    const row = projectRecord(null, v(1))!;
    expect(row).toMatchObject({
      recordId: ID,
      tenantId: 'tenant-a',
      status: 'received',
      hotelPhone: '+15015551234',
      guestLastName: 'Lovelace',
      checkIn: '2026-02-26',
      checkOut: '2026-02-28',
      nextAction: 'contact',
      version: 1,
    });
  });

  it('replaces the row with a newer version', () => {
    given([v(1), v(2), v(3)]).when(v(4)).then(recordRowOf(state(4)));
  });

  it('changes nothing for a duplicate or an older version', () => {
    const row = [v(1), v(2), v(5)].reduce<RecordRow | null>(projectRecord, null);
    expect(projectRecord(row, v(5))).toBe(row);
    expect(projectRecord(row, v(3))).toBe(row);
  });

  it('erases the row on a tombstone', () => {
    given([v(1), v(2)]).when({ type: 'Tombstone', recordId: ID }).then(null);
  });

  it('counts contacts per channel and keeps when the folio arrived and was delivered', () => {
    const row = recordRowOf(state(8));
    expect(row).toMatchObject({
      status: 'delivered',
      callAttempts: 1,
      emailAttempts: 0,
      lastChannel: 'CALL',
      nextAction: null,
      folioReceivedAt: state(6).updatedAt,
      deliveredAt: state(8).updatedAt,
      lastReason: { code: 'FOLIO_DELIVERED', message: 'FolioDelivered happened', field: null },
    });
    expect(row.folio).toMatchObject({ totalMinor: 31_000 });
  });

  it('gives one timeline row per history entry, numbered by version', () => {
    const rows = historyRowsOf(state(8));
    expect(rows.map((r) => [r.seq, r.type, r.status])).toEqual([
      [1, 'RecordReceived', 'received'],
      [2, 'RecordQueued', 'queued'],
      [3, 'RecordScheduled', 'scheduled'],
      [4, 'RecordContacted', 'in_call'],
      [5, 'RecordAwaitingFolio', 'awaiting_folio'],
      [6, 'FolioReceived', 'folio_received'],
      [7, 'FolioExtracted', 'extracted'],
      [8, 'FolioDelivered', 'delivered'],
    ]);
  });

  it('publishes a status with the status changes only and the delivery time', () => {
    const status = recordStatusOf(state(8));
    expect(status).toMatchObject({ recordId: ID, status: 'DELIVERED', version: 8, callAttempts: 1, emailAttempts: 0, deliveredAt: state(8).updatedAt });
    expect(status.timeline).toHaveLength(8);
    const repeated = timelineOf([...state(2).history, { ...state(2).history[1]!, version: 3 }]);
    expect(repeated.map((c) => c.status)).toEqual(['RECEIVED', 'QUEUED']);
  });

  it('ends at the newest version whatever the order and repetition of deliveries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 30 }), (versions) => {
        const row = versions.map(v).reduce<RecordRow | null>(projectRecord, null);
        expect(row).toEqual(recordRowOf(state(Math.max(...versions))));
      }),
    );
  });
});
