// Reads the *.tmpl files of a folder into a template set; a missing or broken file stops the start.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateSetFrom, type TemplateSet } from '../domain/templates/template-file.js';

/** The templates shipped with the service (services/mailer/templates), from src/ or dist/ alike. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

export async function loadTemplates(dir = DEFAULT_TEMPLATES_DIR): Promise<TemplateSet> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tmpl'));
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(join(dir, name), 'utf8'));
  return templateSetFrom(files);
}
