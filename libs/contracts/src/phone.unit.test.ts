import { describe, it, expect } from '@jest/globals';
import { isFictionalNumber } from './phone.js';

describe('fictional numbers', () => {
  it('are the North American 555-0100 to 555-0199 lines and area code 555 only', () => {
    expect(isFictionalNumber('+15550100001')).toBe(true);
    expect(isFictionalNumber('+12125550199')).toBe(true);
    expect(isFictionalNumber('+12125550200')).toBe(false);
    expect(isFictionalNumber('+14155552671')).toBe(false);
    expect(isFictionalNumber('+442075550100')).toBe(false);
    expect(isFictionalNumber('+1555010000')).toBe(false);
  });
});
