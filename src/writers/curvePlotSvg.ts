import { evaluateModel } from '../models/model.js';
import { extent } from './extent.js';
import { fittedModel } from '../fit/fittedModel.js';
import { parseConcentrationUnit, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { Comparison, CurveFit, Flag, ResultRow } from '../types.js';
import { xmlSafe } from './escape.js';
import { formatNumber } from './formatNumber.js';
import { recordOf, toRecord } from './records.js';

/** One line of a plot: a fit, with the comparisons of its row(s). */
export interface PlotLine {
  readonly fit: CurveFit;
  readonly comparisons: readonly Comparison[];
}

/** A plot line, or a bare fit (a line without comparisons). */
export type PlotInput = PlotLine | CurveFit;

function asLine(input: PlotInput): PlotLine {
  return 'fit' in input ? input : { fit: input, comparisons: [] };
}

/** The plot lines of result rows: each fit once, with every comparison it has. */
export function plotLines(rows: readonly ResultRow[]): PlotLine[] {
  const lines = new Map<CurveFit, Comparison[]>();
  for (const row of rows) {
    if (row.kind !== 'fit') continue;
    const list = lines.get(row.fit) ?? [];
    if (row.comparison) list.push(row.comparison);
    lines.set(row.fit, list);
  }
  return [...lines].map(([fit, comparisons]) => ({ fit, comparisons }));
}

/** How a line is named: its cell line, and its experiment and check (label values) when they are separated. */
export function lineName(fit: CurveFit): string {
  const parts = [fit.experiment, ...(fit.labels ?? [])].filter((part) => part !== '');
  return parts.length > 0 ? `${fit.cellLine} (${parts.join(', ')})` : fit.cellLine;
}

/**
 * Dose-response plots as SVG text: one compound, every cell line overlaid (parental first).
 *
 * Everything drawn comes from the fits themselves — the points they were fitted to, the
 * fitted parameters evaluated with the model (never a refit) and, for every printed number,
 * toRecord, so a plot shows exactly what the tables show. The output is deterministic: fixed
 * number formatting, no ids, no dates; the same fits give the same bytes.
 */

/** Okabe–Ito, ordered for contrast on white; yellow (poor on white) last. */
export const PALETTE = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'] as const;

/** A generic font stack: no web fonts, no URLs; resvg and browsers pick what they have. */
export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Text for XML and HTML: & < > " ' escaped, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate with at most two decimals and no "-0". */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}

/** The unit as shown to people: the canonical name, with µ for micro. */
export function displayUnit(unit: string): string {
  return unit === 'uM' ? 'µM' : unit;
}

function unitOf(fit: CurveFit): ConcentrationUnit {
  return parseConcentrationUnit(fit.unit) ?? parseConcentrationUnit('M')!;
}

/**
 * "[14.6–16]": an interval to 3 significant digits, as the table prints it; with a comma
 * instead of the dash when a bound is negative (log10 M), where a dash would read as a minus.
 */
export function ciText(low: number, high: number): string {
  const separator = low < 0 || high < 0 ? ', ' : '–';
  return `[${formatNumber(low, 3)}${separator}${formatNumber(high, 3)}]`;
}

/** "15.3 [14.6–16]" from a value and its interval; "—" without a value. */
export function intervalText(value: number | null, low: number | null, high: number | null): string {
  if (value === null) return '—';
  const v = formatNumber(value, 3);
  if (low === null || high === null) return v;
  return `${v} ${ciText(low, high)}`;
}

/** IC50 [CI] of a fit in its unit, exactly as the table prints it. */
export function ic50Text(fit: CurveFit): string {
  const r = toRecord(fit);
  return intervalText(r.ic50 as number | null, r.ic50_ci_low as number | null, r.ic50_ci_high as number | null);
}

/** RF [CI] (">"/"<" when only a bound) as the table prints it, "vs PARENTAL" when there are several; "" when not compared. */
export function rfText(input: PlotInput): string {
  const line = asLine(input);
  return line.comparisons
    .map((comparison) => {
      const r = recordOf({ kind: 'fit', fit: line.fit, comparison });
      const rf = r.rf as number | null;
      const vs = line.comparisons.length > 1 ? ` vs ${comparison.parental}` : '';
      if (rf === null) return `—${vs}`;
      const prefix = comparison.flags.includes('rf_lower_bound') ? '>' : comparison.flags.includes('rf_upper_bound') ? '<' : '';
      return prefix + intervalText(rf, r.rf_ci_low as number | null, r.rf_ci_high as number | null) + vs;
    })
    .join('; ');
}

/**
 * Cell lines in display order: lines that some fit names as its parental first (in order of
 * appearance), then the others in order of appearance. Colours follow this order.
 */
export function lineOrder(inputs: readonly PlotInput[]): string[] {
  const lines = inputs.map(asLine);
  const parentals = new Set(lines.flatMap((l) => l.comparisons.map((c) => c.parental)));
  const all = [...new Set(lines.map((l) => l.fit.cellLine))];
  return [...all.filter((l) => parentals.has(l)), ...all.filter((l) => !parentals.has(l))];
}

/** Compounds in order of first appearance. */
export function compoundOrder(inputs: readonly PlotInput[]): string[] {
  const lines = inputs.map(asLine);
  return [...new Set(lines.map((l) => l.fit.compound))];
}

export interface CurvePlotOptions {
  /** Title; defaults to the compounds of the fits. */
  readonly title?: string;
  /**
   * Cell lines in colour order (pass lineOrder(report.fits) so a line keeps its colour across
   * compounds); defaults to lineOrder(fits). Lines not listed follow in order of appearance.
   */
  readonly lineOrder?: readonly string[];
}

const WIDTH = 640;
const LEFT = 64;
const RIGHT = 620;
const TOP = 40;
const BOTTOM = 320;
const LEGEND_TOP = 380;
const ROW = 18;
const X_PAD = 0.3;
const SAMPLES = 200;
const FLAG_COLOUR = '#B34700';

/** Marker shapes, cycled with the palette, so lines differ in more than colour. */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down'] as const;
type Shape = (typeof SHAPES)[number];

function marker(shape: Shape, x: number, y: number, r: number, attributes: string): string {
  switch (shape) {
    case 'circle':
      return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" ${attributes}/>`;
    case 'square': {
      const s = r * 0.9;
      return `<rect x="${n(x - s)}" y="${n(y - s)}" width="${n(2 * s)}" height="${n(2 * s)}" ${attributes}/>`;
    }
    case 'triangle': {
      const s = r * 1.2;
      return `<path d="M${n(x)},${n(y - s)}L${n(x + s)},${n(y + s * 0.8)}L${n(x - s)},${n(y + s * 0.8)}Z" ${attributes}/>`;
    }
    case 'triangle-down': {
      const s = r * 1.2;
      return `<path d="M${n(x)},${n(y + s)}L${n(x + s)},${n(y - s * 0.8)}L${n(x - s)},${n(y - s * 0.8)}Z" ${attributes}/>`;
    }
    case 'diamond': {
      const s = r * 1.25;
      return `<path d="M${n(x)},${n(y - s)}L${n(x + s)},${n(y)}L${n(x)},${n(y + s)}L${n(x - s)},${n(y)}Z" ${attributes}/>`;
    }
  }
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** Label of the decade 10^k in a linear unit: plain from 0.001 to 10000, else 10ᵏ. */
function decadeLabel(k: number, unit: ConcentrationUnit): string {
  if (unit.isLog) return k < 0 ? `−${-k}` : String(k);
  if (k >= -3 && k <= 4) return formatNumber(Math.pow(10, k), 3);
  return '10' + [...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** Label of a minor tick m·10^k (used only when the window spans too few decades). */
function minorLabel(m: number, k: number, unit: ConcentrationUnit): string {
  if (unit.isLog) return formatNumber(Math.log10(m) + k, 3).replace('-', '−');
  const value = m * Math.pow(10, k);
  return k >= -3 && k <= 3 ? formatNumber(value, 3) : `${m}·${decadeLabel(k, unit)}`;
}

interface LineStyle {
  readonly colour: string;
  readonly shape: Shape;
}

/** Mean, SD and count of the responses at each distinct concentration, in ascending order. */
function summarizePoints(fit: CurveFit): { u: number; mean: number; sd: number; count: number }[] {
  const groups = new Map<string, { u: number; values: number[] }>();
  fit.points.log10Molar.forEach((u, i) => {
    const y = fit.points.response[i]!;
    if (!Number.isFinite(u) || !Number.isFinite(y)) return;
    const key = u.toFixed(6);
    const group = groups.get(key) ?? { u, values: [] };
    group.values.push(y);
    groups.set(key, group);
  });
  return [...groups.values()]
    .sort((a, b) => a.u - b.u)
    .map(({ u, values }) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd =
        values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : Number.NaN;
      return { u, mean, sd, count: values.length };
    });
}

/** Tested log10 molar range of a fit: its recorded range, else the range of its points. */
function testedRange(fit: CurveFit): [number, number] | null {
  const [lo, hi] = fit.log10Range;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return [lo, hi];
  const us = fit.points.log10Molar.filter(Number.isFinite);
  return us.length > 0 ? extent(us) : null;
}


/**
 * One compound's dose-response plot: every fit overlaid (parental lines first), points as
 * mean ± SD per concentration with the replicates faint behind them, the fitted curve (a
 * `<path class="curve">` per fitted line, dashed when the fit is flagged), the IC50 marked
 * (`<g class="ic50">`: a dot on the curve with its confidence interval as a horizontal bar)
 * when it is finite and inside the plot, a log10 concentration axis in the fits' unit and a
 * legend with IC50 [CI] and RF as the table prints them. 640 px wide; the legend below the
 * plot adds a row per line (two when flagged), so it never covers data.
 */
export function curvePlotSvg(inputs: readonly PlotInput[], options: CurvePlotOptions = {}): string {
  const lines = inputs.map(asLine);
  const fits = lines.map((l) => l.fit);
  const lineOf = new Map(lines.map((l) => [l.fit, l] as const));
  // Flags worth a mark on the plot: every flag of the fit and of its comparisons.
  const flagsOf = (fit: CurveFit): readonly Flag[] => [...fit.flags, ...(lineOf.get(fit)?.comparisons.flatMap((c) => c.flags) ?? [])];
  const order = [...(options.lineOrder ?? lineOrder(lines))];
  for (const line of lineOrder(lines)) if (!order.includes(line)) order.push(line);
  const rank = (f: CurveFit): number => order.indexOf(f.cellLine);
  const sorted = fits.map((fit, i) => ({ fit, i })).sort((a, b) => rank(a.fit) - rank(b.fit) || a.i - b.i).map((e) => e.fit);
  const styleOf = (fit: CurveFit): LineStyle => {
    const index = Math.max(0, rank(fit));
    return { colour: PALETTE[index % PALETTE.length]!, shape: SHAPES[index % SHAPES.length]! };
  };

  // The axis unit: the first (parental) fit's; every position is computed in log10 molar and
  // shifted to it, so fits in other units still line up.
  const unit = sorted.length > 0 ? unitOf(sorted[0]!) : parseConcentrationUnit('M')!;
  const shift = unit.log10Molar;

  // x window: the tested ranges, a little wider.
  const ranges = sorted.map(testedRange).filter((r): r is [number, number] => r !== null);
  let xLo = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) - shift : -1;
  let xHi = ranges.length > 0 ? Math.max(...ranges.map((r) => r[1])) - shift : 1;
  if (xHi - xLo < 1) {
    const middle = (xLo + xHi) / 2;
    xLo = middle - 0.5;
    xHi = middle + 0.5;
  }
  xLo -= X_PAD;
  xHi += X_PAD;

  // Curves, sampled over each fit's own tested range (a little wider), clipped to the window.
  const curves = new Map<CurveFit, { u: number; y: number }[]>();
  for (const fit of sorted) {
    const fitted = fittedModel(fit);
    const range = testedRange(fit);
    if (!fitted || !range) continue;
    const from = Math.max(xLo, range[0] - shift - X_PAD);
    const to = Math.min(xHi, range[1] - shift + X_PAD);
    const samples: { u: number; y: number }[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const u = from + ((to - from) * i) / (SAMPLES - 1);
      samples.push({ u, y: evaluateModel(fitted.model, fitted.parameters, u + shift) });
    }
    curves.set(fit, samples);
  }

  // y window: 0–100 and the data, clipped to −20…140, in steps of 20.
  const ys: number[] = [0, 100];
  for (const fit of sorted) for (const y of fit.points.response) if (Number.isFinite(y)) ys.push(y);
  for (const fit of sorted) for (const y of fit.excluded?.response ?? []) if (Number.isFinite(y)) ys.push(y);
  for (const samples of curves.values()) for (const s of samples) if (Number.isFinite(s.y)) ys.push(s.y);
  const [yMin, yMax] = extent(ys);
  const yLo = Math.max(-20, Math.floor(yMin / 20) * 20);
  const yHi = Math.min(140, Math.ceil(yMax / 20) * 20);

  const px = (u: number): number => LEFT + ((u - xLo) / (xHi - xLo)) * (RIGHT - LEFT);
  const py = (y: number): number => BOTTOM - ((Math.min(yHi, Math.max(yLo, y)) - yLo) / (yHi - yLo)) * (BOTTOM - TOP);
  const inside = (y: number): boolean => y >= yLo && y <= yHi;

  const out: string[] = [];
  const legendRows = sorted.reduce((rows, fit) => rows + (flagsOf(fit).length > 0 ? 2 : 1), 0);
  const height = LEGEND_TOP + Math.max(1, legendRows) * ROW + 8;
  const title = options.title ?? ([...new Set(sorted.map((f) => f.compound))].join(', ') || 'no fits');
  out.push(
    `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
      `font-family="${FONT_FAMILY}" font-size="12" class="ic50-curves" role="img">`,
  );
  out.push(`<title>${escapeXml(`${title}: dose-response`)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${LEFT}" y="24" font-size="15" font-weight="bold" fill="#111111">${escapeXml(title)}</text>`);

  // Grid, ticks and axes.
  out.push('<g class="axes" stroke-width="1">');
  for (let y = yLo; y <= yHi; y += 20) {
    const yy = py(y);
    out.push(`<line x1="${LEFT}" y1="${n(yy)}" x2="${RIGHT}" y2="${n(yy)}" stroke="${y === 0 || y === 100 ? '#c8c8c8' : '#ececec'}"/>`);
    out.push(`<line x1="${LEFT - 5}" y1="${n(yy)}" x2="${LEFT}" y2="${n(yy)}" stroke="#333333"/>`);
    out.push(`<text x="${LEFT - 8}" y="${n(yy + 4)}" text-anchor="end" fill="#333333">${y < 0 ? `−${-y}` : y}</text>`);
  }
  const decades: number[] = [];
  for (let k = Math.ceil(xLo); k <= Math.floor(xHi); k++) decades.push(k);
  const labelStep = Math.max(1, Math.ceil(decades.length / 9));
  const minorLabels = decades.length < 2;
  for (const k of decades) {
    const x = px(k);
    out.push(`<line x1="${n(x)}" y1="${TOP}" x2="${n(x)}" y2="${BOTTOM}" stroke="#ececec"/>`);
    out.push(`<line x1="${n(x)}" y1="${BOTTOM}" x2="${n(x)}" y2="${BOTTOM + 6}" stroke="#333333"/>`);
    if (k % labelStep === 0) {
      out.push(`<text x="${n(x)}" y="${BOTTOM + 19}" text-anchor="middle" fill="#333333">${escapeXml(decadeLabel(k, unit))}</text>`);
    }
  }
  if (decades.length <= 12) {
    for (let k = Math.floor(xLo); k <= Math.ceil(xHi); k++) {
      for (let m = 2; m <= 9; m++) {
        const u = k + Math.log10(m);
        if (u < xLo || u > xHi) continue;
        const x = px(u);
        out.push(`<line x1="${n(x)}" y1="${BOTTOM}" x2="${n(x)}" y2="${BOTTOM + 3}" stroke="#333333"/>`);
        if (minorLabels && (m === 2 || m === 5)) {
          out.push(`<text x="${n(x)}" y="${BOTTOM + 19}" text-anchor="middle" fill="#333333">${escapeXml(minorLabel(m, k, unit))}</text>`);
        }
      }
    }
  }
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${RIGHT - LEFT}" height="${BOTTOM - TOP}" fill="none" stroke="#333333"/>`);
  out.push('</g>');
  const xTitle = unit.isLog ? 'concentration (log10 M)' : `concentration (${displayUnit(unit.name)})`;
  out.push(`<text x="${n((LEFT + RIGHT) / 2)}" y="${BOTTOM + 40}" text-anchor="middle" fill="#111111">${escapeXml(xTitle)}</text>`);
  out.push(
    `<text x="18" y="${n((TOP + BOTTOM) / 2)}" text-anchor="middle" fill="#111111" transform="rotate(-90 18 ${n((TOP + BOTTOM) / 2)})">viability (%)</text>`,
  );

  // Data: raw points faint, then mean ± SD, then the curve and the IC50 of each line.
  for (const fit of sorted) {
    const { colour, shape } = styleOf(fit);
    const flagged = flagsOf(fit).length > 0;
    out.push(`<g class="fit" data-cell-line="${escapeXml(fit.cellLine)}" data-compound="${escapeXml(fit.compound)}">`);
    out.push(`<g class="raw" fill="${colour}" fill-opacity="0.28">`);
    fit.points.log10Molar.forEach((u, i) => {
      const y = fit.points.response[i]!;
      if (!Number.isFinite(u) || !Number.isFinite(y) || u - shift < xLo || u - shift > xHi) return;
      const well = fit.points.wells?.[i];
      out.push(`<circle cx="${n(px(u - shift))}" cy="${n(py(y))}" r="2"${well !== undefined ? ` data-well="${escapeXml(well)}"` : ''}/>`);
    });
    out.push('</g>');
    // ROUT outliers: a cross at each, named (and, removed, not in the means or the fit).
    if (fit.outliers) {
      const { wells, log10Molar, response, removed } = fit.outliers;
      out.push(`<g class="outliers" stroke="${colour}" stroke-width="1.6">`);
      log10Molar.forEach((u, i) => {
        const x = px(u - shift);
        const y = py(response[i]!);
        if (!Number.isFinite(x) || !Number.isFinite(y) || u - shift < xLo || u - shift > xHi) return;
        const tip = `${fit.cellLine}: outlier ${wells[i]} (${removed ? 'removed from the fit' : 'kept in the fit'})`;
        out.push(`<path d="M${n(x - 4)},${n(y - 4)}L${n(x + 4)},${n(y + 4)}M${n(x - 4)},${n(y + 4)}L${n(x + 4)},${n(y - 4)}" data-well="${escapeXml(wells[i]!)}"><title>${escapeXml(tip)}</title></path>`);
      });
      out.push('</g>');
    }
    out.push(`<g class="means" stroke="${colour}" stroke-width="1.2">`);
    for (const p of summarizePoints(fit)) {
      const x = px(p.u - shift);
      if (Number.isFinite(p.sd) && p.sd > 0) {
        const a = py(p.mean - p.sd);
        const b = py(p.mean + p.sd);
        out.push(`<path class="sd" d="M${n(x)},${n(a)}V${n(b)}M${n(x - 3)},${n(a)}H${n(x + 3)}M${n(x - 3)},${n(b)}H${n(x + 3)}" fill="none"/>`);
      }
      const hollow = !inside(p.mean);
      out.push(marker(shape, x, py(p.mean), 3.6, `class="mean" fill="${hollow ? '#ffffff' : colour}" stroke="${hollow ? colour : '#ffffff'}" stroke-width="0.8"`));
    }
    out.push('</g>');
    // Wells the user excluded: hollow and crossed, with the reason on hover; never in the means or the fit.
    if (fit.excluded) {
      const { wells, log10Molar, response, reasons } = fit.excluded;
      out.push(`<g class="excluded" stroke="${colour}" stroke-width="1.2" fill="#ffffff">`);
      log10Molar.forEach((u, i) => {
        const y = response[i]!;
        if (!Number.isFinite(u) || !Number.isFinite(y) || u - shift < xLo || u - shift > xHi) return;
        const x = px(u - shift);
        const yy = py(y);
        const tip = `${fit.cellLine}: ${wells[i]} excluded${reasons[i] ? ` (${reasons[i]})` : ''}`;
        out.push(
          `<g data-well="${escapeXml(wells[i]!)}"><title>${escapeXml(tip)}</title><circle cx="${n(x)}" cy="${n(yy)}" r="3.5"/>` +
            `<path d="M${n(x - 3.5)},${n(yy - 3.5)}L${n(x + 3.5)},${n(yy + 3.5)}M${n(x - 3.5)},${n(yy + 3.5)}L${n(x + 3.5)},${n(yy - 3.5)}"/></g>`,
        );
      });
      out.push('</g>');
    }
    const samples = curves.get(fit);
    if (samples) {
      const d = samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${n(px(s.u))},${n(py(s.y))}`).join('');
      out.push(
        `<path class="curve" d="${d}" fill="none" stroke="${colour}" stroke-width="2"` +
          `${flagged ? ' stroke-dasharray="7 4"' : ''} stroke-linejoin="round"/>`,
      );
    }
    const fitted = fittedModel(fit);
    const { value, lower, upper } = fit.log10Ic50;
    if (fitted && Number.isFinite(value) && value - shift >= xLo && value - shift <= xHi) {
      const x = px(value - shift);
      const yMid = evaluateModel(fitted.model, fitted.parameters, value);
      const y = py(yMid);
      const parts = [`<line x1="${n(x)}" y1="${n(y)}" x2="${n(x)}" y2="${BOTTOM}" stroke="${colour}" stroke-width="1" stroke-dasharray="2 3"/>`];
      if (Number.isFinite(lower) && Number.isFinite(upper)) {
        const a = px(Math.max(xLo, lower - shift));
        const b = px(Math.min(xHi, upper - shift));
        parts.push(`<path class="ic50-ci" d="M${n(a)},${n(y)}H${n(b)}M${n(a)},${n(y - 5)}V${n(y + 5)}M${n(b)},${n(y - 5)}V${n(y + 5)}" stroke="${colour}" stroke-width="2" fill="none"/>`);
      }
      parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="3.5" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`);
      const tip = `${lineName(fit)}: IC50 ${ic50Text(fit)} ${displayUnit(toRecord(fit).unit as string)}`;
      out.push(`<g class="ic50"><title>${escapeXml(tip)}</title>${parts.join('')}</g>`);
    } else if (fitted && Number.isFinite(value)) {
      // Beyond the plot: an arrowhead on the edge it lies past, at half-way height.
      const right = value - shift > xHi;
      const x = right ? RIGHT - 2 : LEFT + 2;
      const y = py(evaluateModel(fitted.model, fitted.parameters, value));
      const s = right ? -1 : 1;
      const tip = `${fit.cellLine}: IC50 ${ic50Text(fit)} ${displayUnit(toRecord(fit).unit as string)} (${right ? 'above' : 'below'} the plotted range)`;
      out.push(
        `<g class="ic50-offscale"><title>${escapeXml(tip)}</title>` +
          `<path d="M${n(x)},${n(y)}L${n(x + s * 9)},${n(y - 6)}L${n(x + s * 9)},${n(y + 6)}Z" fill="${colour}" stroke="#ffffff" stroke-width="1"/></g>`,
      );
    }
    out.push('</g>');
  }

  // Legend, below the plot.
  out.push(`<g class="legend">`);
  let y = LEGEND_TOP;
  if (sorted.length === 0) out.push(`<text x="${LEFT}" y="${y + 4}" fill="#333333">no fits</text>`);
  for (const fit of sorted) {
    const { colour, shape } = styleOf(fit);
    const flags = flagsOf(fit);
    const unitText = displayUnit(toRecord(fit).unit as string);
    const ic50 = ic50Text(fit);
    const rf = rfText(lineOf.get(fit)!);
    let text = `${lineName(fit)}: IC50 ${ic50}${ic50 === '—' ? '' : ` ${unitText}`}`;
    if (!fittedModel(fit)) text += ' (not fitted)';
    if (rf !== '') text += `, RF ${rf}`;
    const excluded = fit.excluded?.wells.length ?? 0;
    if (excluded > 0) text += `, ${excluded} well${excluded === 1 ? '' : 's'} excluded (⊗)`;
    out.push(
      `<line x1="${LEFT}" y1="${y}" x2="${LEFT + 26}" y2="${y}" stroke="${colour}" stroke-width="2"${flags.length > 0 ? ' stroke-dasharray="7 4"' : ''}/>`,
    );
    out.push(marker(shape, LEFT + 13, y, 3.6, `fill="${colour}" stroke="#ffffff" stroke-width="0.8"`));
    out.push(`<text x="${LEFT + 34}" y="${y + 4}" fill="#111111">${escapeXml(text)}</text>`);
    y += ROW;
    if (flags.length > 0) {
      const named = flags.map((flag) =>
        flag === 'outliers' && fit.outliers ? `${fit.outliers.wells.length} outlier${fit.outliers.wells.length === 1 ? '' : 's'} ${fit.outliers.removed ? 'removed' : 'kept'} (×)` : flag,
      );
      out.push(`<text class="flags" x="${LEFT + 34}" y="${y + 4}" fill="${FLAG_COLOUR}">${escapeXml(`⚠ ${named.join(', ')}`)}</text>`);
      y += ROW;
    }
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
