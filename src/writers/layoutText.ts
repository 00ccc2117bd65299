import type { PlateLayout } from '../layouts/plateLayout.js';
import { fromLog10Molar, parseConcentrationUnit } from '../plate/concentrationUnit.js';
import { parseWellId, rowLabel } from '../plate/wellId.js';
import type { WellRole } from '../types.js';
import { delimitedField, neutraliseFormula } from './escape.js';
import { formatNumber } from './formatNumber.js';

const ROLE_CHAR: Record<WellRole, string> = { sample: 'S', vehicle: 'V', blank: 'B', positive: 'P', exclude: 'x', time0: '0' };

interface LayoutSummary {
  plate: string;
  /** Other names the plate is matched by (a dispenser's plate number, a barcode). */
  aliases: string[];
  rows: number;
  columns: number;
  wells: number;
  roles: Record<string, number>;
  cellLines: string[];
  compounds: { compound: string; concentrations: number }[];
}

function summarize(layout: PlateLayout): LayoutSummary {
  const roles: Record<string, number> = {};
  const concentrations = new Map<string, Set<number>>();
  const cellLines = new Set<string>();
  for (const well of layout.wells.values()) {
    roles[well.role] = (roles[well.role] ?? 0) + 1;
    if (well.cellLine) cellLines.add(well.cellLine);
    if (well.role === 'sample') {
      let set = concentrations.get(well.compound);
      if (!set) concentrations.set(well.compound, (set = new Set()));
      set.add(Math.round(well.log10Molar * 1e4));
    }
  }
  return {
    plate: layout.plate,
    aliases: [...(layout.aliases ?? [])],
    rows: layout.rows,
    columns: layout.columns,
    wells: layout.wells.size,
    roles,
    cellLines: [...cellLines],
    compounds: [...concentrations].map(([compound, set]) => ({ compound, concentrations: set.size })),
  };
}

/** `ic50 inspect MAP` for people: what a plate map says, with a role map per plate. */
export function writeLayoutText(file: string, layouts: readonly PlateLayout[], kind?: string): string {
  const out = [`${file}: a plate map (use it with --layout), ${layouts.length} plate${layouts.length === 1 ? '' : 's'}${kind ? ` (${kind})` : ''}`];
  for (const layout of layouts) {
    const s = summarize(layout);
    out.push('');
    const aliases = s.aliases.length ? ` (${s.plate ? 'also ' : ''}${s.aliases.map((a) => `"${a}"`).join(', ')})` : '';
    out.push(`map for ${s.plate ? `plate "${s.plate}"` : 'every plate'}${aliases}: ${s.wells} wells on a ${s.rows * s.columns}-well plate`);
    out.push(`  roles: ${Object.entries(s.roles).map(([role, n]) => `${n} ${role}`).join(', ')}`);
    if (s.cellLines.length) out.push(`  cell lines: ${s.cellLines.join(', ')}`);
    const counts = s.compounds.map((c) => `${c.compound} (${c.concentrations})`);
    out.push(`  compounds (concentrations): ${counts.slice(0, 20).join(', ')}${counts.length > 20 ? `, … ${counts.length} in all` : ''}`);
    const grid = Array.from({ length: s.rows }, () => new Array<string>(s.columns).fill('.'));
    for (const [id, well] of layout.wells) {
      const p = parseWellId(id)!;
      grid[p.row]![p.column] = ROLE_CHAR[well.role];
    }
    const timeZero = [...layout.wells.values()].some((w) => w.role === 'time0') ? ', 0 time zero' : '';
    out.push(`  roles (S sample, V vehicle, B blank, P positive, x excluded${timeZero}, . unused):`);
    const times = [...new Set([...layout.wells.values()].flatMap((w) => (w.time === undefined ? [] : [w.time])))].sort((a, b) => a - b);
    if (times.length > 0) out.splice(out.length - 1, 0, `  read at: ${times.map((t) => `${t} h`).join(', ')}${times.includes(0) ? ' (wells with cells at 0 h are time-zero reads)' : ''}`);
    const width = rowLabel(s.rows - 1).length;
    grid.forEach((row, r) => out.push(`  ${rowLabel(r).padStart(width)} ${row.join('')}`));
  }
  return out.join('\n') + '\n';
}

/**
 * The columns of a plate map as a long table (`ic50 inspect MAP --format csv`), the shape
 * `--layout` reads back; a map that gives times adds `time` (hours from treatment to the read).
 */
export const LAYOUT_COLUMNS = ['plate', 'well', 'role', 'cell_line', 'compound', 'concentration', 'unit'] as const;

/** One well of a plate map as a record of LAYOUT_COLUMNS; the concentration in the well's unit, null for controls. */
export interface LayoutRecord {
  readonly plate: string;
  readonly well: string;
  readonly role: WellRole;
  readonly cell_line: string;
  readonly compound: string;
  readonly concentration: number | null;
  readonly unit: string;
  /** Hours from treatment to the read, when the map says. */
  readonly time?: number;
}

/**
 * Every well of the maps as records, plate by plate and in plate order (A1, A2, …, B1, …). The
 * plate is the map's `plate` ("" for a map that serves every plate), so the table reads back as
 * the same map with --layout.
 */
export function layoutRecords(layouts: readonly PlateLayout[]): LayoutRecord[] {
  const out: LayoutRecord[] = [];
  for (const layout of layouts) {
    const wells = [...layout.wells].map(([id, well]) => ({ id, well, position: parseWellId(id)! }));
    wells.sort((a, b) => a.position.row - b.position.row || a.position.column - b.position.column);
    for (const { id, well } of wells) {
      const unit = parseConcentrationUnit(well.unit);
      const concentration = unit && Number.isFinite(well.log10Molar) ? Number(fromLog10Molar(well.log10Molar, unit).toPrecision(12)) : null;
      out.push({
        plate: layout.plate,
        well: id,
        role: well.role,
        cell_line: well.cellLine,
        compound: well.compound,
        concentration,
        unit: concentration === null ? '' : well.unit,
        ...(well.time !== undefined ? { time: well.time } : {}),
      });
    }
  }
  return out;
}

/**
 * `ic50 inspect MAP --format csv`: the long table ic50 understood, one row per well — what
 * `--layout` reads back as the same map. Concentrations with 12 significant digits (no
 * floating-point noise, no loss that matters); names neutralised as in every CSV ic50 writes.
 */
export function writeLayoutCsv(layouts: readonly PlateLayout[]): string {
  const records = layoutRecords(layouts);
  const timed = records.some((r) => r.time !== undefined);
  const rows = records.map((r) => {
    const text = [r.plate, r.well, r.role, r.cell_line, r.compound].map((value) => delimitedField(neutraliseFormula(value, false), ','));
    const concentration = r.concentration === null ? '' : formatNumber(r.concentration, 12);
    return [...text, concentration, delimitedField(neutraliseFormula(r.unit, false), ','), ...(timed ? [r.time === undefined ? '' : String(r.time)] : [])].join(',');
  });
  return [[...LAYOUT_COLUMNS, ...(timed ? ['time'] : [])].join(','), ...rows].join('\n') + '\n';
}

/** The same for scripts: a summary per plate, and every well as a record (`wells`). */
export function writeLayoutJson(file: string, layouts: readonly PlateLayout[], kind?: string): string {
  return JSON.stringify({ file, kind: 'layout', ...(kind ? { source: kind } : {}), layouts: layouts.map(summarize), wells: layoutRecords(layouts) }, null, 2) + '\n';
}
