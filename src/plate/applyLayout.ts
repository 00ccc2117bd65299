import { Ic50Error } from '../errors.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import type { RawPlate } from '../readers/rawPlate.js';
import type { Warning, WellRecord } from '../types.js';
import type { PlateSignal } from './selectSignal.js';
import { roleAtTime } from './roles.js';
import { formatWellId, parseWellId } from './wellId.js';

function plateSizeName(rows: number, columns: number): string {
  return `${rows * columns}-well (${rows}×${columns})`;
}

/**
 * The layout for a plate: a layout keyed by this plate's id, file name (with or without its
 * extension) or sheet name — by its `plate`, else by one of its aliases (a dispenser's plate
 * number); else the one layout that serves every plate. Throws Ic50Error when
 * none applies.
 */
export function layoutForPlate(plate: RawPlate, layouts: readonly PlateLayout[]): PlateLayout {
  const base = plate.source.replace(/^.*[\\/]/, '');
  const keys = new Set([plate.id, base, base.replace(/\.[^.]+$/, '')]);
  const keyed = layouts.find((l) => l.plate !== '' && keys.has(l.plate)) ?? layouts.find((l) => l.plate !== '' && l.aliases?.some((a) => keys.has(a)));
  if (keyed) return keyed;
  const shared = layouts.filter((l) => l.plate === '');
  if (shared.length === 1) return shared[0]!;
  const named = layouts.filter((l) => l.plate !== '').map((l) => `"${l.plate}"`);
  throw new Ic50Error(`no layout for plate "${plate.id}"`, {
    location: { file: plate.source },
    hint: named.length ? `the layout names plates ${named.slice(0, 8).join(', ')}${named.length > 8 ? ', …' : ''}` : 'give --layout',
  });
}

/**
 * Wells of a plate-reader plate with what its plate map says about them: the join of export
 * and layout. A drawn map's size must be the plate's (a listed map's wells must lie on it); wells the map uses but the export did not
 * read, and wells with a marker (OVRFLW, MISSED, …), are excluded with a warning naming them —
 * never read as zero, never silently dropped. Wells the map does not mention are not used.
 */
export function applyLayout(
  plate: RawPlate,
  signal: PlateSignal,
  layout: PlateLayout,
  cellLine?: string,
  time?: number,
): { wells: WellRecord[]; warnings: Warning[] } {
  const mismatch = layout.declared ? layout.rows !== plate.rows || layout.columns !== plate.columns : layout.rows > plate.rows || layout.columns > plate.columns;
  if (mismatch) {
    throw new Ic50Error(
      `the layout describes a ${plateSizeName(layout.rows, layout.columns)} plate, but plate "${plate.id}" is ${plateSizeName(plate.rows, plate.columns)}`,
      { location: { file: plate.source }, hint: `layout ${layout.source}` },
    );
  }
  const wells: WellRecord[] = [];
  const warnings: Warning[] = [];
  for (const [id, spec] of layout.wells) {
    const position = parseWellId(id)!;
    if (position.row >= plate.rows || position.column >= plate.columns) {
      throw new Ic50Error(`layout well ${id} is not on plate "${plate.id}" (${plateSizeName(plate.rows, plate.columns)})`, {
        location: { file: layout.source, ...(spec.line !== undefined ? { line: spec.line } : {}), well: id },
      });
    }
    const index = position.row * plate.columns + position.column;
    const line = signal.lines.get(index);
    const location = { file: plate.source, ...(line !== undefined ? { line } : {}), well: formatWellId(position.row, position.column) };
    // The map's time for the well, else the input's (a manifest's `time`): at 0, wells with cells are time-zero reads.
    const wellTime = spec.time ?? time;
    let role = roleAtTime(spec.role, wellTime);
    let value = signal.values[index]!;
    if (role !== 'exclude' && !Number.isFinite(value)) {
      const marker = signal.markers.get(index);
      warnings.push({ location, message: marker !== undefined ? `"${marker}" is not a reading: well excluded` : 'not read in the export: well excluded' });
      role = 'exclude';
      value = Number.NaN;
    }
    const wellCellLine = spec.cellLine || cellLine || '';
    if ((role === 'sample' || role === 'time0') && wellCellLine === '') {
      // Where the map says it: the map's own line, not the export's.
      throw new Ic50Error('the layout names no cell line for this well', {
        code: 'layout',
        location: { file: layout.source, ...(spec.line !== undefined ? { line: spec.line } : {}), well: location.well },
        hint: 'add a cell_line column to the layout, or give --cell-line NAME (or a manifest cell_line column)',
      });
    }
    wells.push({
      location,
      plate: plate.id,
      role,
      roleInferred: spec.roleInferred ?? false,
      cellLine: spec.role === 'blank' && !spec.cellLine ? '' : wellCellLine,
      compound: spec.compound,
      log10Molar: role === 'time0' ? Number.NaN : spec.log10Molar,
      unit: role === 'time0' ? '' : spec.unit,
      signal: value,
      ...(wellTime !== undefined ? { time: wellTime } : {}),
    });
  }
  return { wells, warnings };
}
