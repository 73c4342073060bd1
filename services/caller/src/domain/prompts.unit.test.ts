import { describe, it, expect } from '@jest/globals';
import { PROMPT_TEMPLATES, render, speakDate, speakEmail, spell, spellEmail } from './prompts.js';

describe('prompts', () => {
  it('renders a template and refuses a missing variable', () => {
    expect(render('ackCallback', { when: 'at 3 pm' }).text).toBe('Of course, we will call back at 3 pm. Thank you.');
    expect(() => render('request', { guestName: 'Ada' })).toThrow('prompt request needs {confirmationNumber}');
  });

  it('reads numbers, addresses and dates the way a listener writes them down', () => {
    expect(spell('ab-120')).toBe('A, B, 1, 2, 0');
    expect(speakEmail('folio.desk@acme.example')).toBe('folio dot desk at acme dot example');
    expect(spellEmail('a.b@acme.example')).toBe('A, dot, B, at acme dot example');
    expect(speakDate('2026-02-01')).toBe('February 1st, 2026');
    expect(speakDate('2026-03-22')).toBe('March 22nd, 2026');
    expect(speakDate('2026-03-13')).toBe('March 13th, 2026');
  });

  it('keeps the scripted phrases of the call design', () => {
    expect(PROMPT_TEMPLATES.overflow).toBe('The remaining folio cases will be sent to you via email with details.');
    expect(PROMPT_TEMPLATES.request).toContain('Could you please send the folio to {email}?');
  });
});
