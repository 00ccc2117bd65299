import { parse } from 'csv-parse/sync';
import { Ic50Error } from '../errors.js';
import type { MatrixRecord } from '../writers/matrix.js';

/** Columns read back as numbers from CSV/TSV (JSON keeps its own numbers). */
const NUMBERS = ['ic50', 'ic50_ci_low', 'ic50_ci_high', 'log10_ic50', 'log10_ic50_se', 'pic50', 'n_experiments', 'rf', 'rf_ci_low', 'rf_ci_high', 'rf_p'] as const;
/** Further numeric columns: ICx (--icx), RFs at ICx levels (--rf-at), GR50 and its RF. */
const EXTRA_NUMBERS = /^(ic\d+(\.\d+)?|rf_ic\d+(\.\d+)?|gr50|gr_rf)(_ci_low|_ci_high)?$/;
const REQUIRED = ['cell_line', 'compound', 'ic50'];
export const RESULTS_HINT = 'give the CSV, TSV, JSON or NDJSON that ic50 fit wrote';

/** One record of a saved results file: its cells by column (numbers as numbers, flags a list), and where it was. */
export interface SavedRecord {
  readonly values: Record<string, unknown>;
  /** Line of a CSV/TSV/NDJSON file; undefined in a JSON object (then `index` says which record). */
  readonly line: number | undefined;
  /** 1-based position among the file's records. */
  readonly index: number;
}

/** A results file written by `ic50 fit`, read back: its columns in order and its records. */
export interface ResultsTable {
  readonly file: string;
  readonly columns: readonly string[];
  readonly records: readonly SavedRecord[];
}

function invalid(message: string, file: string, line?: number): Ic50Error {
  return new Ic50Error(message, { code: 'results', location: line === undefined ? { file } : { file, line }, hint: RESULTS_HINT });
}

/**
 * Reads the per-curve records of a results file written by `ic50 fit`: CSV or TSV (the
 * delimiter from the header line, `;` with decimal commas as --decimal-comma writes; cells neutralised against spreadsheet formulas, `'=…`, read
 * back as written; numbers in the numeric columns as numbers, empty as null; flags as a list),
 * a JSON object (`{"fits": [...]}`) or NDJSON (one record a line; `{"error": …}` lines left out).
 * Columns keep their order (the header's, or the first record's keys). Throws Ic50Error (code
 * `results`) for what is not such a file.
 */
export function readResultsTable(text: string, file: string): ResultsTable {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const skipped = text.replace(/^\uFEFF/, '').length - trimmed.length;
  const firstLine = 1 + (text.replace(/^\uFEFF/, '').slice(0, skipped).match(/\n/g)?.length ?? 0);
  let records: SavedRecord[];
  let columns: string[];
  if (trimmed.startsWith('{')) {
    try {
      if (/^\{\s*"fits"/.test(trimmed)) {
        const fits = (JSON.parse(trimmed) as { fits?: Record<string, unknown>[] }).fits ?? [];
        records = fits.map((values, i) => ({ values, line: undefined, index: i + 1 }));
      } else {
        records = [];
        trimmed.split('\n').forEach((line, i) => {
          if (line.trim() === '') return;
          const values = JSON.parse(line) as Record<string, unknown>;
          if (!('error' in values)) records.push({ values, line: firstLine + i, index: records.length + 1 });
        });
      }
    } catch (error) {
      throw invalid(`not valid JSON: ${(error as Error).message}`, file);
    }
    columns = Object.keys(records[0]?.values ?? {});
    for (const record of records) {
      const flags = record.values.flags;
      record.values.flags = Array.isArray(flags) ? flags.map(String) : typeof flags === 'string' ? flags.split(';').filter(Boolean) : [];
    }
  } else {
    const first = trimmed.split(/\r?\n/, 1)[0]!;
    // ";" separates the fields of results written with --decimal-comma (numbers then have a decimal comma, as in TSV they may).
    const delimiter = first.includes('\t') ? '\t' : first.includes(';') && !first.includes(',') ? ';' : ',';
    const decimal = (v: unknown) => (delimiter !== ',' && typeof v === 'string' && /^[-+]?\d*,\d+(e[-+]?\d+)?$/i.test(v) ? v.replace(',', '.') : v);
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      rows = parse(trimmed, { delimiter, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    } catch (error) {
      throw invalid(`cannot read it as a results table: ${(error as Error).message}`, file);
    }
    columns = rows[0]?.record ?? [];
    const absent = REQUIRED.filter((k) => !columns.includes(k));
    if (absent.length > 0) throw invalid(`not an ic50 results file (no ${absent.join(', ')} column)`, file, firstLine);
    records = rows.slice(1).map(({ record, info }, i) => {
      const values: Record<string, unknown> = {};
      columns.forEach((column, c) => {
        const cell = record[c] ?? '';
        // Text cells written with a leading apostrophe (formula neutralisation) read back as written.
        values[column] = /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
      });
      for (const key of columns) {
        if ((NUMBERS as readonly string[]).includes(key) || EXTRA_NUMBERS.test(key)) values[key] = values[key] === '' ? null : Number(decimal(values[key]));
      }
      values.flags = typeof values.flags === 'string' ? values.flags.split(';').filter(Boolean) : [];
      return { values, line: firstLine - 1 + info.lines, index: i + 1 };
    });
  }
  const missing = REQUIRED.filter((k) => !columns.includes(k));
  if (records.length === 0 || missing.length > 0) {
    throw invalid(`not an ic50 results file${missing.length ? ` (no ${missing.join(', ')} column)` : ' (no rows)'}`, file);
  }
  return { file, columns, records };
}

/**
 * The label columns of a results table: those `ic50 fit` writes between `experiment` and `kind`
 * (--label, passage, date, …), less `time` (the end time of the read, written there too when the
 * data hold several: not a label, which can never be named so).
 */
export function labelColumnsOfTable(table: Pick<ResultsTable, 'columns'>): string[] {
  const from = table.columns.indexOf('experiment');
  const to = table.columns.indexOf('kind');
  return from >= 0 && to > from ? table.columns.slice(from + 1, to).filter((c) => c !== 'time') : [];
}

/**
 * The per-curve records of a results file written by `ic50 fit` (CSV, TSV, JSON or NDJSON), as the
 * matrix reads them. Results of several checks (rows whose labels differ) are refused: the matrix
 * has one cell per line and compound.
 */
export function resultRecords(text: string, file: string): MatrixRecord[] {
  const table = readResultsTable(text, file);
  const labels = labelColumnsOfTable(table);
  const checks = new Set(table.records.map((r) => labels.map((c) => String(r.values[c] ?? '')).join('\u0000')));
  if (checks.size > 1) {
    throw new Ic50Error(`these results hold ${checks.size} checks (${labels.join(', ')}), and the matrix shows one result per cell line and compound`, {
      code: 'usage',
      location: { file },
      hint: 'follow the checks with ic50 trend, or keep the rows of one check',
    });
  }
  return table.records.map((r) => r.values as unknown as MatrixRecord);
}
