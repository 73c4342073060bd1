// A small template language for email bodies, read from files under services/mailer/templates:
// `{{name}}` inserts a value (HTML-escaped in HTML templates), `{{#list}}...{{/list}}` repeats its body for
// each item of a list (inside, `{{field}}` names the item's fields, outer names stay visible), and
// `{{^name}}...{{/name}}` shows its body when a value is empty or missing. Nothing else: no code in templates.
import { DomainError } from '@folio/errors';

export type TemplateValue = string | number | null | undefined | readonly TemplateScope[];
export interface TemplateScope {
  readonly [name: string]: TemplateValue;
}

export type Escaping = 'html' | 'text';

/** A template a translator got wrong (an unclosed section, an unknown name): caught when templates load. */
export class TemplateError extends DomainError {
  constructor(message: string) {
    super('INVALID_TEMPLATE', message);
  }
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'section'; readonly name: string; readonly inverted: boolean; readonly children: readonly Node[] };

export interface CompiledTemplate {
  readonly source: string;
  readonly nodes: readonly Node[];
}

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function compileTemplate(source: string, where = 'template'): CompiledTemplate {
  const root: Node[] = [];
  const stack: { name: string; inverted: boolean; children: Node[] }[] = [];
  const current = () => stack[stack.length - 1]?.children ?? root;
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const [tag, sigil, name] = match as unknown as [string, string, string];
    const at = match.index ?? 0;
    if (at > last) current().push({ kind: 'text', text: source.slice(last, at) });
    last = at + tag.length;
    if (sigil === '#' || sigil === '^') {
      stack.push({ name, inverted: sigil === '^', children: [] });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name) throw new TemplateError(`${where}: {{/${name}}} closes ${open ? `{{#${open.name}}}` : 'nothing'}`);
      current().push({ kind: 'section', name: open.name, inverted: open.inverted, children: open.children });
    } else {
      current().push({ kind: 'value', name });
    }
  }
  if (stack.length > 0) throw new TemplateError(`${where}: {{#${stack[stack.length - 1]!.name}}} is never closed`);
  if (last < source.length) current().push({ kind: 'text', text: source.slice(last) });
  return { source, nodes: root };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Renders with `scopes` (innermost last). A name no scope defines is an error, so a typo cannot send "{{gest}}". */
export function renderTemplate(template: CompiledTemplate, scope: TemplateScope, escaping: Escaping): string {
  return renderNodes(template.nodes, [scope], escaping);
}

function lookup(scopes: readonly TemplateScope[], name: string): TemplateValue {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (Object.prototype.hasOwnProperty.call(scope, name)) return scope[name];
  }
  throw new TemplateError(`the template names {{${name}}}, which is not a known value`);
}

function isEmpty(value: TemplateValue): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function renderNodes(nodes: readonly Node[], scopes: readonly TemplateScope[], escaping: Escaping): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'value': {
        const value = lookup(scopes, node.name);
        if (Array.isArray(value)) throw new TemplateError(`{{${node.name}}} is a list; repeat it with {{#${node.name}}}...{{/${node.name}}}`);
        const text = value === null || value === undefined ? '' : String(value);
        out += escaping === 'html' ? escapeHtml(text) : text;
        break;
      }
      case 'section': {
        const value = lookup(scopes, node.name);
        if (node.inverted) {
          if (isEmpty(value)) out += renderNodes(node.children, scopes, escaping);
        } else if (Array.isArray(value)) {
          for (const item of value as readonly TemplateScope[]) out += renderNodes(node.children, [...scopes, item], escaping);
        } else if (!isEmpty(value)) {
          out += renderNodes(node.children, scopes, escaping);
        }
        break;
      }
      default:
        node satisfies never;
    }
  }
  return out;
}
