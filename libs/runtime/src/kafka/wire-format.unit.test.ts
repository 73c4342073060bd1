import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { PoisonMessageError } from '@folio/errors';
import { decodeWire, encodeWire, topicRecordSubject } from './wire-format.js';

describe('wire format', () => {
  it('round-trips any schema id and body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.uint8Array({ maxLength: 64 }), (id, body) => {
        const decoded = decodeWire(encodeWire(id, Buffer.from(body)));
        expect(decoded.schemaId).toBe(id);
        expect([...decoded.body]).toEqual([...body]);
      }),
    );
  });

  it('writes magic byte 0 and a big-endian id', () => {
    expect([...encodeWire(258, Buffer.from([7]))]).toEqual([0, 0, 0, 1, 2, 7]);
  });

  it('calls bytes without the magic byte or too short a poison message', () => {
    expect(() => decodeWire(Buffer.from('{"json":true}'))).toThrow(PoisonMessageError);
    expect(() => decodeWire(Buffer.from([0, 0, 1]))).toThrow(/fewer than the 5-byte/);
    try {
      decodeWire(Buffer.from([1, 0, 0, 0, 1]));
    } catch (e) {
      expect((e as PoisonMessageError).code).toBe('UNDECODABLE_MESSAGE');
    }
  });

  it('names subjects by topic and record', () => {
    expect(topicRecordSubject('folio.intake.v1', 'io.folio.intake.RecordCreated')).toBe('folio.intake.v1-io.folio.intake.RecordCreated');
  });
});
