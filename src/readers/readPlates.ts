import { Ic50Error } from '../errors.js';
import type { CellTable } from './cellTable.js';
import { choosePlateReader } from './index.js';
import type { PlateReader, RawPlate } from './rawPlate.js';

/** The plates of a plate-reader export, and which reader read each sheet. */
export interface ReadPlates {
  readonly readers: PlateReader[];
  readonly plates: RawPlate[];
}

/**
 * Reads a plate-reader export — its text as one table, or every sheet of a workbook — with the
 * detected or forced reader. Throws Ic50Error when no plate is found or the format is unknown.
 */
export function readPlates(tables: readonly CellTable[], file: string, forcedReader?: string): ReadPlates {
  const readers: PlateReader[] = [];
  const plates: RawPlate[] = [];
  for (const table of tables) {
    if (table.rows.every((row) => row.every((c) => c === ''))) continue;
    const reader = choosePlateReader(table, forcedReader);
    readers.push(reader);
    plates.push(...reader.read(table));
  }
  if (plates.length === 0) throw new Ic50Error('no plate found in the file', { code: 'format', location: { file } });
  return { readers, plates };
}
