import { Ic50Error } from '../errors.js';
import { rowLabel } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from './cellTable.js';
import { columnNumberRun, plateReadFromGrid, plateSizeOf, readGridBlock, type GridBlock } from './gridBlock.js';
import type { PlateReader, RawPlate } from './rawPlate.js';

/**
 * Promega GloMax Discover/Explorer CSV exports (docs/formats.md): `Protocol: …` and
 * `Result: …` cells in the first lines, a mode line (`Absorbance`, `Luminescence`),
 * `Measurement Filter:` / `Reference Filter:` lines, then per reading an offset grid — the
 * header `,Reading:,,1,,1,2,…,12` (reading index, then plate columns) over rows whose letter
 * sits in the fifth column. Several readings give several reads; several `Result:` sections,
 * several plates.
 */

/** One `Result:` section: its name and its reading grids. */
interface Section {
  readonly result: string;
  readonly protocol: string;
  /** The reference filter of its readings, when one is given (not "None"). */
  reference: string;
  readonly grids: { grid: GridBlock; label: string; wavelengthNm: number | undefined }[];
}

/** Throws an Ic50Error at the line of table row `row` (the last line when past the end; none in an empty file). */
function fail(table: CellTable, row: number, message: string, hint?: string): never {
  const line = table.lines[row] ?? table.lines[table.lines.length - 1];
  throw new Ic50Error(message, { location: { file: table.source, ...(line !== undefined ? { line } : {}) }, ...(hint ? { hint } : {}) });
}

/** The first non-empty cell after index `i`, or "". */
function valueAfter(row: readonly string[], i: number): string {
  return row.slice(i + 1).find((c) => c !== '') ?? '';
}

/** The text after `prefix` in the first cell of `row` that starts with it, or undefined. */
function prefixed(row: readonly string[], prefix: string): string | undefined {
  const cell = row.find((c) => c.startsWith(prefix));
  return cell === undefined ? undefined : cell.slice(prefix.length).trim();
}

/** A wavelength in nm from a filter name ("600", "600nm", "600 nm"), or undefined ("None", "Blue"). */
function filterNm(filter: string): number | undefined {
  const m = /^(\d{3,4})\s*(nm)?$/i.exec(filter.trim());
  return m ? Number(m[1]) : undefined;
}

/** The grid under a `Reading:` header at `row`, checked: column numbers, row letters in sequence. */
function readingGrid(table: CellTable, row: number): GridBlock {
  const header = table.rows[row]!;
  const at = header.indexOf('Reading:');
  if (!columnNumberRun(header, at + 1)) fail(table, row, 'the "Reading:" line has no column numbers 1, 2, …');
  const grid = readGridBlock(table, row);
  if (!grid) fail(table, row + 1, 'no row letters A, B, … under the "Reading:" line', 'GloMax writes the row letter in the fifth column');
  const next = table.rows[grid.endRow];
  if (next && !isBlankRow(next)) {
    const label = next[grid.labelColumn] ?? '';
    if (label !== '' && grid.cellColumns.some((c) => (next[c] ?? '') !== '')) {
      fail(table, grid.endRow, `row label "${label}" does not continue the grid after row ${rowLabel(grid.rows[grid.rows.length - 1]!.plateRow)}`);
    }
  }
  return grid;
}

/** The file's name without folders: the plate id of a single-plate export. */
function fileName(table: CellTable): string {
  return table.sheet ?? table.source.split(/[\\/]/).pop() ?? table.source;
}

/** A date-time at the end of a result name ("… Quick Read 2024.10.01 14:15:02"), or undefined. */
function dateIn(result: string): string | undefined {
  return /(\d{4}[./-]\d{1,2}[./-]\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?)\s*$/.exec(result)?.[1];
}

export const glomaxReader: PlateReader = {
  id: 'glomax',
  label: 'Promega GloMax',

  detect(table) {
    let reading = false;
    let filter = false;
    let protocol = false;
    let result = false;
    table.rows.forEach((row, r) => {
      if (row.includes('Reading:')) reading = true;
      if (row.includes('Measurement Filter:')) filter = true;
      if (r < 10 && row.some((c) => /^Protocol:\s*\S/.test(c))) protocol = true;
      if (r < 10 && row.some((c) => /^Result:\s*\S/.test(c))) result = true;
    });
    return reading && (filter || (protocol && result));
  },

  read(table) {
    const sections: Section[] = [];
    let protocol = '';
    let mode = '';
    let filter = '';
    let reference = '';
    let section: Section | undefined;
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r]!;
      protocol = prefixed(row, 'Protocol:') ?? protocol;
      const result = prefixed(row, 'Result:');
      if (result !== undefined || !section) {
        section = { result: result ?? '', protocol, reference: '', grids: [] };
        sections.push(section);
      }
      const first = row[0] ?? '';
      if (first !== '' && !first.includes(':') && row.slice(1).every((c) => c === '')) mode = first;
      const filterAt = row.indexOf('Measurement Filter:');
      if (filterAt >= 0) filter = valueAfter(row, filterAt);
      const referenceAt = row.indexOf('Reference Filter:');
      if (referenceAt >= 0) reference = valueAfter(row, referenceAt);
      const readingAt = row.indexOf('Reading:');
      if (readingAt < 0) continue;
      const grid = readingGrid(table, r);
      const index = row.slice(readingAt + 1, grid.cellColumns[0]).find((c) => c !== '') ?? String(section.grids.length + 1);
      const nm = filterNm(filter);
      const parts = [mode || 'Reading', nm !== undefined ? `${nm} nm` : filter !== '' && filter !== 'None' ? filter : ''];
      section.grids.push({ grid, label: `${parts.filter((p) => p !== '').join(' ')} (reading ${index})`, wavelengthNm: nm });
      if (reference !== '' && reference !== 'None') section.reference = reference;
      r = grid.endRow - 1;
    }
    const filled = sections.filter((s) => s.grids.length > 0);
    if (filled.length === 0) fail(table, 0, 'no reading grid in this GloMax export', 'expected a ",Reading:,,1,,1,2,…" line over rows A, B, …');
    return filled.map((s, n): RawPlate => {
      let maxRow = 0;
      let maxColumn = 0;
      for (const { grid } of s.grids) {
        maxRow = Math.max(maxRow, grid.rows[grid.rows.length - 1]!.plateRow);
        maxColumn = Math.max(maxColumn, ...grid.plateColumns);
      }
      const size = plateSizeOf(maxRow, maxColumn, table, table.lines[s.grids[0]!.grid.headerRow]!);
      const notes: string[] = [];
      if (s.reference !== '') notes.push(`a reference filter (${s.reference}) is stated; the values are as exported, with no reference subtraction by ic50`);
      const meta: Record<string, string> = {};
      const put = (name: string, value: string | undefined) => {
        if (value !== undefined && value !== '') meta[name] = value;
      };
      put('protocol', s.protocol);
      put('result', s.result);
      put('measurementDate', dateIn(s.result));
      put('referenceFilter', s.reference);
      return {
        source: table.source,
        reader: 'glomax',
        id: filled.length === 1 ? fileName(table) : s.result || `Plate ${n + 1}`,
        rows: size[0],
        columns: size[1],
        reads: s.grids.map((g) => plateReadFromGrid(table, g.grid, size, g.label, 'raw', g.wavelengthNm)),
        meta,
        notes,
      };
    });
  },
};
