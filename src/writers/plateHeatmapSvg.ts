import { formatWellId, rowLabel } from '../plate/wellId.js';
import type { PlateMap, WellRole } from '../types.js';
import { escapeXml, FONT_FAMILY, SVG_NS } from './curvePlotSvg.js';
import { formatNumber } from './formatNumber.js';
import { n } from './plotFrame.js';


export type { PlateMap };

/** Viridis (perceptually uniform, colour-blind safe), ten stops from low to high. */
const VIRIDIS = ['#440154', '#482878', '#3e4a89', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725'];

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

/** The viridis colour of t in [0, 1], as #rrggbb. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const a = hex(VIRIDIS[i]!);
  const b = hex(VIRIDIS[i + 1]!);
  const f = x - i;
  return '#' + a.map((v, k) => Math.round(v + (b[k]! - v) * f).toString(16).padStart(2, '0')).join('');
}

/** How each control role is outlined: colour and dash pattern (in units of the stroke width). */
const OUTLINES: Partial<Record<WellRole, { colour: string; dash: number[] | null; label: string }>> = {
  vehicle: { colour: '#000000', dash: null, label: 'vehicle' },
  blank: { colour: '#D55E00', dash: [2, 1.2], label: 'blank' },
  positive: { colour: '#56B4E9', dash: [0.8, 0.8], label: 'positive' },
  time0: { colour: '#009E73', dash: [3, 1], label: 'time zero' },
};
const NOT_READ = '#e3e3e3';

/** Smallest label step in 1, 2, 4, 8, … so that labels `size` px wide fit cells `cell` px apart. */
function labelStep(size: number, cell: number): number {
  let step = 1;
  while (step * cell < size && step < 64) step *= 2;
  return step;
}

/**
 * A small plate map as SVG: one `<rect class="well">` per well coloured by signal (viridis,
 * min to max of the wells in use), wells without a number light grey, control wells outlined
 * (vehicle solid black, blank dashed vermillion, positive dotted sky blue, each on a white
 * halo so it shows on any colour), excluded wells and wells with a marker (OVRFLW, …)
 * crossed, row and column labels, a colour bar and a key of what appears. Every well carries
 * a tooltip (`<title>`: well, value or marker, role). Sized for 96, 384 and 1536 wells alike.
 * Deterministic: the same plate gives the same bytes.
 */
export function plateHeatmapSvg(plate: PlateMap): string {
  const { rows, columns } = plate;
  const cell = Math.max(6, Math.min(24, Math.floor(384 / Math.max(1, columns))));
  const font = Math.max(7, Math.min(11, Math.round(cell * 0.7)));
  const rowLabelWidth = (rows > 26 ? 2 : 1) * font * 0.7 + 6;
  const left = Math.ceil(rowLabelWidth + 4);
  const top = 24 + font + 4;
  const gridWidth = columns * cell;
  const gridHeight = rows * cell;
  const width = Math.max(360, left + gridWidth + 8);

  const roleAt = (i: number): WellRole | null => plate.roles?.[i] ?? null;
  const excluded = (i: number): boolean => roleAt(i) === 'exclude' || plate.markers.has(i);
  const count = rows * columns;
  const valueAt = (i: number): number => {
    const v = plate.values[i];
    return v === undefined ? Number.NaN : v;
  };
  const inUse: number[] = [];
  for (let i = 0; i < count; i++) if (Number.isFinite(valueAt(i)) && !excluded(i)) inUse.push(valueAt(i));
  if (inUse.length === 0) for (let i = 0; i < count; i++) if (Number.isFinite(valueAt(i))) inUse.push(valueAt(i));
  const lo = inUse.length > 0 ? inUse.reduce((a, b) => Math.min(a, b)) : 0;
  const hi = inUse.length > 0 ? inUse.reduce((a, b) => Math.max(a, b)) : 1;
  const scale = (v: number): number => (hi > lo ? (v - lo) / (hi - lo) : 0.5);

  const stroke = cell >= 12 ? 2 : 1;
  const gap = cell >= 12 ? 1 : 0.5;
  const seen = new Set<string>();
  const wells: string[] = [];
  const outlines: string[] = [];
  const crosses: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const x = left + c * cell;
      const y = top + r * cell;
      const v = valueAt(i);
      const role = roleAt(i);
      const marker = plate.markers.get(i);
      const readable = Number.isFinite(v);
      if (!readable && marker === undefined) seen.add('not read');
      const tip = [formatWellId(r, c), readable ? formatNumber(v, 4) : (marker ?? 'not read'), ...(role && role !== 'sample' ? [role] : [])].join(' · ');
      wells.push(
        `<rect class="well${readable ? '' : ' not-read'}" x="${n(x + gap / 2)}" y="${n(y + gap / 2)}" width="${n(cell - gap)}" height="${n(cell - gap)}" ` +
          `fill="${readable ? viridis(scale(v)) : NOT_READ}"><title>${escapeXml(tip)}</title></rect>`,
      );
      const outline = role ? OUTLINES[role] : undefined;
      if (outline) {
        seen.add(role!);
        const inset = stroke / 2 + 0.5;
        const box = `x="${n(x + inset)}" y="${n(y + inset)}" width="${n(cell - 2 * inset)}" height="${n(cell - 2 * inset)}" fill="none"`;
        const dash = outline.dash ? ` stroke-dasharray="${outline.dash.map((d) => n(d * stroke * 1.5)).join(' ')}"` : '';
        outlines.push(
          `<g class="role role-${role}"><rect ${box} stroke="#ffffff" stroke-width="${n(stroke + 1.5)}"/>` +
            `<rect ${box} stroke="${outline.colour}" stroke-width="${stroke}"${dash}/></g>`,
        );
      }
      if (excluded(i)) {
        seen.add('excluded');
        const p = Math.max(1.5, cell * 0.18);
        const d = `M${n(x + p)},${n(y + p)}L${n(x + cell - p)},${n(y + cell - p)}M${n(x + cell - p)},${n(y + p)}L${n(x + p)},${n(y + cell - p)}`;
        crosses.push(
          `<g class="excluded"><path d="${d}" stroke="#ffffff" stroke-width="${n(stroke + 1.5)}"/>` +
            `<path d="${d}" stroke="#000000" stroke-width="${stroke}"/></g>`,
        );
      }
    }
  }

  // Key: the colour bar with its range, then what the marks mean (only those that appear),
  // wrapped to the width.
  const keyTop = top + gridHeight + 12;
  const key: string[] = [];
  const loText = formatNumber(lo, 3);
  const barX = left + 46 + loText.length * 6;
  const barWidth = 120;
  key.push(`<text x="${left}" y="${keyTop + 9}">signal</text>`);
  key.push(`<text x="${n(barX - 4)}" y="${keyTop + 9}" text-anchor="end">${escapeXml(loText)}</text>`);
  for (let k = 0; k < 24; k++) {
    key.push(`<rect x="${n(barX + (k * barWidth) / 24)}" y="${keyTop}" width="${n(barWidth / 24 + 0.3)}" height="10" fill="${viridis(k / 23)}"/>`);
  }
  key.push(`<text x="${n(barX + barWidth + 4)}" y="${keyTop + 9}">${escapeXml(formatNumber(hi, 3))}</text>`);
  let x = left;
  let keyY = keyTop + 18;
  const item = (label: string, swatch: (x: number, y: number) => string): void => {
    const itemWidth = 14 + label.length * 6 + 10;
    if (x > left && x + itemWidth > width - 4) {
      x = left;
      keyY += 16;
    }
    key.push(swatch(x, keyY), `<text x="${n(x + 14)}" y="${keyY + 9}">${escapeXml(label)}</text>`);
    x += itemWidth;
  };
  for (const role of ['vehicle', 'blank', 'positive', 'time0'] as const) {
    if (!seen.has(role)) continue;
    const o = OUTLINES[role]!;
    const dash = o.dash ? ` stroke-dasharray="${o.dash.map((d) => n(d * 3)).join(' ')}"` : '';
    item(o.label, (x, y) => `<rect x="${n(x + 1)}" y="${y}" width="10" height="10" fill="#ffffff" stroke="${o.colour}" stroke-width="2"${dash}/>`);
  }
  if (seen.has('excluded')) {
    item('excluded', (x, y) => `<path d="M${n(x + 1)},${y}l10,10M${n(x + 11)},${y}l-10,10" stroke="#000000" stroke-width="1.5"/>`);
  }
  if (seen.has('not read')) {
    item('not read', (x, y) => `<rect x="${n(x + 1)}" y="${y}" width="10" height="10" fill="${NOT_READ}" stroke="#999999" stroke-width="0.5"/>`);
  }
  const height = (x > left ? keyY + 16 : keyY) + 4;

  const out: string[] = [];
  out.push(
    `<svg xmlns="${SVG_NS}" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" ` +
      `font-family="${FONT_FAMILY}" font-size="${font}" class="ic50-plate" role="img">`,
  );
  out.push(`<title>${escapeXml(`plate ${plate.id}`)}</title>`);
  out.push(`<rect width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="16" font-size="13" font-weight="bold" fill="#111111">${escapeXml(plate.id)}</text>`);
  out.push(`<g class="labels" fill="#444444">`);
  const columnStep = labelStep(String(columns).length * font * 0.65 + 3, cell);
  for (let c = 0; c < columns; c++) {
    if (c % columnStep !== 0) continue;
    out.push(`<text x="${n(left + c * cell + cell / 2)}" y="${top - 4}" text-anchor="middle">${c + 1}</text>`);
  }
  const rowStep = labelStep(font + 1, cell);
  for (let r = 0; r < rows; r++) {
    if (r % rowStep !== 0) continue;
    out.push(`<text x="${left - 4}" y="${n(top + r * cell + cell / 2 + font * 0.35)}" text-anchor="end">${rowLabel(r)}</text>`);
  }
  out.push('</g>');
  out.push(`<g class="wells">`, ...wells, '</g>');
  out.push(`<g class="roles">`, ...outlines, '</g>');
  out.push(`<g class="crosses" fill="none">`, ...crosses, '</g>');
  out.push(`<rect x="${left}" y="${top}" width="${gridWidth}" height="${gridHeight}" fill="none" stroke="#666666" stroke-width="0.5"/>`);
  out.push(`<g class="key" font-size="10" fill="#333333">`, ...key);
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
