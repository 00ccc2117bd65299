import { Ic50Error } from '../errors.js';
import { tableFromText, type CellTable } from '../readers/cellTable.js';
import { dilutionLayoutHeader, readDilutionLayout } from './dilutionLayout.js';
import { isGridLayoutHeader, readGridLayout } from './gridLayout.js';
import { longLayoutHeader, readLongLayout } from './longLayout.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';
import { isVariableTitle, readVariableGrids, variableBlocks } from './variableSheetsLayout.js';

/** The accepted shapes, one line each, for the error on a file that is none of them. */
const SHAPES =
  'long, one row per well: "well,compound,concentration_uM" then "A1,drugX,10"; ' +
  'grid of grids: a corner naming the variable, then column numbers, then rows A…: "compound,1,2,3" then "A,drugX,drugX,DMSO"; ' +
  'dilution, one row per series: "compound,top_uM,dilution,points,direction,wells" then "drugX,10,3,10,right,A1:C10"; ' +
  'a block per variable: a title line naming it ("compound", "concentration (uM)") over a bare grid, blocks separated by blank lines';

export type Shape = 'long' | 'grid' | 'dilution' | 'variables';

/**
 * The shape of a plate map: the first row (from the top) that is a dilution header (top,
 * dilution, points and wells columns), a long header (a well column, or row and column
 * columns), a grid block (a corner naming a variable before a run of column numbers), or a
 * block title (a line naming only a variable, over a grid).
 */
export function detectShape(table: CellTable): Shape | null {
  const dilution = dilutionLayoutHeader(table);
  const long = longLayoutHeader(table);
  const limit = Math.min(table.rows.length, Math.max(dilution, long) >= 0 ? Math.max(dilution, long) + 1 : table.rows.length);
  for (let r = 0; r < limit; r++) {
    if (r === dilution) return 'dilution';
    if (r === long) return 'long';
    if (isGridLayoutHeader(table, r)) return 'grid';
    if (isVariableTitle(table, r)) return 'variables';
  }
  return null;
}

/**
 * Reads a plate map from text in any of the shapes it can take — long (one row per well), grid
 * of grids (plater style), a serial-dilution description, or a titled block per variable —
 * detected from its content; see readLayoutTable.
 */
export function readLayout(text: string, source: string, options: LayoutOptions): PlateLayout[] {
  return readLayoutTable(tableFromText(text, source), options);
}

/**
 * Reads a plate map from a table (a text file, or one worksheet) in any of its shapes — long (one
 * row per well), grid of grids (plater style), a serial-dilution description, or a titled block
 * per variable — detected from its content; see readLongLayout, readGridLayout,
 * readDilutionLayout and readVariableGrids. Returns one PlateLayout per plate the map names
 * (plate "" for a map that serves every plate). Throws Ic50Error when the table is none of the
 * shapes, with an example of each.
 */
export function readLayoutTable(table: CellTable, options: LayoutOptions): PlateLayout[] {
  const source = table.source;
  if (table.rows.every((row) => row.every((c) => c === ''))) {
    throw new Ic50Error('the plate map is empty', { code: 'no_data', location: { file: source }, hint: `accepted shapes — ${SHAPES}` });
  }
  switch (detectShape(table)) {
    case 'dilution':
      return readDilutionLayout(table, options);
    case 'long':
      return readLongLayout(table, options);
    case 'grid':
      return readGridLayout(table, options);
    case 'variables':
      return readVariableGrids(variableBlocks(table), source, options);
    case null:
      throw new Ic50Error('not a plate map: no well column, no grid block naming a variable, no dilution columns', {
        code: 'format',
        location: { file: source },
        hint: `accepted shapes — ${SHAPES}`,
      });
  }
}
