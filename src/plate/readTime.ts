import { Ic50Error } from '../errors.js';
import { parseNumber } from '../readers/parseNumber.js';
import type { Location } from '../types.js';

/**
 * The hours from treatment to the read that a time cell gives (undefined for an empty cell),
 * in a column of hours (`time`, `time_h`, `hours`: hoursPerUnit 1) or days (`days`: 24). Throws
 * Ic50Error at `location` for a value that is not a time (not a number, negative).
 */
export function readTime(text: string, column: { readonly name: string; readonly hoursPerUnit: number }, decimalComma: boolean, location: Location): number | undefined {
  if (text === '') return undefined;
  const value = parseNumber(text, decimalComma);
  if (!(value >= 0 && value < 1e6)) {
    throw new Ic50Error(`${column.name} "${text}" is not a time${value < 0 ? ' (negative)' : ''}`, {
      location,
      hint: `the ${column.name} column gives the ${column.hoursPerUnit === 24 ? 'days' : 'hours'} from treatment to the read (0 for a time-zero plate)`,
    });
  }
  return value * column.hoursPerUnit;
}
