// Scores what the extractor read against the corpus ground truth, field by field, and prints the figures.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractionResult } from '../../src/extractor.js';

export interface TruthLine {
  date: string;
  description: string;
  kind: string;
  amountMinor: number;
}

/** One ground-truth file written by generate.mjs. */
export interface Truth {
  id: string;
  layout: string;
  language: string;
  currency: string;
  scan: boolean;
  pages: number;
  hotel: string;
  guest: { first: string; last: string; title: string };
  folioNumber: string;
  confirmationNumber: string | null;
  roomNumber: string;
  arrival: string;
  departure: string;
  lineItems: TruthLine[];
  taxes: Array<{ ratePercent: number; taxMinor: number; netMinor?: number }>;
  totalMinor: number;
}

export const SCORED_FIELDS = [
  'hotel',
  'guest',
  'folioNumber',
  'confirmationNumber',
  'room',
  'arrival',
  'departure',
  'currency',
  'total',
  'lineItems',
  'taxes',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export async function loadCorpus(dir: string): Promise<Array<{ truth: Truth; pdf: string }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) => ({ truth: JSON.parse(await readFile(join(dir, f), 'utf8')) as Truth, pdf: join(dir, f.replace(/\.json$/, '.pdf')) })),
  );
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'herr', 'frau', 'm', 'mme', 'mlle', 'sr', 'sra', 'srta', 'prof']);

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function nameTokens(s: string): string[] {
  return fold(s)
    .split(/[^a-z]+/)
    .filter((t) => t !== '' && !TITLES.has(t));
}

function sameSet(a: string[], b: string[]): boolean {
  const x = [...a].sort().join(' ');
  const y = [...b].sort().join(' ');
  return x === y;
}

/** Per field: true when read right; lineRecall: share of ground-truth lines read with their date and amount. */
export function score(truth: Truth, result: ExtractionResult): { fields: Record<ScoredField, boolean>; lineRecall: number } {
  const fields = Object.fromEntries(SCORED_FIELDS.map((f) => [f, false])) as Record<ScoredField, boolean>;
  if (result.status !== 'read') return { fields, lineRecall: 0 };
  const { document: d, dates, taxes } = result.folio;
  fields.hotel = d.hotelName !== null && fold(d.hotelName) === fold(truth.hotel);
  fields.guest = d.guestName !== null && sameSet(nameTokens(d.guestName), nameTokens(`${truth.guest.first} ${truth.guest.last}`));
  fields.folioNumber = d.folioNumber === truth.folioNumber;
  fields.confirmationNumber = d.confirmationNumber === truth.confirmationNumber;
  fields.room = d.roomNumber === truth.roomNumber;
  fields.arrival = dates.checkIn === truth.arrival;
  fields.departure = dates.checkOut === truth.departure;
  fields.currency = d.currency === truth.currency;
  fields.total = d.totalMinor === truth.totalMinor;
  const read = d.lineItems.filter((l) => l.kind !== 'PAYMENT').map((l) => `${l.date}|${l.amountMinor}`);
  const expected = truth.lineItems.map((l) => `${l.date}|${l.amountMinor}`);
  fields.lineItems = read.join(',') === expected.join(',');
  const pool = [...read];
  let hits = 0;
  for (const e of expected) {
    const i = pool.indexOf(e);
    if (i >= 0) {
      hits++;
      pool.splice(i, 1);
    }
  }
  const tx = (ts: ReadonlyArray<{ ratePercent: number; taxMinor: number }>) => ts.map((t) => `${t.ratePercent}:${t.taxMinor}`).sort().join(',');
  fields.taxes = tx(taxes) === tx(truth.taxes);
  return { fields, lineRecall: expected.length === 0 ? 1 : hits / expected.length };
}

export interface Scored {
  truth: Truth;
  fields: Record<ScoredField, boolean>;
  lineRecall: number;
  ms: number;
}

/** Accuracy per field over a set of scored documents. */
export function accuracy(rows: readonly Scored[]): Record<ScoredField, number> {
  return Object.fromEntries(SCORED_FIELDS.map((f) => [f, rows.length === 0 ? 0 : rows.filter((r) => r.fields[f]).length / rows.length])) as Record<
    ScoredField,
    number
  >;
}

/** A table: one row per group (all, each layout, text vs scan), one column per field, plus line recall. */
export function report(rows: readonly Scored[]): string {
  const groups: Array<[string, Scored[]]> = [
    ['all', [...rows]],
    ...[...new Set(rows.map((r) => r.truth.layout))].map((l): [string, Scored[]] => [l, rows.filter((r) => r.truth.layout === l)]),
    ['text layer', rows.filter((r) => !r.truth.scan)],
    ['scans (OCR)', rows.filter((r) => r.truth.scan)],
  ];
  const head = ['group', 'docs', ...SCORED_FIELDS, 'lineRecall'];
  const lines = [head.map((h) => h.padEnd(11)).join(' ')];
  for (const [name, rs] of groups) {
    const acc = accuracy(rs);
    const recall = rs.reduce((s, r) => s + r.lineRecall, 0) / Math.max(1, rs.length);
    lines.push([name, String(rs.length), ...SCORED_FIELDS.map((f) => acc[f].toFixed(2)), recall.toFixed(2)].map((c) => c.padEnd(11)).join(' '));
  }
  const misses = rows.flatMap((r) => SCORED_FIELDS.filter((f) => !r.fields[f]).map((f) => `${r.truth.id}:${f}`));
  if (misses.length > 0) lines.push(`misses: ${misses.join(' ')}`);
  return lines.join('\n');
}
