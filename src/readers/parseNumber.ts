const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;

/**
 * A number written in a data file, or NaN when the text is not one. Accepts plain decimals and
 * exponents; with `decimalComma`, "1,5" is 1.5 (exports from German or French locales, which
 * use ";" or tab as the delimiter). Never accepts "NaN", "Infinity", hex or thousands
 * separators: a cell that is not plainly a number is reported, not guessed.
 */
export function parseNumber(text: string, decimalComma = false): number {
  const t = text.trim();
  if (PLAIN.test(t)) return Number(t);
  if (decimalComma && DECIMAL_COMMA.test(t)) return Number(t.replace(',', '.'));
  return Number.NaN;
}
