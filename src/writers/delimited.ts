import type { Sink } from '../engine/sink.js';
import type { ResultRow } from '../types.js';
import { delimitedField, neutraliseFormula } from './escape.js';
import { formatNumber, formatNumberDecimalComma } from './formatNumber.js';
import { outputColumns, recordOf, type Cell, type FitRecord, type OutputOptions } from './records.js';

/** The field delimiter of a format: CSV with decimal commas separates fields with ";" (as European Excel expects). */
export type Delimiter = ',' | '\t' | ';';

/** A record's cell as text: numbers with 6 significant digits (a decimal comma with `decimalComma`), lists joined with ";", text neutralised (see neutraliseFormula). */
function cellText(cell: Cell, rawCells: boolean, decimalComma: boolean): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return decimalComma ? formatNumberDecimalComma(cell) : formatNumber(cell);
  if (typeof cell === 'boolean') return String(cell);
  return neutraliseFormula(Array.isArray(cell) ? cell.join(';') : cell, rawCells);
}

/** The header row, with its line end. */
export function delimitedHeader(columns: readonly string[], delimiter: Delimiter): string {
  return columns.map((c) => delimitedField(c, delimiter)).join(delimiter) + '\n';
}

/** One record as a row of `columns`, with its line end. */
export function delimitedRow(record: FitRecord, columns: readonly string[], delimiter: Delimiter, rawCells = false, decimalComma = false): string {
  // Cells joined once: a row built with += is a tree of ~80 rope nodes (32 bytes each) that a chunk's
  // rows keep alive until written — 37 MB of a 100 MB heap on 38,000 curves; join makes one flat string.
  const cells = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const cell = record[columns[i]!] ?? null;
    // Numbers and booleans never hold a delimiter, quote or line end (a decimal comma is no ";"): only text is checked.
    if (typeof cell === 'number') cells[i] = decimalComma ? formatNumberDecimalComma(cell) : formatNumber(cell);
    else if (cell !== null && typeof cell !== 'boolean') cells[i] = delimitedField(cellText(cell, rawCells, decimalComma), delimiter);
    else cells[i] = cellText(cell, rawCells, decimalComma);
  }
  cells[columns.length - 1] += '\n';
  return cells.join(delimiter);
}

/**
 * Rows as CSV or TSV (both quoted as RFC 4180 says), one header row of COLUMNS then one row per
 * result row. Numbers have 6 significant digits; missing values are empty; list values (plate,
 * flags, outliers) are joined with ";"; text that a spreadsheet would run as a formula gets a
 * leading apostrophe unless `rawCells`.
 */
export function writeDelimited(rows: readonly ResultRow[], delimiter: ',' | '\t', rawCells = false, options: OutputOptions = {}): string {
  const columns = outputColumns(options);
  const decimalComma = options.decimalComma ?? false;
  const separator = delimiterOf(delimiter, decimalComma);
  return delimitedHeader(columns, separator) + rows.map((row) => delimitedRow(recordOf(row, options), columns, separator, rawCells, decimalComma)).join('');
}

/** The field separator: "," for CSV (";" with decimal commas), tab for TSV. */
export function delimiterOf(delimiter: ',' | '\t', decimalComma: boolean): Delimiter {
  return delimiter === ',' && decimalComma ? ';' : delimiter;
}

/**
 * A sink writing CSV or TSV as rows arrive (rows rendered where they are fitted). With
 * `options.decimalComma`, numbers have a decimal comma and CSV fields are separated by ";".
 * Its columns follow what the data hold (`adapt`: several end times, growth-rate references).
 */
export function delimitedSink(write: (text: string) => void | Promise<void>, delimiter: ',' | '\t', rawCells: boolean, given: OutputOptions = {}): Sink {
  let options = given;
  let columns = outputColumns(options);
  const decimalComma = options.decimalComma ?? false;
  const separator = delimiterOf(delimiter, decimalComma);
  return {
    get wants() {
      return { render: { format: delimiter === ',' ? ('csv' as const) : ('tsv' as const), rawCells, columns, ...(decimalComma ? { decimalComma } : {}) }, points: false, plateMaps: false };
    },
    adapt(adapted) {
      options = { ...options, ...adapted };
      columns = outputColumns(options);
    },
    begin: () => write(delimitedHeader(columns, separator)),
    text: (text) => write(text),
    row: (row) => write(delimitedRow(recordOf(row, options), columns, separator, rawCells, decimalComma)),
    end() {},
  };
}
