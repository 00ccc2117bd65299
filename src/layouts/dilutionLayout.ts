import { Ic50Error } from '../errors.js';
import { LOG10_MOLAR_LIMIT } from '../plate/concentrationUnit.js';
import { formatWellId } from '../plate/wellId.js';
import { parseNumber } from '../readers/parseNumber.js';
import type { CellTable } from '../readers/cellTable.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { COLUMN_ALIASES as LAYOUT_ALIASES, describeHeader, type ColumnField as LayoutField } from '../plate/columns.js';
import { findLayoutHeader, firstNonBlankRow, layoutColumns } from './layoutColumns.js';
import { layoutConcentration } from './layoutConcentration.js';
import { layoutRole } from './layoutRole.js';
import { layoutWellId, type LayoutWellId } from './layoutWellId.js';
import type { LayoutOptions, LayoutWell, PlateLayout } from './plateLayout.js';

/** The direction in which concentration decreases from the top concentration. */
type Direction = 'right' | 'left' | 'down' | 'up';
const DIRECTIONS: readonly Direction[] = ['right', 'left', 'down', 'up'];

/** A rectangle of wells, 0-based and inclusive. */
interface WellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** A dilution map's header names top, dilution, points and wells columns. */
function hasDilutionColumns(fields: ReadonlySet<LayoutField>): boolean {
  return fields.has('top') && fields.has('dilution') && fields.has('points') && fields.has('wells');
}

/** Index in table.rows of a dilution map's header row, or -1 when there is none. */
export function dilutionLayoutHeader(table: CellTable): number {
  return findLayoutHeader(table, hasDilutionColumns);
}

/**
 * The well ranges of a `wells` cell: "A1:C10", "A1-C10", a single well "H12", or several of
 * these separated by commas or spaces ("A11:C11, A12:C12"). Corners may come in any order.
 */
function parseRanges(text: string, location: Location): WellRange[] {
  const tokens = text.replace(/\s*(:|-|\.\.)\s*/g, '$1').split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0) throw new Ic50Error('no wells', { location, hint: 'give a range of wells such as A1:C10' });
  return tokens.map((token) => {
    const m = /^([A-Za-z]{1,2}\d{1,3})(?:(?::|-|\.\.)([A-Za-z]{1,2}\d{1,3}))?$/.exec(token);
    if (!m) {
      throw new Ic50Error(`"${token}" is not a well range`, { location, hint: 'expected a rectangle such as A1:C10 or A1-C10, or one well such as H12' });
    }
    const a = layoutWellId(m[1]!, location);
    const b = m[2] ? layoutWellId(m[2], location) : a;
    return {
      top: Math.min(a.row, b.row),
      left: Math.min(a.column, b.column),
      bottom: Math.max(a.row, b.row),
      right: Math.max(a.column, b.column),
    };
  });
}

/** A fold dilution: "3", "3.16", "1:3", "3x", "3-fold"; Ic50Error unless a number above 1. */
function parseFold(text: string, decimalComma: boolean, location: Location): number {
  const m = /^(?:1\s*:\s*)?([0-9.,eE+-]+)\s*(?:x|-?\s*fold)?$/i.exec(text);
  const fold = m ? parseNumber(m[1]!, decimalComma) : Number.NaN;
  if (!(fold > 1 && Number.isFinite(fold))) {
    throw new Ic50Error(text === '' ? 'no dilution factor' : `dilution "${text}" is not a fold factor above 1`, {
      location,
      hint: 'the ratio between neighbouring concentrations, e.g. 3, 3.16 (half-log) or 10',
    });
  }
  return fold;
}

function parsePoints(text: string, location: Location): number {
  const points = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(points >= 1 && Number.isSafeInteger(points))) {
    throw new Ic50Error(text === '' ? 'no number of points' : `points "${text}" is not a whole number of concentrations`, {
      location,
      hint: 'the number of concentrations in the series, e.g. 10',
    });
  }
  return points;
}

function parseDirection(text: string, location: Location): Direction {
  const direction = DIRECTIONS.find((d) => d === text.trim().toLowerCase());
  if (!direction) {
    throw new Ic50Error(text === '' ? 'no direction' : `unknown direction "${text}"`, {
      location,
      hint: 'right, left, down or up: the way concentration decreases from the top concentration',
    });
  }
  return direction;
}

/** Every well of a range, row by row. */
function* wellsOf(range: WellRange): Generator<LayoutWellId> {
  for (let row = range.top; row <= range.bottom; row++) {
    for (let column = range.left; column <= range.right; column++) yield { row, column, id: formatWellId(row, column) };
  }
}

/**
 * Reads a serial-dilution description: one row per dilution series (in replicate) or control
 * block, instead of one row per well. This is the way most people design a plate — "10-point
 * 3-fold from 1 µM across columns 1–10, rows A–C" — and is far shorter to write and check than
 * 96 rows. Columns, found by name like a long map's (case, spaces, dashes, underscores ignored):
 *
 *   cell_line?  cell line of the wells (else --cell-line)
 *   compound    compound name; control names (DMSO, medium, PBS, …) make a control row
 *   top         top (highest) concentration; also top_concentration, start, starting, max_conc.
 *               Unit from the header suffix (top_nM, "top (uM)"), a unit column, the cell
 *               ("1 µM") or --unit
 *   dilution    fold factor between neighbouring concentrations: 3, 3.16, "1:3", "3x"
 *   points      number of concentrations in the series
 *   direction   right | left | down | up — the way concentration DECREASES from the top
 *   wells       a rectangle of wells, A1:C10 or A1-C10 (controls may list several: "A11, B11")
 *   role?       role of the row (sample, vehicle, blank, positive, exclude); else inferred
 *   plate?      plate the row is for; rows without one serve every plate
 *
 * For a series, the range's extent along the direction must equal `points`, and every line
 * across it (each row for right/left, each column for down/up) is one replicate series. Control
 * rows need only compound (or role) and wells; their top, dilution, points and direction are
 * ignored. Example — the design of fixtures/mm1s-celltiter-glo.csv on a 96-well plate:
 *
 *   cell_line,compound,top_nM,dilution,points,direction,wells,role
 *   MM1S,bortezomib,1000,3,10,right,A1:C10,
 *   MM1S,carfilzomib,1000,3,10,right,D1:F10,
 *   MM1S,DMSO,,,,,A11:F11,vehicle
 *   ,medium,,,,,A12:F12,blank
 *
 * gives A1–C1 1000 nM, A2–C2 333.3 nM, … A10–C10 0.0508 nM for bortezomib, likewise rows D–F
 * for carfilzomib, DMSO vehicles in A11–F11 and medium blanks in A12–F12. Throws Ic50Error
 * naming the line for a range that does not match `points` ("series spans 12 columns but points
 * is 10"), a bad top/dilution/points/direction, a missing or unknown unit, and a well claimed by
 * two rows (naming both lines).
 */
export function readDilutionLayout(table: CellTable, options: LayoutOptions): PlateLayout[] {
  const file = table.source;
  const headerRow = dilutionLayoutHeader(table);
  if (headerRow < 0) {
    const first = firstNonBlankRow(table);
    if (first < 0) throw new Ic50Error('the plate map is empty', { location: { file } });
    throw new Ic50Error(`not a dilution description: the header needs top, dilution, points and wells columns (${describeHeader(table.rows[first]!.filter((c) => c !== ''))})`, {
      location: { file, line: table.lines[first]! },
      hint: 'e.g. "compound,top_uM,dilution,points,direction,wells" / "drugX,10,3,10,right,A1:C10"',
    });
  }
  const headerLine = table.lines[headerRow]!;
  const columns = layoutColumns(table.rows[headerRow]!, { file, line: headerLine });
  if (!columns.index.has('compound') && !columns.index.has('role')) {
    throw new Ic50Error(`no compound column in the header (${describeHeader(columns.names)})`, {
      location: { file, line: headerLine },
      hint: `accepted names: ${LAYOUT_ALIASES.compound.join(', ')}`,
    });
  }
  const hasCellLine = columns.index.has('cellLine');

  const builder = new LayoutBuilder(file);
  let rowsRead = 0;
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const cells = table.rows[r]!;
    if (cells.every((c) => c === '')) continue;
    const line = table.lines[r]!;
    const location = { file, line };
    const cell = (field: LayoutField): string => {
      const index = columns.index.get(field);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const compound = cell('compound');
    // A top of 0 does not make a vehicle here (as a 0 concentration does in a long map): it is an error.
    const role = layoutRole(cell('role'), compound, '', table.decimalComma, location);
    if (role === null) {
      throw new Ic50Error('a row with neither compound nor role', { location, hint: 'name the compound or a control (DMSO, medium), or give a role' });
    }
    const ranges = parseRanges(cell('wells'), location);
    const plate = cell('plate');
    const base: Omit<LayoutWell, 'log10Molar' | 'unit'> = {
      role,
      roleInferred: cell('role') === '',
      cellLine: hasCellLine ? cell('cellLine') : (options.cellLine ?? ''),
      compound,
      line,
    };
    const place = (position: LayoutWellId, well: LayoutWell): void => {
      const previous = builder.get(plate, position.id);
      if (previous) {
        throw new Ic50Error(`well ${position.id} is in the wells of line ${previous.line ?? '?'} and of line ${line}`, {
          location: { file, line, well: position.id },
          hint: 'the ranges of two rows overlap; each well belongs to one series or control block',
        });
      }
      builder.add(plate, position, well);
    };

    if (role !== 'sample') {
      for (const range of ranges) for (const position of wellsOf(range)) place(position, { ...base, log10Molar: Number.NaN, unit: '' });
      rowsRead++;
      continue;
    }
    if (ranges.length !== 1) {
      throw new Ic50Error(`a series needs one rectangle of wells, not ${ranges.length}`, { location, hint: 'e.g. A1:C10; give each series its own row' });
    }
    const range = ranges[0]!;
    const top = layoutConcentration(
      cell('top'),
      { header: columns.units.get('top'), column: cell('unit'), option: options.unit },
      table.decimalComma,
      location,
      'top concentration',
    );
    if (!Number.isFinite(top.log10Molar)) {
      throw new Ic50Error(`top concentration ${cell('top')} is not above 0`, { location, hint: 'the highest concentration of the series' });
    }
    const fold = parseFold(cell('dilution'), table.decimalComma, location);
    const points = parsePoints(cell('points'), location);
    const direction = parseDirection(cell('direction'), location);
    const across = direction === 'right' || direction === 'left';
    const span = across ? range.right - range.left + 1 : range.bottom - range.top + 1;
    if (span !== points) {
      throw new Ic50Error(`series spans ${span} ${across ? 'columns' : 'rows'} but points is ${points}`, {
        location,
        hint: `the range's extent ${across ? 'across' : 'down'} the plate (direction ${direction}) must equal the number of points; each ${across ? 'row' : 'column'} of it is one replicate`,
      });
    }
    const logFold = Math.log10(fold);
    if (Math.abs(top.log10Molar - (points - 1) * logFold) > LOG10_MOLAR_LIMIT) {
      throw new Ic50Error(`a ${points}-point ${cell('dilution')}-fold series from ${cell('top')} ends out of range`, {
        location,
        hint: `concentrations between 1e-${LOG10_MOLAR_LIMIT} and 1e${LOG10_MOLAR_LIMIT} M are accepted; is the dilution factor right?`,
      });
    }
    for (const position of wellsOf(range)) {
      const step =
        direction === 'right'
          ? position.column - range.left
          : direction === 'left'
            ? range.right - position.column
            : direction === 'down'
              ? position.row - range.top
              : range.bottom - position.row;
      place(position, { ...base, log10Molar: top.log10Molar - step * logFold, unit: top.unit.name });
    }
    rowsRead++;
  }
  if (rowsRead === 0) {
    throw new Ic50Error('the dilution description has a header but no rows', { location: { file, line: headerLine } });
  }
  return builder.build();
}
