// The errors decide throws: stable codes a producer or operator can act on.
import { IllegalStateError, ValidationError } from '@folio/errors';
import type { Reason } from '@folio/contracts';

/** A RecordCreated was refused; `reasons` names every failing field at once. */
export class InvalidRecordError extends ValidationError {
  readonly reasons: readonly Reason[];

  constructor(reasons: readonly Reason[]) {
    super(reasons.map((r) => ({ field: r.field ?? '', reason: `${r.code}: ${r.message}` })), 'INVALID_RECORD');
    this.reasons = reasons;
  }
}

/** Stable codes of IllegalStateError thrown by decide. */
export type IllegalStateCode =
  | 'RECORD_NOT_FOUND'
  | 'RECORD_FINISHED'
  | 'ILLEGAL_TRANSITION'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'TENANT_MISMATCH';

export function illegalState(code: IllegalStateCode, message: string, details: Record<string, unknown> = {}): IllegalStateError {
  return new IllegalStateError(code, message, { details });
}
