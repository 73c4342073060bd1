// One template file holds the three parts of an email in one language: `== subject`, `== text` and `== html`
// sections, so a translator edits one file per purpose and language (templates/<purpose>.<lang>.tmpl).
import { compileTemplate, TemplateError, type CompiledTemplate } from './render.js';

export const TEMPLATE_PURPOSES = ['folio-request', 'follow-up', 'folio-delivery'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface EmailTemplate {
  readonly subject: CompiledTemplate;
  readonly text: CompiledTemplate;
  readonly html: CompiledTemplate;
}

export type TemplateSet = ReadonlyMap<`${TemplatePurpose}.${Language}`, EmailTemplate>;

const SECTION = /^== (subject|text|html)[ \t]*$/gm;

export function parseTemplateFile(source: string, where: string): EmailTemplate {
  const parts = new Map<string, string>();
  const heads = [...source.matchAll(SECTION)];
  if (heads.length === 0) throw new TemplateError(`${where}: no "== subject", "== text" or "== html" section`);
  heads.forEach((head, i) => {
    const start = (head.index ?? 0) + head[0].length + 1;
    const end = heads[i + 1]?.index ?? source.length;
    if (parts.has(head[1]!)) throw new TemplateError(`${where}: section ${head[1]} appears twice`);
    parts.set(head[1]!, source.slice(start, end).replace(/\n$/, ''));
  });
  const part = (name: string) => {
    const text = parts.get(name);
    if (text === undefined) throw new TemplateError(`${where}: the "== ${name}" section is missing`);
    return compileTemplate(text, `${where} (${name})`);
  };
  return { subject: part('subject'), text: part('text'), html: part('html') };
}

/** Builds the set from file contents by name (`folio-request.en.tmpl` -> text); every purpose needs every language. */
export function templateSetFrom(files: ReadonlyMap<string, string>): TemplateSet {
  const set = new Map<`${TemplatePurpose}.${Language}`, EmailTemplate>();
  const missing: string[] = [];
  for (const purpose of TEMPLATE_PURPOSES) {
    for (const language of LANGUAGES) {
      const name = `${purpose}.${language}.tmpl`;
      const source = files.get(name);
      if (source === undefined) missing.push(name);
      else set.set(`${purpose}.${language}`, parseTemplateFile(source, name));
    }
  }
  if (missing.length > 0) throw new TemplateError(`missing template files: ${missing.join(', ')}`);
  return set;
}
