import { Ic50Error } from '../errors.js';
import { PLATE_SIZES, rowLabel } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from './cellTable.js';
import { cellValue, plateReadFromGrid, plateSizeOf, readGridBlock, type GridBlock } from './gridBlock.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

/**
 * Revvity/PerkinElmer EnVision and EnSpire exports (docs/formats.md): per plate a
 * `Plate information` block (plate number, repeat, barcode, measurement date), `Background
 * information`, and the data — a raw `Results for … - channel 0 (CPS)` grid, a vendor-computed
 * `Calculated results: …` grid, or an untitled bare matrix (no title, no row letters, no
 * column numbers). The plate information comes before or after its data (`Place plate
 * information at`). Assay, protocol and instrument settings (with a `Platemap` grid of `-`,
 * which is not data) follow the plates.
 */

const RESULTS = /^Results for \S/;
const CALCULATED = /^Calculated results:/;
/** Lines that open the settings part of the file: no plate data after them until the next plate block. */
const TRAILER = /^(Basic assay information|Protocol information|Notifications for plate|Exported with )/;
/** Marks of a Kaleido export, whose older versions also title grids `Results for …`. */
const KALEIDO = /(Results from$|^Result for |^Exported with Kaleido|^Measurement Basic Information$|^Barcode: )/;

/** One `Plate information` block: the header names mapped to the first value row. */
interface PlateInfo {
  readonly row: number;
  /** Plate number plus the repeat when it is not 1: the plate a data block belongs to. */
  readonly key: string;
  readonly plate: string;
  readonly repeat: string;
  readonly barcode: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** A bare matrix: table rows [start, end), values from cell `offset` on, on a plate of `size`. */
interface BareMatrix {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  readonly size: readonly [number, number];
}

/** A grid or bare matrix found in the file; untitled matrices take their label from their plate information. */
interface DataBlock {
  readonly row: number;
  readonly title: string | null;
  readonly origin: 'raw' | 'calculated';
  readonly grid?: GridBlock;
  readonly matrix?: BareMatrix;
}

/** The settings this reader uses, from `Key,,,,value` lines anywhere in the file. */
interface Settings {
  readonly values: ReadonlyMap<string, string>;
  readonly software?: string;
}

const SETTING_KEYS = new Set([
  'Protocol Name',
  'Protocol name',
  'Assay Started',
  'Serial#',
  'Nickname',
  'Name of the plate type',
  'Number of rows',
  'Number of columns',
  'Place plate information at',
]);

/** Excel's formula quoting of text (`="PLATE0001"`) removed. */
function unformula(text: string): string {
  const m = /^="(.*)"$/.exec(text.trim());
  return m ? m[1]! : text.trim();
}

/** The last non-empty cell of a row, or "". */
function lastValue(row: readonly string[]): string {
  for (let i = row.length - 1; i >= 0; i--) if (row[i] !== '') return row[i]!;
  return '';
}

/** A title line as written: its cells up to the last non-empty one (titles may contain the delimiter). */
function titleText(table: CellTable, row: readonly string[]): string {
  const end = row.length - [...row].reverse().findIndex((c) => c !== '');
  return row.slice(0, end).join(table.delimiter || ',').trim();
}

/** true for a line of a bare matrix: two or more cells, each empty or a number. */
function isMatrixLine(table: CellTable, row: readonly string[]): boolean {
  return row.length >= 2 && row.every((c) => c === '' || Number.isFinite(parseNumber(c, table.decimalComma)));
}

/** `Protocol:`, `Plate type:`, `Platemap:` … — a one-cell settings heading. */
function isHeading(row: readonly string[]): boolean {
  return (row[0] ?? '').endsWith(':') && row.slice(1).every((c) => c === '');
}

/** Throws an Ic50Error at the line of table row `row` (the last line when past the end; none in an empty file). */
function fail(table: CellTable, row: number, message: string, hint?: string): never {
  const line = table.lines[row] ?? table.lines[table.lines.length - 1];
  throw new Ic50Error(message, { location: { file: table.source, ...(line !== undefined ? { line } : {}) }, ...(hint ? { hint } : {}) });
}

/** true when two [rows, columns] sizes are the same plate. */
function sameSize(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The plate a bare matrix of this many rows and fields is, or null. */
function matrixSize(rows: number, columns: number): readonly [number, number] | null {
  for (const size of PLATE_SIZES.values()) if (size[0] === rows && size[1] === columns && rows >= 8) return size;
  return null;
}

/** The matrix shape of table rows [start, end): where values start and the plate, or null when it is no standard plate. */
function matrixShape(table: CellTable, start: number, end: number): BareMatrix | null {
  const lines = table.rows.slice(start, end);
  const width = lines.reduce((m, row) => Math.max(m, row.length), 0);
  const emptyAt = (i: number) => lines.every((row) => (row[i] ?? '') === '');
  const candidates: [number, number][] = [];
  if (emptyAt(0)) candidates.push([1, width - 1], [1, width - 2]);
  candidates.push([0, width], [0, width - 1]);
  for (const [offset, columns] of candidates) {
    const size = matrixSize(lines.length, columns);
    const padding = width - offset - columns;
    if (size && (padding === 0 || (padding === 1 && emptyAt(width - 1)))) return { start, end, offset, size };
  }
  return null;
}

/**
 * The bare matrix whose lines start at `start`: consecutive matrix lines, read as rows A, B, …
 * Lines may start with an empty field (the gDR variant) and end with a trailing delimiter; empty
 * fields and lines of empty fields are wells not read (when the run without its empty edge lines
 * is no plate, those lines were padding). Returns null, and where the run ends, when the run
 * holds no number; throws when its shape is no standard plate.
 */
function bareMatrixAt(table: CellTable, start: number): { matrix: BareMatrix | null; end: number } {
  let end = start;
  while (end < table.rows.length && isMatrixLine(table, table.rows[end]!)) end++;
  const filled = (r: number) => !isBlankRow(table.rows[r]!);
  let first = start;
  let last = end;
  while (first < end && !filled(first)) first++;
  while (last > first && !filled(last - 1)) last--;
  if (first === last) return { matrix: null, end };
  const matrix = matrixShape(table, start, end) ?? matrixShape(table, first, last);
  if (matrix) return { matrix, end };
  const width = table.rows.slice(first, last).reduce((m, row) => Math.max(m, row.length), 0);
  fail(
    table,
    first,
    `a bare matrix of ${last - first} lines × ${width} fields is no standard plate`,
    'an untitled EnVision matrix must be 8×12, 16×24 or 32×48 values (one line per plate row)',
  );
}

/** A `Plate information` block at `row`: its header line and first value line. */
function plateInfoAt(table: CellTable, row: number, notes: string[]): { info: PlateInfo; end: number } {
  const header = table.rows[row + 1];
  if (!header || header[0]?.toLowerCase() !== 'plate') {
    fail(table, row + 1, 'expected the header "Plate, Repeat, Barcode, …" under "Plate information"');
  }
  const values = table.rows[row + 2];
  if (!values || isBlankRow(values)) fail(table, row + 2, 'the "Plate information" block has no values');
  const fields = new Map<string, string>();
  header.forEach((name, i) => {
    if (name !== '' && !fields.has(name)) fields.set(name, unformula(values[i] ?? ''));
  });
  let end = row + 3;
  while (end < table.rows.length && !isBlankRow(table.rows[end]!) && !isMatrixLine(table, table.rows[end]!)) end++;
  if (end > row + 3) notes.push(`line ${table.lines[row + 3]}: more than one plate-information value line; the first one is used`);
  const plate = fields.get('Plate') ?? '';
  const repeat = fields.get('Repeat') ?? '';
  const key = repeat !== '' && repeat !== '1' ? `${plate} repeat ${repeat}` : plate;
  return { info: { row, key, plate, repeat, barcode: fields.get('Barcode') ?? '', fields }, end };
}

/** The end of a `Background information` block: its header, then lines of text until a blank line or a matrix. */
function backgroundEnd(table: CellTable, row: number): number {
  let end = row + 1;
  while (end < table.rows.length && !isBlankRow(table.rows[end]!) && !isMatrixLine(table, table.rows[end]!)) end++;
  return end;
}

/**
 * Throws when the line after a grid carries values under the grid's columns with a label that
 * does not continue the rows (a repeated, misspelt or out-of-order row letter).
 */
function checkGridEnd(table: CellTable, grid: GridBlock): void {
  const next = table.rows[grid.endRow];
  if (!next || isBlankRow(next)) return;
  const label = next[grid.labelColumn] ?? '';
  if (label !== '' && grid.cellColumns.some((c) => (next[c] ?? '') !== '')) {
    const last = grid.rows[grid.rows.length - 1]!;
    fail(table, grid.endRow, `row label "${label}" does not continue the grid after row ${rowLabel(last.plateRow)}`);
  }
}

/** The grid or bare matrix under a `Results for …` / `Calculated results: …` title. */
function titledBlock(table: CellTable, row: number, title: string, origin: 'raw' | 'calculated'): { block: DataBlock; end: number } {
  let first = row + 1;
  while (first < table.rows.length && first <= row + 3 && isBlankRow(table.rows[first]!)) first++;
  const grid = readGridBlock(table, first);
  if (grid) {
    checkGridEnd(table, grid);
    return { block: { row, title, origin, grid }, end: grid.endRow };
  }
  const line = table.rows[first];
  if (line && isMatrixLine(table, line)) {
    const { matrix, end } = bareMatrixAt(table, first);
    if (matrix) return { block: { row, title, origin, matrix }, end };
  }
  fail(table, row, `"${title}" is not followed by a plate grid`, 'expected a line of column numbers 01, 02, … and rows A, B, …');
}

/** Settings from `Key,,,,value` lines (first occurrence wins) and the `Exported with …` line. */
function readSettings(table: CellTable): Settings {
  const values = new Map<string, string>();
  let software: string | undefined;
  for (const row of table.rows) {
    const key = (row[0] ?? '').replace(/:$/, '').trim();
    if (key.startsWith('Exported with ')) software ??= key.slice('Exported with '.length);
    const value = row.length >= 2 ? unformula(lastValue(row.slice(1))) : '';
    if (SETTING_KEYS.has(key) && value !== '' && !values.has(key)) values.set(key, value);
  }
  return { values, ...(software !== undefined ? { software } : {}) };
}

/** The plate size the `Plate type` settings declare, when it is a standard one. */
function declaredSize(settings: Settings): readonly [number, number] | null {
  const rows = Number(settings.values.get('Number of rows'));
  const columns = Number(settings.values.get('Number of columns'));
  for (const size of PLATE_SIZES.values()) if (size[0] === rows && size[1] === columns) return size;
  return null;
}

/** Walks the file: plate-information blocks, and the grids and matrices of the data part. */
function scan(table: CellTable, notes: string[]): { infos: PlateInfo[]; blocks: DataBlock[] } {
  const infos: PlateInfo[] = [];
  const blocks: DataBlock[] = [];
  let trailer = false;
  let r = 0;
  while (r < table.rows.length) {
    const row = table.rows[r]!;
    const first = row[0] ?? '';
    if (isBlankRow(row) && (trailer || row.length < 2)) {
      r++;
    } else if (first === 'Plate information') {
      const { info, end } = plateInfoAt(table, r, notes);
      infos.push(info);
      trailer = false;
      r = end;
    } else if (first === 'Background information') {
      trailer = false;
      r = backgroundEnd(table, r);
    } else if (RESULTS.test(first) || CALCULATED.test(first)) {
      const title = titleText(table, row);
      const { block, end } = titledBlock(table, r, title, RESULTS.test(first) ? 'raw' : 'calculated');
      blocks.push(block);
      trailer = false;
      r = end;
    } else if (TRAILER.test(first) || isHeading(row)) {
      trailer = true;
      r++;
    } else if (!trailer && isMatrixLine(table, row)) {
      const { matrix, end } = bareMatrixAt(table, r);
      if (matrix) blocks.push({ row: r, title: null, origin: 'raw', matrix });
      r = end;
    } else {
      r++;
    }
  }
  return { infos, blocks };
}

/** The plate information that owns a data block: the nearest one before it, or after it when the export puts it at the end of each plate. */
function ownerOf(infos: readonly PlateInfo[], row: number, atEnd: boolean): PlateInfo | undefined {
  const before = infos.filter((i) => i.row < row).pop();
  const after = infos.find((i) => i.row > row);
  return atEnd ? (after ?? before) : (before ?? after);
}

/** The plate of a set of blocks: a bare matrix's shape, else the grid labels, checked against `Plate type`. */
function plateSize(table: CellTable, blocks: readonly DataBlock[], declared: readonly [number, number] | null, notes: string[]): readonly [number, number] {
  const matrix = blocks.find((b) => b.matrix)?.matrix;
  let maxRow = 0;
  let maxColumn = 0;
  for (const b of blocks) {
    if (b.grid) {
      maxRow = Math.max(maxRow, b.grid.rows[b.grid.rows.length - 1]!.plateRow);
      maxColumn = Math.max(maxColumn, ...b.grid.plateColumns);
    } else if (b.matrix) {
      if (!sameSize(b.matrix.size, matrix!.size)) fail(table, b.matrix.start, 'bare matrices of different sizes in one plate');
      maxRow = Math.max(maxRow, b.matrix.size[0] - 1);
      maxColumn = Math.max(maxColumn, b.matrix.size[1] - 1);
    }
  }
  if (matrix) {
    if (maxRow >= matrix.size[0] || maxColumn >= matrix.size[1]) fail(table, matrix.start, 'a grid of this plate is larger than its bare matrix');
    if (declared && !sameSize(declared, matrix.size)) {
      fail(table, matrix.start, `the bare matrix is ${matrix.size[0]}×${matrix.size[1]} but "Plate type" says ${declared[0]} rows × ${declared[1]} columns`);
    }
    return matrix.size;
  }
  const first = blocks[0]!.grid!;
  const fitted = plateSizeOf(maxRow, maxColumn, table, table.lines[first.headerRow]!);
  if (!declared || sameSize(declared, fitted)) return fitted;
  if (maxRow < declared[0] && maxColumn < declared[1]) {
    notes.push(`the grids cover a ${fitted[0]}×${fitted[1]} area; the plate is ${declared[0]}×${declared[1]} as "Plate type" says`);
    return declared;
  }
  notes.push(`"Plate type" says ${declared[0]}×${declared[1]}, which the grids do not fit; the plate size is taken from the grids`);
  return fitted;
}

/** A PlateRead from a bare matrix. */
function matrixRead(table: CellTable, m: BareMatrix, label: string, origin: 'raw' | 'calculated'): PlateRead {
  const [, columns] = m.size;
  const values = new Float64Array(m.size[0] * columns).fill(Number.NaN);
  const markers = new Map<number, string>();
  const lines = new Map<number, number>();
  for (let i = 0; i < m.end - m.start; i++) {
    const row = table.rows[m.start + i]!;
    for (let c = 0; c < columns; c++) {
      const text = row[m.offset + c] ?? '';
      if (text === '') continue;
      const cell = cellValue(text, table.decimalComma);
      values[i * columns + c] = cell.value;
      if (cell.marker !== undefined) markers.set(i * columns + c, cell.marker);
      lines.set(i * columns + c, table.lines[m.start + i]!);
    }
  }
  return { label, origin, values, markers, lines };
}

/** Notes for grid lines that stop before the header's last column (wells left empty). */
function shortRowNotes(table: CellTable, grid: GridBlock, notes: string[]): void {
  const needed = grid.cellColumns[grid.cellColumns.length - 1]! + 1;
  for (const row of grid.rows) {
    if (table.rows[row.tableRow]!.length < needed) {
      notes.push(`line ${table.lines[row.tableRow]}: row ${rowLabel(row.plateRow)} is shorter than its header; the missing wells are empty`);
    }
  }
}

/** The read a data block makes on a plate of `size`. */
function blockRead(table: CellTable, block: DataBlock, info: PlateInfo | undefined, size: readonly [number, number], notes: string[]): PlateRead {
  let label = block.title;
  let origin = block.origin;
  if (label === null) {
    const readLabel = info?.fields.get('Label') ?? '';
    const formula = info?.fields.get('Formula') ?? '';
    if (readLabel === '' && formula !== '') origin = 'calculated';
    label = readLabel || formula || 'untitled matrix';
    notes.push(`line ${table.lines[block.row]}: an untitled matrix (no title, row letters or column numbers), read as "${label}" (${origin})`);
  }
  if (block.grid) {
    shortRowNotes(table, block.grid, notes);
    return plateReadFromGrid(table, block.grid, size, label, origin);
  }
  return matrixRead(table, block.matrix!, label, origin);
}

/** The file's name without folders: the plate id when the export names no plate. */
function fileName(table: CellTable): string {
  return table.sheet ?? table.source.split(/[\\/]/).pop() ?? table.source;
}

export const envisionReader: PlateReader = {
  id: 'envision',
  label: 'Revvity/PerkinElmer EnVision / EnSpire',

  detect(table) {
    let envision = false;
    for (const row of table.rows) {
      const first = row[0] ?? '';
      if (KALEIDO.test(first)) return false;
      if (/^Software version:?$/i.test(first) && lastValue(row).startsWith('Kaleido')) return false;
      if (
        first === 'Plate information' ||
        (first === 'Plate' && row[1] === 'Repeat' && row[2] === 'Barcode') ||
        CALCULATED.test(first) ||
        RESULTS.test(first) ||
        first === 'Basic assay information' ||
        /^Exported with (EnVision|EnSpire)/.test(first)
      ) {
        envision = true;
      }
    }
    return envision;
  },

  read(table) {
    const notes: string[] = [];
    const settings = readSettings(table);
    const { infos, blocks } = scan(table, notes);
    if (blocks.length === 0) {
      fail(table, infos[0]?.row ?? 0, 'no plate data in this EnVision export', 'expected a "Results for …" or "Calculated results: …" grid, or a bare plate matrix');
    }
    const placement = settings.values.get('Place plate information at');
    const atEnd = placement !== undefined ? /end/i.test(placement) : infos.length > 0 && blocks[0]!.row < infos[0]!.row;
    const declared = declaredSize(settings);
    const groups = new Map<string, { info: PlateInfo | undefined; blocks: DataBlock[] }>();
    for (const block of blocks) {
      const info = ownerOf(infos, block.row, atEnd);
      const key = info?.key ?? '';
      const group = groups.get(key) ?? { info, blocks: [] };
      group.blocks.push(block);
      groups.set(key, group);
    }
    return [...groups.values()].map(({ info, blocks: own }): RawPlate => {
      const plateNotes = [...notes];
      const size = plateSize(table, own, declared, plateNotes);
      const reads = own.map((b) => blockRead(table, b, ownerOf(infos, b.row, atEnd), size, plateNotes));
      const base = info?.barcode || (info && info.plate !== '' ? `Plate ${info.plate}` : fileName(table));
      const id = info && info.repeat !== '' && info.repeat !== '1' ? `${base} repeat ${info.repeat}` : base;
      const date = infos.filter((i) => i.key === info?.key).map((i) => i.fields.get('Measurement date') ?? '').find((d) => d !== '');
      const meta: Record<string, string> = {};
      const put = (key: string, value: string | undefined) => {
        if (value !== undefined && value !== '') meta[key] = value;
      };
      put('protocol', settings.values.get('Protocol Name') ?? settings.values.get('Protocol name'));
      put('software', settings.software);
      put('instrument', settings.values.get('Nickname'));
      put('serialNumber', settings.values.get('Serial#'));
      put('plateType', settings.values.get('Name of the plate type'));
      put('measurementDate', date ?? settings.values.get('Assay Started'));
      if (!info) plateNotes.push('no plate information; the plate is named after the file');
      return {
        source: table.source,
        reader: 'envision',
        id,
        rows: size[0],
        columns: size[1],
        reads: [...reads.filter((r) => r.origin === 'raw'), ...reads.filter((r) => r.origin === 'calculated')],
        meta,
        notes: plateNotes,
      };
    });
  },
};
