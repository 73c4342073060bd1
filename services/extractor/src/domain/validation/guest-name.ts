// Guest names compared the way a person would: accents, letter case, word order, titles and a middle name aside.

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'herr', 'frau', 'hr', 'fr', 'm', 'mme', 'mlle', 'monsieur', 'madame',
  'sr', 'sra', 'srta', 'senor', 'senora', 'don', 'dona', 'mag', 'ing',
]);

/** Lower-case ASCII words of a name, without titles: "Herr Dr. Jürgen WEISS" -> ["jurgen", "weiss"]. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z]+/)
    // German umlauts are also written ae, oe, ue (Müller, Mueller): fold both spellings to one.
    .map((t) => t.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u'))
    .filter((t) => t !== '' && !TITLES.has(t));
}

/** At most one letter inserted, dropped or changed (a scan misreading one letter). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, from: number) => x.slice(from);
  return rest(a, i + 1) === rest(b, i + 1) || rest(a, i) === rest(b, i + 1) || rest(a, i + 1) === rest(b, i);
}

/** Same word, or for words of six letters or more, one letter apart. */
function sameWord(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 6 && oneEditApart(a, b));
}

/**
 * True when the printed name is the requested guest: every word of the last name (or the first of a double
 * Spanish surname) is printed, a word of the first name or its initial is printed, and at most one word
 * (a middle name) is left over. Words of six letters or more may differ by one letter (OCR).
 */
export function guestNameMatches(printed: string, firstName: string, lastName: string): boolean {
  const p = nameTokens(printed);
  const first = nameTokens(firstName);
  const last = nameTokens(lastName);
  if (last.length === 0 || p.length === 0) return false;
  const printedHas = (t: string) => p.some((w) => sameWord(w, t));
  const lastOk = last.every(printedHas) || (last.length > 1 && printedHas(last[0] as string));
  const isInitialOfFirst = (t: string) => t.length === 1 && first.some((f) => f.startsWith(t));
  const firstOk = first.length === 0 || first.some(printedHas) || p.some(isInitialOfFirst);
  const extra = p.filter((t) => !first.some((f) => sameWord(f, t)) && !last.some((l) => sameWord(l, t)) && !isInitialOfFirst(t));
  return lastOk && firstOk && extra.length <= 1;
}
