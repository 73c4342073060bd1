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

/**
 * True when the printed name is the requested guest: every word of the last name (or the first of a double
 * Spanish surname) is printed, a word of the first name or its initial is printed, and at most one word
 * (a middle name) is left over.
 */
export function guestNameMatches(printed: string, firstName: string, lastName: string): boolean {
  const p = nameTokens(printed);
  const first = nameTokens(firstName);
  const last = nameTokens(lastName);
  if (last.length === 0 || p.length === 0) return false;
  const lastOk = last.every((t) => p.includes(t)) || (last.length > 1 && p.includes(last[0] as string));
  const isInitialOfFirst = (t: string) => t.length === 1 && first.some((f) => f.startsWith(t));
  const firstOk = first.length === 0 || first.some((t) => p.includes(t)) || p.some(isInitialOfFirst);
  const extra = p.filter((t) => !first.includes(t) && !last.includes(t) && !isInitialOfFirst(t));
  return lastOk && firstOk && extra.length <= 1;
}
