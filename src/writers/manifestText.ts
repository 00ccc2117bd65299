import type { ManifestEntry } from '../io/manifest.js';
import { delimitedField, neutraliseFormula } from './escape.js';

/** A manifest as `ic50 inspect` shows it: its kind and rows. */
export interface ManifestView {
  /** `files`: each row an export; `plates`: each row a plate barcode, for the exports given with it. */
  readonly kind: 'files' | 'plates';
  readonly entries: readonly ManifestEntry[];
  readonly notes: readonly string[];
}

/** The columns of a manifest as `inspect --format csv` prints it: what ic50 took from each row. */
export const MANIFEST_COLUMNS = ['file', 'plate', 'layout', 'cell_line', 'experiment', 'time'] as const;

function record(entry: ManifestEntry): Record<(typeof MANIFEST_COLUMNS)[number], string | number | null> {
  return {
    file: entry.path ?? null,
    plate: entry.plate ?? null,
    layout: entry.layout ?? null,
    cell_line: entry.cellLine ?? null,
    experiment: entry.experiment ?? null,
    time: entry.time ?? null,
  };
}

/** "201904190a → Template_Untreated.xlsx, cell line CL00011, 0 h (a time-zero plate)". */
function line(entry: ManifestEntry, kind: ManifestView['kind']): string {
  const what = kind === 'plates' ? `plate ${entry.plate}` : `${entry.path}${entry.plate !== undefined ? ` (plate ${entry.plate})` : ''}`;
  const parts = [
    entry.layout !== undefined ? `map ${entry.layout}` : 'no map (--layout)',
    entry.cellLine !== undefined ? `cell line ${entry.cellLine}` : '',
    entry.experiment !== undefined ? `experiment ${entry.experiment}` : '',
    entry.time !== undefined ? `${entry.time} h${entry.time === 0 ? ' (a time-zero plate)' : ''}` : '',
    ...Object.entries(entry.labels ?? {}).map(([key, value]) => `${key} ${value}`),
  ].filter((p) => p !== '');
  return `  line ${entry.line}: ${what} → ${parts.join(', ')}`;
}

/** The text `ic50 inspect MANIFEST` prints: what the manifest is for and what each row says. */
export function writeManifestText(file: string, view: ManifestView): string {
  const how = view.kind === 'plates' ? 'a manifest of plates (use it with --manifest, giving the exports too)' : 'a manifest of exports (use it with --manifest)';
  const out = [`${file}: ${how}, ${view.entries.length} row${view.entries.length === 1 ? '' : 's'}`, '', ...view.entries.map((e) => line(e, view.kind))];
  return out.join('\n') + '\n' + view.notes.map((n) => `note: ${n}\n`).join('');
}

/** `--format csv`: one row per manifest row, as ic50 took it (paths resolved from the manifest's folder). */
export function writeManifestCsv(view: ManifestView): string {
  const rows = view.entries.map((e) =>
    Object.values(record(e))
      .map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : delimitedField(neutraliseFormula(v, false), ',')))
      .join(','),
  );
  return [MANIFEST_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

/** `--format json`: the same for scripts. */
export function writeManifestJson(file: string, view: ManifestView): string {
  return JSON.stringify({ file, kind: 'manifest', rows: view.kind, entries: view.entries.map((e) => ({ ...record(e), ...(e.labels ? { labels: e.labels } : {}) })) }, null, 2) + '\n';
}
