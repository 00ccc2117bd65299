import { Ic50Error } from '../errors.js';
import { formatWellId, parseWellId, smallestPlateFor, type WellPosition } from '../plate/wellId.js';
import type { Location } from '../types.js';

/** A well of a plate map: its position and canonical id ("A1"). */
export interface LayoutWellId extends WellPosition {
  readonly id: string;
}

/** The largest standard plate, for messages. */
const LARGEST = '3456-well plate (48 rows × 72 columns)';

/**
 * The position of a well id as written in a plate map (A1, A01, A001, AA1, "B 3"). Throws
 * Ic50Error at `location` when the text is not a well id ("A0", "11B") or names a well beyond
 * every standard plate ("Z99").
 */
export function layoutWellId(text: string, location: Location): LayoutWellId {
  if (text === '') throw new Ic50Error('no well id', { location, hint: 'expected a row letter and a column number: A1, A01, A001, AA1' });
  const position = parseWellId(text);
  if (!position) {
    throw new Ic50Error(`"${text}" is not a well id`, { location, hint: 'expected a row letter and a column number from 1: A1, A01, A001, AA1' });
  }
  return checkedPosition(position.row, position.column, text, location);
}

/** A well given by its 0-based row and column, checked to lie on a standard plate. */
export function checkedPosition(row: number, column: number, text: string, location: Location): LayoutWellId {
  if (!smallestPlateFor(row, column)) {
    throw new Ic50Error(`well "${text}" is on no standard plate`, { location, hint: `the largest is the ${LARGEST}` });
  }
  return { row, column, id: formatWellId(row, column) };
}
