// Reply identity, language choice, command validation, the send decision and SMTP failure classes.
import { describe, it, expect } from '@jest/globals';
import type { SendEmail } from '@folio/contracts';
import { sendEmail } from './fixtures.test.js';
import { ValidationError } from '@folio/errors';
import { messageIdFor, replyIdentity, tokenInAddress } from './identity.js';
import { chooseLanguage } from './language.js';
import { validateSendEmail } from './validate.js';
import { decideBounce, decideSend, type SendIntent } from './intent.js';
import { classifySmtpFailure, retryDelayMs } from './smtp-failure.js';

describe('reply identity', () => {
  it('derives one token per batch, the same on every delivery, and plus-addresses the reply address', () => {
    const a = replyIdentity('folios@acme.example', 'batch-1', 'email-1');
    expect(a).toEqual(replyIdentity('folios@acme.example', 'batch-1', 'email-2'));
    expect(a.replyTo).toBe(`folios+${a.replyToken}@acme.example`);
    expect(a.replyToken).toMatch(/^[0-9a-f]{12}$/);
    expect(replyIdentity('folios@acme.example', 'batch-2', 'email-1').replyToken).not.toBe(a.replyToken);
    expect(replyIdentity('folios@acme.example', null, 'email-9').replyToken).toBe(replyIdentity('folios@acme.example', null, 'email-9').replyToken);
  });

  it('keeps a token the command already carries', () => {
    expect(replyIdentity('folios+given42@acme.example', 'batch-1', 'e')).toEqual({ replyToken: 'given42', replyTo: 'folios+given42@acme.example' });
    expect(tokenInAddress('folios@acme.example')).toBeNull();
  });

  it('writes the Message-ID from the email id, hashing ids that are not a safe local part', () => {
    expect(messageIdFor('email-b1-overflow', 'folio.test')).toBe('<email-b1-overflow@folio.test>');
    const odd = messageIdFor('email b1/<x>', 'folio.test');
    expect(odd).toMatch(/^<e-[0-9a-f]{32}@folio\.test>$/);
    expect(messageIdFor('email b1/<x>', 'folio.test')).toBe(odd);
  });
});

describe('chooseLanguage', () => {
  it('takes the command language, then the hotel country, then the default', () => {
    expect(chooseLanguage('fr-CA', '+4930123456', 'en')).toEqual({ language: 'fr', source: 'command' });
    expect(chooseLanguage(null, '+4930123456', 'en')).toEqual({ language: 'de', source: 'phone-country' });
    expect(chooseLanguage(null, '+34911234567', 'en').language).toBe('es');
    expect(chooseLanguage(null, '+33142345678', 'en').language).toBe('fr');
    expect(chooseLanguage('it', '+390612345678', 'en')).toEqual({ language: 'en', source: 'default' });
    expect(chooseLanguage(null, 'not a phone', 'de')).toEqual({ language: 'de', source: 'default' });
  });
});

describe('validateSendEmail', () => {
  const codeOf = (c: SendEmail, key: string | null = c.hotelPhone) => {
    try {
      validateSendEmail(c, key);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).code;
    }
  };
  it('accepts a complete command', () => expect(codeOf(sendEmail())).toBeNull());
  it('names a missing recipient', () => expect(codeOf(sendEmail({ toAddress: '' }))).toBe('NO_RECIPIENT'));
  it('names an unknown purpose', () => expect(codeOf(sendEmail({ purpose: 'UNKNOWN' }))).toBe('UNKNOWN_PURPOSE'));
  it('names a key that is not the hotel phone', () => expect(codeOf(sendEmail(), '+15550000000')).toBe('KEY_MISMATCH'));
  it('refuses a delivery without the folio', () => expect(codeOf(sendEmail({ purpose: 'FOLIO_DELIVERY' }))).toBe('INVALID_SEND_EMAIL'));
  it('lists every issue at once', () => {
    expect(() => validateSendEmail(sendEmail({ toAddress: '', entries: [] }), null)).toThrow(/toAddress: no recipient address; entries: the email is about no request/);
  });
});

describe('decideSend', () => {
  const core = { emailId: 'e', messageId: '<e@x>', purpose: 'FOLIO_REQUEST' as const, batchId: null, hotelPhone: '+1', recordIds: [], toAddress: 'a@b.c', replyToken: 't', updatedAt: 1_000 };
  it('sends when nothing was sent before, or the last try was refused', () => {
    expect(decideSend(null, 0, 60_000)).toEqual({ kind: 'send' });
    expect(decideSend({ ...core, status: 'failed', diagnostic: '451' }, 0, 60_000)).toEqual({ kind: 'send' });
  });
  it('only re-publishes a sent or bounced email', () => {
    expect(decideSend({ ...core, status: 'sent', sentAt: 1 }, 0, 0)).toEqual({ kind: 'republish-sent' });
    expect(decideSend({ ...core, status: 'bounced', kind: 'HARD', diagnostic: null, bouncedAt: 1 }, 0, 0)).toEqual({ kind: 'republish-bounced' });
  });
  it('verifies an unsettled send, and resends a missing one only after the settle time', () => {
    const sending: SendIntent = { ...core, status: 'sending' };
    expect(decideSend(sending, 30_000, 60_000)).toEqual({ kind: 'verify', resendIfMissing: false });
    expect(decideSend(sending, 61_000, 60_000)).toEqual({ kind: 'verify', resendIfMissing: true });
  });
  it('publishes a bounce once, for a known email only', () => {
    expect(decideBounce(null)).toBe('unknown-email');
    expect(decideBounce({ ...core, status: 'sent', sentAt: 1 })).toBe('publish');
    expect(decideBounce({ ...core, status: 'bounced', kind: 'SOFT', diagnostic: null, bouncedAt: 1 })).toBe('already-bounced');
  });
});

describe('classifySmtpFailure', () => {
  it('bounces on 5xx about the recipient or message, retries 4xx and lost connections, blames config for login', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', message: '' })).toBe('permanent');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', message: '' })).toBe('permanent');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO', message: '' })).toBe('transient');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 451, command: 'MAIL FROM', message: '' })).toBe('server-busy');
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', message: '' })).toBe('configuration');
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', message: '' })).toBe('configuration');
    expect(classifySmtpFailure({ code: 'ECONNECTION', message: 'ECONNREFUSED' })).toBe('connection');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', message: 'timeout' })).toBe('connection');
  });
  it('backs off doubling from the base', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 1_000))).toEqual([1_000, 2_000, 4_000]);
  });
});
