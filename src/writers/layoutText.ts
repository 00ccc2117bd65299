import type { PlateLayout } from '../layouts/plateLayout.js';
import { parseWellId, rowLabel } from '../plate/wellId.js';
import type { WellRole } from '../types.js';

const ROLE_CHAR: Record<WellRole, string> = { sample: 'S', vehicle: 'V', blank: 'B', positive: 'P', exclude: 'x', time0: '0' };

interface LayoutSummary {
  plate: string;
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
    rows: layout.rows,
    columns: layout.columns,
    wells: layout.wells.size,
    roles,
    cellLines: [...cellLines],
    compounds: [...concentrations].map(([compound, set]) => ({ compound, concentrations: set.size })),
  };
}

/** `ic50 inspect MAP` for people: what a plate map says, with a role map per plate. */
export function writeLayoutText(file: string, layouts: readonly PlateLayout[]): string {
  const out = [`${file}: a plate map (use it with --layout), ${layouts.length} plate${layouts.length === 1 ? '' : 's'}`];
  for (const layout of layouts) {
    const s = summarize(layout);
    out.push('');
    out.push(`map for ${s.plate ? `plate "${s.plate}"` : 'every plate'}: ${s.wells} wells on a ${s.rows * s.columns}-well plate`);
    out.push(`  roles: ${Object.entries(s.roles).map(([role, n]) => `${n} ${role}`).join(', ')}`);
    if (s.cellLines.length) out.push(`  cell lines: ${s.cellLines.join(', ')}`);
    const counts = s.compounds.map((c) => `${c.compound} (${c.concentrations})`);
    out.push(`  compounds (concentrations): ${counts.slice(0, 20).join(', ')}${counts.length > 20 ? `, … ${counts.length} in all` : ''}`);
    const grid = Array.from({ length: s.rows }, () => new Array<string>(s.columns).fill('.'));
    for (const [id, well] of layout.wells) {
      const p = parseWellId(id)!;
      grid[p.row]![p.column] = ROLE_CHAR[well.role];
    }
    out.push('  roles (S sample, V vehicle, B blank, P positive, x excluded, . unused):');
    const width = rowLabel(s.rows - 1).length;
    grid.forEach((row, r) => out.push(`  ${rowLabel(r).padStart(width)} ${row.join('')}`));
  }
  return out.join('\n') + '\n';
}

/** The same for scripts. */
export function writeLayoutJson(file: string, layouts: readonly PlateLayout[]): string {
  return JSON.stringify({ file, kind: 'layout', layouts: layouts.map(summarize) }, null, 2) + '\n';
}
