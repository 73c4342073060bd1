import { describe, it, expect } from '@jest/globals';
import { folioSummary } from './delivery.js';

const folio = {
  folioNumber: 'F-7',
  hotelName: 'Grand Plaza',
  guestName: 'Ada Lovelace',
  confirmationNumber: 'GP1',
  roomNumber: '12',
  stay: { checkIn: '2026-11-10', checkOut: '2026-11-12' },
  currency: 'EUR',
  lineItems: [],
  totalMinor: 30_300,
  confidence: 0.97,
  taxes: null,
  fieldConfidence: null,
};

describe('the note of a delivery email', () => {
  it('states the figures read from the folio in a form every template language can carry', () => {
    expect(folioSummary(folio)).toBe('Folio F-7 · Ada Lovelace · 2026-11-10 – 2026-11-12 · 303.00 EUR');
  });

  it('leaves out what was not read, and is absent when nothing was', () => {
    expect(folioSummary({ ...folio, folioNumber: null, stay: null, currency: null })).toBe('Ada Lovelace · 303.00');
    expect(folioSummary({ ...folio, folioNumber: null, guestName: null, stay: null, totalMinor: null })).toBeNull();
  });
});
