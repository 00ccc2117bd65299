import { Ic50Error } from '../errors.js';
import { formatWellId, parseRowLabel, parseWellId, type WellPosition } from '../plate/wellId.js';
import type { CellTable } from './cellTable.js';
import { columnNumberRun, OVERFLOW_MARKERS, plateSizeOf } from './gridBlock.js';
import { plateReadFromCells, plateSizeNamedIn } from './plateReadFromCells.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

/*
 * Agilent BioTek Gen5 text exports (docs/formats.md): a key/value header (Software
 * Version, Plate Number, Reader Type: …), "Procedure Details" with one `Read` step per
 * measurement, then data blocks. The matrix layout is a title line ("Results", or a data-set
 * name such as "Lum", "660", "Blank 570"), a header of column numbers, and rows
 * `A→v1…v12→<data-set name>`; several data sets are stacked per plate row on continuation lines
 * whose first cell is empty. The column layout (`Well→A1→B1…`, one line per data set), the row
 * layout (`Well→Abs:600`, one line per well) and kinetic tables (`Time→T° …→A1…`) list wells
 * as columns or rows instead. A multi-plate export repeats the whole header once per plate.
 */

/** One cell of a data set, kept until the plate size is known. */
interface Cell {
  readonly position: WellPosition;
  readonly text: string;
  readonly line: number;
}

/** A data set: its cells, and the name that says whether it is raw (a kinetic table's title). */
interface DataSet {
  readonly cells: Cell[];
  readonly kind: string;
}

/** The cells of one plate section: data sets by name (file order), and what bounds the grid. */
interface Collected {
  readonly sets: Map<string, DataSet>;
  readonly notes: string[];
  maxRow: number;
  maxColumn: number;
  /** Line of the first data cell, for a geometry error. */
  firstLine: number;
}

/** Header keys worth keeping, as meta names. */
const META_KEYS: ReadonlyMap<string, string> = new Map([
  ['Software Version', 'softwareVersion'],
  ['Experiment File Path:', 'experimentFile'],
  ['Protocol File Path:', 'protocolFile'],
  ['Plate Number', 'plateNumber'],
  ['Date', 'date'],
  ['Time', 'time'],
  ['Reader Type:', 'readerType'],
  ['Reader Serial Number:', 'readerSerial'],
  ['Reading Type', 'readingType'],
  ['Plate Type', 'plateType'],
  ['Actual Temperature:', 'temperature'],
]);

/** Keys that, next to `Software Version`, make a file a Gen5 export (formats.md §3, rule 2). */
const GEN5_KEYS = new Set(['Experiment File Path:', 'Procedure Details', 'Reader Type:', 'Plate Number']);

/** A read mode line under a `Read` step: "Absorbance Endpoint", "Luminescence Endpoint", "Fluorescence Spectrum". */
const READ_MODE = /^[A-Za-z][A-Za-z -]* (Endpoint|Spectrum|Kinetic|Area Scan|Well Scan|Scan)$/i;

/**
 * A measurement as Gen5 names it: a wavelength "570", a filter "460/40", excitation/emission
 * "485,528" or "485/20,528/20" (wavelengths have 3–4 digits, so a decimal-comma value such as
 * "0,356" is not one), "Lum", "Alpha", optionally tagged "[Test]"/"[Ref]" (path-length
 * correction) or "[Parallel]"/"[Perpendicular]" (polarization).
 */
const MEASUREMENT = /^(?:lum|alpha|\d{3,4}(?:\/\d+)?(?:,\d{3,4}(?:\/\d+)?)?)(?:\s*\[(?:test|ref|parallel|perpendicular)\])?$/i;

/** Names of layout lines and columns (Well ID, Conc/Dil): the user's plate map, not data. */
const LAYOUT_NAMES = new Set(['Well ID', 'Conc/Dil', 'Name', 'Well Name', 'Sample', 'Sample Name']);

/** Index of the first non-empty cell, or -1. An Excel re-save shifts everything one cell right. */
function firstCell(row: readonly string[]): number {
  return row.findIndex((c) => c !== '');
}

/** true when the row is empty from `from` on. */
function emptyFrom(row: readonly string[], from: number): boolean {
  return row.slice(from).every((c) => c === '');
}

/** The wavelength (nm) a measurement names: the emission one for "ex,em"; none for Lum/Alpha. */
function wavelengthOf(measurement: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(?:\/\d+)?(?:,(\d+(?:\.\d+)?))?/.exec(measurement);
  return m ? Number(m[2] ?? m[1]) : undefined;
}

/**
 * Raw or calculated, from the data-set name (formats.md §2.1): `<Read step label>:<measurement>`,
 * `Read N:<measurement>` or a bare measurement is what the reader measured; anything else
 * ("Blank 570", "NormLum", "Conc", "Delta OD", "260:Pathlength", "Max V […]") was computed by
 * Gen5. Without Procedure Details the step labels are unknown, so any `<name>:<measurement>`
 * that does not start with "Blank" counts as raw (`guessed` says so).
 */
function classify(name: string, steps: readonly string[]): { origin: 'raw' | 'calculated'; wavelengthNm?: number; guessed?: true } {
  // Kinetic matrices number their reads: "OD:600 Read#3".
  const label = name.replace(/\s+Read#\d+$/i, '');
  const colon = label.lastIndexOf(':');
  const prefix = colon >= 0 ? label.slice(0, colon).trim() : '';
  const measurement = colon >= 0 ? label.slice(colon + 1).trim() : label.trim();
  if (MEASUREMENT.test(measurement)) {
    const wavelength = wavelengthOf(measurement);
    const withWavelength = wavelength !== undefined ? { wavelengthNm: wavelength } : {};
    if (colon < 0 || /^read \d+$/i.test(prefix) || steps.some((s) => s.toLowerCase() === prefix.toLowerCase())) {
      return { origin: 'raw', ...withWavelength };
    }
    if (steps.length === 0 && !/^blank\b/i.test(prefix)) return { origin: 'raw', ...withWavelength, guessed: true };
    return { origin: 'calculated', ...withWavelength };
  }
  const blank = /^blank\s+(.+)$/i.exec(label);
  if (blank) {
    const inner = classify(blank[1]!, steps);
    return { origin: 'calculated', ...(inner.wavelengthNm !== undefined ? { wavelengthNm: inner.wavelengthNm } : {}) };
  }
  return { origin: 'calculated' };
}

/** The one-cell line just above a block (blank lines allowed between): its title, or "". */
function titleAbove(table: CellTable, row: number, start: number): string {
  for (let r = row - 1; r >= start && r >= row - 3; r--) {
    const cells = table.rows[r]!.filter((c) => c !== '');
    if (cells.length === 1) return cells[0]!;
    if (cells.length > 1) return '';
  }
  return '';
}

function errorAt(table: CellTable, row: number, message: string, hint?: string): Ic50Error {
  return new Ic50Error(message, { location: { file: table.source, line: table.lines[row]! }, ...(hint ? { hint } : {}) });
}

/** Adds a data-set cell, tracking the extent of the plate. `kind` names the measurement when the label does not. */
function addCell(into: Collected, label: string, position: WellPosition, text: string, line: number, kind = label): void {
  let set = into.sets.get(label);
  if (!set) into.sets.set(label, (set = { cells: [], kind }));
  set.cells.push({ position, text, line });
  if (into.firstLine === 0) into.firstLine = line;
  into.maxRow = Math.max(into.maxRow, position.row);
  into.maxColumn = Math.max(into.maxColumn, position.column);
}

/** A cell that can only be a value, never a data-set name: a decimal or a marker ("660" and "504,531" are names). */
function valueLike(text: string, decimalComma: boolean): boolean {
  if (/^\d+$/.test(text) || MEASUREMENT.test(text)) return false;
  return Number.isFinite(parseNumber(text, decimalComma)) || OVERFLOW_MARKERS.test(text) || /^(missed|\?+|\*.*\*|<.*)$/i.test(text);
}

/**
 * Throws when a matrix line has more cells than its header numbers: a value past the data-set
 * name, a value where the name belongs, or (in a block titled by its data set, whose lines
 * all repeat the title) a number where the title should be repeated.
 */
function checkRow(
  table: CellTable,
  r: number,
  row: readonly string[],
  context: { letter: string; run: { start: number; columns: number[] }; header: number; name: string; title: string },
): void {
  const { letter, run, header, name, title } = context;
  const width = run.columns.length;
  const titled = title !== '' && title !== 'Results';
  const numeric = name !== '' && (valueLike(name, table.decimalComma) || (titled && name !== title && Number.isFinite(parseNumber(name, table.decimalComma))));
  if (!numeric && emptyFrom(row, run.start + width + 1)) return;
  let last = row.length - 1;
  while (row[last] === '') last--;
  throw errorAt(
    table,
    r,
    `Gen5 grid row ${letter || '(continuation)'} has ${last - run.start + 1} cells after the row letter, but the header at line ${table.lines[header]} numbers ${width} columns plus the data-set name`,
    'the export looks damaged or hand-edited; export it again from Gen5',
  );
}

/**
 * Reads a matrix block whose header (column numbers) is table row `header`; returns the row
 * index past its last line. Row lines start with a row letter, continuation lines (further
 * data sets of the same plate row) with an empty cell; the cell after the last column is the
 * data-set name. A `Layout` block (the user's plate map) is skipped.
 */
function readMatrix(table: CellTable, header: number, end: number, title: string, into: Collected | null): number {
  const run = columnNumberRun(table.rows[header]!)!;
  const labelColumn = run.start - 1;
  const width = run.columns.length;
  const nameColumn = run.start + width;
  let plateRow = -1;
  let r = header + 1;
  for (; r < end; r++) {
    const row = table.rows[r]!;
    if (row.every((c) => c === '')) break;
    const letter = row[labelColumn] ?? '';
    if (letter !== '') {
      const next = parseRowLabel(letter);
      if (next < 0 || next <= plateRow || !emptyFrom(row.slice(0, labelColumn), 0)) break;
      plateRow = next;
    } else if (plateRow < 0) break;
    if (!into) continue;
    const name = row[nameColumn] ?? '';
    checkRow(table, r, row, { letter, run, header, name, title });
    if (LAYOUT_NAMES.has(name)) continue; // an untitled Layout block
    let label = name;
    if (label === '') {
      label = title || 'Results';
      if (!into.notes.some((n) => n.startsWith('lines without a data-set name'))) {
        into.notes.push(`lines without a data-set name (first at line ${table.lines[r]}) were read as "${label}"`);
      }
    }
    into.maxRow = Math.max(into.maxRow, plateRow);
    into.maxColumn = Math.max(into.maxColumn, run.columns[width - 1]!);
    run.columns.forEach((column, k) => {
      addCell(into, label, { row: plateRow, column }, row[run.start + k] ?? '', table.lines[r]!);
    });
  }
  return r;
}

/** The well ids of a header from cell `from` on, up to the first empty cell; throws on any other text. */
function wellHeader(table: CellTable, row: number, from: number): { positions: WellPosition[]; start: number } {
  const cells = table.rows[row]!;
  const positions: WellPosition[] = [];
  let k = from;
  for (; k < cells.length && cells[k] !== ''; k++) {
    const position = parseWellId(cells[k]!);
    if (!position) throw errorAt(table, row, `"${cells[k]}" in a Gen5 well header is not a well id`);
    positions.push(position);
  }
  if (!emptyFrom(cells, k)) throw errorAt(table, row, 'a Gen5 well header has a gap between well ids');
  return { positions, start: from };
}

/** Checks that a data line of a wells-as-columns table has no value past its last well. */
function checkWidth(table: CellTable, row: number, lastCell: number, header: number): void {
  if (!emptyFrom(table.rows[row]!, lastCell + 1)) {
    throw errorAt(table, row, `Gen5 line has more values than the well header at line ${table.lines[header]} names`);
  }
}

/**
 * Reads a wells-as-columns table at row `header`: the column layout (`Well→A1→B1…`, then one
 * line per data set) or a kinetic table (`Time→T° …→A1…`, then one line per time point, read
 * as data sets "<title> <time>"). Returns the row index past its last line.
 */
function readWellColumns(table: CellTable, header: number, end: number, c: number, title: string, into: Collected): number {
  const cells = table.rows[header]!;
  const kinetic = cells[c] === 'Time';
  let from = c + 1;
  while (kinetic && from < cells.length && !parseWellId(cells[from]!)) from++;
  const { positions, start } = wellHeader(table, header, from);
  let padding = 0;
  let r = header + 1;
  for (; r < end; r++) {
    const row = table.rows[r]!;
    const name = row[c] ?? '';
    if (name === '' || !emptyFrom(row.slice(0, c), 0)) break;
    checkWidth(table, r, start + positions.length - 1, header);
    if (LAYOUT_NAMES.has(name)) continue;
    const values = positions.map((_, k) => row[start + k] ?? '');
    if (kinetic && values.every((v) => v === '')) {
      padding++;
      continue;
    }
    const label = kinetic ? `${title || 'Kinetic'} ${name}` : name;
    const kind = kinetic ? title : name;
    positions.forEach((position, k) => addCell(into, label, position, values[k]!, table.lines[r]!, kind));
  }
  if (padding > 0) into.notes.push(`skipped ${padding} empty time point(s) in the kinetic table at line ${table.lines[header]}`);
  return r;
}

/** Reads the row layout (`Well→Abs:600→…`, then `A1→0.095→…`); returns the row index past it. */
function readWellRows(table: CellTable, header: number, end: number, c: number, into: Collected): number {
  const cells = table.rows[header]!;
  let last = c + 1;
  while (last < cells.length && cells[last] !== '') last++;
  const names = cells.slice(c + 1, last);
  let r = header + 1;
  for (; r < end; r++) {
    const row = table.rows[r]!;
    const position = parseWellId(row[c] ?? '');
    if (!position || !emptyFrom(row.slice(0, c), 0)) break;
    checkWidth(table, r, last - 1, header);
    names.forEach((name, k) => {
      if (!LAYOUT_NAMES.has(name)) addCell(into, name, position, row[c + 1 + k] ?? '', table.lines[r]!);
    });
  }
  return r;
}

/** Row index ranges [start, end) of each plate: a new plate begins at its Software Version or Plate Number line. */
function plateSections(table: CellTable): { start: number; end: number }[] {
  const key = (r: number) => {
    const row = table.rows[r]!;
    const c = firstCell(row);
    return c >= 0 && c <= 1 ? row[c]! : '';
  };
  const plateLines: number[] = [];
  for (let r = 0; r < table.rows.length; r++) if (key(r) === 'Plate Number') plateLines.push(r);
  if (plateLines.length <= 1) return [{ start: 0, end: table.rows.length }];
  const starts = plateLines.map((p, k) => {
    if (k === 0) return 0;
    for (let r = p - 1; r > plateLines[k - 1]!; r--) if (key(r) === 'Software Version') return r;
    return p;
  });
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? table.rows.length }));
}

/** Header key/values and Read steps of one section. */
function readHeader(table: CellTable, start: number, end: number): { meta: Record<string, string>; steps: string[] } {
  const meta: Record<string, string> = {};
  const steps: string[] = [];
  const modes: string[] = [];
  for (let r = start; r < end; r++) {
    const row = table.rows[r]!;
    const c = firstCell(row);
    if (c < 0 || c > 1) continue;
    const key = row[c]!;
    const value = row[c + 1] ?? '';
    const name = META_KEYS.get(key);
    if (name && value !== '' && emptyFrom(row, c + 2) && meta[name] === undefined) meta[name] = value;
    if (key !== 'Read') continue;
    // "Read→<step label>" then an indented mode line, or "Read→<mode>" for an unlabelled step.
    const next = table.rows[r + 1] ?? [];
    const nextCell = firstCell(next);
    const nextMode = nextCell > c && READ_MODE.test(next[nextCell]!) ? next[nextCell]! : undefined;
    if (nextMode) {
      if (value !== '') steps.push(value);
      modes.push(nextMode);
    } else if (READ_MODE.test(value)) modes.push(value);
    else if (value !== '') steps.push(value);
  }
  if (modes.length > 0) meta.readMode = [...new Set(modes)].join(', ');
  return { meta, steps };
}

/** All data blocks of one section. */
function collect(table: CellTable, start: number, end: number): Collected {
  const into: Collected = { sets: new Map(), notes: [], maxRow: -1, maxColumn: -1, firstLine: 0 };
  for (let r = start; r < end; r++) {
    const row = table.rows[r]!;
    const c = firstCell(row);
    if (c < 0) continue;
    const head = row[c]!;
    if (head === 'Time' && row.slice(c + 1).some((cell) => parseWellId(cell) !== null)) {
      r = readWellColumns(table, r, end, c, titleAbove(table, r, start), into) - 1;
      continue;
    }
    if (head === 'Well' && row.length > c + 1) {
      const next = table.rows[r + 1] ?? [];
      if (parseWellId(row[c + 1]!)) r = readWellColumns(table, r, end, c, '', into) - 1;
      else if (parseWellId(next[c] ?? '')) r = readWellRows(table, r, end, c, into) - 1;
      continue;
    }
    const run = columnNumberRun(row);
    if (run && run.start >= 1 && run.start === c && emptyFrom(row, run.start + run.columns.length)) {
      const title = titleAbove(table, r, start);
      r = readMatrix(table, r, end, title, title === 'Layout' ? null : into) - 1;
    }
  }
  return into;
}

/** The plate size: from "Plate Type" (96 WELL PLATE) when the grid fits it, else the smallest standard plate holding the grid. */
function sizeOf(table: CellTable, collected: Collected, plateType: string | undefined, notes: string[]): readonly [number, number] {
  const declared = plateSizeNamedIn(plateType);
  if (declared && collected.maxRow < declared[0] && collected.maxColumn < declared[1]) return declared;
  if (declared) notes.push(`Plate Type "${plateType}" is smaller than the data grid; the plate size comes from the grid`);
  return plateSizeOf(collected.maxRow, collected.maxColumn, table, collected.firstLine);
}

/** A PlateRead from a collected data set on a plate of `size` [rows, columns]. */
function toRead(label: string, set: DataSet, size: readonly [number, number], steps: readonly string[], decimalComma: boolean): PlateRead {
  const { origin, wavelengthNm } = classify(set.kind, steps);
  const cells = set.cells.map((c) => ({ row: c.position.row, column: c.position.column, text: c.text, line: c.line }));
  return plateReadFromCells(cells, size, { label, origin, wavelengthNm }, decimalComma);
}

/**
 * Throws when a data set gives a well twice: two plates run together (their "Plate Number" line
 * lost), or a block repeated. Keeping either value would be a guess.
 */
function checkRepeatedWells(table: CellTable, collected: Collected): void {
  for (const [label, set] of collected.sets) {
    const seen = new Map<string, number>();
    for (const cell of set.cells) {
      const key = `${cell.position.row},${cell.position.column}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new Ic50Error(`data set "${label}" gives well ${formatWellId(cell.position.row, cell.position.column)} twice (lines ${earlier} and ${cell.line})`, {
          location: { file: table.source, line: cell.line },
          hint: 'each plate of a Gen5 export starts with its own "Plate Number" line; is one missing?',
        });
      }
      seen.set(key, cell.line);
    }
  }
}

export const gen5Reader: PlateReader = {
  id: 'gen5',
  label: 'Agilent BioTek Gen5',
  detect(table) {
    let version = false;
    let other = false;
    const n = Math.min(table.rows.length, 300);
    for (let r = 0; r < n && !(version && other); r++) {
      const row = table.rows[r]!;
      const c = firstCell(row);
      if (c < 0 || c > 1) continue;
      if (row[c] === 'Software Version' && row.length > c + 1) version = true;
      else if (GEN5_KEYS.has(row[c]!)) other = true;
    }
    return version && other;
  },
  read(table) {
    const plates: RawPlate[] = [];
    let empty = 0;
    for (const { start, end } of plateSections(table)) {
      const { meta, steps } = readHeader(table, start, end);
      const collected = collect(table, start, end);
      if (collected.sets.size === 0) {
        empty++;
        continue;
      }
      checkRepeatedWells(table, collected);
      const notes = [...collected.notes];
      const size = sizeOf(table, collected, meta.plateType, notes);
      const reads = [...collected.sets].map(([label, set]) => toRead(label, set, size, steps, table.decimalComma));
      if (steps.length === 0 && [...collected.sets.values()].some((set) => classify(set.kind, steps).guessed)) {
        notes.push('no Read steps in the header: data sets named "<name>:<wavelength>" were taken as raw reads');
      }
      plates.push({
        source: table.source,
        reader: 'gen5',
        id: meta.plateNumber ?? table.sheet ?? table.source,
        rows: size[0],
        columns: size[1],
        reads,
        meta,
        notes,
      });
    }
    if (plates.length === 0) {
      throw new Ic50Error('Gen5 export without data: no Results or data-set grid found', {
        location: { file: table.source },
        hint: 'export the plate with its data sets (File > Export, matrix, column or row layout)',
      });
    }
    if (empty > 0) plates[0]!.notes.push(`${empty} plate section(s) without data were skipped`);
    return plates;
  },
};
