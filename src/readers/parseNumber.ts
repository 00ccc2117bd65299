import { Ic50Error } from '../errors.js';
import type { Location } from '../types.js';

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;

/** 10^0 … 10^22: every one exactly a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of text of digits with at most one dot and a leading sign, and at least one digit
 * ("12", "-0.5", ".5"); undefined for any other text. With at most 15 digits the digits are an
 * exact integer m < 2^53 and the value m / 10^k (k ≤ 15 digits after the dot) one correctly
 * rounded division of two exact doubles: exactly Number(text) (Clinger's fast path, as strtod's),
 * without the builtin's call. Longer text goes to Number().
 */
function plainDecimal(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 30) return undefined;
  let digits = 0;
  let dots = 0;
  let mantissa = 0;
  let fraction = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      mantissa = mantissa * 10 + (c - 48);
      if (dots > 0) fraction++;
    } else if (c === 46) {
      if (++dots > 1) return undefined;
    } else if (!(i === 0 && (c === 45 || c === 43))) return undefined;
  }
  if (digits === 0) return undefined;
  if (digits > 15) return Number(text);
  const value = mantissa / POWERS_OF_TEN[fraction]!;
  return text.charCodeAt(0) === 45 ? -value : value;
}

/**
 * A number written in a data file, or NaN when the text is not one. Accepts plain decimals and
 * exponents; with `decimalComma`, "1,5" is 1.5 (exports from German or French locales, which
 * use ";" or tab as the delimiter). Never accepts "NaN", "Infinity", hex or thousands
 * separators: a cell that is not plainly a number is reported, not guessed.
 */
export function parseNumber(text: string, decimalComma = false): number {
  // Fast path (most cells of a screen): only digits, one dot, a sign (plainDecimal: the double Number() gives).
  const plain = plainDecimal(text);
  if (plain !== undefined) return plain;
  const t = text.trim();
  if (PLAIN.test(t)) return Number(t);
  if (decimalComma && DECIMAL_COMMA.test(t)) return Number(t.replace(',', '.'));
  return Number.NaN;
}

/**
 * A concentration as written in a cell: like parseNumber, but a value too small or too large
 * for a double ("1e-400" would become 0 — and a well at 0 is a vehicle — "1e400" Infinity) is an
 * error naming the cell, never a silent change of meaning.
 */
export function parseConcentration(text: string, decimalComma: boolean, cell: string, location: Location): number {
  const value = parseNumber(text, decimalComma);
  if (Number.isNaN(value)) throw new Ic50Error(`concentration "${cell}" is not a number`, { location });
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, '')))) {
    throw new Ic50Error(`concentration ${cell} is beyond the range of numbers`, { location, hint: 'is the unit right? concentrations between 1e-100 and 1e100 M are accepted' });
  }
  return value;
}

/** true for a number written as zero ("0", "0.0", "0e5") — not one too small for a double ("1e-400"). */
export function isWrittenZero(text: string, decimalComma = false): boolean {
  return parseNumber(text, decimalComma) === 0 && !/[1-9]/.test(text.trim().replace(/[eE].*$/, ''));
}
