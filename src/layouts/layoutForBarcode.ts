import { Ic50Error } from '../errors.js';
import type { LayoutWell, PlateLayout } from './plateLayout.js';

/**
 * The map of one plate of a manifest of plates (a `barcode, template, cell line` row): the map's
 * layout for that plate — its only one, or the one named by the barcode (or one of its aliases) —
 * keyed by the barcode, with the row's cell line on every well that names none (blanks keep none:
 * they serve every line of their plate) and the row's time (hours from treatment to the read; 0:
 * a time-zero plate) on every well whose map says none. Throws Ic50Error when the map holds
 * several plates and none is the barcode.
 */
export function layoutForBarcode(layouts: readonly PlateLayout[], barcode: string, cellLine: string | undefined, where: { file: string; line: number }, time?: number): PlateLayout {
  const layout = layouts.length === 1 ? layouts[0]! : layouts.find((l) => l.plate === barcode || l.aliases?.includes(barcode));
  if (!layout) {
    const names = layouts.map((l) => `"${l.plate}"`);
    throw new Ic50Error(`the map ${layouts[0]?.source ?? ''} holds ${layouts.length} plates (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}) and none is "${barcode}"`, {
      code: 'layout',
      location: where,
      hint: 'name the plate as the map does, or give a map of one plate',
    });
  }
  const addLine = cellLine !== undefined && cellLine !== '';
  if (!addLine && time === undefined) return { ...layout, plate: barcode, aliases: [] };
  const wells = new Map<string, LayoutWell>();
  for (const [id, well] of layout.wells) {
    let own = addLine && well.cellLine === '' && well.role !== 'blank' ? { ...well, cellLine } : well;
    if (time !== undefined && own.time === undefined) own = { ...own, time };
    wells.set(id, own);
  }
  return { ...layout, plate: barcode, aliases: [], wells };
}
