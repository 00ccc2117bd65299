import { Ic50Error } from '../errors.js';
import { formatWellId, parseRowLabel, parseWellId, smallestPlateFor } from '../plate/wellId.js';
import type { CellTable } from './cellTable.js';
import { cellValue } from './gridBlock.js';
import type { PlateRead, PlateReader, RawPlate } from './rawPlate.js';

const WELL = ['well', 'wellid', 'wellposition', 'wellpositions', 'position'];
const ROW = ['row', 'wellrow'];
const COLUMN = ['column', 'col', 'wellcolumn', 'wellcol'];
const VALUE = ['value', 'signal', 'rlu', 'od', 'absorbance', 'abs', 'luminescence', 'lum', 'counts', 'raw', 'rawdata', 'readoutvalue', 'wellsignal', 'intensity', 'response'];
const PLATE = ['plate', 'plateid', 'barcode', 'platebarcode'];

function key(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]/g, '');
}

interface Header {
  row: number;
  well: number;
  wellRow: number;
  wellColumn: number;
  values: number[];
  plate: number;
}

/** The first row that names a well column (or row + column) and at least one value column. */
function findHeader(table: CellTable): Header | null {
  for (let r = 0; r < Math.min(table.rows.length, 30); r++) {
    const keys = table.rows[r]!.map(key);
    const well = keys.findIndex((k) => WELL.includes(k));
    const wellRow = keys.findIndex((k) => ROW.includes(k));
    const wellColumn = keys.findIndex((k) => COLUMN.includes(k));
    const values = keys.flatMap((k, i) => (VALUE.includes(k) ? [i] : []));
    if ((well >= 0 || (wellRow >= 0 && wellColumn >= 0)) && values.length > 0) {
      return { row: r, well, wellRow, wellColumn, values, plate: keys.findIndex((k) => PLATE.includes(k)) };
    }
  }
  return null;
}

/**
 * Long per-well tables: a header naming a well column (or row and column columns) and one or
 * more value columns (value, signal, RLU, OD, …), optionally a plate column — one row per
 * well in any order (Magellan and others write column-major). Each value column is a read;
 * each plate value a plate. Without concentrations, this needs a plate map (--layout).
 */
export const wellTableReader: PlateReader = {
  id: 'well-table',
  label: 'Long well/value table',
  detect(table) {
    return findHeader(table) !== null;
  },
  read(table) {
    const header = findHeader(table);
    if (!header) {
      throw new Ic50Error('no well table header: a well column (or row and column columns) and a value column', {
        location: { file: table.source },
        hint: `value columns: ${VALUE.join(', ')}`,
      });
    }
    const names = table.rows[header.row]!;
    const byPlate = new Map<string, { cells: { row: number; column: number; texts: string[]; line: number }[] }>();
    for (let r = header.row + 1; r < table.rows.length; r++) {
      const cells = table.rows[r]!;
      if (cells.every((c) => c === '')) continue;
      const line = table.lines[r]!;
      let position = header.well >= 0 ? parseWellId(cells[header.well] ?? '') : null;
      if (header.well < 0) {
        const row = parseRowLabel(cells[header.wellRow] ?? '');
        const column = Number(cells[header.wellColumn]) - 1;
        position = row >= 0 && Number.isInteger(column) && column >= 0 ? { row, column } : null;
      }
      if (!position) {
        const text = header.well >= 0 ? cells[header.well] : `${cells[header.wellRow]}${cells[header.wellColumn]}`;
        throw new Ic50Error(`"${text ?? ''}" is not a well id`, { location: { file: table.source, line }, hint: 'expected A1, A01, A001 or AA1' });
      }
      const plate = header.plate >= 0 ? (cells[header.plate] ?? '') : '';
      let entry = byPlate.get(plate);
      if (!entry) byPlate.set(plate, (entry = { cells: [] }));
      entry.cells.push({ ...position, texts: header.values.map((i) => cells[i] ?? ''), line });
    }
    const plates: RawPlate[] = [];
    for (const [plateId, { cells }] of byPlate) {
      const maxRow = cells.reduce((m, c) => Math.max(m, c.row), -1);
      const maxColumn = cells.reduce((m, c) => Math.max(m, c.column), -1);
      const size = smallestPlateFor(maxRow, maxColumn);
      if (!size) {
        throw new Ic50Error(`well ${formatWellId(maxRow, maxColumn)} fits no standard plate`, { location: { file: table.source } });
      }
      const reads: PlateRead[] = header.values.map((column, k) => {
        const values = new Float64Array(size[0] * size[1]).fill(Number.NaN);
        const markers = new Map<number, string>();
        const lines = new Map<number, number>();
        for (const c of cells) {
          const index = c.row * size[1] + c.column;
          const value = cellValue(c.texts[k]!, table.decimalComma);
          values[index] = value.value;
          if (value.marker !== undefined) markers.set(index, value.marker);
          lines.set(index, c.line);
        }
        return { label: names[column]!, origin: 'raw', values, markers, lines };
      });
      plates.push({
        source: table.source,
        reader: 'well-table',
        id: plateId || (table.sheet ?? table.source),
        rows: size[0],
        columns: size[1],
        reads,
        meta: {},
        notes: [],
      });
    }
    return plates;
  },
};
