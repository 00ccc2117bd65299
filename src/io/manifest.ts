import { dirname, isAbsolute, join } from 'node:path';
import { Ic50Error } from '../errors.js';
import { acceptedNames, describeHeader, headerColumns, type ColumnField } from '../plate/columns.js';
import { readTime } from '../plate/readTime.js';
import { tableFromText } from '../readers/cellTable.js';
import { isLabelColumn } from '../readers/tidyCsv.js';
import { AUTOMATIC_LABEL_COLUMNS } from '../engine/labelColumns.js';
import { readTextFile } from './inputs.js';

/** One input of a manifest: the file and what to read it with. */
export interface ManifestEntry {
  /** Path of the export, relative to the manifest's folder unless absolute. */
  readonly path: string;
  /** Plate map for this file (overrides --layout). */
  readonly layout?: string;
  readonly cellLine?: string;
  /** Plate id for this file's plate (several plates get #1, #2, …). */
  readonly plate?: string;
  /** Independent experiment (day, run) of this file: experiments are fitted separately. */
  readonly experiment?: string;
  /** Values of its label columns (passage, date, --label-column), by label; empty cells left out. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Hours from treatment to the read of this file's plate (`time`); 0 for a time-zero plate. */
  readonly time?: number;
  /** 1-based line of the manifest, for messages. */
  readonly line: number;
}

/** The columns a manifest can have (names from the one column vocabulary, plate/columns.ts). */
const MANIFEST_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['file', 'layout', 'cellLine', 'plate', 'experiment', 'time']);

/**
 * Reads a manifest CSV mapping each export to its plate map, cell line, plate id and experiment:
 * columns `file` (required; also `fileName`, `File Name`, `path`), `layout` (`map`, `template`),
 * `cell_line`, `plate` (`barcode`, `plate barcode`), `experiment` (`run`, `day`), `time` (hours
 * from treatment to the read, `time_h`, `hours`: 0 for a time-zero plate) — case, spaces,
 * dashes, underscores ignored — and label columns: `passage`, `date` and those named in
 * `labelColumns` (--label-column), whose values label each file's check. Other columns are not
 * used (and named in `notes`). Paths are relative to the manifest's folder. A file the manifest
 * names that does not exist is reported when it is read, like any missing input. `columns` is
 * the header as written.
 */
export function readManifest(path: string, labelColumns: readonly string[] = []): { entries: ManifestEntry[]; notes: string[]; columns: string[] } {
  const table = tableFromText(readTextFile(path, 'a manifest'), path);
  const headerRow = table.rows.findIndex((row) => row.some((c) => c !== ''));
  const header = table.rows[headerRow] ?? [];
  const headerLine = table.lines[headerRow] ?? 1;
  const columns = headerColumns(header, { file: path, line: headerLine }, MANIFEST_FIELDS);
  if (!columns.index.has('file')) {
    throw new Ic50Error(`no file column in the manifest header (${describeHeader(columns.names)})`, {
      code: 'header',
      location: { file: path, line: headerLine },
      hint: `${acceptedNames('file')}; other columns: layout, cell_line, plate, experiment, time`,
    });
  }
  const used = new Set(columns.index.values());
  const labels: [string, number][] = [];
  for (const key of [...labelColumns, ...AUTOMATIC_LABEL_COLUMNS]) {
    const i = header.findIndex((h, c) => !used.has(c) && isLabelColumn(h, key));
    if (i < 0 || labels.some(([k]) => isLabelColumn(k, key))) continue;
    labels.push([key, i]);
    used.add(i);
  }
  const unused = header.filter((h, i) => h !== '' && !used.has(i));
  const notes = unused.length > 0 ? [`${path}: manifest columns not used: ${unused.map((h) => `"${h}"`).join(', ')} (used: file, layout, cell_line, plate, experiment, time)`] : [];
  const base = dirname(path);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const entries: ManifestEntry[] = [];
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (row.every((c) => c === '')) continue;
    const value = (field: ColumnField) => {
      const i = columns.index.get(field);
      return i === undefined ? '' : (row[i] ?? '');
    };
    const line = table.lines[r]!;
    if (value('file') === '') throw new Ic50Error('no file named on this manifest line', { code: 'value', location: { file: path, line } });
    entries.push({
      path: resolve(value('file')),
      ...(value('layout') ? { layout: resolve(value('layout')) } : {}),
      ...(value('cellLine') ? { cellLine: value('cellLine') } : {}),
      ...(value('plate') ? { plate: value('plate') } : {}),
      ...(value('experiment') ? { experiment: value('experiment') } : {}),
      ...(labels.some(([, i]) => (row[i] ?? '') !== '') ? { labels: Object.fromEntries(labels.filter(([, i]) => (row[i] ?? '') !== '').map(([key, i]) => [key, row[i]!])) } : {}),
      ...(value('time') ? { time: readTime(value('time'), { name: 'time', hoursPerUnit: 1 }, false, { file: path, line })! } : {}),
      line,
    });
  }
  if (entries.length === 0) throw new Ic50Error('the manifest names no files', { code: 'no_data', location: { file: path } });
  return { entries, notes, columns: [...header] };
}
