import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { recordIdFor } from '@folio/contracts';
import { decideIntake, fingerprintOf } from './intake.js';
import type { RequestInput } from './request-input.js';

const tenantId = 'tenant-1';
const input: RequestInput = {
  externalId: 'trip-42',
  guestFirstName: 'Ana',
  guestLastName: 'Souza',
  confirmationNumber: 'R1',
  checkIn: '2026-11-02',
  checkOut: '2026-11-04',
  hotelPhone: '+14155552671',
  hotelName: null,
  hotelAddress: null,
  hotelTimeZone: null,
  hotelEmail: null,
  destinationEmail: 'a@acme.example',
  notes: null,
};
const newId = '7d9f2d8e-35c4-4d7e-9b0a-0a4a3c9e1f11';
const fp = fingerprintOf(input);

describe('decideIntake', () => {
  it('publishes a new request under recordIdFor(tenant, externalId)', () => {
    expect(decideIntake({ tenantId, input, fingerprint: fp, byKey: undefined, byRecordId: undefined, newId })).toEqual({
      kind: 'publish',
      recordId: recordIdFor(tenantId, 'trip-42'),
      externalId: 'trip-42',
    });
  });

  it('gives a request without externalId a random one and derives the recordId from it', () => {
    const decision = decideIntake({ tenantId, input: { ...input, externalId: null }, fingerprint: fp, byKey: undefined, byRecordId: undefined, newId });
    expect(decision).toEqual({ kind: 'publish', recordId: recordIdFor(tenantId, newId), externalId: newId });
  });

  it('replays a repeat with the same content, by externalId or by Idempotency-Key', () => {
    const prior = { recordId: 'r-1', fingerprint: fp };
    expect(decideIntake({ tenantId, input, fingerprint: fp, byKey: undefined, byRecordId: prior, newId })).toEqual({ kind: 'replay', recordId: 'r-1' });
    expect(decideIntake({ tenantId, input: { ...input, externalId: null }, fingerprint: fp, byKey: prior, byRecordId: undefined, newId })).toEqual({ kind: 'replay', recordId: 'r-1' });
  });

  it('refuses different content under a used externalId or Idempotency-Key', () => {
    const prior = { recordId: 'r-1', fingerprint: 'f'.repeat(64) };
    expect(decideIntake({ tenantId, input, fingerprint: fp, byKey: undefined, byRecordId: prior, newId })).toMatchObject({ kind: 'conflict', code: 'DUPLICATE_EXTERNAL_ID', field: 'externalId' });
    expect(decideIntake({ tenantId, input, fingerprint: fp, byKey: prior, byRecordId: undefined, newId })).toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
  });

  it('fingerprints content, not key order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.keys(input), { minLength: Object.keys(input).length }), (keys) => {
        const reordered = Object.fromEntries(keys.map((k) => [k, input[k as keyof RequestInput]])) as unknown as RequestInput;
        expect(fingerprintOf(reordered)).toBe(fp);
      }),
    );
    expect(fingerprintOf({ ...input, notes: 'x' })).not.toBe(fp);
  });
});
