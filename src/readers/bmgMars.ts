/**
 * BMG LABTECH MARS / Control exports (CLARIOstar, PHERAstar, FLUOstar, LUMIstar, Omega),
 * formats.md §2.5, in its three views:
 *
 * - plate view: `key: value` header cells (`User:`, `Test name:`, `Date:`, `ID1:`), a mode line,
 *   then titled grids — `Raw Data (No filter)` (raw) and computed copies such as
 *   `Blank corrected based on Raw Data (…)` or `Average over replicates …` (calculated). 1536
 *   plates label rows A–Z then lowercase a–f. Lines are padded with empty fields;
 * - table view: a `Well,Content,Raw Data (…)` header (wells A01…, `overflow` markers), with an
 *   optional axis line (`,Wavelength [nm],260,261` or `,Time [s],0,30`): one read per value
 *   column, or only the last time point of a kinetic table;
 * - ASCII: `Chromatic: n` and `Cycle: n` lines, each followed by a bare matrix of a standard
 *   plate size; the last cycle of each chromatic is read.
 */
import { Ic50Error } from '../errors.js';
import { parseWellId, PLATE_SIZES } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from './cellTable.js';
import { plateReadFromCells, type WellText } from './plateReadFromCells.js';
import { columnNumberRun, plateSizeOf, readGridBlock, type GridBlock } from './gridBlock.js';
import type { PlateReader, RawPlate } from './rawPlate.js';

/** How far down detect() looks for the BMG header and its companions. */
const DETECT_ROWS = 40;

export const bmgMarsReader: PlateReader = {
  id: 'bmg',
  label: 'BMG LABTECH MARS',
  detect,
  read,
};

const HEADER_START = /^(User|Test name|Test Name):/;

/**
 * formats.md §3 rule 4: a first cell `User:`/`Test name:` with `Raw Data (` or `ID1:` nearby;
 * or `Chromatic:` followed by `Cycle:` (ASCII); or a `Well`,`Content` header (table view).
 */
function detect(table: CellTable): boolean {
  const end = Math.min(table.rows.length, DETECT_ROWS);
  let header = false;
  let companion = false;
  for (let r = 0; r < end; r++) {
    const row = table.rows[r]!;
    const first = firstCell(row);
    if (r < 5 && HEADER_START.test(first)) header = true;
    if (row.some((c) => /^Raw Data\b/.test(c) || /^ID1:/.test(c))) companion = true;
    if (/^Chromatic:\s*\d+$/.test(first) && /^Cycle:\s*\d+$/.test(firstCell(table.rows[r + 1] ?? []))) return true;
    if (row[0] === 'Well' && row[1] === 'Content' && (row[2] ?? '') !== '') return true;
  }
  return header && companion;
}

function firstCell(row: readonly string[]): string {
  return row.find((c) => c !== '') ?? '';
}

/** A well's cell text, before the plate size is known. */
/** A read whose wells are known but not yet laid out on a plate. */
interface PendingRead {
  readonly label: string;
  readonly origin: 'raw' | 'calculated';
  readonly wavelengthNm: number | undefined;
  readonly cells: WellText[];
}

/** One plate per export (table): the view decides how the reads are found; ID1 names the plate. */
function read(table: CellTable): RawPlate[] {
  const meta = readMeta(table);
  const notes: string[] = [];
  const tableHeader = table.rows.findIndex((row) => row[0] === 'Well' && row[1] === 'Content');
  let pending: PendingRead[];
  let minimumWells = 0;
  if (tableHeader >= 0) {
    pending = readTableView(table, tableHeader, notes);
    // A table view lists wells, not the plate: never shrink below a 96-well plate.
    minimumWells = 96;
    notes.push('table view: the plate size is inferred from the wells listed');
  } else if (table.rows.some((row) => /^Chromatic:\s*\d+$/.test(firstCell(row)))) {
    pending = readAscii(table, notes);
  } else {
    pending = readPlateView(table, notes);
  }
  if (pending.length === 0) {
    throw new Ic50Error('a BMG MARS export without data: no titled grid, well table or Chromatic/Cycle matrix', {
      location: { file: table.source, line: table.lines[0] ?? 1 },
    });
  }
  const [rows, columns] = plateSize(table, pending, minimumWells);
  const reads = pending.map((p) => plateReadFromCells(p.cells, [rows, columns], p, table.decimalComma));
  const id = meta['ID1'] || table.sheet || table.source;
  return [{ source: table.source, reader: 'bmg', id, rows, columns, reads, meta, notes }];
}

/** `key: value` header cells (`Test name: CTG`, `Date: 29/02/2016`, `ID1: barcode`) and the mode line. */
function readMeta(table: CellTable): Record<string, string> {
  const meta: Record<string, string> = {};
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const first = firstCell(row);
    if (/^Raw Data\b|^Chromatic:|^Well$/.test(first) || columnNumberRun(row)) break;
    const cells = row.filter((c) => c !== '');
    for (const cell of cells) {
      const m = /^([A-Za-z][\w .()/-]*?):\s*(.*)$/.exec(cell);
      if (m && m[2] !== '' && meta[m[1]!] === undefined) meta[m[1]!] = m[2]!;
    }
    if (cells.length === 1 && !first.includes(':') && meta['mode'] === undefined) meta['mode'] = first;
  }
  if (meta['Test Name'] !== undefined && meta['Test name'] === undefined) meta['Test name'] = meta['Test Name'];
  delete meta['Test Name'];
  return meta;
}

/** Raw iff the title says `Raw Data`; blank-corrected, averaged, ratio… copies are calculated. */
function originOf(title: string): 'raw' | 'calculated' {
  return /^Raw Data\b/i.test(title) ? 'raw' : 'calculated';
}

/** `Raw Data (450)`, `Raw Data (450 1)`, `Raw Data (475-30 B)` → 450; `(No filter)`, `(580/620)` → none. */
function wavelengthOf(title: string): number | undefined {
  const m = /\(\s*(\d{3,4})(?:\s*(?:-\s*\d+)?\s*[A-Za-z0-9]?)?\s*\)\s*$/.exec(title);
  const nm = m ? Number(m[1]) : Number.NaN;
  return nm >= 200 && nm <= 1100 ? nm : undefined;
}

/** Titles of grids that hold well contents or groups, not measurements. */
const NOT_DATA = /^(Content|Well content|Group|Layout)\b/i;

/** Plate view: every column-number header under a one-cell title line is a read. */
function readPlateView(table: CellTable, notes: string[]): PendingRead[] {
  const pending: PendingRead[] = [];
  let title: string | undefined;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (isBlankRow(row)) continue;
    const cells = row.filter((c) => c !== '');
    if (cells.length === 1 && !columnNumberRun(row)) {
      title = cells[0];
      continue;
    }
    if (!columnNumberRun(row)) continue;
    const block = readGridBlock(table, r);
    if (!block) {
      if (title !== undefined && /Data|corrected|Average/i.test(title)) {
        throw new Ic50Error(`the grid '${title}' has column numbers but no row letters under them`, {
          location: { file: table.source, line: table.lines[r]! },
        });
      }
      continue;
    }
    const full = block;
    const label = title ?? `Read ${pending.length + 1}`;
    const origin = title === undefined ? 'raw' : originOf(title);
    if (NOT_DATA.test(label)) notes.push(`skipped the grid '${label}' (well contents, not data)`);
    else pending.push({ label, origin, wavelengthNm: wavelengthOf(label), cells: gridCells(table, full) });
    title = undefined;
    r = full.endRow - 1;
  }
  return pending;
}

function gridCells(table: CellTable, block: GridBlock): WellText[] {
  return block.rows.flatMap((gridRow) =>
    gridRow.cells.map((text, k) => ({ row: gridRow.plateRow, column: block.plateColumns[k]!, text, line: table.lines[gridRow.tableRow]! })),
  );
}

/**
 * Table view: `Well,Content,<read title>,…`, an optional axis line (`,Wavelength [nm],260,…`
 * or `,Time [s],0,…`), then one line per well. A title covers the empty header cells after it.
 */
function readTableView(table: CellTable, headerRow: number, notes: string[]): PendingRead[] {
  const header = table.rows[headerRow]!;
  const where = (r: number) => ({ file: table.source, line: table.lines[r]! });
  let first = headerRow + 1;
  const axisLine = table.rows[first];
  const hasAxis = axisLine !== undefined && (axisLine[0] ?? '') === '' && /^(Wavelength|Time)\b/i.test(axisLine[1] ?? '');
  const axis = hasAxis ? axisLine : undefined;
  if (axis) first++;
  const width = Math.max(header.length, axis?.length ?? 0);
  const columns: { j: number; title: string; axisValue: string }[] = [];
  let title = '';
  for (let j = 2; j < width; j++) {
    if ((header[j] ?? '') !== '') title = header[j]!;
    const axisValue = axis?.[j] ?? '';
    if (title !== '' && ((header[j] ?? '') !== '' || axisValue !== '')) columns.push({ j, title, axisValue });
  }
  if (columns.length === 0) throw new Ic50Error("a 'Well,Content' header without read columns", { location: where(headerRow) });
  const wells: { row: number; column: number; r: number }[] = [];
  for (let r = first; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (isBlankRow(row)) break;
    const well = parseWellId(row[0] ?? '');
    if (!well) throw new Ic50Error(`'${row[0] ?? ''}' is not a well id (A01, B12…) in the well table`, { location: where(r) });
    wells.push({ ...well, r });
  }
  if (wells.length === 0) throw new Ic50Error("a 'Well,Content' header without wells under it", { location: where(headerRow) });

  const timeAxis = axis !== undefined && /^Time\b/i.test(axis[1] ?? '');
  const kept = timeAxis ? columns.filter((c, k) => columns[k + 1]?.title !== c.title) : columns;
  if (timeAxis) notes.push(`kinetic table: read the last time point of each read (${kept.map((c) => `${c.axisValue}`).join(', ')})`);
  const wavelengthAxis = axis !== undefined && /^Wavelength\b/i.test(axis[1] ?? '');
  return kept.map(({ j, title: t, axisValue }) => {
    const label = axisValue !== '' ? `${t}, ${axis![1]}: ${axisValue}` : t;
    const nm = wavelengthAxis ? Number(axisValue) : Number.NaN;
    return {
      label,
      origin: originOf(t),
      wavelengthNm: Number.isFinite(nm) && nm > 0 ? nm : wavelengthOf(t),
      cells: wells.map((w) => ({ row: w.row, column: w.column, text: table.rows[w.r]![j] ?? '', line: table.lines[w.r]! })),
    };
  });
}

/** ASCII: `Chromatic: n`, `Cycle: n`, then a bare matrix; keeps the last cycle of each chromatic. */
function readAscii(table: CellTable, notes: string[]): PendingRead[] {
  const byChromatic = new Map<string, { cycle: string; cycles: number; cells: WellText[] }>();
  let chromatic = '1';
  for (let r = 0; r < table.rows.length; r++) {
    const first = firstCell(table.rows[r]!);
    const c = /^Chromatic:\s*(\d+)$/.exec(first);
    if (c) {
      chromatic = c[1]!;
      continue;
    }
    const cycle = /^Cycle:\s*(\d+)$/.exec(first);
    if (!cycle) continue;
    const { cells, end } = bareMatrix(table, r + 1);
    const seen = byChromatic.get(chromatic);
    byChromatic.set(chromatic, { cycle: cycle[1]!, cycles: (seen?.cycles ?? 0) + 1, cells });
    r = end - 1;
  }
  return [...byChromatic.entries()].map(([k, { cycle, cycles, cells }]) => {
    const label = cycles > 1 ? `Chromatic ${k} (cycle ${cycle})` : `Chromatic ${k}`;
    if (cycles > 1) notes.push(`Chromatic ${k}: ${cycles} cycles; used the last, cycle ${cycle}`);
    return { label, origin: 'raw' as const, wavelengthNm: undefined, cells };
  });
}

/** The bare matrix starting at row `start`: rows of equal width up to a blank line, of a standard plate size. */
function bareMatrix(table: CellTable, start: number): { cells: WellText[]; end: number } {
  const where = { file: table.source, line: table.lines[start - 1]! };
  const lines: (readonly string[])[] = [];
  let r = start;
  for (; r < table.rows.length && !isBlankRow(table.rows[r]!) && !/:/.test(firstCell(table.rows[r]!)); r++) {
    const row = table.rows[r]!;
    let end = row.length;
    while (end > 0 && row[end - 1] === '') end--;
    lines.push(row.slice(0, end));
  }
  const width = lines[0]?.length ?? 0;
  const size = [...PLATE_SIZES.values()].find(([rows, columns]) => rows === lines.length && columns === width);
  if (!size || lines.some((l) => l.length !== width)) {
    throw new Ic50Error(`the matrix under 'Cycle:' is ${lines.length} × ${width}, not a standard plate`, { location: where });
  }
  const cells = lines.flatMap((line, i) => line.map((text, j) => ({ row: i, column: j, text, line: table.lines[start + i]! })));
  return { cells, end: r };
}

/** The smallest standard plate (of at least `minimumWells`) that holds every well read. */
function plateSize(table: CellTable, pending: readonly PendingRead[], minimumWells: number): readonly [number, number] {
  let maxRow = 0;
  let maxColumn = 0;
  let line = table.lines[0] ?? 1;
  for (const p of pending) {
    for (const c of p.cells) {
      if (c.row >= maxRow) [maxRow, line] = [c.row, c.line];
      if (c.column >= maxColumn) [maxColumn, line] = [c.column, c.line];
    }
  }
  for (const [wells, size] of PLATE_SIZES) if (wells >= minimumWells && maxRow < size[0] && maxColumn < size[1]) return size;
  return plateSizeOf(maxRow, maxColumn, table, line);
}

