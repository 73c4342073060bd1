import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { analyzeUtterance, INTENTS, normalize, parseWhen } from './voice-analyzer.js';

const NOW = new Date('2026-02-06T15:30:00Z'); // Friday 10:30 in New York
const ZONE = 'America/New_York';
const analyze = (t: string) => analyzeUtterance(t, { now: NOW, timeZone: ZONE });

describe('normalize', () => {
  it('folds contractions, ASR spellings and fillers', () => {
    expect(normalize("Um, we can't send the Polio, y'know")).toBe('we can not send the folio y know');
    expect(normalize('No problem, I\u2019ll e-mail it')).toBe('NOPROBLEM i will email it');
  });
});

describe('analyzeUtterance', () => {
  it('explains its answer: the rules that matched and the score of every intent', () => {
    const a = analyze('Sure, I can send that folio.');
    expect(a.intent).toBe('agreed');
    expect(a.matches.map((m) => m.rule)).toEqual(expect.arrayContaining(['agree.yes', 'agree.send']));
    expect(Object.keys(a.scores).sort()).toEqual([...INTENTS].sort());
    expect(a.confidence).toBeGreaterThan(0.8);
  });

  it('negation turns a send into a refusal; "no problem" is not a negation', () => {
    const refused = analyze("We can't send it.");
    expect(refused.intent).toBe('refused');
    expect(refused.matches.some((m) => m.negated)).toBe(true);
    expect(analyze('We will not send that').intent).toBe('refused');
    expect(analyze('No problem, we will send it').intent).toBe('agreed');
    expect(analyze("I'm not sure").intent).toBe('unclear');
  });

  it('a commitment with a deferral is will-send-later with its time', () => {
    const a = analyze("We'll email it tomorrow morning.");
    expect(a.intent).toBe('will-send-later');
    expect(a.when).toBe('2026-02-07T09:00:00-05:00');
  });

  it('low confidence is unclear and asks again', () => {
    const a = analyze('okay');
    expect(a.intent).toBe('unclear');
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(analyze('').intent).toBe('unclear');
  });

  it('voicemail cues win over the words inside the greeting', () => {
    expect(analyze('Thank you for calling. We cannot take your call, please leave a message at the tone.').intent).toBe('voicemail');
  });

  it('is deterministic and total: any text gets one intent, confidence in 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const a = analyze(text);
        const b = analyze(text);
        expect(b).toEqual(a);
        expect(INTENTS).toContain(a.intent);
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseWhen (hotel wall clock)', () => {
  it.each([
    ['call back in 2 hours', '2026-02-06T12:30:00-05:00'],
    ['tomorrow afternoon', '2026-02-07T14:00:00-05:00'],
    ['after 5 pm', '2026-02-06T17:00:00-05:00'],
    ['monday morning', '2026-02-09T09:00:00-05:00'],
    ['by end of day', '2026-02-06T17:00:00-05:00'],
    ['call back at 3', '2026-02-06T15:00:00-05:00'],
    ['call back at three', '2026-02-06T15:00:00-05:00'],
    ['in half an hour', '2026-02-06T11:00:00-05:00'],
  ])('%s -> %s', (text, iso) => expect(parseWhen(normalize(text), NOW, ZONE)?.iso).toBe(iso));

  it('a time already past today is tomorrow; end of day after 17:00 is tomorrow', () => {
    const evening = new Date('2026-02-06T23:00:00Z'); // 18:00 in New York
    expect(parseWhen('at 9 am', evening, ZONE)?.iso).toBe('2026-02-07T09:00:00-05:00');
    expect(parseWhen('by end of day', evening, ZONE)?.iso).toBe('2026-02-07T17:00:00-05:00');
  });

  it('uses the hotel zone, not the machine zone', () => {
    expect(parseWhen('tomorrow afternoon', NOW, 'Asia/Tokyo')?.iso).toBe('2026-02-08T14:00:00+09:00');
    expect(parseWhen('at 3 pm', NOW, 'Europe/Berlin')?.iso).toBe('2026-02-07T15:00:00+01:00');
  });

  it('no named time gives none', () => {
    expect(parseWhen('later please', NOW, ZONE)).toBeUndefined();
  });
});
