import type { CurveFit } from '../types.js';
import { formatNumber } from './formatNumber.js';
import { COLUMNS, toRecord, type Cell } from './records.js';

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (Array.isArray(cell)) return cell.join(';');
  if (typeof cell === 'number') return formatNumber(cell);
  return String(cell);
}

function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cleanTsv(text: string): string {
  return text.replace(/[\t\r\n]/g, ' ');
}

/** The header row of COLUMNS, with its line end. */
export function delimitedHeader(delimiter: ',' | '\t'): string {
  return COLUMNS.join(delimiter) + '\n';
}

/** One fit as a row, with its line end. */
export function delimitedRow(fit: CurveFit, delimiter: ',' | '\t'): string {
  const escape = delimiter === ',' ? quoteCsv : cleanTsv;
  const record = toRecord(fit);
  return COLUMNS.map((c) => escape(cellText(record[c]))).join(delimiter) + '\n';
}

/**
 * Fits as CSV (RFC 4180 quoting) or TSV (tabs and newlines inside values become spaces), one
 * header row of COLUMNS then one row per fit. Numbers have 6 significant digits; missing values
 * are empty; list values (plate, flags) are joined with ";".
 */
export function writeDelimited(fits: readonly CurveFit[], delimiter: ',' | '\t'): string {
  return delimitedHeader(delimiter) + fits.map((fit) => delimitedRow(fit, delimiter)).join('');
}
