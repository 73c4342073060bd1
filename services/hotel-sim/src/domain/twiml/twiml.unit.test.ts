import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { parseTwiml, TwimlError } from './twiml.js';

describe('TwiML as Twilio reads it', () => {
  it('reads a Gather with nested verbs and Twilio defaults', () => {
    const verbs = parseTwiml(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech dtmf" action="/turn?x=1&amp;y=2" speechTimeout="auto">` +
        `<Say voice="Polly.Joanna">Hello &amp; welcome</Say><Play>https://cdn.test/a.mp3</Play><Pause length="2"/></Gather>` +
        `<Play digits="ww2"/><Redirect method="GET">/next</Redirect><Hangup/></Response>`,
    );
    expect(verbs).toEqual([
      {
        verb: 'Gather',
        input: ['speech', 'dtmf'],
        timeout: 5,
        speechTimeout: 'auto',
        action: '/turn?x=1&y=2',
        method: 'POST',
        finishOnKey: '#',
        actionOnEmptyResult: false,
        children: [
          { verb: 'Say', text: 'Hello & welcome', loop: 1 },
          { verb: 'Play', url: 'https://cdn.test/a.mp3', loop: 1 },
          { verb: 'Pause', length: 2 },
        ],
      },
      { verb: 'Play', digits: 'ww2', loop: 1 },
      { verb: 'Redirect', url: '/next', method: 'GET' },
      { verb: 'Hangup' },
    ]);
  });

  it('keeps verbs it does not simulate and rejects what is not TwiML', () => {
    expect(parseTwiml('<Response><Dial>+15550100001</Dial></Response>')).toEqual([{ verb: 'Unsupported', name: 'Dial' }]);
    expect(() => parseTwiml('<Response><Say>unclosed</Response>')).toThrow(TwimlError);
    expect(() => parseTwiml('<html></html>')).toThrow(/not <Response>/);
  });

  it('reads back any escaped text and attribute value (property)', () => {
    const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const xmlChar = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '&', '<', '>', '"', "'", 'é', '?', '/') });
    fc.assert(
      fc.property(xmlChar, xmlChar, (text, action) => {
        const [gather] = parseTwiml(`<Response><Gather action="${escape(action)}"><Say>${escape(text)}</Say></Gather></Response>`);
        expect(gather).toEqual(expect.objectContaining({ verb: 'Gather', children: [{ verb: 'Say', text: text.trim(), loop: 1 }] }));
        if (action) expect(gather).toEqual(expect.objectContaining({ action }));
      }),
    );
  });
});
