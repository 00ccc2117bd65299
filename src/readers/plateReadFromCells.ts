import { PLATE_SIZES } from '../plate/wellId.js';
import { cellValue } from './gridBlock.js';
import type { PlateRead } from './rawPlate.js';

/** The text of one well's cell as a reader found it, and where. */
export interface WellText {
  readonly row: number;
  readonly column: number;
  readonly text: string;
  /** 1-based line (or sheet row) of the cell. */
  readonly line: number;
}

/**
 * A PlateRead on a plate of `size` [rows, columns] from the cells a reader collected: numbers
 * where they are, NaN for wells not read, the text of non-numeric cells kept as markers
 * (OVRFLW, OVER, overflow, Range?). A later cell for the same well replaces an earlier one.
 */
export function plateReadFromCells(
  cells: Iterable<WellText>,
  size: readonly [number, number],
  read: { label: string; origin: 'raw' | 'calculated'; wavelengthNm?: number | undefined },
  decimalComma: boolean,
): PlateRead {
  const columns = size[1];
  const values = new Float64Array(size[0] * columns).fill(Number.NaN);
  const markers = new Map<number, string>();
  const lines = new Map<number, number>();
  for (const cell of cells) {
    // Off the plate, a cell would land on another well (column 13 of 12 is the next row's 1):
    // callers size the plate to hold their cells, so this is a bug, never a guess.
    if (!(cell.row >= 0 && cell.row < size[0] && cell.column >= 0 && cell.column < columns)) {
      throw new Error(`well (${cell.row}, ${cell.column}) is off the ${size[0]}×${columns} plate of "${read.label}"`);
    }
    const index = cell.row * columns + cell.column;
    const parsed = cellValue(cell.text, decimalComma);
    values[index] = parsed.value;
    if (parsed.marker !== undefined) markers.set(index, parsed.marker);
    else markers.delete(index);
    lines.set(index, cell.line);
  }
  const wavelength = read.wavelengthNm !== undefined ? { wavelengthNm: read.wavelengthNm } : {};
  return { label: read.label, origin: read.origin, ...wavelength, values, markers, lines };
}

/** The plate a description names by its well count ("Corning 96 Flat Bottom", "384 WELL PLATE"), if any. */
export function plateSizeNamedIn(text: string | undefined): readonly [number, number] | undefined {
  const named = /\b(6|12|24|48|96|384|1536|3456)\b/.exec(text ?? '');
  return named ? PLATE_SIZES.get(Number(named[1])) : undefined;
}
