import { GR_MODEL } from '../fit/fitGrowthRate.js';
import { evaluateModel } from '../models/model.js';
import { fromLog10Molar, parseConcentrationUnit, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { Comparison, CurveFit, Estimate } from '../types.js';
import { displayUnit, escapeXml, FONT_FAMILY, intervalText, lineName, lineOrder, PALETTE, SVG_NS, unitOf, type PlotLine } from './curvePlotSvg.js';
import { formatNumber } from './formatNumber.js';
import { n } from './plotFrame.js';

/**
 * Growth-rate figures as SVG text, from the fits' GR metrics alone (never a refit): the GR curves
 * of one compound (grPlotSvg) and the IC50 and GR50 of each line side by side (ic50Gr50Svg).
 * Deterministic: the same fits give the same bytes.
 */

const WIDTH = 640;
const LEFT = 64;
const RIGHT = 620;
const TOP = 40;
const BOTTOM = 320;
const LEGEND_TOP = 380;
const ROW = 18;
const X_PAD = 0.3;
const SAMPLES = 200;

/** The label of the decade 10^k in a unit: plain from 0.001 to 10000, else "1e-5". */
function decadeLabel(k: number): string {
  return k >= -3 && k <= 4 ? formatNumber(Math.pow(10, k), 3) : `1e${k}`;
}

/** Mean and SD of the GR values at each distinct concentration, ascending. */
function grMeans(fit: CurveFit): { u: number; mean: number; sd: number }[] {
  const groups = new Map<string, { u: number; values: number[] }>();
  const points = fit.gr?.points ?? { log10Molar: [], gr: [] };
  points.log10Molar.forEach((u, i) => {
    const key = u.toFixed(6);
    const group = groups.get(key) ?? { u, values: [] };
    group.values.push(points.gr[i]!);
    groups.set(key, group);
  });
  return [...groups.values()]
    .sort((a, b) => a.u - b.u)
    .map(({ u, values }) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : Number.NaN;
      return { u, mean, sd };
    });
}

/** A concentration estimate (log10 molar) as "v [lo–hi]" in the fit's unit, ">"/"<" for a bound. */
function concentrationText(fit: CurveFit, estimate: Estimate, above: boolean, below: boolean): string {
  const unit = unitOf(fit);
  const at = (u: number) => (Number.isFinite(u) ? fromLog10Molar(u, unit) : null);
  if (above) return `> ${formatNumber(at(Math.min(estimate.value, fit.log10Range[1])), 3)}`;
  if (below) return `< ${formatNumber(at(Math.max(estimate.value, fit.log10Range[0])), 3)}`;
  return intervalText(at(estimate.value), at(estimate.lower), at(estimate.upper));
}

/** GR50 [CI] of a fit in its unit (a bound where GR never crosses 0.5 in the tested range); "—" without GR. */
export function gr50Text(fit: CurveFit): string {
  if (!fit.gr || !Number.isFinite(fit.gr.log10Gr50.value)) return '—';
  return concentrationText(fit, fit.gr.log10Gr50, fit.flags.includes('gr50_above_range'), fit.flags.includes('gr50_below_range'));
}

/** A GR RF [CI] as people read it (">"/"<" when only a bound). */
export function grRfText(comparison: Comparison): string {
  const rf = comparison.grLog10Rf;
  if (!rf || !Number.isFinite(rf.value)) return '—';
  const power = (x: number) => (Number.isFinite(x) ? Math.pow(10, x) : null);
  if (comparison.flags.includes('gr_rf_lower_bound')) return `> ${formatNumber(power(rf.value), 3)}`;
  if (comparison.flags.includes('gr_rf_upper_bound')) return `< ${formatNumber(power(rf.value), 3)}`;
  return intervalText(power(rf.value), power(rf.lower), power(rf.upper));
}

/** The x window (log10 in the axis unit) of fits: their tested ranges, a little wider, at least one decade. */
function xWindow(fits: readonly CurveFit[], shift: number): [number, number] {
  const ranges = fits.map((f) => f.log10Range).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  let lo = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) - shift : -1;
  let hi = ranges.length > 0 ? Math.max(...ranges.map((r) => r[1])) - shift : 1;
  if (hi - lo < 1) {
    const middle = (lo + hi) / 2;
    lo = middle - 0.5;
    hi = middle + 0.5;
  }
  return [lo - X_PAD, hi + X_PAD];
}

function xAxis(out: string[], xLo: number, xHi: number, px: (u: number) => number, unit: ConcentrationUnit, bottom: number): void {
  const decades: number[] = [];
  for (let k = Math.ceil(xLo); k <= Math.floor(xHi); k++) decades.push(k);
  const step = Math.max(1, Math.ceil(decades.length / 9));
  for (const k of decades) {
    const x = px(k);
    out.push(`<line x1="${n(x)}" y1="${TOP}" x2="${n(x)}" y2="${bottom}" stroke="#ececec"/>`);
    out.push(`<line x1="${n(x)}" y1="${bottom}" x2="${n(x)}" y2="${bottom + 6}" stroke="#333333"/>`);
    if (k % step === 0) out.push(`<text x="${n(x)}" y="${bottom + 19}" text-anchor="middle" fill="#333333">${escapeXml(decadeLabel(k))}</text>`);
  }
  const title = unit.isLog ? 'concentration (log10 M)' : `concentration (${displayUnit(unit.name)})`;
  out.push(`<text x="${n((LEFT + RIGHT) / 2)}" y="${bottom + 40}" text-anchor="middle" fill="#111111">${escapeXml(title)}</text>`);
}

/**
 * One compound's growth-rate plot: every line with GR metrics overlaid (parental lines first, in
 * the colours of the dose-response plots), the GR values as mean ± SD per concentration, the
 * fitted GR curve (`<path class="gr-curve">`, dashed when the GR fit is flat), the GR50 marked on
 * the 0.5 level with its interval (`<g class="gr50">`), y from −1 to 1 with a line at 0
 * (cytostasis: no net growth; below it, cells are killed), and a legend with GR50 [CI], GRmax,
 * the control doublings and the GR RF.
 */
export function grPlotSvg(inputs: readonly PlotLine[], options: { readonly lineOrder?: readonly string[]; readonly title?: string } = {}): string {
  const lines = inputs.filter((l) => l.fit.gr);
  const order = [...(options.lineOrder ?? lineOrder(lines))];
  for (const line of lineOrder(lines)) if (!order.includes(line)) order.push(line);
  const rank = (fit: CurveFit) => order.indexOf(fit.cellLine);
  const sorted = [...lines].sort((a, b) => rank(a.fit) - rank(b.fit));
  const colour = (fit: CurveFit) => PALETTE[Math.max(0, rank(fit)) % PALETTE.length]!;
  const unit = sorted.length > 0 ? unitOf(sorted[0]!.fit) : parseConcentrationUnit('M')!;
  const shift = unit.log10Molar;
  const [xLo, xHi] = xWindow(sorted.map((l) => l.fit), shift);
  const values = sorted.flatMap((l) => l.fit.gr!.points.gr);
  const yHi = Math.max(1, ...values.filter(Number.isFinite).map((v) => Math.ceil(v * 5) / 5));
  const yLo = -1;
  const px = (u: number) => LEFT + ((u - xLo) / (xHi - xLo)) * (RIGHT - LEFT);
  const py = (y: number) => BOTTOM - ((Math.min(yHi, Math.max(yLo, y)) - yLo) / (yHi - yLo)) * (BOTTOM - TOP);
  const title = options.title ?? ([...new Set(sorted.map((l) => l.fit.compound))].join(', ') || 'no GR metrics');
  const height = LEGEND_TOP + Math.max(1, sorted.length) * ROW * 2 + 8;
  const out: string[] = [
    `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}" font-size="12" class="ic50-gr" role="img">`,
    `<title>${escapeXml(`${title}: growth-rate inhibition`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="bold" fill="#111111">${escapeXml(`${title}: GR`)}</text>`,
    '<g class="axes" stroke-width="1">',
  ];
  for (let k = 0; yLo + k * 0.5 <= yHi + 1e-9; k++) {
    const y = yLo + k * 0.5;
    const yy = py(y);
    out.push(`<line x1="${LEFT}" y1="${n(yy)}" x2="${RIGHT}" y2="${n(yy)}" stroke="${y === 0 ? '#666666' : '#ececec'}"${y === 0 ? ' stroke-dasharray="6 3"' : ''}/>`);
    out.push(`<text x="${LEFT - 8}" y="${n(yy + 4)}" text-anchor="end" fill="#333333">${y < 0 ? `−${-y}` : formatNumber(y, 2)}</text>`);
  }
  out.push(`<text class="cytostasis" x="${RIGHT - 4}" y="${n(py(0) + 14)}" text-anchor="end" fill="#666666" font-size="11">cytostasis (GR 0): no net growth; below, cells die</text>`);
  xAxis(out, xLo, xHi, px, unit, BOTTOM);
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${RIGHT - LEFT}" height="${BOTTOM - TOP}" fill="none" stroke="#333333"/>`, '</g>');
  out.push(`<text x="18" y="${n((TOP + BOTTOM) / 2)}" text-anchor="middle" fill="#111111" transform="rotate(-90 18 ${n((TOP + BOTTOM) / 2)})">GR value</text>`);

  for (const { fit } of sorted) {
    const gr = fit.gr!;
    const c = colour(fit);
    const flat = fit.flags.includes('gr_flat');
    out.push(`<g class="gr-fit" data-cell-line="${escapeXml(fit.cellLine)}" data-compound="${escapeXml(fit.compound)}">`);
    for (const p of grMeans(fit)) {
      const x = px(p.u - shift);
      if (Number.isFinite(p.sd) && p.sd > 0) out.push(`<path class="sd" d="M${n(x)},${n(py(p.mean - p.sd))}V${n(py(p.mean + p.sd))}" stroke="${c}" stroke-width="1.2" fill="none"/>`);
      out.push(`<circle class="mean" cx="${n(x)}" cy="${n(py(p.mean))}" r="3.4" fill="${c}" stroke="#ffffff" stroke-width="0.8"/>`);
    }
    const parameters = [gr.log10Gec50.value, gr.hill.value, 1, gr.grInf.value];
    if (!flat && parameters.every(Number.isFinite)) {
      const from = Math.max(xLo, fit.log10Range[0] - shift - X_PAD);
      const to = Math.min(xHi, fit.log10Range[1] - shift + X_PAD);
      const d: string[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const u = from + ((to - from) * i) / (SAMPLES - 1);
        d.push(`${i === 0 ? 'M' : 'L'}${n(px(u))},${n(py(evaluateModel(GR_MODEL, parameters, u + shift)))}`);
      }
      out.push(`<path class="gr-curve" d="${d.join('')}" fill="none" stroke="${c}" stroke-width="2" stroke-linejoin="round"/>`);
    } else if (flat) {
      out.push(`<path class="gr-curve flat" d="M${n(px(xLo))},${n(py(gr.grMax))}H${n(px(xHi))}" fill="none" stroke="${c}" stroke-width="2" stroke-dasharray="7 4"/>`);
    }
    const { value, lower, upper } = gr.log10Gr50;
    const bound = fit.flags.includes('gr50_above_range') || fit.flags.includes('gr50_below_range');
    if (Number.isFinite(value) && !bound && value - shift >= xLo && value - shift <= xHi) {
      const x = px(value - shift);
      const y = py(0.5);
      const parts: string[] = [];
      if (Number.isFinite(lower) && Number.isFinite(upper)) {
        const a = px(Math.max(xLo, lower - shift));
        const b = px(Math.min(xHi, upper - shift));
        parts.push(`<path d="M${n(a)},${n(y)}H${n(b)}M${n(a)},${n(y - 5)}V${n(y + 5)}M${n(b)},${n(y - 5)}V${n(y + 5)}" stroke="${c}" stroke-width="2" fill="none"/>`);
      }
      parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="3.5" fill="#ffffff" stroke="${c}" stroke-width="2"/>`);
      out.push(`<g class="gr50"><title>${escapeXml(`${lineName(fit)}: GR50 ${gr50Text(fit)} ${displayUnit(fit.unit)}`)}</title>${parts.join('')}</g>`);
    }
    out.push('</g>');
  }

  out.push('<g class="legend">');
  let y = LEGEND_TOP;
  if (sorted.length === 0) out.push(`<text x="${LEFT}" y="${y + 4}" fill="#333333">no GR metrics (no time-zero reads)</text>`);
  for (const { fit, comparisons } of sorted) {
    const gr = fit.gr!;
    const c = colour(fit);
    out.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + 26}" y2="${y}" stroke="${c}" stroke-width="2"/>`);
    const rf = comparisons.filter((x) => x.grLog10Rf).map((x) => `GR RF ${grRfText(x)}${comparisons.length > 1 ? ` vs ${x.parental}` : ''}`);
    out.push(`<text x="${LEFT + 34}" y="${y + 4}" fill="#111111">${escapeXml(`${lineName(fit)}: GR50 ${gr50Text(fit)} ${displayUnit(fit.unit)}${rf.length ? `, ${rf.join('; ')}` : ''}`)}</text>`);
    y += ROW;
    out.push(`<text class="details" x="${LEFT + 34}" y="${y + 4}" fill="#555555">${escapeXml(`GRmax ${formatNumber(gr.grMax, 3)}, GR_AOC ${formatNumber(gr.aoc, 3)}, ${formatNumber(gr.doublings, 3)} control doublings${fit.flags.includes('gr_flat') ? ', flat' : ''}`)}</text>`);
    y += ROW;
  }
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}

/**
 * One compound's IC50 and GR50 of every line side by side, on one log concentration axis: a row
 * per line (parental first), its IC50 (circle) and GR50 (diamond) with their intervals, and the
 * two resistance factors. Where the lines divide at different rates the IC50s move apart while
 * the GR50s stay together: the growth-rate trap, seen at a glance.
 */
export function ic50Gr50Svg(inputs: readonly PlotLine[], options: { readonly lineOrder?: readonly string[]; readonly title?: string } = {}): string {
  const lines = inputs.filter((l) => l.fit.gr);
  const order = [...(options.lineOrder ?? lineOrder(lines))];
  for (const line of lineOrder(lines)) if (!order.includes(line)) order.push(line);
  const sorted = [...lines].sort((a, b) => order.indexOf(a.fit.cellLine) - order.indexOf(b.fit.cellLine));
  const unit = sorted.length > 0 ? unitOf(sorted[0]!.fit) : parseConcentrationUnit('M')!;
  const shift = unit.log10Molar;
  const [xLo, xHi] = xWindow(sorted.map((l) => l.fit), shift);
  const rowHeight = 34;
  const top = TOP + 14;
  const bottom = top + Math.max(1, sorted.length) * rowHeight;
  const height = bottom + 60;
  const left = 170;
  const px = (u: number) => left + ((Math.min(xHi, Math.max(xLo, u)) - xLo) / (xHi - xLo)) * (RIGHT - left);
  const title = options.title ?? ([...new Set(sorted.map((l) => l.fit.compound))].join(', ') || 'no GR metrics');
  const out: string[] = [
    `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}" font-size="12" class="ic50-gr50" role="img">`,
    `<title>${escapeXml(`${title}: IC50 and GR50`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="bold" fill="#111111">${escapeXml(`${title}: IC50 (○) and GR50 (◇)`)}</text>`,
    '<g class="axes" stroke-width="1">',
  ];
  const decades: number[] = [];
  for (let k = Math.ceil(xLo); k <= Math.floor(xHi); k++) decades.push(k);
  for (const k of decades) {
    out.push(`<line x1="${n(px(k))}" y1="${top}" x2="${n(px(k))}" y2="${bottom}" stroke="#ececec"/>`);
    out.push(`<text x="${n(px(k))}" y="${bottom + 19}" text-anchor="middle" fill="#333333">${escapeXml(decadeLabel(k))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${RIGHT - left}" height="${bottom - top}" fill="none" stroke="#333333"/>`, '</g>');
  out.push(`<text x="${n((left + RIGHT) / 2)}" y="${bottom + 40}" text-anchor="middle" fill="#111111">${escapeXml(unit.isLog ? 'concentration (log10 M)' : `concentration (${displayUnit(unit.name)})`)}</text>`);
  sorted.forEach(({ fit, comparisons }, i) => {
    const c = PALETTE[Math.max(0, order.indexOf(fit.cellLine)) % PALETTE.length]!;
    const y = top + (i + 0.5) * rowHeight;
    out.push(`<g class="pair" data-cell-line="${escapeXml(fit.cellLine)}">`);
    out.push(`<text x="${left - 8}" y="${n(y - 3)}" text-anchor="end" fill="#111111">${escapeXml(lineName(fit))}</text>`);
    const rfs = comparisons.map((x) => {
      const rf = Number.isFinite(x.log10Rf.value) ? formatNumber(Math.pow(10, x.log10Rf.value), 3) : '—';
      return `RF ${rf}, GR RF ${grRfText(x).replace(/ \[.*$/, '')}`;
    });
    if (rfs.length) out.push(`<text x="${left - 8}" y="${n(y + 11)}" text-anchor="end" fill="#555555" font-size="11">${escapeXml(rfs.join('; '))}</text>`);
    const mark = (estimate: Estimate, dy: number, shape: 'circle' | 'diamond', label: string) => {
      if (!Number.isFinite(estimate.value)) return;
      const x = px(estimate.value - shift);
      const yy = y + dy;
      if (Number.isFinite(estimate.lower) && Number.isFinite(estimate.upper)) {
        out.push(`<path d="M${n(px(estimate.lower - shift))},${n(yy)}H${n(px(estimate.upper - shift))}" stroke="${c}" stroke-width="2"/>`);
      }
      const symbol =
        shape === 'circle'
          ? `<circle cx="${n(x)}" cy="${n(yy)}" r="4" fill="#ffffff" stroke="${c}" stroke-width="2"/>`
          : `<path d="M${n(x)},${n(yy - 5)}L${n(x + 5)},${n(yy)}L${n(x)},${n(yy + 5)}L${n(x - 5)},${n(yy)}Z" fill="${c}" stroke="#ffffff" stroke-width="1"/>`;
      out.push(`<g class="${label}"><title>${escapeXml(`${lineName(fit)}: ${label === 'ic50' ? 'IC50' : 'GR50'}`)}</title>${symbol}</g>`);
    };
    mark(fit.log10Ic50, -5, 'circle', 'ic50');
    mark(fit.gr!.log10Gr50, 5, 'diamond', 'gr50');
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
