import { Ic50Error } from '../errors.js';
import { formatWellId, parseWellId, PLATE_SIZES, smallestPlateFor, type WellPosition } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from './cellTable.js';
import { columnNumberRun } from './gridBlock.js';
import { plateReadFromCells } from './plateReadFromCells.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

/*
 * Molecular Devices SoftMax Pro text exports (docs/formats.md): `##BLOCKS= n`, then
 * blocks that each end with `~End` — `Note:` and `Group:` blocks (ignored; group tables only
 * repeat well values) and one `Plate:` block per plate. The `Plate:` line is positional; the
 * block body is either PlateFormat (one 8×12 grid per read, the wavelengths side by side with
 * an empty column between, no row letters) or TimeFormat (wells as columns A1…H12, one line
 * per read). A raw section may be followed, after a blank line, by a header-led reduced section
 * (SoftMax's computed values, e.g. 562−660).
 */

/** The fields of a `Plate:` line that this reader uses. */
interface PlateHeader {
  /** Table row of the Plate: line. */
  readonly row: number;
  readonly name: string;
  readonly exportVersion: string;
  readonly format: string;
  readonly readType: string;
  readonly readMode: string;
  readonly dataType: string;
  readonly kineticPoints: number | undefined;
  readonly wavelengths: readonly string[];
  readonly wellCount: number | undefined;
}

/** One cell of a read before it becomes a PlateRead. */
interface Cell {
  readonly position: WellPosition;
  readonly text: string;
  readonly line: number;
}

/** A read's name, origin and cells. */
interface Pending {
  readonly label: string;
  readonly origin: 'raw' | 'calculated';
  readonly wavelengthNm?: number | undefined;
  readonly cells: Cell[];
}

const HINT = 'export the data again from SoftMax Pro (File > Export, .txt, Plate or Time format)';

function errorAt(table: CellTable, row: number, message: string): Ic50Error {
  return new Ic50Error(message, { location: { file: table.source, line: table.lines[row] ?? table.lines[table.lines.length - 1] }, hint: HINT });
}

/** true when the row is empty from cell `from` on. */
function emptyFrom(row: readonly string[], from: number): boolean {
  return row.slice(from).every((c) => c === '');
}

/** A positive integer field, or undefined. */
function positiveInt(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The `Plate:` line. Its fields are positional, but fluorescence adds one field after the read
 * mode (formats.md §2.2), so the data type (Raw/Reduced/Both) is looked for in field 6 or 7
 * and the later fields are counted from it: kinetic points +2, wavelength list +9, wells +12.
 */
function parseHeader(table: CellTable, row: number): PlateHeader {
  const h = table.rows[row]!;
  const dt = [6, 7].find((k) => /^(raw|reduced|both)$/i.test(h[k] ?? ''));
  if (dt === undefined) throw errorAt(table, row, 'SoftMax Pro Plate: line without a data type (Raw or Reduced) after the read mode');
  const wellCount = positiveInt(h[dt + 12]);
  return {
    row,
    name: h[1] ?? '',
    exportVersion: h[2] ?? '',
    format: h[3] ?? '',
    readType: h[4] ?? '',
    readMode: h[5] ?? '',
    dataType: h[dt]!,
    kineticPoints: positiveInt(h[dt + 2]),
    wavelengths: (h[dt + 9] ?? '').split(/\s+/).filter((w) => w !== ''),
    wellCount: wellCount !== undefined && PLATE_SIZES.has(wellCount) ? wellCount : undefined,
  };
}

/** Base labels of `count` side-by-side (PlateFormat) or stacked (TimeFormat) sections: the wavelengths, or "Lum". */
function sectionLabels(header: PlateHeader, count: number, notes: string[]): { label: string; wavelengthNm?: number }[] {
  const lum = /^lum/i.test(header.readMode);
  const listed = header.wavelengths.filter((w) => !(lum && Number(w) === 0));
  if (lum && listed.length === 0) return Array.from({ length: count }, (_, i) => ({ label: count === 1 ? 'Lum' : `Lum ${i + 1}` }));
  if (listed.length !== count && !/^spectrum$/i.test(header.readType)) {
    notes.push(`the Plate: line lists ${listed.length} wavelength(s) (${listed.join(' ') || 'none'}) but the data has ${count} section(s)`);
  }
  return Array.from({ length: count }, (_, i) => {
    const w = listed[i];
    if (w === undefined) return { label: `read ${i + 1}` };
    // A wavelength listed twice ("525 525": two filter settings) gets its occurrence: "525 (2)".
    const twice = listed.filter((x) => x === w).length > 1;
    const label = twice ? `${w} (${listed.slice(0, i + 1).filter((x) => x === w).length})` : w;
    const nm = Number(w);
    return Number.isFinite(nm) && nm > 0 ? { label, wavelengthNm: nm } : { label };
  });
}

/** The label of a read in section `base` at time point / spectrum wavelength `tag` (when there are several). */
function readLabel(
  base: { label: string; wavelengthNm?: number },
  tag: string,
  several: boolean,
  spectrum: boolean,
  sections: number,
): { label: string; wavelengthNm?: number | undefined } {
  if (spectrum && tag !== '') {
    const nm = Number(tag);
    return { label: sections > 1 ? `${base.label} ${tag}` : tag, ...(Number.isFinite(nm) && nm > 0 ? { wavelengthNm: nm } : {}) };
  }
  return { label: several ? `${base.label} ${tag}`.trim() : base.label, wavelengthNm: base.wavelengthNm };
}

/**
 * A reduced-section header: two empty cells, then nothing but column numbers 1 2 3 …
 * (PlateFormat) or well ids (TimeFormat) — a data line of small counts "13 14 15" is not one.
 */
function isReducedHeader(row: readonly string[]): boolean {
  if (row[0] !== '' || row[1] !== '') return false;
  const run = columnNumberRun(row);
  if (run !== null && run.start === 2 && run.columns[0] === 0) return emptyFrom(row, run.start + run.columns.length);
  const cells = row.slice(2).filter((c) => c !== '');
  return cells.length > 0 && cells.every((c) => parseWellId(c) !== null);
}

/** The runs of column numbers in a PlateFormat header, one per wavelength. */
function numberRuns(row: readonly string[]): { start: number; columns: number[] }[] {
  const runs: { start: number; columns: number[] }[] = [];
  for (let run = columnNumberRun(row); run; run = columnNumberRun(row, run.start + run.columns.length)) runs.push(run);
  return runs;
}

/** First non-empty cell `k` among the rows (a grid's time tag or temperature). */
function firstIn(table: CellTable, rows: readonly number[], k: number): string {
  for (const r of rows) if ((table.rows[r]![k] ?? '') !== '') return table.rows[r]![k]!;
  return '';
}

/** Throws when a data line has values past `lastCell`, the last cell its header names. */
function checkWidth(table: CellTable, r: number, lastCell: number, headerRow: number, what: string): void {
  if (!emptyFrom(table.rows[r]!, lastCell + 1)) {
    throw errorAt(table, r, `SoftMax Pro data line has more values than the ${what} on the header at line ${table.lines[headerRow]}`);
  }
}

/**
 * true for a line with no delimiter at all. Grid lines of unread plate rows still carry their
 * delimiters, so an empty line inside a grid means the grid stopped early.
 */
function isEmptyLine(row: readonly string[]): boolean {
  return row.length <= 1 && (row[0] ?? '') === '';
}

/** Reads `rows` consecutive grid lines at `start` as plate rows 0…; the row index where the grid stops when it stops early. */
function gridRows(table: CellTable, start: number, rows: number, end: number, lastCell: number, headerRow: number): number[] | number {
  const indices: number[] = [];
  for (let r = start; r < start + rows; r++) {
    if (r >= end || isEmptyLine(table.rows[r]!) || isReducedHeader(table.rows[r]!)) return r;
    checkWidth(table, r, lastCell, headerRow, 'column numbers');
    indices.push(r);
  }
  return indices;
}

/** Complains about a grid that stops early at row `stop`: a note when the file is truncated, else an Ic50Error. */
function shortGrid(table: CellTable, start: number, stop: number, rows: number, truncated: boolean, notes: string[]): void {
  if (truncated && stop >= table.rows.length) {
    notes.push(`the grid at line ${table.lines[start]} stops before its ${rows} rows (the file looks truncated); it was left out`);
    return;
  }
  throw errorAt(table, Math.min(stop, table.rows.length - 1), `SoftMax Pro grid starting at line ${table.lines[start]} stops after ${stop - start} of its ${rows} plate rows`);
}

/**
 * A PlateFormat body. Each read is a grid of plate rows (all rows of the plate, partial reads
 * leave cells empty); kinetic and spectrum reads repeat the grid, separated by one line, with
 * the time or wavelength in the first cell of the grid. Wavelength w sits in the w-th run of
 * column numbers in the header line.
 */
function readPlateFormat(table: CellTable, header: PlateHeader, end: number, truncated: boolean, notes: string[]) {
  const headRow = header.row + 1;
  const runs = headRow < end ? numberRuns(table.rows[headRow]!) : [];
  if (runs.length === 0) throw errorAt(table, headRow, 'SoftMax Pro PlateFormat block without the column numbers (1 2 3 …) on the line after Plate:');
  const maxColumn = runs.reduce((m, run) => Math.max(m, run.columns[run.columns.length - 1]!), -1);
  let size = header.wellCount !== undefined ? PLATE_SIZES.get(header.wellCount) : undefined;
  if (!size) {
    let rows = 0;
    while (headRow + 1 + rows < end && !isBlankRow(table.rows[headRow + 1 + rows]!)) rows++;
    size = smallestPlateFor(rows - 1, maxColumn) ?? undefined;
    notes.push('the Plate: line gives no standard well count; the plate size comes from the grid');
  }
  if (!size || maxColumn >= size[1]) throw errorAt(table, headRow, `SoftMax Pro header numbers column ${maxColumn + 1}, which does not fit the plate`);
  const plateRows = size[0];
  const last = runs[runs.length - 1]!;
  const lastCell = last.start + last.columns.length - 1;
  const restBlank = (from: number) => table.rows.slice(from, end).every(isBlankRow);
  const grids: number[][] = [];
  const expected = /^endpoint$/i.test(header.readType) ? 1 : (header.kineticPoints ?? Number.POSITIVE_INFINITY);
  let r = headRow + 1;
  while (grids.length < expected) {
    if (grids.length > 0 && r < end && isBlankRow(table.rows[r]!)) r++;
    if (r >= end || restBlank(r) || isReducedHeader(table.rows[r]!) || (grids.length === 0 && isEmptyLine(table.rows[r]!))) break;
    const grid = gridRows(table, r, plateRows, end, lastCell, headRow);
    if (typeof grid === 'number') {
      shortGrid(table, r, grid, plateRows, truncated, notes);
      break;
    }
    grids.push(grid);
    r += plateRows;
  }
  if (grids.length === 0) notes.push('the plate block has no raw data grid');
  else if (Number.isFinite(expected) && grids.length < expected) {
    notes.push(`the Plate: line announces ${expected} reads per well, the block has ${grids.length}`);
  }
  const mainReduced = /^reduced$/i.test(header.dataType);
  const sections = mainReduced ? runs.map((_, i) => ({ label: runs.length === 1 ? 'Reduced' : `Reduced ${i + 1}` })) : sectionLabels(header, runs.length, notes);
  const spectrum = /^spectrum$/i.test(header.readType);
  const pending: Pending[] = [];
  for (const grid of grids) {
    const tag = firstIn(table, grid, 0);
    runs.forEach((run, w) => {
      const name = readLabel(sections[w]!, tag, grids.length > 1, spectrum, runs.length);
      const cells = grid.flatMap((t, row) =>
        run.columns.map((column, k) => ({ position: { row, column }, text: table.rows[t]![run.start + k] ?? '', line: table.lines[t]! })),
      );
      pending.push({ ...name, origin: mainReduced ? 'calculated' : 'raw', cells });
    });
  }
  // The reduced section: a header of column numbers after two empty cells, then one grid.
  while (r < end && isBlankRow(table.rows[r]!)) r++;
  if (r < end && isReducedHeader(table.rows[r]!)) {
    const reducedRuns = numberRuns(table.rows[r]!);
    const reducedLast = reducedRuns[reducedRuns.length - 1]!;
    const grid = gridRows(table, r + 1, plateRows, end, reducedLast.start + reducedLast.columns.length - 1, r);
    if (typeof grid === 'number') shortGrid(table, r + 1, grid, plateRows, truncated, notes);
    else {
      reducedRuns.forEach((run, w) => {
        const cells = grid.flatMap((t, row) =>
          run.columns.map((column, k) => ({ position: { row, column }, text: table.rows[t]![run.start + k] ?? '', line: table.lines[t]! })),
        );
        pending.push({ label: reducedRuns.length === 1 ? 'Reduced' : `Reduced ${w + 1}`, origin: 'calculated', cells });
      });
      r += 1 + plateRows;
    }
  }
  noteLeftover(table, r, end, notes);
  return { size, pending, temperature: grids.length > 0 ? firstIn(table, grids[0]!, 1) : '' };
}

/** Notes lines of a Plate: block that no section took. */
function noteLeftover(table: CellTable, from: number, end: number, notes: string[]): void {
  const left = table.rows.slice(from, end).filter((row) => !isBlankRow(row)).length;
  if (left > 0) notes.push(`${left} line(s) after line ${table.lines[from]} in the plate block were not read`);
}

/** Well ids of a TimeFormat header from cell 2 on; throws on anything else. */
function wellsOf(table: CellTable, r: number): WellPosition[] {
  const row = table.rows[r]!;
  const wells: WellPosition[] = [];
  let k = 2;
  for (; k < row.length && row[k] !== ''; k++) {
    const well = parseWellId(row[k]!);
    if (!well) throw errorAt(table, r, `"${row[k]}" in a SoftMax Pro TimeFormat header is not a well id`);
    wells.push(well);
  }
  if (wells.length === 0 || !emptyFrom(row, k)) throw errorAt(table, r, 'SoftMax Pro TimeFormat header without a run of well ids (A1 A2 …) from its third cell');
  return wells;
}

/** Cells of one TimeFormat data line. */
function lineCells(table: CellTable, t: number, wells: readonly WellPosition[]): Cell[] {
  return wells.map((position, k) => ({ position, text: table.rows[t]![2 + k] ?? '', line: table.lines[t]! }));
}

/**
 * A TimeFormat body: wells as columns. Each wavelength is a run of lines (one per time point or
 * spectrum wavelength, tagged in the first cell), wavelengths separated by blank lines; then
 * optionally a reduced section with its own well header.
 */
function readTimeFormat(table: CellTable, header: PlateHeader, end: number, notes: string[]) {
  const headRow = header.row + 1;
  if (headRow >= end) throw errorAt(table, header.row, 'SoftMax Pro TimeFormat block without a well header');
  const wells = wellsOf(table, headRow);
  const maxRow = wells.reduce((m, w) => Math.max(m, w.row), -1);
  const maxColumn = wells.reduce((m, w) => Math.max(m, w.column), -1);
  const size = (header.wellCount !== undefined ? PLATE_SIZES.get(header.wellCount) : undefined) ?? smallestPlateFor(maxRow, maxColumn);
  if (!size || maxRow >= size[0] || maxColumn >= size[1]) {
    throw errorAt(table, headRow, `SoftMax Pro well header names ${formatWellId(maxRow, maxColumn)}, which does not fit a ${header.wellCount ?? 'standard'}-well plate`);
  }
  const blocks: number[][] = [];
  let current: number[] = [];
  let r = headRow + 1;
  for (; r < end; r++) {
    const row = table.rows[r]!;
    if (isBlankRow(row)) {
      if (current.length > 0) blocks.push(current);
      current = [];
      continue;
    }
    if (isReducedHeader(row)) break;
    checkWidth(table, r, 1 + wells.length, headRow, 'well ids');
    current.push(r);
  }
  if (current.length > 0) blocks.push(current);
  const spectrum = /^spectrum$/i.test(header.readType);
  const mainReduced = /^reduced$/i.test(header.dataType);
  // An endpoint read with its wavelengths on consecutive lines (no blank between): one line each.
  const lum = /^lum/i.test(header.readMode);
  const expected = lum ? Math.max(1, header.wavelengths.filter((w) => Number(w) !== 0).length) : header.wavelengths.length;
  if (/^endpoint$/i.test(header.readType) && blocks.length === 1 && blocks[0]!.length === expected && expected > 1) {
    blocks.splice(0, 1, ...blocks[0]!.map((t) => [t]));
  }
  if (blocks.length === 0) notes.push('the plate block has no raw data lines');
  const sections =
    blocks.length === 0 ? [] : mainReduced ? blocks.map((_, i) => ({ label: blocks.length === 1 ? 'Reduced' : `Reduced ${i + 1}` })) : sectionLabels(header, blocks.length, notes);
  const pending: Pending[] = [];
  blocks.forEach((block, w) => {
    for (const t of block) {
      const name = readLabel(sections[w]!, table.rows[t]![0] ?? '', block.length > 1, spectrum, blocks.length);
      pending.push({ ...name, origin: mainReduced ? 'calculated' : 'raw', cells: lineCells(table, t, wells) });
    }
  });
  if (r < end) {
    const reducedWells = wellsOf(table, r);
    const outside = reducedWells.find((w) => w.row >= size[0] || w.column >= size[1]);
    if (outside) {
      throw errorAt(table, r, `SoftMax Pro reduced-data header names ${formatWellId(outside.row, outside.column)}, which is not on the ${size[0] * size[1]}-well plate`);
    }
    const lines: number[] = [];
    let t = r + 1;
    for (; t < end && !isBlankRow(table.rows[t]!); t++) {
      checkWidth(table, t, 1 + reducedWells.length, r, 'well ids');
      lines.push(t);
    }
    lines.forEach((line, i) => {
      pending.push({ label: lines.length === 1 ? 'Reduced' : `Reduced ${i + 1}`, origin: 'calculated', cells: lineCells(table, line, reducedWells) });
    });
    r = t;
  }
  noteLeftover(table, r, end, notes);
  const firstBlock = blocks[0];
  return { size, pending, temperature: firstBlock ? firstIn(table, firstBlock, 1) : '' };
}

/** A PlateRead on a plate of `size` from pending cells. */
function toRead(p: Pending, size: readonly [number, number], decimalComma: boolean): PlateRead {
  const cells = p.cells.map((c) => ({ row: c.position.row, column: c.position.column, text: c.text, line: c.line }));
  return plateReadFromCells(cells, size, p, decimalComma);
}

/** Makes read labels unique within a plate (a read is chosen by its label): later repeats get " (2)", " (3)". */
function uniqueLabels(pending: readonly Pending[]): Pending[] {
  const seen = new Map<string, number>();
  return pending.map((p) => {
    const n = (seen.get(p.label) ?? 0) + 1;
    seen.set(p.label, n);
    return n === 1 ? p : { ...p, label: `${p.label} (${n})` };
  });
}

/** One Plate: block, rows [row, end). Returns why it was skipped for a block without usable data. */
function readPlate(table: CellTable, row: number, end: number, truncated: boolean, lastSaved: string | undefined): RawPlate | string {
  const header = parseHeader(table, row);
  if (/scan/i.test(header.readType)) return `plate "${header.name}" (line ${table.lines[row]}): ${header.readType} reads (several values per well) are not supported`;
  const notes: string[] = [];
  if (truncated) notes.push(`the plate block starting at line ${table.lines[row]} has no ~End line (the file looks truncated)`);
  let body: ReturnType<typeof readTimeFormat>;
  if (/^plateformat$/i.test(header.format)) body = readPlateFormat(table, header, end, truncated, notes);
  else if (/^timeformat$/i.test(header.format)) body = readTimeFormat(table, header, end, notes);
  else throw errorAt(table, row, `SoftMax Pro export format "${header.format}" is neither PlateFormat nor TimeFormat`);
  if (body.pending.length === 0) return `plate "${header.name}" (line ${table.lines[row]}) has no data lines`;
  const meta: Record<string, string> = {
    format: header.format,
    readType: header.readType,
    readMode: header.readMode,
    dataType: header.dataType,
    exportVersion: header.exportVersion,
  };
  if (header.wavelengths.length > 0) meta.wavelengths = header.wavelengths.join(' ');
  if (Number.isFinite(parseNumber(body.temperature, table.decimalComma))) meta.temperature = body.temperature;
  if (lastSaved !== undefined) meta.lastSaved = lastSaved;
  return {
    source: table.source,
    reader: 'softmaxpro',
    id: header.name || (table.sheet ?? table.source),
    rows: body.size[0],
    columns: body.size[1],
    reads: uniqueLabels(body.pending).map((p) => toRead(p, body.size, table.decimalComma)),
    meta,
    notes,
  };
}

export const softmaxProReader: PlateReader = {
  id: 'softmaxpro',
  label: 'Molecular Devices SoftMax Pro',
  detect(table) {
    const first = table.rows.find((row) => !isBlankRow(row));
    if (first && /^##BLOCKS=\s*\d+$/.test(first[0] ?? '')) return true;
    const plate = table.rows.some((row) => row[0] === 'Plate:' && row.length >= 6);
    return plate && table.rows.some((row) => row[0] === '~End');
  },
  read(table) {
    const plates: RawPlate[] = [];
    const notes: string[] = [];
    const first = table.rows.find((row) => !isBlankRow(row));
    const declared = positiveInt(/^##BLOCKS=\s*(\d+)$/.exec(first?.[0] ?? '')?.[1]);
    const saved = table.rows.map((row) => /Date Last Saved:\s*(.+)$/.exec(row.join(' '))?.[1]?.trim()).find((s) => s !== undefined);
    let blocks = 0;
    const skipped: string[] = [];
    for (let r = 0; r < table.rows.length; r++) {
      const head = table.rows[r]![0] ?? '';
      if (head !== 'Plate:' && !/^(Group|Note)\b/.test(head)) continue;
      let end = r + 1;
      while (end < table.rows.length && table.rows[end]![0] !== '~End') end++;
      const truncated = end >= table.rows.length;
      if (!truncated) blocks++;
      if (head === 'Plate:') {
        const plate = readPlate(table, r, end, truncated, saved);
        if (typeof plate === 'string') skipped.push(plate);
        else plates.push(plate);
      }
      r = end;
    }
    if (plates.length === 0) {
      throw new Ic50Error(`SoftMax Pro export without plate data${skipped.length > 0 ? `: ${skipped.join('; ')}` : ' (no Plate: block)'}`, {
        location: { file: table.source },
        hint: 'export endpoint or kinetic plate sections as text, not only the group tables',
      });
    }
    if (declared !== undefined && blocks < declared) notes.push(`##BLOCKS announces ${declared} blocks, the file has ${blocks} (blocks may be missing)`);
    notes.push(...skipped.map((reason) => `skipped ${reason}`));
    const ids = plates.map((p) => p.id);
    const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (repeated.length > 0) notes.push(`plate name(s) used by more than one block: ${repeated.join(', ')}`);
    plates[plates.length - 1]!.notes.push(...notes);
    return plates;
  },
};
