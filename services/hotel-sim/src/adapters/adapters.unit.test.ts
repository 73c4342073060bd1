import { describe, it, expect } from '@jest/globals';
import twilio from 'twilio';
import { mp3WithText, textOfAudio, wavWithText } from './audio.js';
import { twilioSignature } from './twilio-signature.js';
import { DEFAULT_PERSONAS_FILE, loadHotels, parseHotels } from './persona-file.js';
import { folioLines } from './folio-pdf.js';
import { simulatedProfile } from './hotel-profiles.js';
import { DEFAULT_EMAIL_DESK } from '../domain/hotel/index.js';

describe('webhook signatures', () => {
  it('validate with the official SDK and fail when a parameter changes', () => {
    const params = { CallSid: 'CA1', SpeechResult: 'Yes, I will send it.', Confidence: '0.91', AccountSid: 'AC1' };
    const url = 'https://caller.folio.test/twilio/turn?call=1';
    const signature = twilioSignature('secret-token', url, params);
    expect(signature).toBe(twilio.getExpectedTwilioSignature('secret-token', url, params));
    expect(twilio.validateRequest('secret-token', signature, url, params)).toBe(true);
    expect(twilio.validateRequest('secret-token', signature, url, { ...params, SpeechResult: 'No.' })).toBe(false);
  });
});

describe('audio that carries its words', () => {
  it('round-trips text through MP3 and WAV', () => {
    expect(textOfAudio(mp3WithText('Hello, this is Folio. ümlaut', 2))).toBe('Hello, this is Folio. ümlaut');
    expect(textOfAudio(wavWithText('Caller: hi\nHotel: hello', 3))).toBe('Caller: hi\nHotel: hello');
    expect(textOfAudio(Buffer.from('not audio'))).toBeUndefined();
  });
});

describe('the hotels file', () => {
  it('ships hotels for every persona the simulator knows', () => {
    const hotels = loadHotels(DEFAULT_PERSONAS_FILE);
    const kinds = new Set(hotels.flatMap((h) => [h.persona.connection.kind, h.persona.answer.kind, ...(h.persona.ivr ? ['ivr'] : []), ...(h.persona.knownGuestsOnly ? ['not-found'] : []), ...h.persona.reservations.map((r) => r.answer.kind)]));
    expect([...kinds].sort()).toEqual(['agree', 'answers', 'busy', 'callback', 'failed', 'fax', 'hold', 'ivr', 'no-answer', 'not-found', 'refuse-privacy', 'send-later', 'voicemail']);
  });

  it('keeps the 18 calling hotels and adds email-only hotels that answer all, some or never', () => {
    const hotels = loadHotels(DEFAULT_PERSONAS_FILE);
    const now = new Date('2026-11-25T00:00:00Z');
    const calling = hotels.filter((h) => simulatedProfile(h, 'UTC', now).contactPreference === 'CALL');
    expect(calling.map((h) => h.phone)).toEqual(Array.from({ length: 18 }, (_, i) => `+155501000${String(i + 1).padStart(2, '0')}`));
    for (const h of calling) expect(h.persona.emailDesk).toEqual(DEFAULT_EMAIL_DESK);
    const emailOnly = hotels.filter((h) => simulatedProfile(h, 'UTC', now).contactPreference === 'EMAIL_ONLY');
    expect(emailOnly.map((h) => [h.phone, h.persona.emailDesk?.replies])).toEqual([
      ['+15550100019', 'all'],
      ['+15550100020', 'some'],
      ['+15550100021', 'never'],
      ['+15550100022', 'all'],
    ]);
    expect(emailOnly.filter((h) => h.persona.emailDesk?.scanned).map((h) => h.name)).toEqual(['Paper Mill Hotel']);
  });

  it('rejects an unknown email answer', () => {
    expect(() => parseHotels({ hotels: [{ phone: '+15550100001', name: 'H', email: 'h@h.test', persona: { email: { replies: 'sometimes' } } }] })).toThrow(/hotels\.0\.persona\.email\.replies/);
  });

  it('lists every problem of a bad file', () => {
    expect(() => parseHotels({ hotels: [{ phone: '555', name: '', email: 'x' }] })).toThrow(/hotels\.0\.phone.*hotels\.0\.name.*hotels\.0\.email/s);
  });
});

describe('folio lines', () => {
  it('add up to the total: one room and one city tax line per night', () => {
    const { lines, total } = folioLines({ hotelName: 'H', hotelAddress: '', guest: 'G', checkIn: '2026-03-03', checkOut: '2026-03-05', nightlyRate: 100, currency: 'EUR', issuedOn: '2026-03-05', folioNumber: '1' });
    expect(lines).toHaveLength(4);
    expect(total).toBe(205);
  });
});
