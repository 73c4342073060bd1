// Dates as folios print them: 12.03.2026, 12/03/26, 03-12-26 (US), 12 Mar 2026, 12. März 2026, 12 de marzo de 2026.

/** Which comes first in an all-numeric date. */
export type DayOrder = 'DMY' | 'MDY';

const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  ['january', 'jan', 'januar', 'janvier', 'janv', 'enero', 'ene', 'jänner', 'jän'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'febrero'],
  ['march', 'mar', 'märz', 'marz', 'maerz', 'mars', 'marzo', 'mär'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo', 'may'],
  ['june', 'jun', 'juni', 'juin', 'junio'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic'],
];

const MONTH_BY_NAME = new Map<string, number>();
MONTH_NAMES.forEach((names, i) => names.forEach((n) => MONTH_BY_NAME.set(n, i + 1)));

const MONTH_WORD = String.raw`[A-Za-zÀ-ÿ]{3,10}\.?`;

/** A date found in a text, with where it starts, as year, month and day. */
export interface DateMatch {
  readonly index: number;
  readonly length: number;
  readonly iso: string;
  /** Numeric dates whose day and month could be swapped (both <= 12). */
  readonly ambiguous: boolean;
  readonly numeric: boolean;
}

const NUMERIC = /(?<![\d.,])(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d,]|\.\d)/g;
const NAMED_DMY = new RegExp(String.raw`(?<![\d])(\d{1,2})\.?\s(?:de\s)?(${MONTH_WORD})\s(?:de\s)?(\d{4})`, 'gu');
const NAMED_MDY = new RegExp(String.raw`(${MONTH_WORD})\s(\d{1,2}),?\s(\d{4})`, 'gu');

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const date = new Date(t);
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

function monthOf(word: string): number | null {
  return MONTH_BY_NAME.get(word.toLowerCase().replace(/\.$/, '')) ?? null;
}

/** Every date in a text, in order of appearance; numeric ones read with the given day order. */
export function findDates(text: string, order: DayOrder): DateMatch[] {
  const found: DateMatch[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    const [all, a, , b, c] = m as unknown as [string, string, string, string, string];
    let value: string | null = null;
    let ambiguous = false;
    if (a.length === 4) value = iso(Number(a), Number(b), Number(c)); // ISO 2026-03-12
    else if (c.length === 2 || c.length === 4) {
      const y = fullYear(c);
      const x = Number(a);
      const z = Number(b);
      ambiguous = x <= 12 && z <= 12 && x !== z;
      if (order === 'MDY') value = iso(y, x, z) ?? iso(y, z, x);
      else value = iso(y, z, x) ?? iso(y, x, z);
    }
    if (value) found.push({ index: m.index ?? 0, length: all.length, iso: value, ambiguous, numeric: true });
  }
  for (const m of text.matchAll(NAMED_DMY)) {
    const [all, d, word, y] = m as unknown as [string, string, string, string];
    const month = monthOf(word);
    const value = month ? iso(Number(y), month, Number(d)) : null;
    if (value) found.push({ index: m.index ?? 0, length: all.length, iso: value, ambiguous: false, numeric: false });
  }
  for (const m of text.matchAll(NAMED_MDY)) {
    const [all, word, d, y] = m as unknown as [string, string, string, string];
    const month = monthOf(word);
    const value = month ? iso(Number(y), month, Number(d)) : null;
    if (value && !found.some((f) => overlaps(f, m.index ?? 0, all.length))) {
      found.push({ index: m.index ?? 0, length: all.length, iso: value, ambiguous: false, numeric: false });
    }
  }
  return found.sort((x, y) => x.index - y.index);
}

function overlaps(f: DateMatch, index: number, length: number): boolean {
  return index < f.index + f.length && f.index < index + length;
}

/** The date a whole cell holds, or null. */
export function parseDate(text: string, order: DayOrder): string | null {
  const t = text.trim();
  const [first] = findDates(t, order);
  if (!first) return null;
  return first.index === 0 && first.length >= t.replace(/[.:]$/, '').length - 1 ? first.iso : null;
}

/**
 * Decides the day order of a document's numeric dates: a first part above 12 proves DMY, a second part above 12
 * proves MDY; otherwise dollars suggest a US property (MDY) and anything else DMY.
 */
export function inferDayOrder(texts: readonly string[], currencyHint: string | null): { order: DayOrder; proven: boolean } {
  let dmy = 0;
  let mdy = 0;
  for (const text of texts) {
    for (const m of text.matchAll(NUMERIC)) {
      const a = m[1] as string;
      if (a.length === 4) continue;
      const x = Number(a);
      const z = Number(m[3]);
      if (x > 12 && z <= 12) dmy++;
      if (z > 12 && x <= 12) mdy++;
    }
  }
  if (dmy > mdy) return { order: 'DMY', proven: true };
  if (mdy > dmy) return { order: 'MDY', proven: true };
  return { order: currencyHint === 'USD' ? 'MDY' : 'DMY', proven: false };
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
