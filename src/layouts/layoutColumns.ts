import type { CellTable } from '../readers/cellTable.js';
import { headerColumns, type ColumnField, type HeaderColumns } from '../plate/columns.js';
import type { Location } from '../types.js';

/** The fields a plate map's columns (or a grid block's corner) can name. */
export const LAYOUT_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>([
  'plate',
  'well',
  'wellRow',
  'wellColumn',
  'cellLine',
  'compound',
  'concentration',
  'unit',
  'role',
  'top',
  'dilution',
  'points',
  'direction',
  'wells',
  'time',
  'days',
]);

/** A plate map's header row matched to the column vocabulary (plate/columns.ts). */
export function layoutColumns(row: readonly string[], location?: Location): HeaderColumns {
  return headerColumns(row, location, LAYOUT_FIELDS);
}

/** How many rows from the top a header row is looked for (title lines may precede it). */
const HEADER_SEARCH_ROWS = 30;

/**
 * Index in table.rows of the first row (among the first 30) whose fields satisfy `accepts`,
 * or -1. Never throws: this is also how the shape of a map is detected.
 */
export function findLayoutHeader(table: CellTable, accepts: (fields: ReadonlySet<ColumnField>) => boolean): number {
  for (let r = 0; r < Math.min(table.rows.length, HEADER_SEARCH_ROWS); r++) {
    const fields = new Set(layoutColumns(table.rows[r]!).index.keys());
    if (fields.size > 0 && accepts(fields)) return r;
  }
  return -1;
}

/** Index of the first non-blank row, or -1 (where a missing header is reported). */
export function firstNonBlankRow(table: CellTable): number {
  return table.rows.findIndex((row) => row.some((c) => c !== ''));
}
