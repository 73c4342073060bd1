import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor.js';

describe('record cursors', () => {
  it('decode what they encode, for any instant and record id', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), fc.uuid(), (createdAt, recordId) => {
        expect(decodeCursor(encodeCursor({ createdAt, recordId }))).toEqual({ createdAt, recordId: recordId.toLowerCase() });
      }),
    );
  });

  it('refuse anything else with INVALID_CURSOR', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const decoded = decodeCursor(text);
          // The rare string that happens to be a valid cursor must round-trip.
          expect(encodeCursor(decoded)).toBeDefined();
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
          expect((error as InvalidCursorError).code).toBe('INVALID_CURSOR');
        }
      }),
    );
    expect(() => decodeCursor(Buffer.from('["2026-01-01T00:00:00Z","not-a-uuid"]').toString('base64url'))).toThrow(InvalidCursorError);
  });
});
