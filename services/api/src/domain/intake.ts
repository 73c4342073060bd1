// What the API publishes for a validated request and how a repeated submission is recognised. Pure: ids,
// clock and what was submitted before come in as arguments.
import { createHash } from 'node:crypto';
import { recordIdFor, type IntakeSource, type RecordCancelled, type RecordCreated } from '@folio/contracts';
import type { RequestInput } from './request-input.js';

/** The SHA-256 hex of a request's validated content: equal content, equal fingerprint. */
export function fingerprintOf(input: RequestInput): string {
  // Keys in a fixed order so the fingerprint does not depend on how the client ordered its JSON.
  const canonical = JSON.stringify(Object.keys(input).sort().map((k) => [k, input[k as keyof RequestInput]]));
  return createHash('sha256').update(canonical).digest('hex');
}

/** A submission the API accepted before (from its own submissions table). */
export interface PriorSubmission {
  readonly recordId: string;
  readonly fingerprint: string;
}

/** What to do with one validated submission. */
export type IntakeDecision =
  | { readonly kind: 'publish'; readonly recordId: string; readonly externalId: string }
  | { readonly kind: 'replay'; readonly recordId: string }
  | { readonly kind: 'conflict'; readonly code: 'DUPLICATE_EXTERNAL_ID' | 'IDEMPOTENCY_KEY_REUSED'; readonly field: string; readonly reason: string };

/**
 * Decides whether a submission is new, a repeat (answer as before, publish nothing) or a conflicting reuse.
 * `byKey` is the prior submission under the same Idempotency-Key, `byRecordId` the one under the recordId
 * the externalId maps to; `newId` (a random UUID) is the externalId of a new request
 * that has none.
 */
export function decideIntake(args: {
  readonly tenantId: string;
  readonly input: RequestInput;
  readonly fingerprint: string;
  readonly byKey: PriorSubmission | undefined;
  readonly byRecordId: PriorSubmission | undefined;
  readonly newId: string;
}): IntakeDecision {
  const { input, fingerprint, byKey, byRecordId } = args;
  if (byKey) {
    if (byKey.fingerprint !== fingerprint) {
      return { kind: 'conflict', code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key', reason: 'was already used for a different request' };
    }
    return { kind: 'replay', recordId: byKey.recordId };
  }
  if (byRecordId) {
    if (byRecordId.fingerprint !== fingerprint) {
      return { kind: 'conflict', code: 'DUPLICATE_EXTERNAL_ID', field: 'externalId', reason: 'a different request with this externalId exists' };
    }
    return { kind: 'replay', recordId: byRecordId.recordId };
  }
  // Without an externalId a random one stands in (the contract requires one), and the recordId is derived from
  // it like any other: the records service refuses a recordId that is not recordIdFor(tenantId, externalId).
  const externalId = input.externalId ?? args.newId;
  return { kind: 'publish', recordId: recordIdFor(args.tenantId, externalId), externalId };
}

export function recordCreated(input: RequestInput, ids: { tenantId: string; recordId: string; externalId: string }, source: IntakeSource, now: Date): RecordCreated {
  return {
    recordId: ids.recordId,
    tenantId: ids.tenantId,
    externalId: ids.externalId,
    guestFirstName: input.guestFirstName,
    guestLastName: input.guestLastName,
    confirmationNumber: input.confirmationNumber,
    stay: { checkIn: input.checkIn, checkOut: input.checkOut },
    hotelPhone: input.hotelPhone,
    hotelName: input.hotelName,
    hotelAddress: input.hotelAddress,
    hotelTimeZone: input.hotelTimeZone,
    hotelEmail: input.hotelEmail,
    destinationEmail: input.destinationEmail,
    notes: input.notes,
    source,
    createdAt: now,
  };
}

export function recordCancelled(args: { tenantId: string; recordId: string; reason: string | null; cancelledBy: string; now: Date }): RecordCancelled {
  return { recordId: args.recordId, tenantId: args.tenantId, externalId: null, reason: args.reason, cancelledBy: args.cancelledBy, occurredAt: args.now, version: null };
}
