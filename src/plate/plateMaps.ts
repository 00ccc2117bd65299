import type { RawPlate } from '../readers/rawPlate.js';
import type { PlateMap, WellRecord, WellRole } from '../types.js';
import type { PlateSignal } from './selectSignal.js';
import { parseWellId, smallestPlateFor } from './wellId.js';

/** The map of a plate-reader plate: every well's signal, with roles from its joined wells. */
export function exportPlateMap(plate: RawPlate, signal: PlateSignal, wells: readonly WellRecord[]): PlateMap {
  const roles = new Array<WellRole | null>(plate.rows * plate.columns).fill(null);
  for (const well of wells) {
    const p = parseWellId(well.location.well ?? '');
    if (p) roles[p.row * plate.columns + p.column] = well.role;
  }
  return { id: plate.id, file: plate.source, rows: plate.rows, columns: plate.columns, values: signal.values, roles, markers: signal.markers };
}

/**
 * Maps of the plates of tidy input, from the wells' `well` ids (no map for a plate without
 * them). Size: the smallest standard plate that holds them. Excluded wells carry the marker
 * "excluded".
 */
export function tidyPlateMaps(wells: readonly WellRecord[], file: string): PlateMap[] {
  const byPlate = new Map<string, { row: number; column: number; well: WellRecord }[]>();
  for (const well of wells) {
    const p = parseWellId(well.location.well ?? '');
    if (!p) continue;
    let list = byPlate.get(well.plate);
    if (!list) byPlate.set(well.plate, (list = []));
    list.push({ ...p, well });
  }
  const maps: PlateMap[] = [];
  for (const [id, list] of byPlate) {
    const size = smallestPlateFor(list.reduce((m, w) => Math.max(m, w.row), -1), list.reduce((m, w) => Math.max(m, w.column), -1));
    if (!size) continue;
    const [rows, columns] = size;
    const values = new Float64Array(rows * columns).fill(Number.NaN);
    const roles = new Array<WellRole | null>(rows * columns).fill(null);
    const markers = new Map<number, string>();
    for (const { row, column, well } of list) {
      const index = row * columns + column;
      values[index] = well.signal;
      roles[index] = well.role;
      if (well.role === 'exclude') markers.set(index, 'excluded');
    }
    maps.push({ id, file, rows, columns, values, roles, markers });
  }
  return maps;
}
