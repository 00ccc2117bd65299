import { unzipSync, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/universal';
import { gatheringSink, type Sink } from '../engine/sink.js';
import type { ExcludedWell, PlateQc, ResultRow } from '../types.js';
import { matrixValues } from './matrix.js';
import { PLATE_COLUMNS, toPlateRecord } from './plateRecords.js';
import { outputColumns, recordOf, type Cell, type OutputOptions } from './records.js';
import { holdsSeveralChecks } from './checks.js';

type SheetCell = { value: string | number | boolean; type?: StringConstructor; fontWeight?: 'bold' } | null;

/** Every file of the workbook dated 2000-01-01: the same results give the same bytes. */
const FIXED_TIME = new Date(Date.UTC(2000, 0, 1));

/** A record's value as a worksheet cell: numbers as numbers, lists joined with ";", missing empty. Text is always a text cell, never a formula. */
function sheetCell(value: Cell | undefined): SheetCell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : { value: value.join(';'), type: String };
  if (typeof value === 'string') return value === '' ? null : { value, type: String };
  return { value };
}

function header(names: readonly string[]): SheetCell[] {
  return names.map((name) => ({ value: name, type: String, fontWeight: 'bold' as const }));
}

/** What the workbook holds besides the rows. */
export interface WorkbookTail {
  readonly plates: readonly PlateQc[];
  readonly excluded?: readonly ExcludedWell[] | undefined;
}

/**
 * The results as an Excel workbook (.xlsx, written with the write-excel-file library): sheet
 * `results` (the columns of the CSV output, one row per result row, numbers as numbers at full
 * precision), `matrix` (the cross-resistance matrix as `--matrix --format csv` lays it out; left
 * out when the rows hold several checks),
 * `plate QC` (the plate QC records) and, when wells were excluded, `excluded wells`. Text is
 * written as text cells, which a spreadsheet never runs as formulas (no neutralising apostrophe
 * needed). Deterministic: the files inside carry a fixed date.
 */
/** The matrix sheet: the cross-resistance matrix of the records. */
function matrixSheet(records: Parameters<typeof matrixValues>[0]): { sheet: string; data: SheetCell[][]; stickyRowsCount: number } {
  const matrix = matrixValues(records);
  return { sheet: 'matrix', data: [header(matrix.header), ...matrix.rows.map((row) => row.map(sheetCell))], stickyRowsCount: 1 };
}

export async function xlsxWorkbook(rows: readonly ResultRow[], tail: WorkbookTail, options: OutputOptions = {}): Promise<Uint8Array> {
  const columns = outputColumns(options);
  const records = rows.map((row) => recordOf(row, options));
  const results = [header(columns), ...records.map((record) => columns.map((c) => sheetCell(record[c])))];
  const plates = [header(PLATE_COLUMNS), ...tail.plates.map((qc) => PLATE_COLUMNS.map((c) => sheetCell(toPlateRecord(qc)[c])))];
  const sheets = [
    { sheet: 'results', data: results, stickyRowsCount: 1 },
    // Several checks (labels that differ): no matrix, which would show one of them (see holdsSeveralChecks).
    ...(holdsSeveralChecks(rows) ? [] : [matrixSheet(records)]),
    { sheet: 'plate QC', data: plates, stickyRowsCount: 1 },
  ];
  const excluded = tail.excluded ?? [];
  if (excluded.length > 0) {
    const names = ['well', 'plate', 'role', 'cell_line', 'compound', 'reason'];
    sheets.push({
      sheet: 'excluded wells',
      data: [header(names), ...excluded.map((w) => [w.label, w.plate, w.role, w.cellLine, w.compound, w.reason].map(sheetCell))],
      stickyRowsCount: 1,
    });
  }
  const blob = await writeXlsxFile(sheets as Parameters<typeof writeXlsxFile>[0]).toBlob();
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // The library dates every file of the zip now; the same results should give the same bytes.
  const files = unzipSync(bytes);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime: FIXED_TIME }]])), { mtime: FIXED_TIME, level: 6 });
}

/** A sink that gathers the rows and writes the workbook's bytes at the end. */
export function xlsxSink(write: (bytes: Uint8Array) => void | Promise<void>, given: OutputOptions = {}): Sink {
  return gatheringSink('the workbook', given, async (rows, tail, options) => write(await xlsxWorkbook(rows, tail, options)));
}
