import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { collapseSpelling, findConfirmations, findDates, findEmail, findGuestName, normaliseConfirmation, recognise, seededRandom } from './index.js';

describe('what a front desk understands', () => {
  it('reads written and spoken email addresses', () => {
    expect(findEmail('send it to Folios+T1@Acme.test.')).toBe('folios+t1@acme.test');
    expect(findEmail('send it to folios plus t1 at acme dot test please')).toBe('folios+t1@acme.test');
    expect(findEmail('no address here')).toBeUndefined();
  });

  it('collapses a spelled confirmation number', () => {
    expect(collapseSpelling('it is A B C 1 2 3 thanks')).toBe('it is ABC123 thanks');
    expect(findConfirmations('confirmation A-B-C-1-2-3')).toEqual(['ABC123']);
  });

  it('reads ISO and spoken dates in order', () => {
    expect(findDates('from March 3, 2026 to 2026-03-05')).toEqual(['2026-03-03', '2026-03-05']);
    expect(findDates('from 3rd March 2026')).toEqual(['2026-03-03']);
  });

  it('finds a confirmation number however it is spaced (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}[0-9]{4,6}$/), (confirmation) => {
        const spelled = confirmation.split('').join(' ');
        expect(findConfirmations(`the confirmation number is ${spelled}, thank you`).map(normaliseConfirmation)).toContain(confirmation);
      }),
    );
  });
});

describe('speech recognition noise', () => {
  it('is clean and confident without noise', () => {
    const r = recognise('I will email the folio', 0, seededRandom('x'));
    expect(r.text).toBe('I will email the folio');
    expect(r.confidence).toBeGreaterThan(0.85);
  });

  it('repeats for the same seed and lowers confidence with noise', () => {
    const a = recognise('Yes I will send the folio right away to your email', 0.8, seededRandom('CA1'));
    const b = recognise('Yes I will send the folio right away to your email', 0.8, seededRandom('CA1'));
    expect(a).toEqual(b);
    expect(a.confidence).toBeLessThan(0.6);
  });
});

describe('the guest a request is for', () => {
  it('prefers the guest cue over other names in the sentence', () => {
    expect(findGuestName('I am calling on behalf of Acme about the folio for guest John Smith')).toBe('John Smith');
    expect(findGuestName('the invoice of Mrs. Jane Doe please')).toBe('Jane Doe');
    expect(findGuestName('a reservation under the name Garcia')).toBe('Garcia');
  });
});
