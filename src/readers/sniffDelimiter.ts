/** The delimiters we recognise, best first on ties. */
const CANDIDATES = ['\t', ';', ','] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/** Counts a character outside double-quoted fields. */
function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/**
 * Guesses the delimiter of a delimited text block from its first non-empty lines: the
 * candidate that appears the same, non-zero number of times on most lines (a decimal comma
 * varies from line to line; a delimiter does not). Ties go to tab, then semicolon, then comma.
 * Returns comma when nothing fits (a one-column file).
 */
export function sniffDelimiter(lines: readonly string[]): Delimiter {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 20);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const candidate of CANDIDATES) {
    const counts = sample.map((l) => countOutsideQuotes(l, candidate));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length;
    const score = consistent / sample.length + (header > 0 ? 0.001 * Math.min(header, 50) : 0);
    if (score > bestScore + 1e-9) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
