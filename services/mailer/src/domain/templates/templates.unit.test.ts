// The template language and the shipped templates: escaping, lists, missing names, every language renders.
import { describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SendEmail } from '@folio/contracts';
import { compileTemplate, renderTemplate, TemplateError } from './render.js';
import { LANGUAGES, parseTemplateFile, templateSetFrom } from './template-file.js';
import { composeEmail, formatDate } from '../email/compose.js';

const dir = fileURLToPath(new URL('../../../templates', import.meta.url));
const shipped = templateSetFrom(new Map(readdirSync(dir).map((name) => [name, readFileSync(`${dir}/${name}`, 'utf8')])));

describe('template renderer', () => {
  it('escapes values in HTML and leaves them alone in text', () => {
    const t = compileTemplate('<b>{{name}}</b>');
    expect(renderTemplate(t, { name: `<script>alert("x")</script> & 'co'` }, 'html')).toBe('<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</b>');
    expect(renderTemplate(t, { name: 'A & B' }, 'text')).toBe('<b>A & B</b>');
  });

  it('repeats a list section per item, with outer names visible', () => {
    const t = compileTemplate('{{#items}}[{{label}} by {{owner}}]{{/items}}{{^items}}none{{/items}}');
    expect(renderTemplate(t, { owner: 'Ada', items: [{ label: 'a' }, { label: 'b' }] }, 'text')).toBe('[a by Ada][b by Ada]');
    expect(renderTemplate(t, { owner: 'Ada', items: [] }, 'text')).toBe('none');
  });

  it('refuses a name no scope defines, so a typo never reaches a hotel', () => {
    expect(() => renderTemplate(compileTemplate('Dear {{gest}}'), { guest: 'x' }, 'text')).toThrow(TemplateError);
  });

  it('refuses unbalanced sections when the file is read', () => {
    expect(() => compileTemplate('{{#a}}x')).toThrow('never closed');
    expect(() => compileTemplate('{{#a}}x{{/b}}')).toThrow('closes');
    expect(() => parseTemplateFile('== subject\nHi\n== text\nbody\n', 'x.tmpl')).toThrow('"== html" section is missing');
  });

  it('needs every purpose in every language', () => {
    expect(() => templateSetFrom(new Map([['folio-request.en.tmpl', '== subject\na\n== text\nb\n== html\nc\n']]))).toThrow('missing template files');
  });
});

const command: SendEmail & { purpose: 'FOLIO_REQUEST' } = {
  emailId: 'email-b1',
  purpose: 'FOLIO_REQUEST',
  batchId: 'b1',
  hotelPhone: '+4930123456',
  toAddress: 'frontdesk@hotel.example',
  fromName: 'Acme Travel',
  replyToAddress: 'folios@acme.example',
  entries: [2, 1].map((n) => ({
    recordId: `00000000-0000-4000-8000-00000000000${n}`,
    tenantId: 't1',
    sequence: n,
    guestFirstName: n === 1 ? 'Zoë' : 'Bob',
    guestLastName: n === 1 ? '<O\'Brien>' : 'Smith',
    confirmationNumber: `CONF-${n}`,
    stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
    reference: `REF-${n}`,
    replyToAddress: 'folios@acme.example',
    attempt: 1,
    queuedAt: new Date(0),
    createdAt: null,
    notBefore: null,
    recordVersion: 1, channel: null,
  })),
  attachments: [],
  language: null,
  requestedAt: new Date(0),
  note: null,
};
const identity = { replyToken: 'tok123', replyTo: 'folios+tok123@acme.example' };

describe('composeEmail', () => {
  it('lists every guest, confirmation number, stay and reference, oldest first, with the reply address', () => {
    const email = composeEmail(command, identity, 'en', shipped);
    expect(email.subject).toBe("Folio request: Zoë <O'Brien>, confirmation CONF-1 and 1 more [ref tok123]");
    expect(email.text).toContain("- Zoë <O'Brien>, confirmation number CONF-1, 1 Nov 2026 to 3 Nov 2026 (reference REF-1)\n- Bob Smith, confirmation number CONF-2");
    expect(email.text).toContain('folios+tok123@acme.example');
    expect(email.html).toContain('<td>Zoë &lt;O&#39;Brien&gt;</td><td>CONF-1</td>');
    expect(email.html).not.toContain("<O'Brien>");
  });

  it('renders every purpose in every language without a leftover tag', () => {
    for (const purpose of ['FOLIO_REQUEST', 'FOLLOW_UP', 'FOLIO_DELIVERY'] as const) {
      for (const language of LANGUAGES) {
        const email = composeEmail({ ...command, purpose, attachments: [{ filename: 'folio.pdf', contentType: 'application/pdf', sizeBytes: 2048, storageKey: 'k', sha256: '' }] }, identity, language, shipped);
        for (const part of [email.subject, email.text, email.html]) {
          expect(part).not.toMatch(/\{\{|\}\}/);
          expect(part).toContain('CONF-1');
        }
        expect(email.subject).not.toMatch(/[\r\n]/);
      }
    }
  });

  it("puts a delivery's note (the figures read from the folio) above the attachment, escaped in HTML", () => {
    const delivery = { ...command, purpose: 'FOLIO_DELIVERY' as const, note: 'Folio F-7 · Ada <Lovelace> · 303.00 EUR' };
    for (const language of ['en', 'de', 'fr', 'es'] as const) {
      const email = composeEmail(delivery, identity, language, shipped);
      expect(email.text).toContain('Folio F-7 · Ada <Lovelace> · 303.00 EUR');
      expect(email.html).toContain('Folio F-7 · Ada &lt;Lovelace&gt; · 303.00 EUR');
    }
    expect(composeEmail({ ...delivery, note: null }, identity, 'en', shipped).text).not.toContain('Folio F-7');
  });

  it('writes dates the way each language does', () => {
    expect(formatDate('2026-11-01', 'de')).toBe('01.11.2026');
    expect(formatDate('2026-11-01', 'en')).toBe('1 Nov 2026');
  });

  it('keeps a line break in a guest name out of the subject', () => {
    const sneaky = { ...command, entries: [{ ...command.entries[1]!, guestFirstName: 'A\r\nBcc: evil@x.example' }] };
    expect(composeEmail(sneaky, identity, 'en', shipped).subject).not.toMatch(/[\r\n]/);
  });
});
