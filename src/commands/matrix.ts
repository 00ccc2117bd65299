import { parse } from 'csv-parse/sync';
import { Ic50Error } from '../errors.js';
import { readBytes } from '../io/inputs.js';
import { decodeText } from '../readers/decodeText.js';
import { writeMatrixCsv, writeMatrixTable, type MatrixRecord } from '../writers/matrix.js';
import type { CommandResult } from './inspect.js';

const NUMBERS = ['ic50', 'ic50_ci_low', 'ic50_ci_high', 'rf', 'rf_ci_low', 'rf_ci_high'] as const;
/** Further numeric columns a matrix can show: ICx (--icx), RFs at ICx levels (--rf-at), GR50 and its RF. */
const EXTRA_NUMBERS = /^(ic\d+(\.\d+)?|rf_ic\d+(\.\d+)?|gr50|gr_rf)(_ci_low|_ci_high)?$/;
const REQUIRED = ['cell_line', 'compound', 'ic50'];
const HINT = 'give the CSV, TSV, JSON or NDJSON that ic50 fit wrote';

/** The per-curve records of a results file written by `ic50 fit` (CSV, TSV, JSON or NDJSON). */
export function resultRecords(text: string, file: string): MatrixRecord[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let rows: Record<string, unknown>[];
  if (trimmed.startsWith('{')) {
    try {
      if (/^\{\s*"fits"/.test(trimmed)) rows = (JSON.parse(trimmed) as { fits?: Record<string, unknown>[] }).fits ?? [];
      else rows = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => !('error' in r));
    } catch (error) {
      throw new Ic50Error(`not valid JSON: ${(error as Error).message}`, { code: 'results', location: { file }, hint: HINT });
    }
  } else {
    const first = trimmed.split(/\r?\n/, 1)[0]!;
    // ";" separates the fields of results written with --decimal-comma (numbers then have a decimal comma, as in TSV may).
    const delimiter = first.includes('\t') ? '\t' : first.includes(';') && !first.includes(',') ? ';' : ',';
    try {
      rows = parse(trimmed, { columns: true, delimiter, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as Record<string, unknown>[];
    } catch (error) {
      throw new Ic50Error(`cannot read it as a results table: ${(error as Error).message}`, { code: 'results', location: { file }, hint: HINT });
    }
    const header = rows[0] ?? {};
    const absent = REQUIRED.filter((k) => !(k in header));
    if (absent.length > 0) throw new Ic50Error(`not an ic50 results file (no ${absent.join(', ')} column)`, { code: 'results', location: { file }, hint: HINT });
    for (const row of rows) {
      const decimal = (v: unknown) => (delimiter !== ',' && typeof v === 'string' && /^[-+]?\d*,\d+(e[-+]?\d+)?$/i.test(v) ? v.replace(',', '.') : v);
      for (const key of Object.keys(row)) {
        if (NUMBERS.includes(key as (typeof NUMBERS)[number]) || EXTRA_NUMBERS.test(key)) row[key] = row[key] === '' || row[key] === undefined ? null : Number(decimal(row[key]));
      }
      // Text cells written with a leading apostrophe (formula neutralisation) read back as written.
      for (const [key, value] of Object.entries(row)) if (typeof value === 'string' && /^'[=+\-@\t\r]/.test(value)) row[key] = value.slice(1);
      row.flags = typeof row.flags === 'string' ? row.flags.split(';').filter(Boolean) : [];
    }
  }
  const missing = REQUIRED.filter((k) => rows.length > 0 && !(k in rows[0]!));
  if (rows.length === 0 || missing.length > 0) {
    throw new Ic50Error(`not an ic50 results file${missing.length ? ` (no ${missing.join(', ')} column)` : ' (no rows)'}`, { code: 'results', location: { file }, hint: HINT });
  }
  return rows as unknown as MatrixRecord[];
}

/**
 * `ic50 matrix RESULTS`: the cross-resistance matrix (cell line × compound, IC50 [CI], RF [CI])
 * of results saved by `ic50 fit` — as an aligned table, or CSV with --format csv.
 */
export async function matrixCommand(path: string, format: 'table' | 'csv', rawCells: boolean, decimalComma = false): Promise<CommandResult> {
  const bytes = await readBytes(path);
  const text = decodeText(bytes);
  if (text === null || bytes.length === 0) throw new Ic50Error(bytes.length === 0 ? 'the file is empty' : 'a results file is text (CSV, TSV or JSON)', { code: 'results', location: { file: path }, hint: HINT });
  const records = resultRecords(text, path);
  return { stdout: format === 'csv' ? writeMatrixCsv(records, rawCells, decimalComma) : writeMatrixTable(records), diagnostics: [], exitCode: 0 };
}
