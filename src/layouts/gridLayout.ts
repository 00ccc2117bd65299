import { Ic50Error } from '../errors.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { formatWellId, smallestPlateFor } from '../plate/wellId.js';
import type { CellTable } from '../readers/cellTable.js';
import { readGridBlock, type GridBlock } from '../readers/gridBlock.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { columnField as layoutField, type ColumnField as LayoutField } from '../plate/columns.js';
import { layoutConcentration } from './layoutConcentration.js';
import { layoutRole } from './layoutRole.js';
import { readTime } from '../plate/readTime.js';
import { checkedPosition, type LayoutWellId } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';

/** The variables a grid block may hold, named by its corner cell. */
type GridVariable = 'cellLine' | 'compound' | 'concentration' | 'role' | 'unit' | 'time';
const VARIABLES: ReadonlySet<LayoutField> = new Set<GridVariable>(['cellLine', 'compound', 'concentration', 'role', 'unit', 'time']);

/** One non-empty cell of a variable block. */
interface GridCell {
  readonly text: string;
  readonly line: number;
  /** The block corner's unit (`concentration (uM)`), for concentration cells. */
  readonly unit: ConcentrationUnit | null;
}

/** The variable a block's corner names, with its unit, or null when it names none we read. */
function blockVariable(block: GridBlock, location?: Location): { variable: GridVariable; unit: ConcentrationUnit | null } | null {
  const match = block.corner === '' ? null : layoutField(block.corner, location);
  return match && VARIABLES.has(match.field) ? { variable: match.field as GridVariable, unit: match.unit } : null;
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
 * unit and time (hours from treatment to the read; 0 marks a time-zero plate's wells); a unit may sit in the corner (`concentration (uM)`, `conc_nM`, `conc (M)` for wellr's
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
  const values = new Map<GridVariable, Map<string, GridCell>>();
  /** Every well some block gives a value, with the first line that does. */
  const positions = new Map<string, { position: LayoutWellId; line: number }>();
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
    let cells = values.get(named.variable);
    if (!cells) values.set(named.variable, (cells = new Map()));
    for (const row of block.rows) {
      const line = table.lines[row.tableRow]!;
      row.cells.forEach((text, k) => {
        if (text === '') return;
        const column = block.plateColumns[k]!;
        const id = formatWellId(row.plateRow, column);
        const previous = cells.get(id);
        if (previous && previous.text !== text) {
          throw new Ic50Error(`two ${block.corner} blocks disagree: line ${previous.line} says "${previous.text}", line ${line} says "${text}"`, {
            location: { file, line, well: id },
            hint: 'give each well one value per variable',
          });
        }
        if (!positions.has(id)) positions.set(id, { position: checkedPosition(row.plateRow, column, id, { file, line }), line });
        cells.set(id, { text, line, unit: named.unit });
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

  const cell = (variable: GridVariable, id: string): GridCell | undefined => values.get(variable)?.get(id);
  const ordered = [...positions.values()].sort((a, b) => a.position.row - b.position.row || a.position.column - b.position.column);
  for (const { position, line: firstLine } of ordered) {
    const id = position.id;
    const compound = cell('compound', id);
    const roleCell = cell('role', id);
    const concentration = cell('concentration', id);
    // The well's line: where its compound (else its role, else any value) is given.
    const line = (compound ?? roleCell)?.line ?? firstLine;
    const role = layoutRole(roleCell?.text ?? '', compound?.text ?? '', concentration?.text ?? '', table.decimalComma, {
      file,
      line: roleCell?.line ?? line,
      well: id,
    });
    if (role === null) continue;
    let log10Molar = Number.NaN;
    let unit = '';
    if (role === 'sample') {
      const dose = layoutConcentration(
        concentration?.text ?? '',
        { header: concentration?.unit, column: cell('unit', id)?.text, option: options.unit },
        table.decimalComma,
        { file, line: concentration?.line ?? line, well: id },
      );
      log10Molar = dose.log10Molar;
      unit = dose.unit.name;
    }
    const cellLine = values.has('cellLine') ? (cell('cellLine', id)?.text ?? '') : (options.cellLine ?? '');
    const timeCell = cell('time', id);
    const time = timeCell ? readTime(timeCell.text, { name: 'time', hoursPerUnit: 1 }, table.decimalComma, { file, line: timeCell.line, well: id }) : undefined;
    builder.add('', position, { role, roleInferred: (roleCell?.text ?? '') === '', cellLine, compound: compound?.text ?? '', log10Molar, unit, line, ...(time !== undefined ? { time } : {}) });
  }
  return builder.build();
}
