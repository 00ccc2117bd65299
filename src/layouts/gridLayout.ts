import { Ic50Error } from '../errors.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { formatWellId, smallestPlateFor } from '../plate/wellId.js';
import type { CellTable } from '../readers/cellTable.js';
import { readGridBlock, type GridBlock } from '../readers/gridBlock.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { agentField } from './agentField.js';
import { GRID_VARIABLES, GridValues, type GridVariable } from './gridValues.js';
import { checkedPosition } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';

/** The variable a block's corner names (and its agent, for co-treatments), with its unit; null when it names none we read. */
function blockVariable(block: GridBlock, location?: Location): { variable: GridVariable; agent: number; unit: ConcentrationUnit | null } | null {
  const match = block.corner === '' ? null : agentField(block.corner, location);
  return match && GRID_VARIABLES.has(match.field) ? { variable: match.field as GridVariable, agent: match.agent, unit: match.unit } : null;
}

/** true when table row `r` starts a grid block whose corner names a layout variable (shape detection). */
export function isGridLayoutHeader(table: CellTable, r: number): boolean {
  const block = readGridBlock(table, r);
  return block !== null && blockVariable(block) !== null;
}

/**
 * Reads a grid-of-grids plate map (plater, wellr, platechain): blocks separated by blank rows,
 * each a plate-shaped grid whose corner cell names the variable, then the column numbers, then
 * one row per plate row:
 *
 *   compound,1,2,3,…,12            concentration (uM),1,2,…,12       role,11,12
 *   A,drugX,drugX,drugX,…,DMSO     A,10,3.33,1.11,…,                 A,vehicle,blank
 *   …                              …                                 …
 *
 * Corners (same aliases as a long map's columns): cell line, compound, concentration, role,
 * unit and time (hours from treatment to the read; 0 marks a time-zero plate's wells), and
 * `compound_2`/`concentration_2`… for co-treatments (see wellFromAgents); a unit may sit in the corner (`concentration (uM)`, `conc_nM`, `conc (M)` for wellr's
 * `1.00E-06`) or in the cells (`12.5 µM`, `12.500000 μM`). Blocks of other variables (protein,
 * bacteria, …) are skipped. A block may cover part of the plate (columns 11–12 only) and a
 * variable may have several blocks; an empty cell gives no value. Roles follow the long map's
 * rules; a well with neither compound nor role is not in the map. Without a cell-line block,
 * options.cellLine names every well. The map is one PlateLayout for every plate (plate ""),
 * sized to the largest grid. Throws Ic50Error naming file, line and well for bad values, and
 * when two blocks give one well different values of the same variable.
 */
export function readGridLayout(table: CellTable, options: LayoutOptions): PlateLayout[] {
  const file = table.source;
  const values = new GridValues();
  const builder = new LayoutBuilder(file);
  const skipped: string[] = [];
  let blocks = 0;
  for (let r = 0; r < table.rows.length; ) {
    const block = readGridBlock(table, r);
    if (!block) {
      r++;
      continue;
    }
    r = block.endRow;
    const headerLine = table.lines[block.headerRow]!;
    const named = blockVariable(block, { file, line: headerLine });
    if (!named) {
      if (block.corner !== '') skipped.push(`"${block.corner}"`);
      continue;
    }
    blocks++;
    const maxRow = block.rows[block.rows.length - 1]!.plateRow;
    const maxColumn = block.plateColumns.reduce((m, c) => Math.max(m, c), -1);
    if (!smallestPlateFor(maxRow, maxColumn)) {
      throw new Ic50Error(`a grid reaching ${formatWellId(maxRow, maxColumn)} fits no standard plate`, {
        location: { file, line: headerLine },
        hint: 'the largest is the 3456-well plate (48 rows × 72 columns)',
      });
    }
    builder.cover('', maxRow, maxColumn);
    for (const row of block.rows) {
      const line = table.lines[row.tableRow]!;
      row.cells.forEach((text, k) => {
        if (text === '') return;
        const column = block.plateColumns[k]!;
        const id = formatWellId(row.plateRow, column);
        const position = checkedPosition(row.plateRow, column, id, { file, line });
        values.add(named.variable, named.agent, position, { text, location: { file, line, well: id }, unit: named.unit, place: `line ${line}` }, `${block.corner} blocks`);
      });
    }
  }
  if (blocks === 0 || (!values.has('compound') && !values.has('role'))) {
    throw new Ic50Error(
      blocks === 0 ? 'no grid block naming a layout variable' : 'the grid has no compound or role block',
      {
        location: { file },
        hint: `a block's corner cell names its variable: compound, concentration, cell_line or role${skipped.length ? `; found ${skipped.join(', ')}` : ''}`,
      },
    );
  }
  values.build(builder, options, table.decimalComma);
  return builder.build();
}
