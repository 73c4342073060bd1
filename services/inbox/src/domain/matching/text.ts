// Text normalisation for matching: words without accents or case, confirmation numbers in a canonical form
// that forgives OCR and typing confusions (O/0, I/L/1, S/5, B/8, Z/2, separators), and a small edit distance.

/** Lowercase words without accents or punctuation: "Zoë  O'Brien-Núñez" -> ["zoe", "o", "brien", "nunez"]. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/gi, 'ae')
    .replace(/[ø]/gi, 'o')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Honorifics and titles in the languages Folio writes in; ignored when comparing names. */
export const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mme', 'mlle', 'm', 'herr', 'frau', 'sr', 'sra', 'srta',
  'don', 'dona', 'senor', 'senora', 'monsieur', 'madame', 'signor', 'signora', 'guest', 'gast', 'client', 'cliente',
]);

/** The words of a person's name, titles dropped. */
export function nameWords(name: string): string[] {
  return words(name).filter((w) => !TITLES.has(w));
}

const CONFUSABLE: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', S: '5', B: '8', Z: '2', G: '6' };

/** A confirmation number reduced to what survives OCR and typing: upper case, no separators, look-alikes folded. */
export function canonicalCode(code: string): string {
  return code
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/[OQDILSBZG]/g, (c) => CONFUSABLE[c] ?? c);
}

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** A piece holding a digit, or (all digits read as look-alike letters, "dazlzzso") mostly digits once folded. */
function looksLikeCode(piece: string): boolean {
  if (/[0-9]/.test(piece)) return true;
  const canonical = canonicalCode(piece);
  return canonical.length >= 6 && canonical.replace(/[^0-9]/g, '').length >= 0.75 * canonical.length;
}

/**
 * Pieces of text that may be a confirmation number: each alphanumeric run, and up to ten consecutive runs
 * joined while they stay short (a number typed or scanned as "4711 0815", "AB-12-34" or "A-A-00-000 0"), in
 * canonical form. Only pieces that look like a code count (see looksLikeCode).
 */
export function codeCandidates(text: string): Set<string> {
  const runs = text.normalize('NFKD').split(/[^A-Za-z0-9]+/).filter((r) => r.length > 0);
  const out = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    let joined = '';
    for (let n = 0; n < 10 && i + n < runs.length; n++) {
      joined += runs[i + n]!;
      if (joined.length > 24) break;
      if (joined.length >= 4 && looksLikeCode(joined)) out.add(canonicalCode(joined));
    }
  }
  return out;
}
