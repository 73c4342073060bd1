import { describe, it, expect } from '@jest/globals';
import {
  ACCEPT_AT,
  assignAttachments,
  canonicalCode,
  codeCandidates,
  editDistance,
  judgeAttachment,
  lookupKeys,
  matchMail,
  nameWords,
  referenceFor,
  words,
  type InboundMail,
  type MatchInput,
  type OpenRequest,
  type SentEmail,
} from './index.js';

const ADA: OpenRequest = { recordId: '0a1b2c3d-4e5f-4a6b-8c7d-000000000001', tenantId: 't1', status: 'emailed', guestFirstName: 'Ada', guestLastName: 'Lovelace', confirmationNumber: 'HX-458812', hotelPhone: '+15015550100' };
const ZOE: OpenRequest = { recordId: '5c9d2c3d-4e5f-4a6b-8c7d-000000000002', tenantId: 't1', status: 'emailed', guestFirstName: 'Zoë', guestLastName: 'Núñez García', confirmationNumber: '77310452', hotelPhone: '+15015550100' };
const BOB: OpenRequest = { recordId: '1f2e3d4c-0000-4000-8000-000000000003', tenantId: 't1', status: 'awaiting_folio', guestFirstName: 'Robert', guestLastName: 'Smith', confirmationNumber: 'QK0193', hotelPhone: '+15015550199' };
const BOB2: OpenRequest = { ...BOB, recordId: '2f2e3d4c-0000-4000-8000-000000000004', confirmationNumber: 'ZZ9981', hotelPhone: '+15015550100' };

const PDF = { index: 0, filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes: 1000 };

function mail(overrides: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: '<m1@hotel.example>',
    inReplyTo: null,
    references: [],
    from: 'frontdesk@grandhotel.example',
    recipients: ['folios@folio.test'],
    subject: 'Your request',
    text: 'Please find attached.',
    attachments: [PDF],
    ...overrides,
  };
}

function input(m: InboundMail, extra: Partial<MatchInput> = {}): MatchInput {
  return { mail: m, sentEmails: [], requests: [ADA, ZOE, BOB], hotelDomains: new Map(), ...extra };
}

const SENT: SentEmail = { messageId: '<email-1@folio.test>', replyToken: 'a1b2c3d4e5f6', recordIds: [ADA.recordId, ZOE.recordId], toAddress: 'reservations@grandhotel.example', hotelPhone: '+15015550100' };

describe('text normalisation', () => {
  it('drops accents, case, punctuation and titles from names', () => {
    expect(words("Zoë  O'Brien-Núñez")).toEqual(['zoe', 'o', 'brien', 'nunez']);
    expect(nameWords('Mrs. Dr. Ada LOVELACE')).toEqual(['ada', 'lovelace']);
    expect(words('Straße Ørsted')).toEqual(['strasse', 'orsted']);
  });

  it('folds OCR look-alikes and separators in confirmation numbers', () => {
    expect(canonicalCode('HX-458812')).toBe(canonicalCode('hx 4588l2'));
    expect(canonicalCode('QK0193')).toBe(canonicalCode('QKO1 93'));
    expect(canonicalCode('AB12')).not.toBe(canonicalCode('AB13'));
  });

  it('finds a confirmation number whose every digit was read as a look-alike letter', () => {
    expect(codeCandidates('confirmation dazlzzso').has(canonicalCode('DA212250'))).toBe(true);
    expect(codeCandidates('Dear Sir or Madam, please see attached').size).toBe(0);
  });

  it('finds confirmation numbers split by spaces or dashes in text', () => {
    const codes = codeCandidates('Conf. no 7731 0452, room 12');
    expect(codes.has(canonicalCode('77310452'))).toBe(true);
    expect(codes.has(canonicalCode('12'))).toBe(false);
  });

  it('computes a bounded edit distance', () => {
    expect(editDistance('458812', '458813', 1)).toBe(1);
    expect(editDistance('458812', '4588', 1)).toBe(2);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });
});

describe('lookup keys', () => {
  it('takes tokens from plus-addresses and [ref …] in the subject, references and Message-IDs', () => {
    const keys = lookupKeys(
      mail({
        recipients: ['folios+a1b2c3d4e5f6@folio.test', 'cc@other.example'],
        subject: 'Re: Folio request: Ada [ref zz99yy88]',
        text: `reference ${referenceFor(ADA.recordId)}`,
        inReplyTo: 'email-1@folio.test',
        references: ['<email-0@folio.test>'],
      }),
    );
    expect(keys.tokens).toEqual(['a1b2c3d4e5f6', 'zz99yy88']);
    expect(keys.plusParts).toEqual(['a1b2c3d4e5f6']);
    expect(keys.referencePrefixes).toEqual(['0a1b2c3d4e']);
    expect(keys.messageIds).toEqual(['<email-1@folio.test>', '<email-0@folio.test>']);
  });
});

describe('matching by reference and reply token', () => {
  it.each(['[ref a1b2c3d4e5f6]', '[Ref. a1b2c3d4e5f6]', '[ref. a1b2c3d4e5f6]', '[réf. a1b2c3d4e5f6]', '[RÉF.a1b2c3d4e5f6]'])('reads the token of the subject %s (the mailer writes it in each language)', (tag) => {
    const result = matchMail(input(mail({ subject: `AW: Anfrage Hotelrechnung ${tag}`, text: 'Anbei.' }), { sentEmails: [{ ...SENT, recordIds: [ADA.recordId] }] }));
    expect(result.matches.map((m) => [m.recordId, m.method])).toEqual([[ADA.recordId, 'REPLY_TOKEN']]);
  });


  it('matches the request whose reference is quoted, above everything else', () => {
    const result = matchMail(input(mail({ subject: `Folio ${referenceFor(ZOE.recordId)}`, text: 'Ada Lovelace HX-458812' })));
    expect(result.matches.map((m) => m.recordId)).toEqual([ZOE.recordId]);
    expect(result.matches[0]).toMatchObject({ method: 'REPLY_TOKEN', attachments: [0] });
    expect(result.matches[0]!.confidence).toBeGreaterThanOrEqual(0.99);
    expect(result.review).toBeNull();
  });

  it('matches by the plus-address token to the requests the email raised, splitting by the guests named', () => {
    const result = matchMail(input(mail({ recipients: ['folios+a1b2c3d4e5f6@folio.test'], text: 'Folio for Zoe Nunez Garcia attached' }), { sentEmails: [SENT] }));
    expect(result.matches.map((m) => m.recordId)).toEqual([ZOE.recordId]);
    expect(result.method).toBe('REPLY_TOKEN');
  });

  it('gives the one attachment to every request of the email when the reply names none of them', () => {
    const result = matchMail(input(mail({ recipients: ['folios+a1b2c3d4e5f6@folio.test'], text: 'Here you go.' }), { sentEmails: [SENT] }));
    expect(result.matches.map((m) => m.recordId).sort()).toEqual([ADA.recordId, ZOE.recordId].sort());
    expect(result.matches.every((m) => m.attachments.join() === '0')).toBe(true);
    expect(result.review).toBeNull();
  });

  it('does not take the guests named in our own subject or in the quoted request email for the ones the reply names', () => {
    const result = matchMail(
      input(
        mail({
          recipients: ['folios+a1b2c3d4e5f6@folio.test'],
          subject: 'AW: Folio request: Ada Lovelace, confirmation HX-458812 and 1 more [ref a1b2c3d4e5f6]',
          text: 'Attached, one invoice for the group.\n\nOn Mon, 23 Nov 2026, Folio <folios@folio.test> wrote:\n> - Ada Lovelace, confirmation number HX-458812\n> - Zoë Núñez García, confirmation number 77310452\n',
        }),
        { sentEmails: [SENT] },
      ),
    );
    expect(result.matches.map((m) => m.recordId).sort()).toEqual([ADA.recordId, ZOE.recordId].sort());
    expect(result.matches.every((m) => m.attachments.join() === '0')).toBe(true);
  });

  it('takes what the replier wrote above the quote for the requests it answers', () => {
    const result = matchMail(
      input(mail({ inReplyTo: '<email-1@folio.test>', subject: 'RE: Folio request', text: 'Only Mrs Núñez stayed with us; folio attached.\n-----Original Message-----\nFrom: Folio <folios@folio.test>\n- Ada Lovelace' }), {
        sentEmails: [SENT],
      }),
    );
    expect(result.matches.map((m) => m.recordId)).toEqual([ZOE.recordId]);
  });

  it('ignores a plus part that is no known token (a per-tenant inbox address) and falls back to content', () => {
    const result = matchMail(input(mail({ recipients: ['folios+t1@folio.test'], subject: 'Folio for Robert Smith, confirmation QK0193' })));
    expect(result.matches.map((m) => m.recordId)).toEqual([BOB.recordId]);
    expect(result.method).toBe('CONFIRMATION_NUMBER');
  });
});

describe('requests that take no more documents', () => {
  it('reports a reply for a delivered request but gives it no document, and asks for review', () => {
    const delivered = { ...ADA, status: 'delivered' };
    const result = matchMail(input(mail({ inReplyTo: '<email-1@folio.test>' }), { requests: [delivered, ZOE, BOB], sentEmails: [{ ...SENT, recordIds: [ADA.recordId] }] }));
    expect(result.matches).toMatchObject([{ recordId: ADA.recordId, method: 'IN_REPLY_TO', attachments: [] }]);
    expect(result.review).toBe('REQUEST_CLOSED');
  });
});

describe('matching by In-Reply-To', () => {
  it('matches a reply to the request email by In-Reply-To', () => {
    const sent = { ...SENT, recordIds: [ADA.recordId] };
    const result = matchMail(input(mail({ inReplyTo: '<email-1@folio.test>', subject: 'Re: Folio request' }), { sentEmails: [sent] }));
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ recordId: ADA.recordId, method: 'IN_REPLY_TO' });
    expect(result.matches[0]!.confidence).toBeGreaterThanOrEqual(ACCEPT_AT);
  });

  it('matches by References when In-Reply-To names another message of the thread', () => {
    const sent = { ...SENT, recordIds: [ADA.recordId] };
    const result = matchMail(input(mail({ inReplyTo: '<internal-forward@hotel.example>', references: ['<email-1@folio.test>', '<internal-forward@hotel.example>'] }), { sentEmails: [sent] }));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
    expect(result.method).toBe('IN_REPLY_TO');
  });

  it('sends each attachment of a multi-request reply to the request its file name names', () => {
    const attachments = [
      { index: 0, filename: 'Folio_Lovelace.pdf', contentType: 'application/pdf', sizeBytes: 10 },
      { index: 1, filename: 'folio-77310452.pdf', contentType: 'application/pdf', sizeBytes: 10 },
    ];
    const result = matchMail(input(mail({ inReplyTo: '<email-1@folio.test>', attachments }), { sentEmails: [SENT] }));
    const byRecord = Object.fromEntries(result.matches.map((m) => [m.recordId, m.attachments]));
    expect(byRecord).toEqual({ [ADA.recordId]: [0], [ZOE.recordId]: [1] });
    expect(result.review).toBeNull();
  });

  it('sends a multi-request reply with several anonymous attachments to review', () => {
    const attachments = [0, 1].map((index) => ({ index, filename: `scan${index}.pdf`, contentType: 'application/pdf', sizeBytes: 10 }));
    const result = matchMail(input(mail({ inReplyTo: '<email-1@folio.test>', attachments }), { sentEmails: [SENT] }));
    expect(result.matches).toHaveLength(2);
    expect(result.review).toBe('ATTACHMENTS_UNASSIGNED');
  });
});

describe('matching by content', () => {
  it('matches the hotel-sim folio email by guest and confirmation number', () => {
    const result = matchMail(input(mail({ subject: 'Folio for Ada Lovelace, confirmation HX-458812', text: 'as requested on the phone, please find attached the folio for Ada Lovelace (confirmation HX-458812).' })));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
    expect(result.matches[0]!.method).toBe('CONFIRMATION_NUMBER');
    expect(result.matches[0]!.confidence).toBeGreaterThan(0.95);
  });

  it('tolerates OCR and typing noise in the confirmation number when the guest is named too', () => {
    const result = matchMail(input(mail({ subject: 'folio lovelace ada', text: 'Conf: HX 4588l3' })));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
    expect(result.matches[0]!.evidence.map((e) => e.kind)).toEqual(['confirmationFuzzy', 'fullName']);
  });

  it('does not accept a confirmation number with a typo alone', () => {
    const result = matchMail(input(mail({ text: 'Conf: HX 458813' })));
    expect(result.matches).toEqual([]);
    expect(result.review).toBe('LOW_CONFIDENCE');
    expect(result.suggestions.map((s) => s.recordId)).toEqual([ADA.recordId]);
  });

  it('does not take a number that is exactly one request\'s for a typo of another\'s', () => {
    const near: OpenRequest = { ...ADA, recordId: '3f2e3d4c-0000-4000-8000-000000000005', guestLastName: 'Lovelacy', confirmationNumber: 'HX-458813' };
    const result = matchMail(input(mail({ subject: 'Folio Ada Lovelace HX-458812' }), { requests: [ADA, near] }));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
  });

  it('accepts an exact confirmation number alone', () => {
    const result = matchMail(input(mail({ text: 'Reservation 7731-0452' })));
    expect(result.matches.map((m) => m.recordId)).toEqual([ZOE.recordId]);
  });

  it('recognises names without accents, in another order, with titles', () => {
    const domains = new Map([[ZOE.hotelPhone, new Set(['grandhotel.example'])]]);
    const result = matchMail(input(mail({ subject: 'Invoice Mme GARCIA NUNEZ, Zoe' }), { hotelDomains: domains }));
    expect(result.matches.map((m) => m.recordId)).toEqual([ZOE.recordId]);
    expect(result.matches[0]!.method).toBe('GUEST_NAME');
    expect(result.matches[0]!.evidence.map((e) => e.kind).sort()).toEqual(['fullName', 'senderDomain']);
  });

  it('does not accept a guest name alone, without the hotel domain or a confirmation number', () => {
    const result = matchMail(input(mail({ from: 'someone@gmail.com', subject: 'Invoice Zoe Nunez Garcia' }), { hotelDomains: new Map([[ZOE.hotelPhone, new Set(['gmail.com'])]]) }));
    expect(result.matches).toEqual([]);
    expect(result.review).toBe('LOW_CONFIDENCE');
  });

  it('does not accept the sender domain alone', () => {
    const domains = new Map([[BOB.hotelPhone, new Set(['grandhotel.example'])]]);
    const result = matchMail(input(mail({ subject: 'Hello', text: 'See attachment' }), { hotelDomains: domains }));
    expect(result.matches).toEqual([]);
    expect(result.suggestions.map((s) => s.recordId)).toEqual([BOB.recordId]);
  });

  it('splits a reply naming two requests by confirmation number', () => {
    const attachments = [
      { index: 0, filename: 'HX-458812.pdf', contentType: 'application/pdf', sizeBytes: 10 },
      { index: 1, filename: 'QK0193.pdf', contentType: 'application/pdf', sizeBytes: 10 },
    ];
    const result = matchMail(input(mail({ text: 'Folios for HX-458812 and QK0193', attachments })));
    expect(Object.fromEntries(result.matches.map((m) => [m.recordId, m.attachments]))).toEqual({ [ADA.recordId]: [0], [BOB.recordId]: [1] });
  });

  it('sends a name shared by two requests, without a confirmation number, to review as ambiguous', () => {
    const domains = new Map([[BOB.hotelPhone, new Set(['grandhotel.example'])], [BOB2.hotelPhone, new Set(['grandhotel.example'])]]);
    const result = matchMail(input(mail({ subject: 'Folio Robert Smith' }), { requests: [ADA, BOB, BOB2], hotelDomains: domains }));
    expect(result.matches).toEqual([]);
    expect(result.review).toBe('AMBIGUOUS');
    expect(result.suggestions.map((s) => s.recordId).sort()).toEqual([BOB.recordId, BOB2.recordId].sort());
  });

  it('tells two stays of the same guest apart by confirmation number', () => {
    const result = matchMail(input(mail({ subject: 'Folio Robert Smith ZZ9981' }), { requests: [ADA, BOB, BOB2] }));
    expect(result.matches.map((m) => m.recordId)).toEqual([BOB2.recordId]);
  });

  it('sends mail naming nothing to review as unmatched', () => {
    const result = matchMail(input(mail({ subject: 'Newsletter', text: 'Our spring offers' })));
    expect(result).toEqual({ matches: [], review: 'NO_MATCH', suggestions: [], method: 'UNMATCHED' });
  });

  it('does not put an out-of-office answer without a document before an operator', () => {
    const sent = { ...SENT, recordIds: [ADA.recordId] };
    const result = matchMail(input(mail({ inReplyTo: '<email-1@folio.test>', subject: 'Abwesenheitsnotiz', attachments: [], autoReply: true }), { sentEmails: [sent] }));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
    expect(result.review).toBeNull();
  });

  it('keeps a matched reply without a document for review', () => {
    const result = matchMail(input(mail({ subject: 'Folio for Ada Lovelace HX-458812', attachments: [] })));
    expect(result.matches.map((m) => m.recordId)).toEqual([ADA.recordId]);
    expect(result.review).toBe('NO_DOCUMENT');
  });
});

describe('attachments', () => {
  const pdfHead = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
  const pngHead = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const facts = { filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes: 100, inlineWithContentId: false, head: pdfHead };

  it('keeps PDF, JPEG and PNG by their bytes, whatever the declared type', () => {
    expect(judgeAttachment(facts, 1000)).toEqual({ keep: true, contentType: 'application/pdf' });
    expect(judgeAttachment({ ...facts, contentType: 'application/octet-stream', filename: 'scan' }, 1000)).toEqual({ keep: true, contentType: 'application/pdf' });
    expect(judgeAttachment({ ...facts, head: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) }, 1000)).toEqual({ keep: true, contentType: 'image/jpeg' });
    expect(judgeAttachment({ ...facts, head: pngHead }, 1000)).toEqual({ keep: true, contentType: 'image/png' });
  });

  it('ignores other types, oversize, empty files and inline images with a reason', () => {
    expect(judgeAttachment({ ...facts, filename: 'folio.docx', head: new Uint8Array([0x50, 0x4b, 3, 4]) }, 1000)).toEqual({ keep: false, reason: 'UNSUPPORTED_TYPE' });
    expect(judgeAttachment({ ...facts, sizeBytes: 1001 }, 1000)).toEqual({ keep: false, reason: 'TOO_LARGE' });
    expect(judgeAttachment({ ...facts, sizeBytes: 0 }, 1000)).toEqual({ keep: false, reason: 'EMPTY' });
    expect(judgeAttachment({ ...facts, head: pngHead, inlineWithContentId: true }, 1000)).toEqual({ keep: false, reason: 'INLINE_IMAGE' });
  });

  it('gives every attachment to a single request', () => {
    const two = [PDF, { ...PDF, index: 1, filename: 'receipt.png' }];
    expect(assignAttachments([ADA], two)).toEqual({ byRecord: new Map([[ADA.recordId, [0, 1]]]), unassigned: false });
  });
});
