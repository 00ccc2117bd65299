import type { ChalkInstance } from 'chalk';
import { extent } from './extent.js';
import type { Inspection, PlateInspection } from '../inspection.js';
import { rowLabel } from '../plate/wellId.js';
import type { WellRole } from '../types.js';
import { toPlateRecord } from './plateRecords.js';
import { qcLine } from './table.js';

const LEVELS = '▁▂▃▄▅▆▇█';
const ROLE_CHAR: Record<WellRole, string> = { sample: 'S', vehicle: 'V', blank: 'B', positive: 'P', exclude: 'x', time0: '0' };

/**
 * A heat map with one character per well: eight block heights by the well's rank between the
 * plate's lowest and highest signal (linear), "·" for a well not read, "×" for a marker. On a
 * terminal the blocks are also coloured (blue → red).
 */
function heatMap(plate: PlateInspection, chalk: ChalkInstance): string[] {
  const [low, high] = extent(plate.values);
  const colours = [chalk.blue, chalk.blue, chalk.cyan, chalk.green, chalk.green, chalk.yellow, chalk.red, chalk.red];
  const labelWidth = rowLabel(plate.rows - 1).length;
  // Column numbers, one digit per well: the units digit, with the tens on a line above.
  const tens = ' '.repeat(labelWidth + 1) + Array.from({ length: plate.columns }, (_, c) => ((c + 1) % 10 === 0 ? String(Math.floor((c + 1) / 10)) : ' ')).join('');
  const units = ' '.repeat(labelWidth + 1) + Array.from({ length: plate.columns }, (_, c) => String((c + 1) % 10)).join('');
  const lines = plate.columns >= 10 ? [tens.trimEnd(), units] : [units];
  for (let r = 0; r < plate.rows; r++) {
    let line = rowLabel(r).padStart(labelWidth) + ' ';
    for (let c = 0; c < plate.columns; c++) {
      const i = r * plate.columns + c;
      const v = plate.values[i]!;
      if (Number.isFinite(v)) {
        const level = high > low ? Math.min(7, Math.floor(((v - low) / (high - low)) * 8)) : 3;
        line += colours[level]!(LEVELS[level]!);
      } else line += plate.markers.has(i) ? chalk.magenta('×') : chalk.dim('·');
    }
    lines.push(line);
  }
  return lines;
}

function roleMap(plate: PlateInspection): string[] {
  const labelWidth = rowLabel(plate.rows - 1).length;
  const lines: string[] = [];
  for (let r = 0; r < plate.rows; r++) {
    let line = rowLabel(r).padStart(labelWidth) + ' ';
    for (let c = 0; c < plate.columns; c++) {
      const role = plate.roles![r * plate.columns + c];
      line += role ? ROLE_CHAR[role] : '.';
    }
    lines.push(line);
  }
  return lines;
}

function formatNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '—';
}

/** `ic50 inspect` for people: what was detected and read, a heat map per plate, roles and QC with a layout. */
export function writeInspection(inspection: Inspection, chalk: ChalkInstance): string {
  const out: string[] = [];
  out.push(`${chalk.bold(inspection.file)}: ${inspection.format.map((f) => `${f.label} [${f.id}]`).join(', ')}, ${inspection.plates.length} plate${inspection.plates.length === 1 ? '' : 's'}`);
  for (const plate of inspection.plates) {
    out.push('');
    out.push(`${chalk.bold(`plate "${plate.id}"`)}: ${plate.rows * plate.columns} wells (${plate.rows}×${plate.columns})`);
    const meta = Object.entries(plate.meta).map(([k, v]) => `${k}: ${v}`);
    if (meta.length) out.push(`  ${meta.join('; ')}`);
    plate.reads.forEach((read, i) => {
      const markers = Object.entries(read.markers).map(([m, n]) => `${m} ×${n}`);
      out.push(
        `  read ${i + 1}: "${read.label}" (${read.origin}${read.wavelengthNm !== null ? `, ${read.wavelengthNm} nm` : ''}): ` +
          `${read.numeric} numeric, ${read.empty} empty${markers.length ? `, excluded: ${markers.join(', ')}` : ''}`,
      );
    });
    out.push(`  signal used: ${plate.signal}`);
    const [low, high] = extent(plate.values);
    if (Number.isFinite(low)) out.push(`  signal range: ${formatNumber(low)} – ${formatNumber(high)}`);
    for (const note of plate.notes) out.push(chalk.yellow(`  note: ${note}`));
    out.push(...heatMap(plate, chalk).map((l) => `  ${l}`));
    if (plate.roles) {
      out.push('  roles (S sample, V vehicle, B blank, P positive, x excluded, . unused):');
      out.push(...roleMap(plate).map((l) => `  ${l}`));
    }
    for (const qc of plate.qc) out.push(`  ${qcLine(qc, chalk)}`);
  }
  return out.join('\n') + '\n';
}

/** `ic50 inspect --format json`: the same facts for scripts (values as rows, null where none). */
export function writeInspectionJson(inspection: Inspection): string {
  const plates = inspection.plates.map((plate) => ({
    id: plate.id,
    rows: plate.rows,
    columns: plate.columns,
    wells: plate.rows * plate.columns,
    reads: plate.reads.map((r) => ({ label: r.label, origin: r.origin, wavelength_nm: r.wavelengthNm, numeric: r.numeric, empty: r.empty, markers: r.markers })),
    signal: plate.signal,
    meta: plate.meta,
    notes: plate.notes,
    values: Array.from({ length: plate.rows }, (_, r) =>
      Array.from({ length: plate.columns }, (_, c) => {
        const v = plate.values[r * plate.columns + c]!;
        return Number.isFinite(v) ? v : null;
      }),
    ),
    roles: plate.roles
      ? Array.from({ length: plate.rows }, (_, r) => Array.from({ length: plate.columns }, (_, c) => plate.roles![r * plate.columns + c] ?? null))
      : null,
    qc: plate.qc.map(toPlateRecord),
  }));
  return JSON.stringify({ file: inspection.file, format: inspection.format, plates }, null, 2) + '\n';
}
