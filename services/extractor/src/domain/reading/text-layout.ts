// The positioned text of a document, whether it came from the PDF text layer or from OCR.

/** A run of text on one line, with its horizontal extent in points. */
export interface TextCell {
  readonly x: number;
  readonly right: number;
  readonly text: string;
}

/** One visual line: cells left to right; `y` is the baseline from the top of the page, in points. */
export interface TextLine {
  readonly page: number;
  readonly y: number;
  readonly cells: readonly TextCell[];
}

/** How the text of a page was obtained. */
export type TextSource = 'text-layer' | 'ocr';

export interface PageText {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly source: TextSource;
  /** 1 for a text layer; the OCR engine's mean word confidence (0..1) otherwise. */
  readonly confidence: number;
  readonly lines: readonly TextLine[];
}

/** The text of a line with its cells separated by two spaces (a column gap). */
export function lineText(line: TextLine): string {
  return line.cells.map((c) => c.text).join('  ');
}

/**
 * Groups positioned words (any order) into lines and cells: words whose baselines lie within `lineTolerance`
 * share a line; a horizontal gap wider than `cellGap` (or three quarters of the word's font size, for wide fonts
 * whose spaces the text layer drops) starts a new cell.
 */
export function layoutWords(
  page: number,
  words: ReadonlyArray<{ x: number; right: number; y: number; text: string; size?: number }>,
  options: { lineTolerance: number; cellGap: number },
): TextLine[] {
  const sorted = [...words].filter((w) => w.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: Array<{ y: number; words: Array<{ x: number; right: number; text: string; size?: number }> }> = [];
  for (const w of sorted) {
    const row = rows.find((r) => Math.abs(r.y - w.y) <= options.lineTolerance);
    if (row) row.words.push(w);
    else rows.push({ y: w.y, words: [w] });
  }
  return rows
    .sort((a, b) => a.y - b.y)
    .map((row) => {
      const ws = row.words.sort((a, b) => a.x - b.x);
      const cells: TextCell[] = [];
      let current: { x: number; right: number; text: string } | null = null;
      for (const w of ws) {
        if (current && w.x - current.right <= Math.max(options.cellGap, (w.size ?? 0) * 0.75)) {
          const joiner: string = w.x - current.right > 0.5 || /\s$/.test(current.text) ? ' ' : '';
          current = { x: current.x, right: Math.max(current.right, w.right), text: `${current.text.trimEnd()}${joiner}${w.text.trim()}` };
        } else {
          if (current) cells.push(current);
          current = { x: w.x, right: w.right, text: w.text.trim() };
        }
      }
      if (current) cells.push(current);
      return { page, y: row.y, cells };
    });
}
