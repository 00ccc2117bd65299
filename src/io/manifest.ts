import { dirname, isAbsolute, join } from 'node:path';
import { Ic50Error } from '../errors.js';
import { acceptedNames, describeHeader, headerColumns, type ColumnField, type HeaderColumns } from '../plate/columns.js';
import { readTime } from '../plate/readTime.js';
import { isBlankRow, tableFromText, type CellTable } from '../readers/cellTable.js';
import { decodeText } from '../readers/decodeText.js';
import { isLabelColumn } from '../readers/tidyCsv.js';
import { isZip, tablesFromXlsx } from '../readers/xlsxTables.js';
import { AUTOMATIC_LABEL_COLUMNS } from '../engine/labelColumns.js';
import { readBytes } from './inputs.js';

/** One row of a manifest: an export (or a plate, in a manifest of plates) and what to read it with. */
export interface ManifestEntry {
  /** Path of the export, relative to the manifest's folder unless absolute; absent in a manifest of plates. */
  readonly path?: string;
  /** Plate map for this file or plate (overrides --layout). */
  readonly layout?: string;
  readonly cellLine?: string;
  /** Plate id: for a file, its plate's new id (several plates get #1, #2, …); in a manifest of plates, the barcode the row is for. */
  readonly plate?: string;
  /** Independent experiment (day, run) of this file: experiments are fitted separately. */
  readonly experiment?: string;
  /** Values of its label columns (passage, date, --label-column), by label; empty cells left out. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Hours from treatment to the read of this file's (or plate's) wells (`time`); 0 for a time-zero plate. */
  readonly time?: number;
  /** 1-based line (or sheet row) of the manifest, for messages. */
  readonly line: number;
}

/**
 * A manifest: rows of files (`files`: each names an export, which is read with the row's map,
 * cell line, plate id and experiment), or rows of plates (`plates`: no file column; each row maps a
 * plate barcode to its map and cell line, for the exports given on the command line — gDR's
 * `Barcode, Template, clid` manifests).
 */
export interface Manifest {
  readonly kind: 'files' | 'plates';
  readonly entries: ManifestEntry[];
  readonly notes: string[];
  /** The header as written. */
  readonly columns: string[];
}

/** The columns a manifest can have (names from the one column vocabulary, plate/columns.ts). */
const MANIFEST_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['file', 'layout', 'cellLine', 'plate', 'experiment', 'time']);

/** The header of a manifest table: its first non-blank row, matched to the vocabulary. */
function headerOf(table: CellTable): { row: number; columns: HeaderColumns } | null {
  const row = table.rows.findIndex((r) => !isBlankRow(r));
  if (row < 0) return null;
  return { row, columns: headerColumns(table.rows[row]!, undefined, MANIFEST_FIELDS) };
}

/** true for a table whose header makes it a manifest: a file column, or a plate column with a map or cell line. */
function isManifestHeader(columns: HeaderColumns): boolean {
  const has = (field: ColumnField) => columns.index.has(field);
  return has('file') || (has('plate') && (has('layout') || has('cellLine')));
}

/** The table of a manifest file: text, or the sheet of a workbook that holds a manifest (--sheet to choose). */
async function manifestTable(path: string, sheet: string | undefined): Promise<CellTable> {
  const bytes = await readBytes(path);
  if (bytes.length === 0) throw new Ic50Error('the manifest is empty', { code: 'no_data', location: { file: path } });
  if (!isZip(bytes)) {
    const text = decodeText(bytes);
    if (text === null) throw new Ic50Error('a manifest must be text (CSV, TSV) or an .xlsx workbook', { code: 'format', location: { file: path } });
    return tableFromText(text, path);
  }
  const sheets = await tablesFromXlsx(bytes, path);
  const named = sheet !== undefined ? sheets.find((t) => (t.sheet ?? '').trim().toLowerCase() === sheet.trim().toLowerCase()) : undefined;
  const candidates = named ? [named] : sheets.filter((t) => {
    const header = headerOf(t);
    return header !== null && isManifestHeader(header.columns);
  });
  if (candidates.length > 1) {
    throw new Ic50Error(`${candidates.length} sheets look like manifests (${candidates.map((t) => `"${t.sheet}"`).join(', ')}): which one is meant is not certain`, {
      code: 'usage',
      location: { file: path },
      hint: 'choose one with --sheet NAME',
    });
  }
  const table = candidates[0] ?? sheets.find((t) => t.rows.some((r) => !isBlankRow(r))) ?? sheets[0]!;
  return { ...table, source: `${path}[${table.sheet}]` };
}

/**
 * Reads a manifest (CSV, TSV or .xlsx) mapping each export to its plate map, cell line, plate id
 * and experiment: columns `file` (also `fileName`, `File Name`, `path`), `layout` (`map`,
 * `template`), `cell_line` (`clid`), `plate` (`barcode`, `plate barcode`), `experiment` (`run`,
 * `day`), `time` (hours from treatment to the read, `time_h`, `hours`, gDR's `Duration`: 0 for a
 * time-zero plate) — case, spaces, dashes, underscores ignored — and label columns: `passage`,
 * `date` and those named in `labelColumns` (--label-column), whose values label each file's
 * check. Without a file column, a manifest with a
 * plate column and a map or cell-line column is a manifest of plates (see Manifest). Other
 * columns are not used (and named in `notes`). Paths are relative to the manifest's folder. A file
 * the manifest names that does not exist is reported when it is read, like any missing input.
 */
export async function readManifest(path: string, sheet?: string, labelColumns: readonly string[] = []): Promise<Manifest> {
  const table = await manifestTable(path, sheet);
  const source = table.source;
  const header = headerOf(table);
  if (!header) throw new Ic50Error('the manifest is empty', { code: 'no_data', location: { file: source } });
  const headerLine = table.lines[header.row]!;
  const columns = headerColumns(table.rows[header.row]!, { file: source, line: headerLine }, MANIFEST_FIELDS);
  if (!isManifestHeader(columns)) {
    throw new Ic50Error(`no file column in the manifest header (${describeHeader(columns.names)})`, {
      code: 'header',
      location: { file: source, line: headerLine },
      hint: `${acceptedNames('file')}; other columns: layout, cell_line, plate, experiment, time; or, for a manifest of plates, a plate (barcode) column with a layout or cell_line column`,
    });
  }
  const kind = columns.index.has('file') ? 'files' : 'plates';
  const used = new Set(columns.index.values());
  const names = table.rows[header.row]!;
  const labels: [string, number][] = [];
  for (const key of [...labelColumns, ...AUTOMATIC_LABEL_COLUMNS]) {
    const i = names.findIndex((h, c) => !used.has(c) && isLabelColumn(h, key));
    if (i < 0 || labels.some(([k]) => isLabelColumn(k, key))) continue;
    labels.push([key, i]);
    used.add(i);
  }
  const unused = names.filter((h, i) => h !== '' && !used.has(i));
  const notes = unused.length > 0 ? [`${source}: manifest columns not used: ${unused.map((h) => `"${h}"`).join(', ')} (used: file, layout, cell_line, plate, experiment, time)`] : [];
  if (kind === 'plates' && columns.index.has('experiment')) notes.push(`${source}: a manifest of plates cannot split experiments: its experiment column is not used (give --experiment plate, or a file column)`);
  if (kind === 'plates' && labels.length > 0) notes.push(`${source}: a manifest of plates cannot label checks: its ${labels.map(([key]) => key).join(', ')} column${labels.length === 1 ? ' is' : 's are'} not used (give a file column)`);
  const base = dirname(path);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const entries: ManifestEntry[] = [];
  const plates = new Map<string, number>();
  for (let r = header.row + 1; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (isBlankRow(row)) continue;
    const value = (field: ColumnField) => {
      const i = columns.index.get(field);
      return i === undefined ? '' : (row[i] ?? '');
    };
    const line = table.lines[r]!;
    if (kind === 'files' && value('file') === '') throw new Ic50Error('no file named on this manifest line', { code: 'value', location: { file: source, line } });
    if (kind === 'plates') {
      const plate = value('plate');
      if (plate === '') throw new Ic50Error('no plate (barcode) on this manifest line', { code: 'value', location: { file: source, line } });
      const previous = plates.get(plate);
      if (previous !== undefined) throw new Ic50Error(`plate "${plate}" is listed twice (also on line ${previous})`, { code: 'value', location: { file: source, line }, hint: 'give each plate one row' });
      plates.set(plate, line);
    }
    entries.push({
      ...(kind === 'files' ? { path: resolve(value('file')) } : {}),
      ...(value('layout') ? { layout: resolve(value('layout')) } : {}),
      ...(value('cellLine') ? { cellLine: value('cellLine') } : {}),
      ...(value('plate') ? { plate: value('plate') } : {}),
      ...(kind === 'files' && value('experiment') ? { experiment: value('experiment') } : {}),
      ...(kind === 'files' && labels.some(([, i]) => (row[i] ?? '') !== '') ? { labels: Object.fromEntries(labels.filter(([, i]) => (row[i] ?? '') !== '').map(([key, i]) => [key, row[i]!])) } : {}),
      ...(value('time') ? { time: readTime(value('time'), { name: 'time', hoursPerUnit: 1 }, table.decimalComma, { file: source, line })! } : {}),
      line,
    });
  }
  if (entries.length === 0) throw new Ic50Error(`the manifest names no ${kind}`, { code: 'no_data', location: { file: source } });
  return { kind, entries, notes, columns: [...names] };
}
