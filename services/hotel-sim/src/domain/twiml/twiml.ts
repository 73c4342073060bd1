// Reads a TwiML document the way Twilio's voice engine does, for the verbs a hotel call needs: <Say>, <Play>
// (URL or digits), <Pause>, <Gather> (with nested Say/Play/Pause), <Redirect>, <Hangup>, <Reject>. Defaults
// follow Twilio's documentation; anything else is kept as Unsupported and skipped by the call.
import { DomainError } from '@folio/errors';

export type Nested =
  | { verb: 'Say'; text: string; loop: number }
  | { verb: 'Play'; url?: string; digits?: string; loop: number }
  | { verb: 'Pause'; length: number };

export interface Gather {
  verb: 'Gather';
  input: readonly ('speech' | 'dtmf')[];
  /** Seconds to wait for the caller to start. */
  timeout: number;
  /** Seconds of silence ending speech input, or 'auto'. */
  speechTimeout: number | 'auto';
  action?: string;
  method: 'GET' | 'POST';
  numDigits?: number;
  finishOnKey: string;
  actionOnEmptyResult: boolean;
  children: readonly Nested[];
}

export type Verb =
  | Nested
  | Gather
  | { verb: 'Redirect'; url: string; method: 'GET' | 'POST' }
  | { verb: 'Hangup' }
  | { verb: 'Reject' }
  | { verb: 'Unsupported'; name: string };

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: (Element | string)[];
}

/** Twilio's "Document parse failure" (error 12100) or "Invalid content" cases. */
export class TwimlError extends DomainError {
  constructor(message: string) {
    super('INVALID_TWIML', message);
  }
}

export function parseTwiml(document: string): Verb[] {
  const root = parseXml(document);
  if (root.name !== 'Response') throw new TwimlError(`the root element is <${root.name}>, not <Response>`);
  return root.children.filter((c): c is Element => typeof c !== 'string').map(toVerb);
}

function toVerb(element: Element): Verb {
  const a = element.attributes;
  switch (element.name) {
    case 'Say':
    case 'Play':
    case 'Pause':
      return toNested(element);
    case 'Gather':
      return {
        verb: 'Gather',
        input: (a.input ?? 'dtmf').split(/\s+/).filter((i): i is 'speech' | 'dtmf' => i === 'speech' || i === 'dtmf'),
        timeout: number(a.timeout, 5),
        speechTimeout: a.speechTimeout === 'auto' ? 'auto' : number(a.speechTimeout, number(a.timeout, 5)),
        ...(a.action ? { action: a.action } : {}),
        method: method(a.method),
        ...(a.numDigits ? { numDigits: number(a.numDigits, 1) } : {}),
        finishOnKey: a.finishOnKey ?? '#',
        actionOnEmptyResult: a.actionOnEmptyResult === 'true',
        children: element.children.filter((c): c is Element => typeof c !== 'string').filter((c) => ['Say', 'Play', 'Pause'].includes(c.name)).map(toNested),
      };
    case 'Redirect':
      return { verb: 'Redirect', url: text(element).trim(), method: method(a.method) };
    case 'Hangup':
      return { verb: 'Hangup' };
    case 'Reject':
      return { verb: 'Reject' };
    default:
      return { verb: 'Unsupported', name: element.name };
  }
}

function toNested(element: Element): Nested {
  const a = element.attributes;
  switch (element.name) {
    case 'Say':
      return { verb: 'Say', text: text(element).trim(), loop: number(a.loop, 1) };
    case 'Play': {
      const url = text(element).trim();
      return { verb: 'Play', ...(url ? { url } : {}), ...(a.digits ? { digits: a.digits } : {}), loop: number(a.loop, 1) };
    }
    default:
      return { verb: 'Pause', length: number(a.length, 1) };
  }
}

function number(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function method(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

function text(element: Element): string {
  return element.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
}

/** A small XML reader: elements, attributes, text, entities, CDATA, comments; enough for TwiML. */
export function parseXml(source: string): Element {
  let i = 0;
  const fail = (what: string): never => {
    throw new TwimlError(`TwiML is not well-formed XML: ${what} at offset ${i}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (source.startsWith('<?', i)) i = source.indexOf('?>', i) + 2 || fail('unterminated declaration');
      else if (source.startsWith('<!--', i)) i = source.indexOf('-->', i) + 3 || fail('unterminated comment');
      else if (source.startsWith('<!DOCTYPE', i)) i = source.indexOf('>', i) + 1 || fail('unterminated doctype');
      else return;
    }
  };
  const readElement = (): Element => {
    if (source[i] !== '<') fail('expected an element');
    i++;
    const nameMatch = /^[A-Za-z_][\w.:-]*/.exec(source.slice(i));
    if (!nameMatch) fail('expected an element name');
    const name = nameMatch![0];
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(source[i] ?? '')) i++;
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [] };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(source.slice(i));
      if (!attr) fail(`bad attribute in <${name}>`);
      attributes[attr![1]!] = decodeEntities(attr![3] ?? attr![4] ?? '');
      i += attr![0].length;
    }
    const children: (Element | string)[] = [];
    for (;;) {
      if (i >= source.length) fail(`<${name}> is not closed`);
      if (source.startsWith('</', i)) {
        const end = source.indexOf('>', i);
        const closing = source.slice(i + 2, end).trim();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        i = end + 1;
        return { name, attributes, children };
      }
      if (source.startsWith('<!--', i)) {
        i = source.indexOf('-->', i) + 3 || fail('unterminated comment');
      } else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        children.push(source.slice(i + 9, end));
        i = end + 3;
      } else if (source[i] === '<') {
        children.push(readElement());
      } else {
        const end = source.indexOf('<', i);
        children.push(decodeEntities(source.slice(i, end < 0 ? source.length : end)));
        i = end < 0 ? source.length : end;
      }
    }
  };
  skipMisc();
  const root = readElement();
  skipMisc();
  if (i < source.length) fail('content after the root element');
  return root;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e as 'amp']!;
  });
}
