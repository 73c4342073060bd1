import { describe, it, expect } from '@jest/globals';
import { DomainError, InfraError, ValidationError, causeMessage, errorCode, isRetriable } from './index.js';

describe('errors', () => {
  it('marks infrastructure errors retriable as told and domain errors never', () => {
    expect(isRetriable(new InfraError('DB_DOWN', 'database unreachable', { retriable: true }))).toBe(true);
    expect(isRetriable(new InfraError('BAD_CREDENTIALS', 'login refused', { retriable: false }))).toBe(false);
    expect(isRetriable(new DomainError('INVALID_HOTEL_PHONE', '"+1 555" is not a dialable number'))).toBe(false);
    expect(isRetriable({ retriable: true })).toBe(true);
    expect(isRetriable(new Error('plain'))).toBe(false);
  });

  it('lists every field of a validation error in its message', () => {
    const e = new ValidationError([
      { field: 'hotelPhone', reason: 'not a dialable number' },
      { field: 'checkOut', reason: 'must be after checkIn' },
    ]);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toBe('hotelPhone: not a dialable number; checkOut: must be after checkIn');
  });

  it('gives codes and causes for any error', () => {
    expect(errorCode(new Error('x'), 'HANDLER_FAILED')).toBe('HANDLER_FAILED');
    expect(errorCode(new DomainError('CODE_X', 'm'))).toBe('CODE_X');
    expect(causeMessage(new InfraError('A', 'outer', { retriable: true, cause: new Error('inner') }))).toBe('inner');
    expect(causeMessage(new Error('alone'))).toBeNull();
  });
});
