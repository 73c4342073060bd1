import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { ACCEPT_AT, canonicalCode, matchMail, type InboundMail, type OpenRequest } from './index.js';

const LOOK_ALIKE: Readonly<Record<string, string>> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B', '2': 'Z' };

/** A confirmation number as a person or an OCR engine may render it: case, separators, look-alikes. */
const noisy = (code: string) =>
  fc.array(fc.record({ sep: fc.constantFrom('', '', '', ' ', '-'), lower: fc.boolean(), swap: fc.boolean() }), { minLength: code.length, maxLength: code.length }).map((noise) =>
    [...code]
      .map((c, i) => {
        const n = noise[i]!;
        const ch = n.swap && LOOK_ALIKE[c] ? LOOK_ALIKE[c]! : c;
        return (i > 0 ? n.sep : '') + (n.lower ? ch.toLowerCase() : ch);
      })
      .join(''),
  );

const code = fc.stringMatching(/^[A-Z]{2}[0-9]{6,8}$/);
const name = fc.stringMatching(/^[A-Z][a-z]{4,9}$/);
const request = (i: number) =>
  fc.record({ first: name, last: name, conf: code }).map(
    (r): OpenRequest => ({ recordId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tenantId: 't', status: 'emailed', guestFirstName: r.first, guestLastName: r.last, confirmationNumber: r.conf, hotelPhone: '+15015550100' }),
  );

function mail(subject: string, text = ''): InboundMail {
  return { messageId: '<m@x>', inReplyTo: null, references: [], from: 'a@gmail.com', recipients: ['folios@folio.test'], subject, text, attachments: [{ index: 0, filename: 'f.pdf', contentType: 'application/pdf', sizeBytes: 1 }] };
}

describe('matching properties', () => {
  it('reads a confirmation number the same through case, separators and OCR look-alikes', () => {
    fc.assert(fc.property(code.chain((c) => fc.tuple(fc.constant(c), noisy(c))), ([c, n]) => canonicalCode(n) === canonicalCode(c)));
  });

  it('matches the request a hotel-sim style subject names, with a noisy number, among others', () => {
    fc.assert(
      fc.property(fc.tuple(request(1), request(2), request(3), request(4)), fc.nat(3), (requests, pick) => {
        fc.pre(new Set(requests.map((r) => canonicalCode(r.confirmationNumber))).size === requests.length);
        fc.pre(new Set(requests.map((r) => r.guestLastName)).size === requests.length);
        const target = requests[pick]!;
        return fc.assert(
          fc.property(noisy(target.confirmationNumber), (n) => {
            const result = matchMail({ mail: mail(`Folio for ${target.guestFirstName} ${target.guestLastName}, confirmation ${n}`), sentEmails: [], requests, hotelDomains: new Map() });
            expect(result.matches.map((m) => m.recordId)).toEqual([target.recordId]);
          }),
          { numRuns: 5 },
        ) ?? true;
      }),
      { numRuns: 100 },
    );
  });

  it('never accepts a match below the bar, whatever the text', () => {
    fc.assert(
      fc.property(fc.tuple(request(1), request(2)), fc.string({ maxLength: 200 }), (requests, text) => {
        const result = matchMail({ mail: mail('x', text), sentEmails: [], requests, hotelDomains: new Map() });
        for (const m of result.matches) expect(m.confidence).toBeGreaterThanOrEqual(ACCEPT_AT);
        if (result.matches.length === 0) expect(result.method).toBe('UNMATCHED');
      }),
    );
  });
});
