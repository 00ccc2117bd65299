/**
 * Tecan i-control (Infinite) and SparkControl (Spark) exports: tab text, comma CSV and xlsx
 * sheets share one grammar (formats.md §2.3):
 *
 * - settings as `key,,,,value[,unit]` (SparkControl also writes `Mode,Absorbance`);
 * - one section per label: `Label: X` (i-control) or `Mode …` + `Name X` (Spark), each with
 *   its settings (`Mode`, `Wavelength`, `Part of Plate`) and its data;
 * - endpoint data as a `<>` grid whose row letters and column numbers are the wells read
 *   (a partial plate `B2-G11` gives rows B–G and columns 2…11);
 * - kinetic data as a `Cycle Nr.` table, wells as columns (CSV/txt: `Cycle Nr.,Time [s],
 *   Temp. [°C],A1,A2,…`, one line per cycle) or transposed (xlsx: `Cycle Nr.`, `Time [s]`,
 *   `Temp. [°C]` rows, then one row per well). The last cycle is read, and a note says so;
 * - `OVER` for a saturated well.
 *
 * In the i-control kinetic CSV all `Mode` groups come first and the data tables follow in
 * the same order, so data blocks take the settings groups first-in, first-out.
 */
import { Ic50Error } from '../errors.js';
import { parseWellId } from '../plate/wellId.js';
import type { CellTable } from './cellTable.js';
import { plateReadFromCells, plateSizeNamedIn, type WellText } from './plateReadFromCells.js';
import { plateSizeOf, readGridBlock } from './gridBlock.js';
import { parseNumber } from './parseNumber.js';
import type { PlateReader, RawPlate } from './rawPlate.js';

/** How far down detect() looks for the `Application:` / `Device:` header. */
const DETECT_ROWS = 40;

export const tecanReader: PlateReader = {
  id: 'tecan',
  label: 'Tecan i-control / SparkControl',
  detect,
  read,
};

/** `Application: Tecan i-control` / `Application: SparkControl` / `Device: infinite|Spark` in the first rows (formats.md §3 rule 3). */
function detect(table: CellTable): boolean {
  const end = Math.min(table.rows.length, DETECT_ROWS);
  for (let r = 0; r < end; r++) {
    const first = table.rows[r]![0] ?? '';
    if (/^Application:\s*(Tecan i-control|SparkControl)\b/i.test(first)) return true;
    if (/^Device:\s*(infinite|Spark)\b/i.test(first)) return true;
  }
  return false;
}

/** A well's cell text, before the plate size is known. */
/** A read whose wells are known but not yet laid out on a plate. */
interface PendingRead {
  readonly label: string;
  readonly wavelengthNm: number | undefined;
  readonly cells: WellText[];
}

/** The settings of one label: its name, mode and wavelength. */
interface SettingsGroup {
  label: string | undefined;
  readonly mode: string;
  wavelengthNm: number | undefined;
  /** Line of its `Mode` setting (undefined for a bare `Label:`). */
  readonly line?: number;
}

/** Walks the sections of one export (one plate) and returns it. */
function read(table: CellTable): RawPlate[] {
  const meta = readMeta(table);
  const notes: string[] = [];
  const pending: PendingRead[] = [];
  const queue: SettingsGroup[] = [];
  let latest: SettingsGroup | undefined;
  let sectionLabel: string | undefined;
  let previousKey = '';
  // Settings for the next data block: the oldest unused group; else a `Label:` without a
  // `Mode` line; else the latest group again.
  const take = (): SettingsGroup | undefined => {
    const next = queue.shift();
    if (next) return next;
    if (sectionLabel === undefined) return latest;
    const bare = { label: sectionLabel, mode: '', wavelengthNm: undefined };
    sectionLabel = undefined;
    return bare;
  };

  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const key = row[0] ?? '';
    const value = valueOf(row);
    const label = /^Label:\s*(.*)$/.exec(key);
    if (label) {
      sectionLabel = label[1]!.trim() || undefined;
    } else if (key === 'Mode' && value !== '') {
      latest = { label: sectionLabel, mode: value, wavelengthNm: undefined, line: table.lines[r]! };
      queue.push(latest);
      sectionLabel = undefined;
    } else if (key === 'Name' && previousKey === 'Mode' && latest && value !== '') {
      latest.label = value; // SparkControl names the label right after its mode
    } else if (latest && isWavelengthKey(key)) {
      const nm = parseNumber(value);
      if (Number.isFinite(nm) && nm > 0) latest.wavelengthNm = nm;
    } else if (key === '<>') {
      const group = take();
      r = row[1] === 'Value' ? readWellList(table, r, group, pending) : readGrid(table, r, group, pending);
      previousKey = '';
      continue;
    } else if (key === 'Cycle Nr.') {
      r = readKinetic(table, r, take(), pending, notes);
      previousKey = '';
      continue;
    }
    if (key !== '') previousKey = key;
  }

  if (pending.length === 0) {
    throw new Ic50Error("a Tecan export without data: no '<>' grid and no 'Cycle Nr.' table", {
      location: { file: table.source, line: table.lines[0] ?? 1 },
      hint: 'export the measurement results, not only the method',
    });
  }
  if (queue.length > 0) {
    // Data blocks take settings in file order: one left over means a data block is missing
    // (or unreadable), and every read after it may carry the next one's label and wavelength.
    const names = queue.map((g) => `"${labelOf(g, g.mode)}" (line ${g.line})`).join(', ');
    notes.push(`settings ${names} found no data block: a data block before it is missing or unreadable, and since data blocks take settings in file order, reads may carry another read's label and wavelength`);
  }
  const [rows, columns] = plateSize(table, pending, meta['plate'], notes);
  const reads = uniqueLabels(pending).map((p) => plateReadFromCells(p.cells, [rows, columns], { ...p, origin: 'raw' }, table.decimalComma));
  const id = table.sheet ?? (meta['plateId'] || table.source);
  return [{ source: table.source, reader: 'tecan', id, rows, columns, reads, meta, notes }];
}

/** Labels as the export names them, with " #2", " #3" added where a name repeats. */
function uniqueLabels(pending: readonly PendingRead[]): PendingRead[] {
  const seen = new Map<string, number>();
  return pending.map((p) => {
    const count = (seen.get(p.label) ?? 0) + 1;
    seen.set(p.label, count);
    return count === 1 ? p : { ...p, label: `${p.label} #${count}` };
  });
}

/** The first non-empty cell after the key: column 5 in i-control, column 2 in some Spark rows. */
function valueOf(row: readonly string[]): string {
  for (let i = 1; i < row.length; i++) if (row[i] !== '') return row[i]!;
  return '';
}

/** `Wavelength`, `Measurement wavelength [nm]`, `Emission Wavelength`; not excitation or reference. */
function isWavelengthKey(key: string): boolean {
  return /^(measurement |emission )?wavelength\b/i.test(key);
}

function labelOf(group: SettingsGroup | undefined, fallback: string): string {
  return group?.label || group?.mode || fallback;
}

/** A `<>` grid at row r; returns the index of its last row. */
function readGrid(table: CellTable, r: number, group: SettingsGroup | undefined, pending: PendingRead[]): number {
  const block = readGridBlock(table, r);
  if (!block || block.labelColumn !== 0) {
    throw new Ic50Error("a '<>' grid header without column numbers and row letters under it", {
      location: { file: table.source, line: table.lines[r]! },
    });
  }
  const cells: WellText[] = [];
  for (const gridRow of block.rows) {
    gridRow.cells.forEach((text, k) => {
      cells.push({ row: gridRow.plateRow, column: block.plateColumns[k]!, text, line: table.lines[gridRow.tableRow]! });
    });
  }
  pending.push({ label: labelOf(group, `Read ${pending.length + 1}`), wavelengthNm: group?.wavelengthNm, cells });
  return block.endRow - 1;
}

/** SparkControl endpoint CSV: `<>,Value,Time [ms]` then one `A1,0.0921,0` line per well. */
function readWellList(table: CellTable, r: number, group: SettingsGroup | undefined, pending: PendingRead[]): number {
  const cells: WellText[] = [];
  let end = r + 1;
  for (; end < table.rows.length; end++) {
    const row = table.rows[end]!;
    const well = parseWellId(row[0] ?? '');
    if (!well) break;
    cells.push({ ...well, text: row[1] ?? '', line: table.lines[end]! });
  }
  if (cells.length === 0) {
    throw new Ic50Error("a '<>,Value' well list without wells under it", { location: { file: table.source, line: table.lines[r]! } });
  }
  pending.push({ label: labelOf(group, `Read ${pending.length + 1}`), wavelengthNm: group?.wavelengthNm, cells });
  return end - 1;
}

/** A one-cell line right above the kinetic table names the label (`OD600:600`, `LUMI:Lum`). */
function titleAbove(table: CellTable, r: number): string | undefined {
  const row = table.rows[r - 1];
  if (!row || (row[0] ?? '') === '' || row.slice(1).some((c) => c !== '')) return undefined;
  return row[0];
}

/** A `Cycle Nr.` table at row r, in either orientation; reads its last cycle. Returns its last row. */
function readKinetic(
  table: CellTable,
  r: number,
  group: SettingsGroup | undefined,
  pending: PendingRead[],
  notes: string[],
): number {
  const header = table.rows[r]!;
  const where = { file: table.source, line: table.lines[r]! };
  const base = titleAbove(table, r) ?? labelOf(group, `Read ${pending.length + 1}`);
  const wellColumns = header.flatMap((text, j) => {
    const well = j > 0 ? parseWellId(text) : null;
    return well ? [{ j, ...well }] : [];
  });
  const isCycle = (text: string | undefined) => text !== undefined && text !== '' && Number.isInteger(Number(text));

  let cycle: string;
  let time: string | undefined;
  let cycles: number;
  let cells: WellText[];
  let last: number;
  if (wellColumns.length > 0) {
    // Wells as columns, one line per cycle: take the last line that has any well value.
    const timeColumn = header.findIndex((c) => /^Time\b/i.test(c));
    last = r;
    let chosen = -1;
    for (let k = r + 1; k < table.rows.length && isCycle(table.rows[k]![0]); k++) {
      last = k;
      if (wellColumns.some(({ j }) => (table.rows[k]![j] ?? '') !== '')) chosen = k;
    }
    cycles = last - r;
    if (chosen < 0) throw new Ic50Error("a 'Cycle Nr.' table without cycles under it", { location: where });
    const lastWell = wellColumns[wellColumns.length - 1]!.j;
    for (let k = r + 1; k <= last; k++) {
      if (table.rows[k]!.slice(lastWell + 1).some((c) => c !== '')) {
        throw new Ic50Error(`a 'Cycle Nr.' line has more values than the header at line ${where.line} names wells`, {
          location: { file: table.source, line: table.lines[k]! },
          hint: 'a field of the header or of this line is missing or extra: the values would sit under the wrong wells',
        });
      }
    }
    const row = table.rows[chosen]!;
    cycle = row[0]!;
    time = timeColumn > 0 ? row[timeColumn] : undefined;
    cells = wellColumns.map(({ j, row: wr, column }) => ({ row: wr, column, text: row[j] ?? '', line: table.lines[chosen]! }));
  } else {
    // Transposed (xlsx): cycle numbers across, `Time [s]`/`Temp.` rows, then one row per well.
    const cycleColumns = header.flatMap((text, j) => (j > 0 && isCycle(text) ? [j] : []));
    if (cycleColumns.length === 0) {
      throw new Ic50Error("a 'Cycle Nr.' header with neither wells nor cycle numbers after it", { location: where });
    }
    let k = r + 1;
    let timeRow: readonly string[] | undefined;
    for (; k < table.rows.length && k <= r + 3 && !parseWellId(table.rows[k]![0] ?? ''); k++) {
      if (/^Time\b/i.test(table.rows[k]![0] ?? '')) timeRow = table.rows[k];
    }
    const wellRows: { row: number; column: number; r: number }[] = [];
    for (; k < table.rows.length; k++) {
      const well = parseWellId(table.rows[k]![0] ?? '');
      if (!well) break;
      wellRows.push({ ...well, r: k });
    }
    if (wellRows.length === 0) throw new Ic50Error("a 'Cycle Nr.' table without well rows under it", { location: where });
    last = k - 1;
    cycles = cycleColumns.length;
    const filled = cycleColumns.filter((j) => wellRows.some((w) => (table.rows[w.r]![j] ?? '') !== ''));
    const j = filled[filled.length - 1];
    if (j === undefined) throw new Ic50Error("a 'Cycle Nr.' table whose cycles hold no values", { location: where });
    cycle = header[j]!;
    time = timeRow?.[j];
    cells = wellRows.map((w) => ({ row: w.row, column: w.column, text: table.rows[w.r]![j] ?? '', line: table.lines[w.r]! }));
  }
  const label = `${base} (cycle ${cycle})`;
  notes.push(`${base}: kinetic read of ${cycles} cycles; used the last cycle with data, ${cycle}${time ? ` (${time} s)` : ''}`);
  pending.push({ label, wavelengthNm: group?.wavelengthNm, cells });
  return last;
}

/**
 * The plate: the standard size named in the `Plate` setting ("Corning 96 Flat …") when it holds
 * every read well, else the smallest standard plate that does (a B2–G11 read is a 96-well plate).
 */
function plateSize(
  table: CellTable,
  pending: readonly PendingRead[],
  plateText: string | undefined,
  notes: string[],
): readonly [number, number] {
  let maxRow = 0;
  let maxColumn = 0;
  let line = table.lines[0] ?? 1;
  for (const p of pending) {
    for (const c of p.cells) {
      if (c.row >= maxRow) [maxRow, line] = [c.row, c.line];
      if (c.column >= maxColumn) [maxColumn, line] = [c.column, c.line];
    }
  }
  const size = plateSizeNamedIn(plateText);
  if (size && maxRow < size[0] && maxColumn < size[1]) return size;
  if (size) notes.push(`the Plate setting names a ${size[0] * size[1]}-well plate, but wells outside it were read`);
  return plateSizeOf(maxRow, maxColumn, table, line);
}

/** Application, version, device, serial, date, time, plate type, plate id, method and modes. */
function readMeta(table: CellTable): Record<string, string> {
  const meta: Record<string, string> = {};
  const modes: string[] = [];
  const set = (key: string, text: string | undefined) => {
    const clean = (text ?? '').replace(/^'/, '').trim();
    if (clean !== '' && meta[key] === undefined) meta[key] = clean;
  };
  for (const row of table.rows) {
    const key = row[0] ?? '';
    const value = valueOf(row);
    let m: RegExpExecArray | null;
    if ((m = /^Application:\s*(.+)$/.exec(key))) {
      set('application', m[1]);
      set('version', value.includes(',') ? value.slice(value.lastIndexOf(',') + 1) : value);
    } else if ((m = /^Device:\s*(.+)$/.exec(key))) {
      set('device', m[1]);
      set('serial', /^Serial number:\s*(.*)$/.exec(value)?.[1]);
    } else if ((m = /^Method name:\s*(.+)$/.exec(key))) set('method', m[1]);
    else if (key === 'Date:') set('date', value);
    else if (key === 'Time:') set('time', value);
    else if (key === 'Plate') set('plate', value);
    else if (key === 'Plate-ID (Stacker)') set('plateId', value);
    else if (key === 'Mode' && value !== '' && !modes.includes(value)) modes.push(value);
  }
  if (modes.length > 0) meta['mode'] = modes.join(', ');
  return meta;
}
