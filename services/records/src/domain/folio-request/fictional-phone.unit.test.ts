import { describe, it, expect } from '@jest/globals';
import { normaliseHotelPhone } from './validation.js';

describe('hotel phones reserved for fiction (the simulated hotels)', () => {
  it('are refused unless the service is configured to accept them', () => {
    expect(normaliseHotelPhone('+15550100001', 'US')).toBeNull();
    expect(normaliseHotelPhone('+15550100001', 'US', true)).toBe('+15550100001');
    expect(normaliseHotelPhone('(555) 010-0007', 'US', true)).toBe('+15550100007');
    // Accepting fiction does not accept numbers that are neither valid nor fictional.
    expect(normaliseHotelPhone('+1555', 'US', true)).toBeNull();
    expect(normaliseHotelPhone('+14155552671', 'US')).toBe('+14155552671');
  });
});
