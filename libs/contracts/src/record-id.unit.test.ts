import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { recordIdFor, uuidV5 } from './record-id.js';

describe('recordIdFor', () => {
  it('computes RFC 9562 UUID v5 (known vector: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable for a pair and matches Python uuid.uuid5', () => {
    expect(recordIdFor('acme', 'exp-42')).toBe('bf3e05af-611e-5a05-a1f5-d10d039c847a');
    expect(recordIdFor('acme', 'exp-42')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives different pairs different ids', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (tenant, a, b) => {
        fc.pre(a !== b);
        expect(recordIdFor(tenant, a)).not.toBe(recordIdFor(tenant, b));
      }),
    );
  });
});
