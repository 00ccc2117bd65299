import { Ic50Error } from '../errors.js';
import { parseRowLabel, PLATE_SIZES } from '../plate/wellId.js';
import type { CellTable } from './cellTable.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead } from './rawPlate.js';

/** A labelled grid found in a table: the cells of each (row, column) it names. */
export interface GridBlock {
  /** Index in table.rows of the header row (column numbers). */
  readonly headerRow: number;
  /** Index in table.rows just past the grid's last row. */
  readonly endRow: number;
  /** Cell index of the row labels (the column left of the first column number). */
  readonly labelColumn: number;
  /** 0-based plate column of each grid column, in order. */
  readonly plateColumns: readonly number[];
  /** Table cell index of each grid column. */
  readonly cellColumns: readonly number[];
  /** One entry per grid row: its 0-based plate row, its table row index and its cells. */
  readonly rows: readonly { readonly plateRow: number; readonly tableRow: number; readonly cells: readonly string[] }[];
  /** The corner cell (left of the column numbers): a title like "<>", "RLU", "Drug" or "". */
  readonly corner: string;
}

/**
 * Finds a run of column numbers in a row — 1, 2, 3 … (also 01, 1.0, and partial runs such as
 * 4 5 6 that i-control writes for part of a plate) — and returns where it starts and the
 * plate columns it names, or null when the row has no such run of length ≥ 2.
 */
export function columnNumberRun(row: readonly string[], from = 0): { start: number; columns: number[] } | null {
  for (let i = from; i < row.length; i++) {
    const first = Number(row[i]);
    if (!Number.isInteger(first) || first < 1 || row[i] === '') continue;
    const columns = [first - 1];
    let j = i + 1;
    while (j < row.length && row[j] !== '' && Number(row[j]) === first + (j - i)) {
      columns.push(first + (j - i) - 1);
      j++;
    }
    if (columns.length >= 2) return { start: i, columns };
  }
  return null;
}

/**
 * Reads a labelled grid whose header (column numbers) is at table row `headerRow`: the rows
 * below it whose label cell (left of the first number) is a row letter, in sequence, until a
 * row that is not. BMG's lowercase a–f after uppercase rows (1536 plates) continue the sequence
 * as rows 26–31, even when the export skips rows (A, G, M, S, Y, e).
 * Rows may skip letters (a partial read of rows A, E, I, M) but never go backwards.
 */
export function readGridBlock(table: CellTable, headerRow: number): GridBlock | null {
  const header = table.rows[headerRow];
  if (!header) return null;
  const run = columnNumberRun(header);
  if (!run) return null;
  const labelColumn = run.start - 1;
  if (labelColumn < 0) return null;
  const cellColumns = run.columns.map((_, k) => run.start + k);
  const rows: { plateRow: number; tableRow: number; cells: string[] }[] = [];
  let previous = -1;
  let r = headerRow + 1;
  for (; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const label = row[labelColumn] ?? '';
    let plateRow = parseRowLabel(label);
    // BMG labels rows 27–32 of a 1536 plate a–f: a lowercase letter that would go backwards
    // after uppercase rows continues past Z (a grid lettered a–p throughout never goes back).
    if (plateRow >= 0 && /^[a-z]$/.test(label) && plateRow <= previous) plateRow = 26 + (label.charCodeAt(0) - 97);
    if (plateRow < 0 || plateRow <= previous) break;
    previous = plateRow;
    rows.push({ plateRow, tableRow: r, cells: cellColumns.map((c) => row[c] ?? '') });
  }
  if (rows.length === 0) return null;
  return {
    headerRow,
    endRow: r,
    labelColumn,
    plateColumns: run.columns,
    cellColumns,
    rows,
    corner: header[labelColumn] ?? '',
  };
}

/**
 * The standard plate that holds a grid: the smallest size whose rows and columns cover every
 * labelled row and column (a partial i-control read of B2–G11 is still a 96-well plate).
 * Throws Ic50Error when no standard plate fits.
 */
export function plateSizeOf(maxRow: number, maxColumn: number, table: CellTable, line: number): readonly [number, number] {
  for (const [, size] of PLATE_SIZES) if (maxRow < size[0] && maxColumn < size[1]) return size;
  throw new Ic50Error(`a grid with row ${maxRow + 1} and column ${maxColumn + 1} fits no standard plate`, {
    location: { file: table.source, line },
  });
}

/** Markers that mean saturation or a failed read; any other non-numeric text is kept as a marker too. */
export const OVERFLOW_MARKERS = /^(ovrflw|over|overflow|sat\.?|#sat|>.*)$/i;

/**
 * A cell's value: the number, or NaN with the cell's text as marker. Gen5 wraps flagged values
 * in asterisks (*0.356*): the number is kept as the marker text and the well is excluded.
 * An empty cell is NaN without a marker (not read).
 */
export function cellValue(text: string, decimalComma: boolean): { value: number; marker?: string } {
  if (text === '') return { value: Number.NaN };
  const value = parseNumber(text, decimalComma);
  if (Number.isFinite(value)) return { value };
  return { value: Number.NaN, marker: text };
}

/**
 * A PlateRead from a grid block on a plate of `size` [rows, columns]: numbers where the grid
 * has them, NaN elsewhere (never read), markers kept with their text.
 */
export function plateReadFromGrid(
  table: CellTable,
  block: GridBlock,
  size: readonly [number, number],
  label: string,
  origin: 'raw' | 'calculated',
  wavelengthNm?: number,
): PlateRead {
  const [, columns] = size;
  const values = new Float64Array(size[0] * columns).fill(Number.NaN);
  const markers = new Map<number, string>();
  const lines = new Map<number, number>();
  for (const row of block.rows) {
    row.cells.forEach((text, k) => {
      // Off the plate, a cell would land on another well: callers size the plate to hold the grid.
      if (row.plateRow >= size[0] || block.plateColumns[k]! >= columns) {
        throw new Error(`grid cell (${row.plateRow}, ${block.plateColumns[k]}) is off the ${size[0]}×${columns} plate of "${label}"`);
      }
      const index = row.plateRow * columns + block.plateColumns[k]!;
      const cell = cellValue(text, table.decimalComma);
      values[index] = cell.value;
      if (cell.marker !== undefined) markers.set(index, cell.marker);
      lines.set(index, table.lines[row.tableRow]!);
    });
  }
  return { label, origin, ...(wavelengthNm !== undefined ? { wavelengthNm } : {}), values, markers, lines };
}
