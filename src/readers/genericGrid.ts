import { PLATE_SIZES } from '../plate/wellId.js';
import type { CellTable } from './cellTable.js';
import { cellValue, plateReadFromGrid, plateSizeOf, readGridBlock } from './gridBlock.js';
import { parseNumber } from './parseNumber.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

/** Column counts of standard plates: a labelled grid header must be one of these runs 1…N. */
const STANDARD_COLUMNS = new Set([...PLATE_SIZES.values()].map(([, c]) => c));

/** The title of a grid: the corner cell, else the nearest one-cell line above it. */
function titleOf(table: CellTable, headerRow: number, corner: string): string {
  if (corner !== '') return corner;
  for (let r = headerRow - 1; r >= 0 && r >= headerRow - 3; r--) {
    const cells = table.rows[r]!.filter((c) => c !== '');
    if (cells.length === 1) return cells[0]!;
    if (cells.length > 1) break;
  }
  return '';
}

/** A wavelength named by a grid title ("570", "650 nm", "A570"), or undefined. */
function wavelengthOf(title: string): number | undefined {
  const m = /^(?:a|od|abs)?\s*(\d{3})\s*(?:nm)?$/i.exec(title.trim());
  const nm = m ? Number(m[1]) : Number.NaN;
  return nm >= 200 && nm <= 1000 ? nm : undefined;
}

/** Labelled grids: a run of column numbers 1…N (N a standard width) over rows A, B, C, … */
function labelledGrids(table: CellTable): { read: PlateRead; size: readonly [number, number]; title: string }[] {
  const grids: { read: PlateRead; size: readonly [number, number]; title: string }[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const block = readGridBlock(table, r);
    if (!block || block.plateColumns[0] !== 0 || !STANDARD_COLUMNS.has(block.plateColumns.length)) continue;
    const maxRow = block.rows[block.rows.length - 1]!.plateRow;
    const size = plateSizeOf(maxRow, block.plateColumns.length - 1, table, table.lines[r]!);
    const title = titleOf(table, r, block.corner);
    const wavelength = wavelengthOf(title);
    grids.push({ read: plateReadFromGrid(table, block, size, title || `grid at line ${table.lines[r]}`, 'raw', wavelength), size, title });
    r = block.endRow - 1;
  }
  return grids;
}

/**
 * Bare matrices: consecutive rows of numbers (an empty first cell allowed) whose shape is a
 * standard plate (8×12, 16×24, 32×48), with no labels at all.
 */
function bareMatrices(table: CellTable): { read: PlateRead; size: readonly [number, number] }[] {
  const found: { read: PlateRead; size: readonly [number, number] }[] = [];
  // A row of numbers; a delimited row of empty cells (",,,,") is a matrix row with nothing read,
  // while a truly empty line separates blocks.
  const numericCells = (row: readonly string[]): string[] | null => {
    if (row.length < 2 && (row[0] ?? '') === '') return null;
    const cells = row[0] === '' ? row.slice(1) : [...row];
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells.every((c) => c === '' || Number.isFinite(parseNumber(c, table.decimalComma))) ? cells : null;
  };
  let r = 0;
  while (r < table.rows.length) {
    const first = numericCells(table.rows[r]!);
    if (!first) {
      r++;
      continue;
    }
    let end = r;
    const block: string[][] = [];
    while (end < table.rows.length) {
      const cells = numericCells(table.rows[end]!);
      if (!cells) break;
      block.push(cells);
      end++;
    }
    if (block.every((cells) => cells.length === 0)) {
      r = end;
      continue;
    }
    const width = block.reduce((m, b) => Math.max(m, b.length), 0);
    // Trailing unread columns shorten every row: the width is the standard one that fits.
    const size = [...PLATE_SIZES.values()].find(([rows, columns]) => rows === block.length && columns >= width && columns - width <= 2);
    if (size && size[0] >= 8) {
      const values = new Float64Array(size[0] * size[1]).fill(Number.NaN);
      const lines = new Map<number, number>();
      block.forEach((cells, i) =>
        cells.forEach((text, j) => {
          values[i * size[1] + j] = cellValue(text, table.decimalComma).value;
          lines.set(i * size[1] + j, table.lines[r + i]!);
        }),
      );
      found.push({ read: { label: `matrix at line ${table.lines[r]}`, origin: 'raw', values, markers: new Map(), lines }, size });
    }
    r = end;
  }
  return found;
}

/**
 * Generic plate grids, the format users paste: labelled grids (optional title in the corner or
 * on the line above, column numbers 1…N, rows A…; several per file, separated by blank lines)
 * or bare matrices of a standard plate size. Each grid is a plate — except that grids titled
 * by wavelengths (570, 650 nm) of one size are the reads of one plate (an MTT export).
 */
export const genericGridReader: PlateReader = {
  id: 'grid',
  label: 'Generic plate grid (labelled 8×12 / 16×24 / 32×48, or bare matrix)',
  detect(table) {
    for (let r = 0; r < table.rows.length; r++) {
      const block = readGridBlock(table, r);
      if (block && block.plateColumns[0] === 0 && STANDARD_COLUMNS.has(block.plateColumns.length)) return true;
    }
    return bareMatrices(table).length > 0;
  },
  read(table) {
    const grids = labelledGrids(table);
    const name = table.sheet ?? table.source;
    const plate = (id: string, size: readonly [number, number], reads: PlateRead[]): RawPlate => ({
      source: table.source,
      reader: 'grid',
      id,
      rows: size[0],
      columns: size[1],
      reads,
      meta: {},
      notes: [],
    });
    if (grids.length > 0) {
      const allWavelengths = grids.length > 1 && grids.every((g) => g.read.wavelengthNm !== undefined && g.size === grids[0]!.size);
      if (allWavelengths) return [plate(name, grids[0]!.size, grids.map((g) => g.read))];
      if (grids.length === 1) return [plate(name, grids[0]!.size, [grids[0]!.read])];
      return grids.map((g, i) => plate(g.title || `${name} #${i + 1}`, g.size, [g.read]));
    }
    const matrices = bareMatrices(table);
    if (matrices.length === 1) return [plate(name, matrices[0]!.size, [matrices[0]!.read])];
    return matrices.map((m, i) => plate(`${name} #${i + 1}`, m.size, [m.read]));
  },
};
