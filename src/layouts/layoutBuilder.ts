import { Ic50Error } from '../errors.js';
import { fromLog10Molar, parseConcentrationUnit } from '../plate/concentrationUnit.js';
import { smallestPlateFor } from '../plate/wellId.js';
import type { LayoutWell, PlateLayout } from './plateLayout.js';
import type { LayoutWellId } from './layoutWellId.js';

/** Two map entries for one well say the same thing (NaN concentrations of controls are equal). */
function sameWell(a: LayoutWell, b: LayoutWell): boolean {
  const sameDose = Object.is(a.log10Molar, b.log10Molar) || Math.abs(a.log10Molar - b.log10Molar) < 1e-9;
  return a.role === b.role && a.cellLine === b.cellLine && a.compound === b.compound && sameDose && a.unit === b.unit && a.time === b.time;
}

/** "sample bortezomib 10 nM (MM1S)" — what a map entry says, for conflict messages. */
export function describeLayoutWell(well: LayoutWell): string {
  const parts: string[] = [well.role];
  if (well.compound) parts.push(`"${well.compound}"`);
  const unit = parseConcentrationUnit(well.unit);
  if (unit && Number.isFinite(well.log10Molar)) parts.push(`${Number(fromLog10Molar(well.log10Molar, unit).toPrecision(4))} ${unit.name}`);
  if (well.cellLine) parts.push(`(${well.cellLine})`);
  return parts.join(' ');
}

/**
 * Collects plate-map wells by plate and turns them into PlateLayouts: one per plate value, in
 * first-seen order, each sized to the smallest standard plate holding its wells. A well given
 * twice on a plate must say the same thing both times; otherwise `add` throws Ic50Error naming
 * both lines.
 */
export class LayoutBuilder {
  private readonly plates = new Map<string, Map<string, { well: LayoutWell; position: LayoutWellId }>>();

  private readonly extents = new Map<string, { maxRow: number; maxColumn: number }>();

  constructor(private readonly source: string) {}

  /**
   * Makes a plate at least as large as a grid that ran to (maxRow, maxColumn), 0-based, so that
   * a 384-well grid whose used wells all lie in A1–H12 still maps a 384-well plate.
   */
  cover(plate: string, maxRow: number, maxColumn: number): void {
    const extent = this.extents.get(plate) ?? { maxRow: 0, maxColumn: 0 };
    this.extents.set(plate, { maxRow: Math.max(extent.maxRow, maxRow), maxColumn: Math.max(extent.maxColumn, maxColumn) });
  }

  /** What the map already says about a well of a plate. */
  get(plate: string, id: string): LayoutWell | undefined {
    return this.plates.get(plate)?.get(id)?.well;
  }

  add(plate: string, position: LayoutWellId, well: LayoutWell): void {
    let wells = this.plates.get(plate);
    if (!wells) this.plates.set(plate, (wells = new Map()));
    const previous = wells.get(position.id);
    if (!previous) {
      wells.set(position.id, { well, position });
      return;
    }
    if (sameWell(previous.well, well)) return;
    throw new Ic50Error(
      `well ${position.id}${plate ? ` of plate "${plate}"` : ''} is mapped twice: line ${previous.well.line ?? '?'} says ${describeLayoutWell(previous.well)}, line ${well.line ?? '?'} says ${describeLayoutWell(well)}`,
      {
        location: { file: this.source, ...(well.line !== undefined ? { line: well.line } : {}), well: position.id },
        hint: 'give each well once per plate; to map several plates, add a plate column',
      },
    );
  }

  /** The layouts; throws Ic50Error when the map defines no well at all. */
  build(): PlateLayout[] {
    const layouts: PlateLayout[] = [];
    for (const [plate, entries] of this.plates) {
      let maxRow = this.extents.get(plate)?.maxRow ?? 0;
      let maxColumn = this.extents.get(plate)?.maxColumn ?? 0;
      const wells = new Map<string, LayoutWell>();
      for (const [id, { well, position }] of entries) {
        maxRow = Math.max(maxRow, position.row);
        maxColumn = Math.max(maxColumn, position.column);
        wells.set(id, well);
      }
      const size = smallestPlateFor(maxRow, maxColumn);
      if (!size) {
        throw new Ic50Error(`a map reaching row ${maxRow + 1} and column ${maxColumn + 1} fits no standard plate`, { location: { file: this.source } });
      }
      const [rows, columns] = size;
      layouts.push({ source: this.source, plate, rows, columns, declared: this.extents.has(plate), wells });
    }
    if (layouts.length === 0) {
      throw new Ic50Error('the plate map defines no wells', {
        location: { file: this.source },
        hint: 'a well needs a compound, a control name or a role',
      });
    }
    return layouts;
  }
}
