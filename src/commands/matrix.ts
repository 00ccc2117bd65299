import { Ic50Error } from '../errors.js';
import { readBytes } from '../io/inputs.js';
import { decodeText } from '../readers/decodeText.js';
import { resultRecords, RESULTS_HINT as HINT } from '../readers/resultsFile.js';
import { writeMatrixCsv, writeMatrixTable } from '../writers/matrix.js';
import type { CommandResult } from './inspect.js';

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
