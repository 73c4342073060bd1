// The one error taxonomy of Folio: DomainError codes a user can act on, InfraError with `retriable` and `cause`.

/** A rule of the domain was broken; `code` is stable SCREAMING_SNAKE, `message` says what to do about it. */
export class DomainError extends Error {
  readonly code: string;
  readonly retriable = false;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** One field that failed validation, named by its path in the input (e.g. `hotelPhone`, `rows[3].checkIn`). */
export interface FieldIssue {
  readonly field: string;
  readonly reason: string;
}

/** Input was rejected; every failing field is listed, never just the first. */
export class ValidationError extends DomainError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], code = 'VALIDATION_FAILED', options: { cause?: unknown } = {}) {
    super(code, issues.map((i) => `${i.field}: ${i.reason}`).join('; ') || 'invalid input', options);
    this.issues = issues;
  }
}

/** A command does not apply to the aggregate's current state (e.g. cancelling a delivered request). */
export class IllegalStateError extends DomainError {}

/** A write lost a race against a concurrent writer; retrying with fresh state may succeed. */
export class ConcurrencyError extends DomainError {}

/** A dependency failed (broker, registry, database, provider). `retriable` says whether trying again can help. */
export class InfraError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InfraError';
    this.code = code;
    this.retriable = options.retriable;
  }
}

/** A message's bytes or schema cannot be understood: never retried, always dead-lettered. */
export class PoisonMessageError extends DomainError {}

/** True when trying the same operation again may succeed (InfraError, kafkajs errors and others carrying `retriable`). */
export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}

/** The stable code of an error, or the fallback for errors outside the taxonomy. */
export function errorCode(error: unknown, fallback = 'UNEXPECTED_ERROR'): string {
  if (error instanceof DomainError || error instanceof InfraError) return error.code;
  return fallback;
}

/** The message of an error of any shape. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The message of the error's cause, when it has one. */
export function causeMessage(error: unknown): string | null {
  if (error instanceof Error && error.cause !== undefined) return errorMessage(error.cause);
  return null;
}
