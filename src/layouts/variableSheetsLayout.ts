import { Ic50Error } from '../errors.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { formatWellId } from '../plate/wellId.js';
import type { CellTable } from '../readers/cellTable.js';
import { readGridBlock } from '../readers/gridBlock.js';
import type { Location } from '../types.js';
import { agentField } from './agentField.js';
import { GRID_VARIABLES, GridValues, type GridVariable } from './gridValues.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { checkedPosition } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';

/**
 * The grid of one variable: a worksheet named after it (gDR's templates: sheets `Gnumber`,
 * `Concentration`, `Gnumber_2`, …), or a block of a text map under a title line naming it.
 */
export interface VariableGrid {
  /** The variable as written: the sheet name or the title. */
  readonly title: string;
  readonly table: CellTable;
  /** Rows of the grid in table.rows: [first, end). */
  readonly first: number;
  readonly end: number;
  /** A worksheet: a bare grid's cells lie at their sheet positions (cell D5 is well D5). */
  readonly sheet?: string;
}

/** The variable (and agent) a sheet name or block title names, or null. */
export function variableOfTitle(title: string, location?: Location): { variable: GridVariable; agent: number; unit: ConcentrationUnit | null } | null {
  const match = agentField(title.trim(), location);
  return match && GRID_VARIABLES.has(match.field) ? { variable: match.field as GridVariable, agent: match.agent, unit: match.unit } : null;
}

/** A spreadsheet column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(column: number): string {
  return column < 26 ? String.fromCharCode(65 + column) : columnLetters(Math.floor(column / 26) - 1) + String.fromCharCode(65 + (column % 26));
}

/** true when table row `r` is a block title: one cell, in the first column, naming a variable, with a row below it. */
export function isVariableTitle(table: CellTable, r: number): boolean {
  const row = table.rows[r];
  const title = row?.[0] ?? '';
  if (!row || r + 1 >= table.rows.length || title === '' || row.slice(1).some((c) => c !== '')) return false;
  return variableOfTitle(title) !== null;
}

/**
 * The titled blocks of a text map: each a title line, then its grid down to the next title (blank
 * lines inside are empty plate rows, as a sheet saved as CSV has them).
 */
export function variableBlocks(table: CellTable): VariableGrid[] {
  const grids: VariableGrid[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    if (!isVariableTitle(table, r)) continue;
    let end = r + 1;
    while (end < table.rows.length && !isVariableTitle(table, end)) end++;
    grids.push({ title: table.rows[r]![0]!, table, first: r + 1, end });
    r = end - 1;
  }
  return grids;
}

/** The worksheets whose name names a variable, as grids. */
export function variableSheets(tables: readonly CellTable[]): VariableGrid[] {
  return tables
    .filter((t) => t.sheet !== undefined && variableOfTitle(t.sheet) !== null)
    .map((t) => ({ title: t.sheet!, table: t, first: 0, end: t.rows.length, sheet: t.sheet! }));
}

/**
 * Reads a plate map drawn as one grid per variable — a workbook with a sheet per variable (gDR's
 * templates and the D300 workbooks made from them) or a text file with a titled block per
 * variable — into one PlateLayout that serves every plate. The sheet name or title says the
 * variable, with the column vocabulary's names (`Gnumber`/`drug` → compound, `Concentration`,
 * `CellLine`, `role`, `unit`; `Gnumber_2`, `Concentration_2` for a co-treatment) and a unit in
 * brackets if any (`Concentration (uM)`); the unit may also be in the cells or come from --unit.
 *
 * A grid is labelled (column numbers over its first row, row letters down its first column, as a
 * grid-of-grids block) or bare. A bare sheet's cells are wells at their own address — sheet row 4
 * is plate row D, sheet column E the 5th column — as gDR writes them (a template covering D4:V15
 * starts at well D4); a bare text block starts at A1 on the line after its title, and runs to
 * the next title (blank lines are empty plate rows). Empty cells say nothing;
 * the roles, co-treatments and cell lines follow the grid-of-grids reader (GridValues). Messages
 * name the sheet and cell. Throws Ic50Error when no grid names a compound or role.
 */
export function readVariableGrids(grids: readonly VariableGrid[], source: string, options: LayoutOptions): PlateLayout[] {
  const values = new GridValues();
  const builder = new LayoutBuilder(source);
  for (const grid of grids) {
    const { table } = grid;
    const where = (line: number): Location => ({ file: source, ...(grid.sheet !== undefined ? { sheet: grid.sheet } : {}), line });
    const named = variableOfTitle(grid.title, where(grid.first > 0 ? table.lines[grid.first - 1]! : 1))!;
    const what = grid.sheet !== undefined ? `"${grid.title}" sheets` : `"${grid.title}" blocks`;
    const add = (tableRow: number, plateRow: number, column: number, text: string, place: string) => {
      if (text === '') return;
      const line = table.lines[tableRow]!;
      const id = formatWellId(plateRow, column);
      const position = checkedPosition(plateRow, column, id, { ...where(line), well: id });
      values.add(named.variable, named.agent, position, { text, location: { ...where(line), well: id }, unit: named.unit, place }, what);
    };
    // A labelled grid: column numbers in one of its first rows.
    let labelled = null;
    for (let r = grid.first; r < Math.min(grid.end, grid.first + 4) && !labelled; r++) {
      const block = readGridBlock(table, r);
      if (block && block.endRow <= grid.end) labelled = block;
    }
    if (labelled) {
      const maxRow = labelled.rows[labelled.rows.length - 1]!.plateRow;
      builder.cover('', maxRow, labelled.plateColumns.reduce((m, c) => Math.max(m, c), 0));
      for (const row of labelled.rows) {
        row.cells.forEach((text, k) => {
          const cellColumn = labelled.cellColumns[k]!;
          const place = grid.sheet !== undefined ? `cell ${columnLetters(cellColumn)}${table.lines[row.tableRow]}` : `line ${table.lines[row.tableRow]}`;
          add(row.tableRow, row.plateRow, labelled.plateColumns[k]!, text, place);
        });
      }
      continue;
    }
    for (let r = grid.first; r < grid.end; r++) {
      const plateRow = grid.sheet !== undefined ? table.lines[r]! - 1 : r - grid.first;
      table.rows[r]!.forEach((text, c) => {
        const place = grid.sheet !== undefined ? `cell ${columnLetters(c)}${table.lines[r]}` : `line ${table.lines[r]}`;
        add(r, plateRow, c, text, place);
      });
    }
  }
  if (!values.has('compound') && !values.has('role')) {
    const names = grids.map((g) => `"${g.title}"`).join(', ');
    throw new Ic50Error(`no grid names a compound or a role (found ${names || 'none'})`, {
      location: { file: source },
      hint: 'name a sheet (or a block title) compound, Gnumber, drug or role; concentrations go in a sheet named concentration',
    });
  }
  values.build(builder, options, grids[0]?.table.decimalComma ?? false);
  return builder.build();
}
