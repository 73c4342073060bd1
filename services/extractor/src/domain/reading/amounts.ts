// Money as hotels print it: 1,234.56 / 1.234,56 / 1 234,56 / 1'234.56, with or without a currency symbol or code.

const THOUSANDS = `[,.'’\\u00a0\\u202f ]`;
const CURRENCY = String.raw`(?:[$€£]|US\$|CHF|EUR|USD|GBP|Fr\.)`;

/**
 * One amount, alone in a cell or at the end of a text: optional currency before or after, optional minus sign
 * (before, after, or before the currency; touching them: "- 29,00" is a speck before an amount), exactly two
 * decimals.
 */
const AMOUNT = new RegExp(
  String.raw`^(?<pre>${CURRENCY})?\s?(?<sign1>[-−–])?(?<pre2>${CURRENCY})?\s?(?<int>\d{1,3}(?:${THOUSANDS}?\d{3})*|\d+)(?<dec>[.,]\d{2})\s?(?<sign2>-)?\s?(?<post>${CURRENCY})?$`,
  'u',
);

/** Amount in minor units of `text` when the whole text (trimmed) is one amount; null otherwise. */
export function parseAmount(text: string): number | null {
  const t = text.trim();
  const m = AMOUNT.exec(t);
  if (!m?.groups) return null;
  const int = (m.groups.int ?? '').replace(/[^0-9]/g, '');
  const dec = (m.groups.dec ?? '').slice(1);
  if (int.length === 0 || dec.length !== 2) return null;
  const minor = Number(int) * 100 + Number(dec);
  if (!Number.isSafeInteger(minor)) return null;
  const negative = Boolean(m.groups.sign1 ?? m.groups.sign2);
  return negative ? -minor : minor;
}

/** The currency code a text names by code or symbol, if exactly one. */
export function currencyOf(text: string): string | null {
  const codes = new Set<string>();
  for (const m of text.matchAll(/\b(EUR|USD|GBP|CHF)\b/g)) codes.add(m[1] as string);
  if (/€/.test(text)) codes.add('EUR');
  if (/£/.test(text)) codes.add('GBP');
  if (/\$/.test(text)) codes.add('USD');
  return codes.size === 1 ? ([...codes][0] as string) : null;
}

/** Formats minor units the way the given convention prints them (used by tests and property checks). */
export function formatAmount(minor: number, convention: AmountConvention): string {
  const abs = Math.abs(minor);
  const int = String(Math.floor(abs / 100));
  const dec = String(abs % 100).padStart(2, '0');
  const [thousands, decimal] = SEPARATORS[convention];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${minor < 0 ? '-' : ''}${grouped}${decimal}${dec}`;
}

export type AmountConvention = 'en' | 'de' | 'fr' | 'ch' | 'plain';
const SEPARATORS: Record<AmountConvention, [string, string]> = {
  en: [',', '.'],
  de: ['.', ','],
  fr: [' ', ','],
  ch: ["'", '.'],
  plain: ['', '.'],
};

/** A VAT or tax rate printed as "7 %", "3,8%", "14.75%". */
export function parseRate(text: string): number | null {
  const m = /(\d{1,2}(?:[.,]\d{1,3})?)\s?%/.exec(text);
  if (!m) return null;
  return Number((m[1] as string).replace(',', '.'));
}
