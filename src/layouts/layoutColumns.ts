import { Ic50Error } from '../errors.js';
import { parseConcentrationUnit, UNIT_NAMES, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import { splitHeaderUnit } from '../readers/tidyCsv.js';
import type { CellTable } from '../readers/cellTable.js';
import type { Location } from '../types.js';

/** What a column of a plate map (or the corner of a grid block) can name. */
export type LayoutField =
  | 'plate'
  | 'well'
  | 'wellRow'
  | 'wellColumn'
  | 'cellLine'
  | 'compound'
  | 'concentration'
  | 'unit'
  | 'role'
  | 'top'
  | 'dilution'
  | 'points'
  | 'direction'
  | 'wells';

/**
 * Accepted names per field, compared after lower-casing and removing spaces, dashes,
 * underscores and dots (so "Cell-Line", "cell.line" and "cell_line" are all `cellline`).
 * `drug1…` are Thunor's names; `starting` and `maxconc` the RayC17 and GDSC names of a series'
 * top concentration.
 */
export const LAYOUT_ALIASES: Readonly<Record<LayoutField, readonly string[]>> = {
  plate: ['plate', 'plateid', 'barcode', 'platebarcode', 'upid'],
  well: ['well', 'wellid', 'position', 'wellposition'],
  wellRow: ['wellrow', 'row'],
  wellColumn: ['wellcolumn', 'wellcol', 'column', 'col'],
  cellLine: ['cellline', 'line', 'cells', 'sample', 'cell', 'celltype'],
  compound: ['compound', 'drug', 'treatment', 'agent', 'name', 'drug1'],
  concentration: ['concentration', 'conc', 'dose', 'drug1conc'],
  unit: ['unit', 'units', 'concentrationunit', 'concunit', 'drug1units'],
  role: ['role', 'type', 'welltype', 'wellrole'],
  top: ['top', 'topconcentration', 'topconc', 'start', 'starting', 'startconc', 'startingconcentration', 'maxconc', 'maxconcentration'],
  dilution: ['dilution', 'dilutionfactor', 'fold', 'folddilution', 'factor'],
  points: ['points', 'npoints', 'numberofpoints', 'doses', 'ndoses', 'steps'],
  direction: ['direction', 'dir', 'orientation'],
  wells: ['wells', 'range', 'wellrange', 'region'],
};

/** How a field is called in messages. */
export const FIELD_LABEL: Readonly<Record<LayoutField, string>> = {
  plate: 'plate',
  well: 'well',
  wellRow: 'well row',
  wellColumn: 'well column',
  cellLine: 'cell line',
  compound: 'compound',
  concentration: 'concentration',
  unit: 'unit',
  role: 'role',
  top: 'top concentration',
  dilution: 'dilution',
  points: 'points',
  direction: 'direction',
  wells: 'wells',
};

/** Fields whose header may carry a concentration unit (`concentration_nM`, `top (uM)`). */
const UNIT_FIELDS: ReadonlySet<LayoutField> = new Set(['concentration', 'top']);

function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/**
 * The field a header (or grid corner) names, with the unit in its suffix for concentration
 * fields; null when it names none. With a `location`, throws Ic50Error for a concentration
 * header whose bracketed unit is not one we know (`conc (mg/ml)`): reading on without it would
 * misplace every dose. Without one (shape detection), such a header just names its field.
 */
export function layoutField(header: string, location?: Location): { field: LayoutField; unit: ConcentrationUnit | null } | null {
  const whole = normalizeHeader(header);
  for (const field of Object.keys(LAYOUT_ALIASES) as LayoutField[]) {
    if (LAYOUT_ALIASES[field].includes(whole)) return { field, unit: null };
  }
  const { name, unit } = splitHeaderUnit(header);
  const key = normalizeHeader(name);
  for (const field of UNIT_FIELDS) {
    if (!LAYOUT_ALIASES[field].includes(key)) continue;
    const bracket = /[([]\s*([^()[\]]+?)\s*[)\]]\s*$/.exec(header);
    if (location && !unit && bracket && !parseConcentrationUnit(bracket[1]!)) {
      throw new Ic50Error(`unknown concentration unit "${bracket[1]!}" in "${header}"`, { location, hint: `accepted units: ${UNIT_NAMES}` });
    }
    return { field, unit };
  }
  return null;
}

/** A header row's columns: the first cell naming each field, and a concentration unit from a header suffix. */
export interface LayoutColumns {
  readonly index: ReadonlyMap<LayoutField, number>;
  /** Unit per unit-bearing field (concentration, top) from its header suffix. */
  readonly units: ReadonlyMap<LayoutField, ConcentrationUnit>;
  /** The header's non-empty cells, for "found: …" in messages. */
  readonly names: readonly string[];
}

/** Matches the cells of a header row to layout fields (the first cell naming a field wins). */
export function layoutColumns(row: readonly string[], location?: Location): LayoutColumns {
  const index = new Map<LayoutField, number>();
  const units = new Map<LayoutField, ConcentrationUnit>();
  row.forEach((cell, i) => {
    // A number names no field: skipped unparsed, which keeps header search linear and quick on
    // long lines of values.
    if (cell === '' || /^[-+.,\d]/.test(cell)) return;
    const match = layoutField(cell, location);
    if (!match || index.has(match.field)) return;
    index.set(match.field, i);
    if (match.unit) units.set(match.field, match.unit);
  });
  return { index, units, names: row.filter((c) => c !== '') };
}

/** `found: "a", "b", …` for a header, as in the tidy reader's messages. */
export function describeHeader(names: readonly string[]): string {
  if (names.length === 0) return 'no column names';
  return `found: ${names.slice(0, 12).map((h) => `"${h}"`).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
}

/** How many rows from the top a header row is looked for (title lines may precede it). */
const HEADER_SEARCH_ROWS = 30;

/**
 * Index in table.rows of the first row (among the first 30) whose fields satisfy `accepts`,
 * or -1. Never throws: this is also how the shape of a map is detected.
 */
export function findLayoutHeader(table: CellTable, accepts: (fields: ReadonlySet<LayoutField>) => boolean): number {
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
