import { parse } from 'csv-parse/sync';
import { checkLineLength } from './lineLimit.js';
import { sniffDelimiter, type Delimiter } from './sniffDelimiter.js';

/**
 * A file (or one worksheet) as rows of cell texts: the common input of every plate reader, so
 * that a reader works the same on a CSV, a tab-separated text export and an xlsx sheet.
 */
export interface CellTable {
  /** File name, for messages. */
  readonly source: string;
  /** Worksheet name for xlsx inputs. */
  readonly sheet?: string;
  /** Cells, trimmed; rows keep their own length (exports pad unevenly). */
  readonly rows: readonly (readonly string[])[];
  /** 1-based line number in the file (or sheet row number) of each row. */
  readonly lines: readonly number[];
  /** The delimiter the text was split on ("" for xlsx). */
  readonly delimiter: Delimiter | '';
  /** true when numbers may use a decimal comma (delimiter ";" or tab). */
  readonly decimalComma: boolean;
}

/**
 * Splits decoded text into a CellTable. The delimiter is sniffed from the lines that look like
 * data (the most delimiters), not from line 1, since vendor headers are often one-cell lines.
 * Quotes follow CSV rules, loosely (Excel's ="…" quoting survives as text). Empty lines are kept
 * as empty rows, because blank lines separate blocks in most exports.
 */
export function tableFromText(text: string, source: string): CellTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  lines.forEach((line, i) => checkLineLength(line, source, i + 1));
  // Sniff on the widest lines: headers of one or two cells say nothing about the delimiter.
  const counts = (line: string) => Math.max(line.split('\t').length, line.split(';').length, line.split(',').length);
  const widest = [...lines].sort((a, b) => counts(b) - counts(a)).slice(0, 20);
  const delimiter = sniffDelimiter(widest);
  const rows: string[][] = [];
  const numbers: number[] = [];
  lines.forEach((line, index) => {
    let cells: string[];
    if (line.indexOf('"') < 0) cells = line.split(delimiter);
    else {
      try {
        const parsed = parse(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
        cells = parsed[0] ?? [''];
      } catch {
        cells = line.split(delimiter);
      }
    }
    rows.push(cells.map((c) => c.trim()));
    numbers.push(index + 1);
  });
  // Drop trailing empty lines (but keep ",,,," rows: in a bare matrix they are unread wells).
  while (rows.length > 0 && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === '') {
    rows.pop();
    numbers.pop();
  }
  return { source, rows, lines: numbers, delimiter, decimalComma: delimiter !== ',' };
}

/** true when every cell of a row is empty. */
export function isBlankRow(row: readonly string[]): boolean {
  return row.every((c) => c === '');
}
