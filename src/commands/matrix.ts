import { parse } from 'csv-parse/sync';
import { Ic50Error } from '../errors.js';
import { readSource } from '../io/readSources.js';
import { writeMatrixCsv, writeMatrixTable, type MatrixRecord } from '../writers/matrix.js';
import type { CommandResult } from './fit.js';

const NUMBERS = ['ic50', 'ic50_ci_low', 'ic50_ci_high', 'rf', 'rf_ci_low', 'rf_ci_high'] as const;

/** The per-curve records of a results file written by `ic50 fit` (CSV, TSV or JSON). */
function recordsOf(text: string, file: string): MatrixRecord[] {
  const trimmed = text.trimStart();
  let rows: Record<string, unknown>[];
  if (trimmed.startsWith('{')) {
    try {
      rows = (JSON.parse(trimmed) as { fits?: Record<string, unknown>[] }).fits ?? [];
    } catch (error) {
      throw new Ic50Error(`not valid JSON: ${(error as Error).message}`, { location: { file } });
    }
  } else {
    const delimiter = trimmed.split(/\r?\n/, 1)[0]!.includes('\t') ? '\t' : ',';
    rows = parse(trimmed, { columns: true, delimiter, skip_empty_lines: true, relax_column_count: true }) as Record<string, unknown>[];
    const header = rows[0] ?? {};
    const absent = ['cell_line', 'compound', 'ic50'].filter((k) => !(k in header));
    if (absent.length > 0) {
      throw new Ic50Error(`not an ic50 results file (no ${absent.join(', ')} column)`, { location: { file }, hint: 'give the CSV, TSV or JSON that ic50 fit wrote' });
    }
    for (const row of rows) {
      for (const key of NUMBERS) row[key] = row[key] === '' || row[key] === undefined ? null : Number(row[key]);
    }
  }
  const missing = ['cell_line', 'compound', 'ic50'].filter((k) => rows.length > 0 && !(k in rows[0]!));
  if (rows.length === 0 || missing.length > 0) {
    throw new Ic50Error(`not an ic50 results file${missing.length ? ` (no ${missing.join(', ')} column)` : ' (no rows)'}`, {
      location: { file },
      hint: 'give the CSV, TSV or JSON that ic50 fit wrote',
    });
  }
  return rows as unknown as MatrixRecord[];
}

/**
 * `ic50 matrix RESULTS`: the cross-resistance matrix (cell line × compound, IC50 [CI], RF [CI])
 * of results saved by `ic50 fit` — as an aligned table, or CSV with --format csv.
 */
export async function matrixCommand(path: string, format: 'table' | 'csv'): Promise<CommandResult> {
  const source = await readSource(path);
  if (source.text === undefined) throw new Ic50Error('a results file is text (CSV, TSV or JSON)', { location: { file: path } });
  const records = recordsOf(source.text, path);
  return { stdout: format === 'csv' ? writeMatrixCsv(records) : writeMatrixTable(records), diagnostics: [], exitCode: 0 };
}
