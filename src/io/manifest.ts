import { dirname, isAbsolute, join } from 'node:path';
import { Ic50Error } from '../errors.js';
import { tableFromText } from '../readers/cellTable.js';
import { readTextFile } from './readSources.js';

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
  /** 1-based line of the manifest, for messages. */
  readonly line: number;
}

const COLUMNS: Record<string, keyof Omit<ManifestEntry, 'line'>> = {
  file: 'path',
  path: 'path',
  export: 'path',
  layout: 'layout',
  map: 'layout',
  platemap: 'layout',
  cellline: 'cellLine',
  line: 'cellLine',
  plate: 'plate',
  plateid: 'plate',
  barcode: 'plate',
  experiment: 'experiment',
  run: 'experiment',
  day: 'experiment',
};

/**
 * Reads a manifest CSV mapping each export to its plate map, cell line and plate id: columns
 * `file` (required), `layout`, `cell_line`, `plate`, `experiment` (case, spaces, dashes,
 * underscores ignored).
 * Paths are relative to the manifest's folder. A file the manifest names that does not exist is
 * reported when it is read, like any missing input.
 */
export function readManifest(path: string): ManifestEntry[] {
  const table = tableFromText(readTextFile(path), path);
  const header = table.rows[0] ?? [];
  const fields = header.map((h) => COLUMNS[h.toLowerCase().replace(/[\s_\-.]/g, '')]);
  const fileColumn = fields.indexOf('path');
  if (fileColumn < 0) {
    throw new Ic50Error(`no file column in the manifest header (found: ${header.map((h) => `"${h}"`).join(', ')})`, {
      location: { file: path, line: table.lines[0] ?? 1 },
      hint: 'columns: file, layout, cell_line, plate, experiment',
    });
  }
  const unknown = header.filter((h, i) => h !== '' && fields[i] === undefined);
  if (unknown.length > 0) {
    throw new Ic50Error(`unknown manifest column ${unknown.map((h) => `"${h}"`).join(', ')}`, {
      location: { file: path, line: table.lines[0] ?? 1 },
      hint: 'columns: file, layout, cell_line, plate',
    });
  }
  const base = dirname(path);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const entries: ManifestEntry[] = [];
  for (let r = 1; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (row.every((c) => c === '')) continue;
    const value = (field: keyof Omit<ManifestEntry, 'line'>) => {
      const i = fields.indexOf(field);
      return i >= 0 ? (row[i] ?? '') : '';
    };
    const line = table.lines[r]!;
    if (value('path') === '') throw new Ic50Error('no file named on this manifest line', { location: { file: path, line } });
    if (value('experiment').toLowerCase() === 'mean') {
      throw new Ic50Error('the experiment name "mean" is reserved for the summary row across experiments', { location: { file: path, line }, hint: 'rename that experiment (e.g. day 1, run A)' });
    }
    entries.push({
      path: resolve(value('path')),
      ...(value('layout') ? { layout: resolve(value('layout')) } : {}),
      ...(value('cellLine') ? { cellLine: value('cellLine') } : {}),
      ...(value('plate') ? { plate: value('plate') } : {}),
      ...(value('experiment') ? { experiment: value('experiment') } : {}),
      line,
    });
  }
  if (entries.length === 0) throw new Ic50Error('the manifest names no files', { location: { file: path } });
  return entries;
}
