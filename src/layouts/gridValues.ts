import { Ic50Error } from '../errors.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { Location } from '../types.js';
import { readTime } from '../plate/readTime.js';
import type { LayoutBuilder } from './layoutBuilder.js';
import type { LayoutWellId } from './layoutWellId.js';
import type { LayoutOptions } from './plateLayout.js';
import { wellFromAgents, type AgentCells } from './wellFromAgents.js';

/** The variables a grid (a block of a grid-of-grids, a sheet, a titled CSV block) may hold. */
export type GridVariable = 'cellLine' | 'compound' | 'concentration' | 'role' | 'unit' | 'time';
export const GRID_VARIABLES: ReadonlySet<string> = new Set<GridVariable>(['cellLine', 'compound', 'concentration', 'role', 'unit', 'time']);

/** One non-empty cell of a variable's grid. */
export interface GridCell {
  readonly text: string;
  /** Where it is: file, sheet, line (row), well; for messages. */
  readonly location: Location;
  /** The unit its grid names (`concentration (uM)`), for concentration cells. */
  readonly unit: ConcentrationUnit | null;
  /** How messages call it: `line 12`, or `cell E4` of a sheet. */
  readonly place: string;
}

const key = (variable: GridVariable, agent: number) => (agent === 1 ? variable : `${variable}#${agent}`);

/**
 * The values of a plate map drawn as grids, one grid per variable (and per agent of a
 * co-treatment), gathered well by well and then turned into the map's wells: the part shared by
 * the grid-of-grids reader and the one-sheet-per-variable reader. An empty cell says nothing; two
 * grids giving one well different values of one variable are an error naming both places.
 */
export class GridValues {
  private readonly values = new Map<string, Map<string, GridCell>>();
  /** Every well some grid gives a value, with the first place that does. */
  private readonly positions = new Map<string, LayoutWellId>();
  private agents = 1;

  has(variable: GridVariable, agent = 1): boolean {
    return this.values.has(key(variable, agent));
  }

  /** Records one cell; throws Ic50Error when another grid gave the well another value of the variable. */
  add(variable: GridVariable, agent: number, position: LayoutWellId, cell: GridCell, what: string): void {
    let cells = this.values.get(key(variable, agent));
    if (!cells) this.values.set(key(variable, agent), (cells = new Map()));
    this.agents = Math.max(this.agents, agent);
    const previous = cells.get(position.id);
    if (previous && previous.text !== cell.text) {
      throw new Ic50Error(`two ${what} disagree: ${previous.place} says "${previous.text}", ${cell.place} says "${cell.text}"`, {
        location: cell.location,
        hint: 'give each well one value per variable',
      });
    }
    if (!this.positions.has(position.id)) this.positions.set(position.id, position);
    cells.set(position.id, cell);
  }

  /**
   * Adds the wells to `builder` (plate `plate`), in plate order. Roles follow the long map's
   * rules (a role grid wins, else the compound name; see wellFromAgents for co-treatments); a well
   * with neither compound nor role is not in the map. Without a cell-line grid, options.cellLine
   * names every well. A time grid gives the hours from treatment to the read (0: a time-zero
   * well). Throws Ic50Error at the cell for values that cannot be read.
   */
  build(builder: LayoutBuilder, options: LayoutOptions, decimalComma: boolean, plate = ''): void {
    const cell = (variable: GridVariable, id: string, agent = 1): GridCell | undefined => this.values.get(key(variable, agent))?.get(id);
    const ordered = [...this.positions.values()].sort((a, b) => a.row - b.row || a.column - b.column);
    for (const position of ordered) {
      const id = position.id;
      const compound = cell('compound', id);
      const roleCell = cell('role', id);
      // The well's place: where its compound (else its role, else any value) is given.
      const anchor = compound ?? roleCell ?? this.anyCell(id)!;
      const agents: AgentCells[] = [];
      for (let agent = 1; agent <= this.agents; agent++) {
        const name = cell('compound', id, agent);
        const concentration = cell('concentration', id, agent);
        agents.push({
          compound: name?.text ?? '',
          concentration: concentration?.text ?? '',
          units: { header: concentration?.unit, column: cell('unit', id, agent)?.text ?? cell('unit', id)?.text, option: options.unit },
          location: (concentration ?? name ?? anchor).location,
        });
      }
      const well = wellFromAgents(roleCell?.text ?? '', agents, decimalComma, (roleCell ?? anchor).location);
      if (well === null) continue;
      const cellLine = this.has('cellLine') ? (cell('cellLine', id)?.text ?? '') : (options.cellLine ?? '');
      const line = anchor.location.line;
      const timeCell = cell('time', id);
      const time = timeCell ? readTime(timeCell.text, { name: 'time', hoursPerUnit: 1 }, decimalComma, timeCell.location) : undefined;
      builder.add(plate, position, {
        role: well.role,
        roleInferred: well.roleInferred,
        cellLine,
        compound: well.compound,
        log10Molar: well.log10Molar,
        unit: well.unit,
        ...(line !== undefined ? { line } : {}),
        ...(time !== undefined ? { time } : {}),
      });
    }
  }

  private anyCell(id: string): GridCell | undefined {
    for (const cells of this.values.values()) {
      const found = cells.get(id);
      if (found) return found;
    }
    return undefined;
  }
}
