import { Ic50Error } from '../errors.js';
import { rowLabel } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from './cellTable.js';
import { plateReadFromGrid, plateSizeOf, readGridBlock, type GridBlock } from './gridBlock.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

/**
 * Revvity Kaleido exports (EnSight, VICTOR Nivo, EnVision Nexus; docs/formats.md).
 * Kaleido 3.x: `EnSight Results from`, then per measurement `Result for Luminescence 1`, a
 * `Barcode,Repeat,Loop no,…` header with its value line, and a labelled grid; then
 * measurement, instrument, protocol and plate-type information and a `Platemap` of `-`.
 * Kaleido 2.x: `Results for ABS mono 1`, a `Barcode: …, PlateRepeat: 1, WellRepeat: 1` line and
 * the grid; analysis results (`Results for … ( IMG 1 )` with `AnalysisParameter: …`) are
 * vendor-computed reads. Rows and columns come from the grid: "Plate Type Information" states
 * them swapped (12 rows, 8 columns for a 96-well plate).
 */

const TITLE = /^Results? for (\S.*)$/;

/** What the line under a result title says about its read. */
interface ReadInfo {
  readonly barcode: string;
  readonly repeat: string;
  readonly loop: string;
  readonly excitation: string;
  readonly analysis: string;
}

/** One grid of the file with the plate it belongs to. */
interface Found {
  readonly key: string;
  readonly barcode: string;
  readonly repeat: string;
  readonly grid: GridBlock;
  readonly label: string;
  readonly origin: 'raw' | 'calculated';
  readonly mode: string;
  readonly excitation: string;
}

/** Throws an Ic50Error at the line of table row `row` (the last line when past the end; none in an empty file). */
function fail(table: CellTable, row: number, message: string, hint?: string): never {
  const line = table.lines[row] ?? table.lines[table.lines.length - 1];
  throw new Ic50Error(message, { location: { file: table.source, ...(line !== undefined ? { line } : {}) }, ...(hint ? { hint } : {}) });
}

/** The last non-empty cell of a row, or "". */
function lastValue(row: readonly string[]): string {
  for (let i = row.length - 1; i >= 1; i--) if (row[i] !== '') return row[i]!;
  return '';
}

/** The index of the next non-blank row at or after `from`, or table.rows.length. */
function nextFilled(table: CellTable, from: number): number {
  let r = from;
  while (r < table.rows.length && isBlankRow(table.rows[r]!)) r++;
  return r;
}

/** Kaleido 3.x: the `Barcode,Repeat,…` header at `row` and its value line. */
function tableInfo(table: CellTable, row: number): { info: ReadInfo; end: number } {
  const header = table.rows[row]!;
  const values = table.rows[row + 1];
  if (!values || isBlankRow(values)) fail(table, row + 1, 'the "Barcode, Repeat, …" header of a result has no value line');
  const get = (name: string) => values[header.indexOf(name)] ?? '';
  return {
    info: { barcode: get('Barcode'), repeat: get('Repeat'), loop: get('Loop no'), excitation: get('Exc wl / filter'), analysis: get('Analysis Parameter') },
    end: row + 2,
  };
}

/** Kaleido 2.x: `Barcode: X, PlateRepeat: 1, WellRepeat: 1[, AnalysisParameter: …]` at `row`. */
function colonInfo(table: CellTable, row: number): { info: ReadInfo; end: number } {
  const pairs = new Map<string, string>();
  for (const cell of table.rows[row]!) {
    const m = /^([^:]+):\s*(.*)$/.exec(cell);
    if (m) pairs.set(m[1]!.trim(), m[2]!.trim());
  }
  const get = (name: string) => pairs.get(name) ?? '';
  return {
    info: { barcode: get('Barcode'), repeat: get('PlateRepeat'), loop: '', excitation: '', analysis: get('AnalysisParameter') },
    end: row + 1,
  };
}

/** Throws when the line after a grid has values under its columns with a label that does not continue the rows. */
function checkGridEnd(table: CellTable, grid: GridBlock): void {
  const next = table.rows[grid.endRow];
  if (!next || isBlankRow(next)) return;
  const label = next[grid.labelColumn] ?? '';
  if (label !== '' && grid.cellColumns.some((c) => (next[c] ?? '') !== '')) {
    fail(table, grid.endRow, `row label "${label}" does not continue the grid after row ${rowLabel(grid.rows[grid.rows.length - 1]!.plateRow)}`);
  }
}

/** true when at least one cell of a grid is a number (image file names and quality texts are not reads). */
function hasNumbers(table: CellTable, grid: GridBlock): boolean {
  return grid.rows.some((row) => row.cells.some((c) => Number.isFinite(parseNumber(c, table.decimalComma))));
}

/**
 * The reads under the result title at `row`: an info line and a grid, repeated while the next
 * line is another `Barcode: …` line (Kaleido 2.x analysis results hold several).
 */
function resultAt(table: CellTable, row: number, title: string, found: Found[], notes: string[]): number {
  const mode = TITLE.exec(title)![1]!;
  let r = nextFilled(table, row + 1);
  let reads = 0;
  for (;;) {
    const first = table.rows[r]?.[0] ?? '';
    let info: ReadInfo = { barcode: '', repeat: '', loop: '', excitation: '', analysis: '' };
    if (first === 'Barcode') ({ info, end: r } = tableInfo(table, r));
    else if (first.startsWith('Barcode:')) ({ info, end: r } = colonInfo(table, r));
    else if (reads > 0) return r;
    r = nextFilled(table, r);
    const grid = readGridBlock(table, r);
    if (!grid) fail(table, row, `"${title}" is not followed by a plate grid`, 'expected a line of column numbers 1, 2, … and rows A, B, …');
    checkGridEnd(table, grid);
    reads++;
    const parts = [title, info.analysis, info.loop !== '' ? `loop ${info.loop}` : ''].filter((p) => p !== '');
    if (hasNumbers(table, grid)) {
      const repeat = info.repeat === '' ? '1' : info.repeat;
      found.push({
        key: `${info.barcode}\u0000${repeat}`,
        barcode: info.barcode,
        repeat,
        grid,
        label: parts.join(' – '),
        origin: info.analysis !== '' ? 'calculated' : 'raw',
        mode,
        excitation: info.excitation,
      });
    } else {
      notes.push(`line ${table.lines[grid.headerRow]}: "${parts.join(' – ')}" holds no numbers (image or quality data); skipped`);
    }
    r = grid.endRow;
    const after = nextFilled(table, r);
    if (!(table.rows[after]?.[0] ?? '').startsWith('Barcode:')) return r;
    r = after;
  }
}

/** `Key,,value` settings (first occurrence wins), keys without a trailing colon. */
function readSettings(table: CellTable): Map<string, string> {
  const settings = new Map<string, string>();
  for (const row of table.rows) {
    const key = (row[0] ?? '').replace(/:$/, '').trim();
    const value = lastValue(row);
    if (key !== '' && value !== '' && !settings.has(key)) settings.set(key, value);
  }
  return settings;
}

/**
 * Excitation wavelengths of the measurement operations: `Operation,,,Absorbance 1` (3.x) or
 * `Tech,,,,ABS mono 1` (2.x), followed by `Excitation Wavelength [nm],,,450`.
 */
function excitationByOperation(table: CellTable): Map<string, number> {
  const wavelengths = new Map<string, number>();
  let operation = '';
  for (const row of table.rows) {
    const key = (row[0] ?? '').trim();
    if (key === 'Operation' || key === 'Tech') operation = lastValue(row);
    else if (/^Excitation wavelength \[nm\]$/i.test(key) && operation !== '') {
      const nm = parseNumber(lastValue(row));
      if (Number.isFinite(nm)) wavelengths.set(operation, nm);
    }
  }
  return wavelengths;
}

/** The wavelength of an absorbance read: its `Exc wl / filter` cell, else its operation's excitation wavelength. */
function wavelengthOf(found: Found, operations: ReadonlyMap<string, number>): number | undefined {
  if (!/absorb|\babs\b/i.test(found.mode)) return undefined;
  const m = /^(\d{3,4})(\s*nm)?\b/.exec(found.excitation);
  if (m) return Number(m[1]);
  return operations.get(found.mode);
}

/** The file's name without folders: the plate id when the export names no barcode. */
function fileName(table: CellTable): string {
  return table.sheet ?? table.source.split(/[\\/]/).pop() ?? table.source;
}

export const kaleidoReader: PlateReader = {
  id: 'kaleido',
  label: 'Revvity Kaleido (EnSight, VICTOR Nivo)',

  detect(table) {
    const start = nextFilled(table, 0);
    if (/\bResults from$/.test(table.rows[start]?.[0] ?? '')) return true;
    for (let r = 0; r < table.rows.length; r++) {
      const first = table.rows[r]![0] ?? '';
      if (first.startsWith('Exported with Kaleido')) return true;
      if (/^Software version:?$/i.test(first) && lastValue(table.rows[r]!).startsWith('Kaleido')) return true;
      const under = table.rows[nextFilled(table, r + 1)]?.[0] ?? '';
      if (/^Result for \S/.test(first) && under === 'Barcode') return true;
      if (/^Results for \S/.test(first) && under.startsWith('Barcode:')) return true;
    }
    return false;
  },

  read(table) {
    const notes: string[] = [];
    const found: Found[] = [];
    for (let r = 0; r < table.rows.length; r++) {
      const first = table.rows[r]![0] ?? '';
      if (TITLE.test(first)) r = resultAt(table, r, first, found, notes) - 1;
    }
    if (found.length === 0) {
      fail(table, 0, 'no measurement results in this Kaleido export', 'expected a "Result for …" title with a barcode line and a plate grid');
    }
    const settings = readSettings(table);
    const operations = excitationByOperation(table);
    const declaredRows = Number(settings.get('Number of Rows') ?? settings.get('Number of rows') ?? Number.NaN);
    const declaredColumns = Number(settings.get('Number of Columns') ?? settings.get('Number of columns') ?? Number.NaN);
    const keys = [...new Set(found.map((f) => f.key))];
    return keys.map((key): RawPlate => {
      const own = found.filter((f) => f.key === key);
      const plateNotes = [...notes];
      let maxRow = 0;
      let maxColumn = 0;
      for (const f of own) {
        maxRow = Math.max(maxRow, f.grid.rows[f.grid.rows.length - 1]!.plateRow);
        maxColumn = Math.max(maxColumn, ...f.grid.plateColumns);
      }
      const size = plateSizeOf(maxRow, maxColumn, table, table.lines[own[0]!.grid.headerRow]!);
      const stated = `"Plate Type Information" states ${declaredRows} rows × ${declaredColumns} columns`;
      if (declaredRows === size[1] && declaredColumns === size[0] && size[0] !== size[1]) {
        plateNotes.push(`${stated} (swapped, as Kaleido writes it); the grid's ${size[0]}×${size[1]} is used`);
      } else if (declaredRows > 0 && declaredColumns > 0 && (declaredRows !== size[0] || declaredColumns !== size[1])) {
        plateNotes.push(`${stated}; the grid's ${size[0]}×${size[1]} is used`);
      }
      const reads: PlateRead[] = own.map((f) => plateReadFromGrid(table, f.grid, size, f.label, f.origin, wavelengthOf(f, operations)));
      const { barcode, repeat } = own[0]!;
      const base = barcode !== '' ? barcode : fileName(table);
      const meta: Record<string, string> = {};
      const put = (name: string, value: string | undefined) => {
        if (value !== undefined && value !== '') meta[name] = value;
      };
      put('protocol', settings.get('Protocol Name'));
      put('software', settings.get('Software Version') ?? settings.get('Software version'));
      put('instrumentSerial', settings.get('Instrument Serial Number'));
      put('plateType', settings.get('Plate Type Name'));
      put('measurementDate', settings.get('Measurement Date') ?? settings.get('Measurement Started'));
      return {
        source: table.source,
        reader: 'kaleido',
        id: repeat !== '1' ? `${base} repeat ${repeat}` : base,
        rows: size[0],
        columns: size[1],
        reads: [...reads.filter((r) => r.origin === 'raw'), ...reads.filter((r) => r.origin === 'calculated')],
        meta,
        notes: plateNotes,
      };
    });
  },
};
