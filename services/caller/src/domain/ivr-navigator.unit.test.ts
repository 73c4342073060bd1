import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { classifyLine, DEFAULT_IVR_CONFIG, firstIvrStep, ivrStep, parseMenu, startIvr, type IvrObservation, type IvrState, type IvrStep } from './ivr-navigator.js';

function run(state: IvrState, observations: readonly IvrObservation[]): { state: IvrState; steps: IvrStep[] } {
  const steps: IvrStep[] = [];
  let s = state;
  for (const o of observations) {
    if (s.phase !== 'navigating') break;
    const r = ivrStep(s, o);
    s = r.state;
    steps.push(r.step);
  }
  return { state: s, steps };
}
const heard = (text: string): IvrObservation => ({ type: 'heard', text });
const digitsOf = (steps: readonly IvrStep[]) => steps.flatMap((s) => (s.type === 'send-digits' ? [s.digits] : []));

describe('parseMenu', () => {
  it('reads key-first and label-first options, number words and operator keys', () => {
    expect(parseMenu('Press 1 for reservations. For billing, press 2. Dial 0 for the operator.').map((o) => [o.digits, o.target])).toEqual([
      ['1', 'reservations'],
      ['2', 'billing'],
      ['0', 'operator'],
    ]);
    expect(parseMenu('for the front desk press three or press star to repeat').map((o) => [o.digits, o.target])).toEqual([
      ['3', 'front-desk'],
      ['*', undefined],
    ]);
    expect(parseMenu('if you are calling about an invoice please press 4').map((o) => [o.digits, o.target])).toEqual([['4', 'billing']]);
  });

  it('reads an ASR menu without punctuation', () => {
    const options = parseMenu('press 1 for reservations press 2 for billing press 3 for the spa');
    expect(options.map((o) => o.digits)).toEqual(['1', '2', '3']);
    expect(options.find((o) => o.target === 'billing')?.digits).toBe('2');
  });

  it('scores billing over front desk over reservations over operator', () => {
    const best = (t: string) => parseMenu(t).sort((a, b) => b.score - a.score)[0]?.digits;
    expect(best('press 1 for reservations press 2 for the front desk press 9 for accounting')).toBe('9');
    expect(best('press 1 for reservations press 0 for an operator press 4 for reception')).toBe('4');
    expect(best('press 5 to speak to a representative press 6 for reservations')).toBe('6');
    expect(best('For corporate accounts, press 1. For guest folios, press 2.')).toBe('2');
    expect(best('For new reservations, press 1. For existing reservations and billing, press 2. For the operator, press 0.')).toBe('2');
  });
});

describe('classifyLine', () => {
  it.each([
    ['Front desk, this is Maria, how can I help you?', 'person'],
    ['Invalid entry. Please try again.', 'error'],
    ['Please hold while we connect you.', 'hold'],
    ['Thank you for calling the Grand Hotel.', 'intro'],
    ['Please leave a message after the tone.', 'voicemail'],
    ['For billing press 2', 'menu'],
  ] as const)('%s -> %s', (text, kind) => expect(classifyLine(text)).toBe(kind));
});

describe('ivrStep', () => {
  it('listens 5 s for the menu, sends the best digit, then listens 5 s for the next', () => {
    const s = startIvr();
    expect(firstIvrStep(s)).toEqual({ type: 'wait', for: 'menu', seconds: 5, reason: 'listen for the menu' });
    const r = run(s, [heard('For reservations press 1, for billing press 2')]);
    expect(r.steps[0]).toMatchObject({ type: 'send-digits', digits: '2', then: 'menu', waitSeconds: 5 });
  });

  it('waits 10 s for a person while connecting, and reports the path that reached one', () => {
    const r = run(startIvr(), [heard('For billing press 2'), heard('Please hold while we connect you'), heard('Billing, how may I help you?')]);
    expect(r.steps[1]).toMatchObject({ type: 'wait', for: 'person', seconds: 10 });
    expect(r.steps[2]).toMatchObject({ type: 'reached-person', path: ['2'], learn: true });
  });

  it('replays the learned path and drops it when the menu rejects a digit', () => {
    const r = run(startIvr({ learnedPath: ['4', '1'] }), [
      heard('For billing press 2, for reservations press 3'),
      heard('Invalid entry. For billing press 2, for reservations press 3'),
      heard('Billing department, this is Sam speaking'),
    ]);
    expect(digitsOf(r.steps)).toEqual(['4', '2']);
    expect(r.steps[2]).toMatchObject({ type: 'reached-person', path: ['4', '2'] });
  });

  it('a menu that comes back unchanged is a failure; the next best option is tried', () => {
    const menu = 'For billing press 2. For the front desk press 3.';
    const r = run(startIvr(), [heard(menu), heard(menu), heard(menu)]);
    expect(digitsOf(r.steps)).toEqual(['2', '3', '0']);
    expect(r.state.failures).toBe(2);
    expect(r.steps[2]).toMatchObject({ type: 'send-digits', digits: '0', reason: expect.stringContaining('fallback') });
  });

  it('uses the fallback path when no option leads anywhere useful, the default key when no menu is understood', () => {
    expect(run(startIvr({ fallbackPath: ['9'] }), [heard('For the spa press 1. For the restaurant press 2.')]).steps[0]).toMatchObject({ digits: '9' });
    expect(run(startIvr(), [heard('Please make your selection now.')]).steps[0]).toMatchObject({ type: 'send-digits', digits: '2' });
    expect(run(startIvr(), [heard('Please make your selection now.'), heard('Please make your selection now.')]).steps[1]).toMatchObject({ digits: '0' });
  });

  it('silence waits longer, and the third failure ends navigation', () => {
    const r = run(startIvr(), [{ type: 'silence' }, { type: 'silence' }, { type: 'silence' }]);
    expect(r.steps[0]).toMatchObject({ type: 'wait', for: 'menu', seconds: 10 });
    expect(r.steps[2]).toMatchObject({ type: 'failed', reason: 'MAX_FAILURES', failures: 3 });
  });

  it('voicemail behind the menu ends navigation as voicemail', () => {
    expect(run(startIvr(), [heard('For billing press 2'), heard('Billing. Please leave a message after the tone.')]).steps[1]).toMatchObject({ type: 'voicemail' });
  });

  it('property: never sends more than the allowed digits without progress, and always ends within a bounded number of steps', () => {
    const line = fc.oneof(
      fc.constantFrom(
        'For billing press 2. For reservations press 1.',
        'Invalid entry, please try again.',
        'Press 1 for the spa, press 2 for the restaurant, press 0 for the operator.',
        'Please hold.',
        'Thank you for calling.',
        'For front desk press 3',
      ),
      fc.string({ maxLength: 30 }),
    );
    const obs = fc.array(fc.oneof(line.map((text) => heard(text)), fc.constant<IvrObservation>({ type: 'silence' })), { maxLength: 40 });
    fc.assert(
      fc.property(obs, fc.option(fc.array(fc.constantFrom('1', '2', '3', '0'), { maxLength: 4 }), { nil: undefined }), (observations, learnedPath) => {
        let s = startIvr(learnedPath ? { learnedPath } : {});
        let sinceProgress = 0;
        const menus = new Set<string>();
        for (const o of observations) {
          if (s.phase !== 'navigating') break;
          const r = ivrStep(s, o);
          if (o.type === 'heard' && classifyLine(o.text) === 'menu' && !menus.has(o.text.toLowerCase())) {
            menus.add(o.text.toLowerCase());
            sinceProgress = 0;
          }
          if (r.step.type === 'send-digits') sinceProgress += r.step.digits.length;
          expect(sinceProgress).toBeLessThanOrEqual(DEFAULT_IVR_CONFIG.maxDigitsWithoutProgress);
          expect(r.state.failures).toBeLessThanOrEqual(DEFAULT_IVR_CONFIG.maxFailures);
          s = r.state;
        }
      }),
      { numRuns: 500 },
    );
  });
});
