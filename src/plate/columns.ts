import { Ic50Error } from '../errors.js';
import type { Location } from '../types.js';
import { parseConcentrationUnit, UNIT_NAMES, type ConcentrationUnit } from './concentrationUnit.js';

/**
 * The one column vocabulary: what a column of a tidy CSV, a plate map or a manifest can name,
 * and the names labs give it. Every table reader matches its header here, so a name accepted in
 * one kind of file is accepted in all of them.
 */
export type ColumnField =
  | 'plate'
  | 'well'
  | 'wellRow'
  | 'wellColumn'
  | 'cellLine'
  | 'compound'
  | 'concentration'
  | 'signal'
  | 'unit'
  | 'role'
  | 'replicate'
  | 'top'
  | 'dilution'
  | 'points'
  | 'direction'
  | 'wells'
  | 'file'
  | 'layout'
  | 'experiment'
  | 'time'
  | 'days';

/**
 * Accepted names per field, compared after lower-casing and removing spaces, dashes,
 * underscores and dots (so "Cell-Line", "cell.line" and "cell_line" are all `cellline`).
 * `drug1…` are Thunor's names, `upid`, `Gnumber`, `clid`, `ReadoutValue` gDR's, `sampleID`
 * DrugScreenExplorer's (a patient sample); `starting` and
 * `maxconc` the RayC17 and GDSC names of a series' top concentration.
 */
export const COLUMN_ALIASES: Readonly<Record<ColumnField, readonly string[]>> = {
  plate: ['plate', 'plateid', 'barcode', 'platebarcode', 'upid', 'platename'],
  well: ['well', 'wellid', 'position', 'wellposition'],
  wellRow: ['wellrow', 'row'],
  wellColumn: ['wellcolumn', 'wellcol', 'column', 'col'],
  cellLine: ['cellline', 'line', 'cells', 'sample', 'cell', 'celltype', 'celllinename', 'clid', 'sampleid'],
  compound: ['compound', 'drug', 'treatment', 'agent', 'name', 'drug1', 'drugname', 'compoundname', 'gnumber'],
  concentration: ['concentration', 'conc', 'dose', 'drug1conc'],
  signal: ['signal', 'value', 'rlu', 'luminescence', 'lum', 'absorbance', 'abs', 'od', 'response', 'viability', 'readoutvalue', 'readout'],
  unit: ['unit', 'units', 'concentrationunit', 'concunit', 'drug1units'],
  role: ['role', 'type', 'welltype', 'wellrole'],
  replicate: ['replicate', 'rep'],
  top: ['top', 'topconcentration', 'topconc', 'start', 'starting', 'startconc', 'startingconcentration', 'maxconc', 'maxconcentration'],
  dilution: ['dilution', 'dilutionfactor', 'fold', 'folddilution', 'factor'],
  points: ['points', 'npoints', 'numberofpoints', 'doses', 'ndoses', 'steps'],
  direction: ['direction', 'dir', 'orientation'],
  wells: ['wells', 'range', 'wellrange', 'region'],
  file: ['file', 'filename', 'path', 'export', 'datafile', 'rawdata', 'rawdatafile'],
  layout: ['layout', 'map', 'platemap', 'template', 'layoutfile'],
  experiment: ['experiment', 'run', 'day', 'batch'],
  // Hours from treatment to the read (a time-zero plate is read at 0); gDR's manifests say `Duration`.
  time: ['time', 'timeh', 'time(h)', 'time[h]', 'hours', 'hour', 'hrs', 'timehours', 'time(hours)', 'timehr', 'timehrs', 'time(hrs)', 'timepoint', 'timepointh', 'duration', 'durationh', 'duration(h)'],
  // The same in days (`day` only where it is not an experiment: see tidyCsv.ts).
  days: ['days', 'day', 'timed', 'time(d)', 'timedays', 'time(days)', 'timeday'],
};

/** How a field is called in messages. */
export const COLUMN_LABEL: Readonly<Record<ColumnField, string>> = {
  plate: 'plate',
  well: 'well',
  wellRow: 'well row',
  wellColumn: 'well column',
  cellLine: 'cell line',
  compound: 'compound',
  concentration: 'concentration',
  signal: 'signal',
  unit: 'unit',
  role: 'role',
  replicate: 'replicate',
  top: 'top concentration',
  dilution: 'dilution',
  points: 'points',
  direction: 'direction',
  wells: 'wells',
  file: 'file',
  layout: 'layout',
  experiment: 'experiment',
  time: 'time',
  days: 'time in days',
};

/** Fields whose header may carry a concentration unit (`concentration_nM`, `top (uM)`). */
const UNIT_FIELDS: ReadonlySet<ColumnField> = new Set(['concentration', 'top']);

/** A header name as compared: lower case, no spaces, dashes, underscores or dots. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/** "accepted names: a, b, c — case, spaces, dashes and underscores are ignored". */
export function acceptedNames(field: ColumnField): string {
  return `accepted names: ${COLUMN_ALIASES[field].join(', ')} — case, spaces, dashes and underscores are ignored`;
}

/**
 * Splits a header into its name and a unit suffix: `concentration_nM`, `conc (µM)`, `dose [uM]`,
 * `log10 conc (M)`. A leading "log"/"log10" on a concentration header makes the unit log10.
 */
export function splitHeaderUnit(header: string): { name: string; unit: ConcentrationUnit | null } {
  const bracket = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]\s*$/.exec(header);
  let name = header;
  let unitText: string | null = null;
  if (bracket) {
    name = bracket[1]!;
    unitText = bracket[2]!;
  } else {
    const suffix = /^(.*?)[\s_-]+([A-Za-zµμ]{1,2}(?:\/[mM]?[lL])?|log10\s*M|logM)$/.exec(header);
    if (suffix && parseConcentrationUnit(suffix[2]!)) {
      name = suffix[1]!;
      unitText = suffix[2]!;
    }
  }
  let unit = unitText ? parseConcentrationUnit(unitText) : null;
  const logPrefix = /^log\s*(10)?[\s_-]*/i;
  if (logPrefix.test(name) && COLUMN_ALIASES.concentration.includes(normalizeHeader(name.replace(logPrefix, '')))) {
    name = name.replace(logPrefix, '');
    if (unit && !unit.isLog && unit.name === 'M') unit = parseConcentrationUnit('log10 M');
  }
  return { name, unit };
}

/**
 * The field a header (or grid corner) names, with the unit in its suffix for concentration
 * fields; null when it names none. With a `location`, throws Ic50Error for a concentration
 * header whose bracketed unit is not one we know (`conc (mg/ml)`): reading on without it would
 * misplace every dose. Without one (shape detection), such a header just names its field.
 */
export function columnField(header: string, location?: Location, only?: ReadonlySet<ColumnField>): { field: ColumnField; unit: ConcentrationUnit | null } | null {
  const whole = normalizeHeader(header);
  // A name two fields share (`day`: an experiment in a manifest, a time in a tidy CSV) names the
  // first field the reader uses.
  for (const field of Object.keys(COLUMN_ALIASES) as ColumnField[]) {
    if ((!only || only.has(field)) && COLUMN_ALIASES[field].includes(whole)) return { field, unit: null };
  }
  const { name, unit } = splitHeaderUnit(header);
  const key = normalizeHeader(name);
  for (const field of UNIT_FIELDS) {
    if (!COLUMN_ALIASES[field].includes(key)) continue;
    const bracket = /[([]\s*([^()[\]]+?)\s*[)\]]\s*$/.exec(header);
    if (location && !unit && bracket && !parseConcentrationUnit(bracket[1]!)) {
      throw new Ic50Error(`unknown concentration unit "${bracket[1]!}" in "${header}"`, { code: 'unit', location, hint: `accepted units: ${UNIT_NAMES}` });
    }
    return { field, unit };
  }
  return null;
}

/** A header row's columns: the first cell naming each field, and a concentration unit from a header suffix. */
export interface HeaderColumns {
  readonly index: ReadonlyMap<ColumnField, number>;
  /** Unit per unit-bearing field (concentration, top) from its header suffix. */
  readonly units: ReadonlyMap<ColumnField, ConcentrationUnit>;
  /** The header's non-empty cells, for "found: …" in messages. */
  readonly names: readonly string[];
}

/**
 * Matches the cells of a header row to fields (the first cell naming a field wins). `only`
 * restricts the fields a reader uses (a manifest's `line` is not a cell line's `line`…).
 */
export function headerColumns(row: readonly string[], location?: Location, only?: ReadonlySet<ColumnField>): HeaderColumns {
  const index = new Map<ColumnField, number>();
  const units = new Map<ColumnField, ConcentrationUnit>();
  row.forEach((cell, i) => {
    // A number names no field: skipped unparsed, which keeps header search linear and quick on
    // long lines of values.
    if (cell === '' || /^[-+.,\d]/.test(cell)) return;
    const match = columnField(cell, location, only);
    if (!match || index.has(match.field) || (only && !only.has(match.field))) return;
    index.set(match.field, i);
    if (match.unit) units.set(match.field, match.unit);
  });
  return { index, units, names: row.filter((c) => c !== '') };
}

/** `found: "a", "b", …` for a header, for messages. */
export function describeHeader(names: readonly string[]): string {
  if (names.length === 0) return 'no column names';
  return `found: ${names.slice(0, 12).map((h) => `"${h}"`).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
}
