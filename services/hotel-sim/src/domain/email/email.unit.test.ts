import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { findDates, isRequest, readRequestEmail, type RequestEmail } from './request-email.js';
import { planReply } from './reply.js';
import { DEFAULT_EMAIL_DESK, type EmailDesk, type Hotel } from '../hotel/persona.js';
import { renderRequest, type RequestedStay } from '../../../test/support/mailer-request.js';

const STAYS: RequestedStay[] = [
  { firstName: 'John', lastName: 'Smith', confirmation: 'ABC123', checkIn: '2026-09-03', checkOut: '2026-09-06', reference: 'FOL-0001' },
  { firstName: 'Zoë', lastName: 'Müller-Lüdenscheidt', confirmation: 'HX-99812', checkIn: '2026-06-28', checkOut: '2026-07-02', reference: 'FOL-0002' },
  { firstName: 'Ana', lastName: 'García', confirmation: '7730041', checkIn: '2026-12-30', checkOut: '2027-01-02', reference: 'FOL-0003' },
];

describe('a request email as the mailer writes it', () => {
  for (const purpose of ['FOLIO_REQUEST', 'FOLLOW_UP'] as const) {
    for (const language of ['en', 'de', 'fr', 'es'] as const) {
      it(`is read in ${language} (${purpose}): every guest, confirmation, stay, reference and the reply token`, async () => {
        const email = await renderRequest({ purpose, language, stays: STAYS, inbox: 'folios@folio.test', emailId: `e-${language}`, batchId: 'batch-1' });
        const read = readRequestEmail({ messageId: email.messageId, subject: email.subject, from: 'folios@folio.test', replyTo: email.replyTo, text: email.text, html: email.html });
        expect(isRequest(read)).toBe(true);
        const request = read as RequestEmail;
        expect(request.replyTo).toBe(email.replyTo);
        expect(request.token).toBe(email.replyToken);
        expect(request.references).toEqual([email.messageId]);
        expect(request.entries).toEqual(
          STAYS.map((s) => ({ guest: `${s.firstName} ${s.lastName}`, confirmation: s.confirmation, checkIn: s.checkIn, checkOut: s.checkOut, reference: s.reference })),
        );
      });

      it(`is read from its HTML part alone in ${language} (${purpose})`, async () => {
        const email = await renderRequest({ purpose, language, stays: STAYS.slice(0, 2), inbox: 'folios@folio.test', emailId: `h-${language}` });
        const read = readRequestEmail({ subject: email.subject, replyTo: email.replyTo, html: email.html });
        expect(isRequest(read) && read.entries.map((e) => [e.guest, e.confirmation, e.checkIn, e.checkOut])).toEqual([
          ['John Smith', 'ABC123', '2026-09-03', '2026-09-06'],
          ['Zoë Müller-Lüdenscheidt', 'HX-99812', '2026-06-28', '2026-07-02'],
        ]);
      });
    }
  }

  it('is read back exactly for any guests, confirmation numbers, stays, references and language (property)', async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzàáâäçèéêëíîïñóôöúüßø';
    const nameWord = fc
      .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 10 })
      .map((cs) => cs[0]!.toUpperCase() + cs.slice(1).join(''));
    const name = fc.tuple(fc.array(nameWord, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-', "'")).map(([ws, sep]) => ws.join(sep));
    const code = fc
      .tuple(fc.array(fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-'), { minLength: 3, maxLength: 11 }), fc.integer({ min: 0, max: 9 }))
      .map(([cs, digit]) => `${cs.join('').replace(/^-+/, '')}${digit}`);
    const stay = fc
      .tuple(name, name, code, fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 30 }), code)
      .map(([firstName, lastName, confirmation, start, nights, reference]): RequestedStay => {
        const checkIn = start.toISOString().slice(0, 10);
        const checkOut = new Date(Date.parse(`${checkIn}T00:00:00Z`) + nights * 86_400_000).toISOString().slice(0, 10);
        return { firstName, lastName, confirmation, checkIn, checkOut, reference: `FOL-${reference}` };
      });
    await fc.assert(
      fc.asyncProperty(fc.array(stay, { minLength: 1, maxLength: 4 }), fc.constantFrom('en', 'de', 'fr', 'es' as const), fc.constantFrom('FOLIO_REQUEST', 'FOLLOW_UP' as const), async (stays, language, purpose) => {
        const email = await renderRequest({ purpose, language, stays, inbox: 'folios@folio.test', emailId: 'p-1', batchId: 'b-1' });
        const read = readRequestEmail({ subject: email.subject, replyTo: email.replyTo, text: email.text });
        expect(isRequest(read) && read.entries).toEqual(
          stays.map((s) => ({ guest: `${s.firstName} ${s.lastName}`, confirmation: s.confirmation, checkIn: s.checkIn, checkOut: s.checkOut, reference: s.reference })),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('takes the token from the subject when the Reply-To has none, and answers From without a Reply-To', () => {
    const read = readRequestEmail({ subject: 'Demande de facture : X, confirmation 1 [réf. tok_42ab]', from: 'ops@agency.test', text: '- Jean Dupont, numéro 12345, du 3 sept. 2026 au 5 sept. 2026 (référence R1)' });
    expect(isRequest(read) && [read.replyTo, read.token, read.entries[0]]).toEqual([
      'ops@agency.test',
      'tok_42ab',
      { guest: 'Jean Dupont', confirmation: '12345', checkIn: '2026-09-03', checkOut: '2026-09-05', reference: 'R1' },
    ]);
  });

  it('is no request without list lines naming a confirmation number, or without any address to answer', () => {
    expect(readRequestEmail({ from: 'a@b.test', text: 'Hello,\n- please call us back\n- thanks' })).toEqual({ reason: 'no-entries' });
    expect(readRequestEmail({ text: '- John Smith, confirmation ABC123' })).toEqual({ reason: 'no-reply-address' });
  });
});

describe('dates', () => {
  it('are read in ISO, day-first numerals and month names of four languages', () => {
    expect(findDates('2026-11-03 / 03.11.2026 / 3/11/2026 / 3 Nov 2026 / 3 Sept 2026 / 3. März 2026 / 3 févr. 2026 / 3 juil. 2026 / 3 juin 2026 / 3 de diciembre de 2026 / 3 ago 2026 / Nov 3, 2026')).toEqual([
      '2026-11-03', '2026-11-03', '2026-11-03', '2026-11-03', '2026-09-03', '2026-03-03', '2026-02-03', '2026-07-03', '2026-06-03', '2026-12-03', '2026-08-03', '2026-11-03',
    ]);
  });

  it('skips impossible dates and words that are no month', () => {
    expect(findDates('31.02.2026, 3 Ohio 2026, 2026-13-01')).toEqual([]);
  });
});

const request: RequestEmail = {
  messageId: '<e1@folio.test>',
  references: ['<e1@folio.test>'],
  subject: 'Folio request: John Smith, confirmation ABC123 and 2 more [ref t0k3n]',
  replyTo: 'folios+t0k3n@folio.test',
  token: 't0k3n',
  entries: [
    { guest: 'John Smith', confirmation: 'ABC123', checkIn: '2026-09-03', checkOut: '2026-09-06', reference: 'R1' },
    { guest: 'Mary Jones', confirmation: 'J-777', reference: 'R2' },
    { guest: 'Ana García', confirmation: '7730041', reference: 'R3' },
  ],
};

function hotel(desk?: Partial<EmailDesk>): Hotel {
  return {
    phone: '+15550100019',
    name: 'Mailbox Inn',
    address: '9 Letter Lane',
    email: 'desk@mailbox-inn.test',
    persona: {
      connection: { kind: 'answers' },
      ringSeconds: 1,
      greeting: 'Hello',
      voicemailGreeting: 'Beep',
      replyDelaySeconds: 1,
      wordsPerMinute: 160,
      holdOnPickupSeconds: 0,
      asrNoise: 0,
      asksToSpell: false,
      answer: { kind: 'agree', sends: true, sendAfterSeconds: 1 },
      reservations: [],
      knownGuestsOnly: false,
      nightlyRate: 100,
      currency: 'EUR',
      ...(desk ? { emailDesk: { ...DEFAULT_EMAIL_DESK, ...desk } } : {}),
    },
  };
}

describe('the answer to a request email', () => {
  it('by default: every folio in one email after 600 simulated seconds, subject "Re: …"', () => {
    const plan = planReply(hotel(), request);
    expect(plan.kind === 'reply' && [plan.afterSeconds, plan.emails.length, plan.emails[0]!.subject, plan.emails[0]!.folios]).toEqual([600, 1, `Re: ${request.subject}`, request.entries]);
    expect(plan.kind === 'reply' && plan.emails[0]!.text).not.toMatch(/could not find/);
  });

  it('one email per folio when the persona says so', () => {
    const plan = planReply(hotel({ oneEmailPerFolio: true, replyAfterSeconds: 30 }), request);
    expect(plan.kind === 'reply' && plan.emails.map((e) => e.folios.map((f) => f.confirmation))).toEqual([['ABC123'], ['J-777'], ['7730041']]);
  });

  it('some: every second folio is not found, said in the answer', () => {
    const plan = planReply(hotel({ replies: 'some' }), request);
    expect(plan.kind === 'reply' && plan.emails.map((e) => e.folios.map((f) => f.guest))).toEqual([['John Smith', 'Ana García']]);
    expect(plan.kind === 'reply' && plan.emails[0]!.text).toMatch(/could not find a reservation for:\n- Mary Jones, confirmation number J-777/);
  });

  it('some, with names: the listed guests (last name, accents aside) or confirmation numbers are not found', () => {
    const plan = planReply(hotel({ replies: 'some', notFound: ['garcia', 'ABC123'] }), request);
    expect(plan.kind === 'reply' && plan.emails[0]!.folios.map((f) => f.guest)).toEqual(['Mary Jones']);
    const none = planReply(hotel({ replies: 'some', notFound: ['Smith', 'Jones', 'García'], oneEmailPerFolio: true }), request);
    expect(none.kind === 'reply' && none.emails.map((e) => [e.folios.length, /could not find reservations/.test(e.text)])).toEqual([[0, true]]);
  });

  it('never: no answer', () => {
    expect(planReply(hotel({ replies: 'never' }), request)).toEqual({ kind: 'ignore' });
  });

  it('keeps a subject that already starts with Re:', () => {
    const plan = planReply(hotel(), { ...request, subject: 'RE: folio' });
    expect(plan.kind === 'reply' && plan.emails[0]!.subject).toBe('RE: folio');
  });
});
