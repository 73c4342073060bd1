import { describe, expect, it } from '@jest/globals';
import type { Batch, Call, Hotel } from '@folio/contracts';
import { projectBatch } from './batches.js';
import { projectCall } from './calls.js';
import { projectHotel } from './hotels.js';

const at = new Date('2026-03-02T10:00:00Z');
const batch = (version: number): Batch => ({
  hotelPhone: '+15015551234',
  batchId: 'b-1',
  status: version > 1 ? 'DISPATCHED' : 'OPEN',
  channel: 'CALL',
  entries: [
    {
      recordId: '6F1C1B9E-3B0E-4F53-9A57-0D5D1F3A2B10',
      tenantId: 't-b',
      sequence: 0,
      guestFirstName: 'Ada',
      guestLastName: 'Lovelace',
      confirmationNumber: 'C1',
      stay: { checkIn: '2026-02-26', checkOut: '2026-02-28' },
      reference: 'R1',
      replyToAddress: 'inbox+r1@example.com',
      attempt: 1,
      queuedAt: at,
    } as Batch['entries'][number],
  ],
  estimatedDurationSeconds: 90,
  hotelTimeZone: null,
  scheduledFor: null,
  dispatchedAt: null,
  callId: null,
  emailId: null,
  version,
  createdAt: at,
  updatedAt: at,
  waiting: [],
  hotelName: null,
  hotelEmail: null,
});

describe('batch projection', () => {
  it('keeps record ids and tenants of the entries, never guest names', () => {
    const row = projectBatch(null, { type: 'Batch', batch: batch(1) })!;
    expect(row.recordIds).toEqual(['6f1c1b9e-3b0e-4f53-9a57-0d5d1f3a2b10']);
    expect(row.tenantIds).toEqual(['t-b']);
    expect(JSON.stringify(row)).not.toContain('Lovelace');
  });
  it('ignores older versions and the hotel-has-no-batch tombstone', () => {
    const row = projectBatch(null, { type: 'Batch', batch: batch(2) });
    expect(projectBatch(row, { type: 'Batch', batch: batch(1) })).toBe(row);
    expect(projectBatch(row, { type: 'Tombstone', hotelPhone: '+15015551234' })).toBe(row);
  });
});

describe('call and hotel projections', () => {
  const call = { callId: 'c-1', batchId: 'b-1', hotelPhone: '+15015551234', status: 'ENDED', connectionType: 'HUMAN', providerCallId: null, recordIds: [], ivrSteps: [], turns: [], outcomes: [], placedAt: at, connectedAt: null, endedAt: null, endReason: null, recordingKey: 'rec/c-1.wav', version: 3, updatedAt: at } as Call;
  it('erases a call on its tombstone and ignores an older version', () => {
    const row = projectCall(null, { type: 'Call', call });
    expect(row?.recordingKey).toBe('rec/c-1.wav');
    expect(projectCall(row, { type: 'Call', call: { ...call, version: 2 } })).toBe(row);
    expect(projectCall(row, { type: 'Tombstone', callId: 'c-1' })).toBeNull();
  });
  const hotel = { hotelPhone: '+15015551234', name: 'H', address: null, timeZone: 'Europe/Paris', email: null, contactPreference: 'CALL', leaveVoicemail: false, businessHours: [], ivrPath: [], answerStats: [], version: 2, updatedAt: at, ivrNavigationSeconds: null } as unknown as Hotel;
  it('forgets a hotel on its tombstone and keeps the newest version', () => {
    const row = projectHotel(null, { type: 'Hotel', hotel });
    expect(projectHotel(row, { type: 'Hotel', hotel: { ...hotel, version: 1, name: 'old' } })).toBe(row);
    expect(projectHotel(row, { type: 'Hotel', hotel: { ...hotel, version: 3, name: 'new' } })?.name).toBe('new');
    expect(projectHotel(row, { type: 'Tombstone', hotelPhone: hotel.hotelPhone })).toBeNull();
  });
});
