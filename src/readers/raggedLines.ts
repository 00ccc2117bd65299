import type { CellTable } from './cellTable.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, RawPlate } from './rawPlate.js';

/** Most lines named one by one in a note; the rest are counted. */
const MAX_LISTED = 5;

/**
 * Notes, on each plate, lines of a text export that have lost or gained a field. An export
 * writes every line of a grid or well table with the same number of fields (unread wells stay
 * empty fields), and a grid's column numbers over every value; a line with a field too few or
 * too many (a deleted cell, a stray delimiter) puts the values after it under the wrong wells.
 * Readers take cells by position and cannot tell; this says so (RawPlate.notes) instead of
 * staying silent. Three checks:
 * - the lines of one read against each other (grids, well tables);
 * - reads of one line each (kinetic or TimeFormat lines) against each other;
 * - the lines of a read against the header right above them (column numbers, well ids, names).
 * Spreadsheet sheets drop trailing empty cells, so their rows legitimately differ: not checked.
 */
export function noteRaggedLines(table: CellTable, plates: readonly RawPlate[]): void {
  if (table.delimiter === '') return;
  const rowOf = new Map<number, number>();
  table.lines.forEach((line, index) => rowOf.set(line, index));
  const width = (line: number): number | undefined => {
    const row = rowOf.get(line);
    return row === undefined ? undefined : table.rows[row]!.length;
  };
  for (const plate of plates) {
    const noted = new Set<number>();
    const report = (odd: [number, number][], usual: number, what: string): void => {
      const fresh = odd.filter(([line]) => !noted.has(line)).sort((a, b) => a[0] - b[0]);
      if (fresh.length === 0) return;
      for (const [line] of fresh) noted.add(line);
      const listed = fresh.slice(0, MAX_LISTED).map(([line, n]) => `line ${line} has ${n}`).join(', ');
      const more = fresh.length > MAX_LISTED ? ` (and ${fresh.length - MAX_LISTED} more lines)` : '';
      plate.notes.push(
        `${listed}${more} fields where ${what} ${usual}: a field is missing or extra, so values on ${fresh.length === 1 ? 'that line' : 'those lines'} may be under the wrong wells`,
      );
    };
    const singles: [number, number][] = [];
    for (const read of plate.reads) {
      const lines = linesOf(read);
      const widths: [number, number][] = [];
      for (const line of lines) {
        const n = width(line);
        if (n !== undefined) widths.push([line, n]);
      }
      if (widths.length === 1) singles.push(widths[0]!);
      if (widths.length >= 2) {
        const usual = mode(widths.map(([, n]) => n));
        report(widths.filter(([, n]) => n !== usual), usual, `the other lines of "${read.label}" have`);
      }
      const header = offHeader(table, rowOf, lines);
      if (header) report(header.lines, header.width, `the header on line ${header.header} has`);
    }
    if (singles.length >= 2) {
      const usual = mode(singles.map(([, n]) => n));
      report(singles.filter(([, n]) => n !== usual), usual, 'the other one-line reads of the plate have');
    }
  }
}

function linesOf(read: PlateRead): number[] {
  return [...new Set(read.lines?.values() ?? [])].sort((a, b) => a - b);
}

/** The most common value (the first seen on ties). */
function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)!) best = v;
  return best;
}

/**
 * The header right above a read's first line — a line of two or more fields: column numbers,
 * well ids, column names — when the read's lines are wider or narrower than it (a header that
 * lost or gained a field shifts every column under it). Lines may be one field wider when that
 * field is a text label at the end of each (Gen5 writes the read's name there).
 */
function offHeader(
  table: CellTable,
  rowOf: ReadonlyMap<number, number>,
  lines: readonly number[],
): { header: number; width: number; lines: [number, number][] } | null {
  const first = lines[0] === undefined ? undefined : rowOf.get(lines[0]);
  if (first === undefined || first === 0) return null;
  const header = table.rows[first - 1]!;
  if (header.filter((c) => c !== '').length < 2) return null;
  const rows = lines.map((line) => [line, table.rows[rowOf.get(line)!]!] as const);
  const label = (text: string) => text !== '' && Number.isNaN(parseNumber(text, table.decimalComma));
  const labelled = rows.every(([, row]) => row.length === header.length + 1 && label(row[row.length - 1]!));
  if (labelled) return null;
  const off = rows.filter(([, row]) => row.length !== header.length).map(([line, row]): [number, number] => [line, row.length]);
  return off.length ? { header: table.lines[first - 1]!, width: header.length, lines: off } : null;
}
