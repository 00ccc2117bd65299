import { usableForMean } from '../compare/experiments.js';
import { confidenceBand } from '../fit/confidenceBand.js';
import { evaluateModel } from '../models/model.js';
import { parseConcentrationUnit, unitOrMolar, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { Comparison, CurveFit, Estimate, ResultRow } from '../types.js';
import { xmlSafe } from './escape.js';
import { formatNumber } from './formatNumber.js';
import { axesSvg, n, niceStep, paddedRange, tickText, xPixel, yPixel, type PlotFrame } from './plotFrame.js';
import { plotSeries, type PlotSeries, type SummaryLine } from './plotSeries.js';
import { errorBar, experimentSummaries, replicateSummaries, type ErrorBars, type PointSummary } from './pointSummaries.js';
import { recordOf, toRecord } from './records.js';
import { textWidth, wrapText } from './wrapText.js';

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

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Text for XML and HTML: & < > " ' escaped, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The unit as shown to people: the canonical name, with µ for micro. */
export function displayUnit(unit: string): string {
  return unit === 'uM' ? 'µM' : unit;
}

/** The unit a fit's concentrations are drawn in (M when it names none ic50 knows). */
export function unitOf(fit: CurveFit): ConcentrationUnit {
  return unitOrMolar(fit.unit);
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
  return comparisonsText(line.comparisons, (comparison) => ({ kind: 'fit', fit: line.fit, comparison }));
}

/** The RF [CI] of each comparison of a fit's or a summary's rows, as the table prints them. */
export function comparisonsText(comparisons: readonly Comparison[], rowOf: (comparison: Comparison) => ResultRow): string {
  return comparisons
    .map((comparison) => {
      const r = recordOf(rowOf(comparison));
      const rf = r.rf as number | null;
      const vs = comparisons.length > 1 ? ` vs ${comparison.parental}` : '';
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

export type { ErrorBars } from './pointSummaries.js';
export { summaryLines, type SummaryLine } from './plotSeries.js';

/** How a figure looks: its size, font, title, error bars and band (the --plot-*, --title, --error-bars and --band options). */
export interface FigureStyle {
  /** Width of the figure in pixels (SVG units); default 640. */
  readonly width?: number | undefined;
  /**
   * Height of the whole figure in pixels; by default a 280-pixel plot area with the title, axes,
   * caption and legend around it. A figure too short for its legend and a 100-pixel plot area
   * grows to hold them: a name is never cut.
   */
  readonly height?: number | undefined;
  /** Font size in pixels of the axes, caption and legend (the title is 1.25×); default 12. */
  readonly fontSize?: number | undefined;
  /** What the error bars show: SD (default), SEM or none. */
  readonly errorBars?: ErrorBars | undefined;
  /** Draw each fitted curve's confidence band (delta method) at `confidence`. */
  readonly band?: boolean | undefined;
  /** Confidence level of the band (and of the intervals printed); default 0.95. */
  readonly confidence?: number | undefined;
}

export interface CurvePlotOptions extends FigureStyle {
  /** Title; defaults to the compounds of the fits; "" for none. */
  readonly title?: string | undefined;
  /**
   * Cell lines in colour order (pass lineOrder(report.fits) so a line keeps its colour across
   * compounds); defaults to lineOrder(fits). Lines not listed follow in order of appearance.
   */
  readonly lineOrder?: readonly string[];
  /**
   * Summaries across independent experiments (summaryLines(rows)): the fits of a summary's
   * experiments are drawn as one line — their points together, one curve with the summary's
   * IC50 and each experiment's IC50 marked on it — with one legend entry.
   */
  readonly summaries?: readonly SummaryLine[];
}

const X_PAD = 0.3;
const SAMPLES = 200;
const FLAG_COLOUR = '#B34700';
const DEFAULT_WIDTH = 640;
const DEFAULT_PLOT_HEIGHT = 280;
const MIN_PLOT_HEIGHT = 100;

/** Marker shapes, cycled with the palette, so lines differ in more than colour. */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down'] as const;
type Shape = (typeof SHAPES)[number];

export function marker(shape: Shape, x: number, y: number, r: number, attributes: string): string {
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

export interface LineStyle {
  readonly colour: string;
  readonly shape: Shape;
}

/** The colour and marker of the cell line at this place of the colour order. */
export function lineStyle(index: number): LineStyle {
  const i = Math.max(0, index);
  return { colour: PALETTE[i % PALETTE.length]!, shape: SHAPES[i % SHAPES.length]! };
}

/** The plotted points of a series: its fit's replicate means, or the means across its experiments. */
function seriesPoints(series: PlotSeries): PointSummary[] {
  return series.summary ? experimentSummaries(series.fits) : replicateSummaries(series.fits[0]!);
}

/** "3", or "2–3" when the counts differ. */
function countRange(counts: readonly number[]): string {
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

/**
 * The figure's caption: what a point is (mean ± SD or SEM, of how many wells or experiments), the
 * faint dots, the band and, with experiments, what their curve and ticks are.
 */
export function figureCaption(series: readonly PlotSeries[], style: FigureStyle): string {
  const bars = style.errorBars ?? 'sd';
  const sign = bars === 'sd' ? ' ± SD' : bars === 'sem' ? ' ± SEM' : '';
  const parts: string[] = [];
  const describe = (of: readonly PlotSeries[], what: string, each: string): void => {
    const counts = of.flatMap((s) => seriesPoints(s).map((p) => p.n));
    if (counts.length === 0) return;
    if (Math.max(...counts) === 1) parts.push(`single ${what} (n = 1), no error bars`);
    else parts.push(`mean${sign} of n = ${countRange(counts)} ${what} per concentration${each}${bars === 'none' ? ', no error bars' : ''}`);
  };
  const replicates = series.filter((s) => !s.summary);
  const experiments = series.filter((s) => s.summary);
  describe(replicates, 'replicate wells', '');
  describe(experiments, 'independent experiments', ' (each the mean of its wells)');
  const sentences = parts.length > 0 ? [`Points: ${parts.join('; ')}. Faint dots: single wells.`] : [];
  if (experiments.length > 0) sentences.push('Curves: the mean of each line’s fits across experiments; ticks: each experiment’s IC50.');
  if (style.band && replicates.some((s) => s.curve)) sentences.push(`Shaded: ${formatNumber((style.confidence ?? 0.95) * 100, 4)} % confidence band of the curve (delta method).`);
  if (style.band && experiments.length > 0) sentences.push('No band on a mean of experiments.');
  return sentences.join(' ');
}

/** The row of a series as the tables print it: its fit's, or its summary's across experiments. */
function seriesRow(series: PlotSeries, comparison?: Comparison): ResultRow {
  const compared = comparison ? { comparison } : {};
  return series.summary ? { kind: 'summary', summary: series.summary, ...compared } : { kind: 'fit', fit: series.fits[0]!, ...compared };
}

/** IC50 [CI] of a series in its unit, as the table prints it. */
function seriesIc50Text(series: PlotSeries): string {
  const r = recordOf(seriesRow(series));
  return intervalText(r.ic50 as number | null, r.ic50_ci_low as number | null, r.ic50_ci_high as number | null);
}

/** One legend entry's text: name, IC50 [CI] and unit, what the line is, RF, excluded wells. */
function legendText(series: PlotSeries): string {
  const ic50 = seriesIc50Text(series);
  const unit = displayUnit(recordOf(seriesRow(series)).unit as string);
  let text = `${series.name}: IC50 ${ic50}${ic50 === '—' ? '' : ` ${unit}`}`;
  if (series.summary) {
    const { nExperiments, experiments } = series.summary;
    text += ` (mean of ${nExperiments === experiments.length ? '' : `${nExperiments} of `}${experiments.length} experiments)`;
  } else if (!series.curve) text += ' (not fitted)';
  const rf = comparisonsText(series.comparisons, (comparison) => seriesRow(series, comparison));
  if (rf !== '') text += `, RF ${rf}`;
  const excluded = series.fits.reduce((k, f) => k + (f.excluded?.wells.length ?? 0), 0);
  if (excluded > 0) text += `, ${excluded} well${excluded === 1 ? '' : 's'} excluded (⊗)`;
  return text;
}

/** The flags line of a legend entry ("" when none): every flag, outliers said with their count. */
function legendFlags(series: PlotSeries): string {
  const fit = series.fits[0]!;
  const named = series.flags.map((flag) =>
    flag === 'outliers' && fit.outliers ? `${fit.outliers.wells.length} outlier${fit.outliers.wells.length === 1 ? '' : 's'} ${fit.outliers.removed ? 'removed' : 'kept'} (×)` : flag,
  );
  const all = [...named, ...series.experimentFlags];
  return all.length > 0 ? `⚠ ${all.join(', ')}` : '';
}

/** Lines of text as one `<text>` with a `<tspan>` per line. */
function textBlock(lines: readonly string[], x: number, y: number, lineHeight: number, attributes: string): string {
  const spans = lines.map((line, i) => `<tspan x="${n(x)}"${i === 0 ? '' : ` dy="${n(lineHeight)}"`}>${escapeXml(line)}</tspan>`);
  return `<text x="${n(x)}" y="${n(y)}" ${attributes}>${spans.join('')}</text>`;
}

/**
 * One compound's dose-response figure as SVG text: every line overlaid (parental lines first),
 * points as mean ± SD (or SEM, or none) per concentration with the single wells faint behind
 * them, the fitted curve over the tested range (a `<path class="curve">` per line, dashed when
 * flagged), with `band` its confidence band (`<path class="band">`), the IC50 marked
 * (`<g class="ic50">`: a ring on the curve with its interval as a bar) when inside the plot,
 * excluded wells hollow and crossed, outliers crossed; a log10 concentration axis in the fits'
 * unit, a y axis covering every point with room to spare, a caption saying what the points and
 * bars are (and n), and below the plot a legend with IC50 [CI] and RF as the table prints them,
 * wrapped to the figure's width — never cut. With `summaries`, a line across independent
 * experiments is one curve and one legend entry with each experiment's IC50 as a tick on it.
 *
 * Everything drawn comes from the fits themselves — their points, their parameters evaluated
 * with the model (never a refit; a line across experiments averages its experiments' parameters)
 * and, for every printed number, the records the tables print. Deterministic: fixed number
 * formatting, no ids, no dates; the same fits give the same bytes.
 */
export function curvePlotSvg(inputs: readonly PlotInput[], options: CurvePlotOptions = {}): string {
  const lines = inputs.map(asLine);
  const order = [...(options.lineOrder ?? lineOrder(lines))];
  for (const line of lineOrder(lines)) if (!order.includes(line)) order.push(line);
  const rank = (cellLine: string): number => order.indexOf(cellLine);
  const series = plotSeries(lines, options.summaries ?? [], rank);
  const styleOf = (s: PlotSeries): LineStyle => lineStyle(rank(s.cellLine));
  const f = options.fontSize ?? 12;
  const width = options.width ?? DEFAULT_WIDTH;
  const errorBars = options.errorBars ?? 'sd';
  const confidence = options.confidence ?? 0.95;
  const radius = Math.max(3, f * 0.3);

  // The axis unit: the first (parental) line's; every position is computed in log10 molar and
  // shifted to it, so fits in other units still line up.
  const unit = series.length > 0 ? unitOf(series[0]!.fits[0]!) : parseConcentrationUnit('M')!;
  const shift = unit.log10Molar;

  // x window: the tested ranges, a little wider so that no point sits on the frame.
  const ranges = series.map((s) => s.range).filter((r): r is readonly [number, number] => r !== null);
  let xLo = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) - shift : -1;
  let xHi = ranges.length > 0 ? Math.max(...ranges.map((r) => r[1])) - shift : 1;
  if (xHi - xLo < 1) {
    const middle = (xLo + xHi) / 2;
    xLo = middle - 0.5;
    xHi = middle + 0.5;
  }
  xLo -= X_PAD;
  xHi += X_PAD;

  // Curves (and bands), sampled over each line's tested range only: never beyond the data.
  const drawn = new Map<PlotSeries, { u: number; y: number; lower?: number; upper?: number }[]>();
  for (const s of series) {
    if (!s.curve || !s.range) continue;
    const from = s.range[0] - shift;
    const to = s.range[1] - shift;
    const us = Array.from({ length: SAMPLES }, (_, i) => from + ((to - from) * i) / (SAMPLES - 1));
    const band = options.band && !s.summary ? confidenceBand(s.fits[0]!, us.map((u) => u + shift), confidence) : null;
    drawn.set(
      s,
      us.map((u, i) => ({
        u,
        y: evaluateModel(s.curve!.model, s.curve!.parameters, u + shift),
        ...(band ? { lower: band[i]!.lower, upper: band[i]!.upper } : {}),
      })),
    );
  }

  // y window: 0–100 and everything drawn but the band (which is cut at the frame), padded.
  const points = new Map(series.map((s) => [s, seriesPoints(s)] as const));
  const ys: number[] = [];
  for (const s of series) {
    for (const fit of s.fits) {
      ys.push(...fit.points.response, ...(fit.excluded?.response ?? []), ...(fit.outliers?.response ?? []));
    }
    for (const p of points.get(s)!) {
      const e = errorBar(p, errorBars);
      ys.push(p.mean, ...(Number.isFinite(e) ? [p.mean - e, p.mean + e] : []));
    }
    for (const sample of drawn.get(s) ?? []) ys.push(sample.y);
  }
  const [yLo, yHi] = paddedRange(ys, 0, 100);
  const yStep = niceStep(yHi - yLo);

  // Layout: title, plot area, axis labels, caption, legend; text wrapped to the width.
  const titleText = options.title ?? ([...new Set(series.map((s) => s.fits[0]!.compound))].join(', ') || 'no fits');
  const titleSize = Math.round(f * 1.25 * 10) / 10;
  const margin = Math.max(8, f * 0.7);
  let widestLabel = 0;
  for (let k = Math.ceil(yLo / yStep - 1e-9); k * yStep <= yHi + 1e-9; k++) widestLabel = Math.max(widestLabel, textWidth(tickText(k * yStep), f));
  const left = Math.round(f * 2 + widestLabel + 10);
  const right = width - Math.max(16, f * 1.6);
  // Title, caption and legend start where the plot area does (at the margin in a narrow figure).
  const legendX = width >= 480 ? left : margin;
  const titleX = legendX;
  const titleLines = titleText === '' ? [] : wrapText(titleText, width - margin - titleX, titleSize, true);
  const titleLine = titleSize * 1.3;
  const top = titleLines.length > 0 ? margin + titleLines.length * titleLine + f * 0.5 : f;
  const swatch = 26 + 8;
  const textRoom = width - margin - (legendX + swatch);
  const captionSize = Math.round(f * 0.9 * 10) / 10;
  const captionLines = series.length > 0 ? wrapText(figureCaption(series, options), width - margin - legendX, captionSize) : [];
  const row = f * 1.4;
  const entries = series.map((s) => ({
    series: s,
    text: wrapText(legendText(s), textRoom, f),
    flags: legendFlags(s) === '' ? [] : wrapText(legendFlags(s), textRoom, f),
  }));
  const legendRows = series.length === 0 ? 1 : entries.reduce((k, e) => k + e.text.length + e.flags.length, 0);
  const below = 6 + f * 1.1 + f * 1.7 + (captionLines.length > 0 ? f * 0.6 + captionLines.length * captionSize * 1.3 : 0) + f * 1.2 + legendRows * row;
  const plotHeight = options.height !== undefined ? Math.max(MIN_PLOT_HEIGHT, options.height - top - below) : DEFAULT_PLOT_HEIGHT;
  const height = Math.round(Math.max(options.height ?? 0, top + plotHeight + below));
  const bottom = top + plotHeight;
  const frame: PlotFrame = { left, right, top, bottom, xLo, xHi, yLo, yHi, fontSize: f };
  const px = (u: number): number => xPixel(frame, u);
  const py = (y: number): number => yPixel(frame, y);
  const inWindow = (u: number): boolean => Number.isFinite(u) && u - shift >= xLo && u - shift <= xHi;

  const out: string[] = [];
  out.push(
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${FONT_FAMILY}" font-size="${n(f)}" class="ic50-curves" role="img">`,
  );
  out.push(`<title>${escapeXml(`${titleText || [...new Set(series.map((s) => s.fits[0]!.compound))].join(', ')}: dose-response`)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (titleLines.length > 0) {
    out.push(textBlock(titleLines, titleX, margin + titleSize, titleLine, `class="title" font-size="${n(titleSize)}" font-weight="bold" fill="#111111"`));
  }
  out.push(...axesSvg(frame, unit, yStep, [0, 100]));
  const xTitle = unit.isLog ? 'concentration (log10 M)' : `concentration (${displayUnit(unit.name)})`;
  const xTitleY = bottom + 6 + f * 1.1 + f * 1.6;
  out.push(`<text x="${n((left + right) / 2)}" y="${n(xTitleY)}" text-anchor="middle" fill="#111111">${escapeXml(xTitle)}</text>`);
  const yTitleX = f * 0.9;
  out.push(
    `<text x="${n(yTitleX)}" y="${n((top + bottom) / 2)}" text-anchor="middle" fill="#111111" transform="rotate(-90 ${n(yTitleX)} ${n((top + bottom) / 2)})">viability (%)</text>`,
  );

  // Data, per line: the band, the single wells faint, outliers, means ± error bars, excluded
  // wells, the curve, the IC50 and (across experiments) each experiment's IC50.
  for (const s of series) {
    const { colour, shape } = styleOf(s);
    const flagged = s.flags.length > 0;
    const samples = drawn.get(s);
    const compound = s.fits[0]!.compound;
    out.push(
      `<g class="fit" data-cell-line="${escapeXml(s.cellLine)}" data-compound="${escapeXml(compound)}"` +
        `${s.summary ? ` data-experiments="${escapeXml(s.summary.experiments.join(', '))}"` : ''}>`,
    );
    if (samples && samples[0]?.lower !== undefined) {
      const upper = samples.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(px(p.u))},${n(py(p.upper!))}`).join('');
      const lower = [...samples].reverse().map((p) => `L${n(px(p.u))},${n(py(p.lower!))}`).join('');
      out.push(`<path class="band" d="${upper}${lower}Z" fill="${colour}" fill-opacity="0.16" stroke="none"/>`);
    }
    out.push(`<g class="raw" fill="${colour}" fill-opacity="0.28">`);
    for (const fit of s.fits) {
      fit.points.log10Molar.forEach((u, i) => {
        const y = fit.points.response[i]!;
        if (!inWindow(u) || !Number.isFinite(y)) return;
        const well = fit.points.wells?.[i];
        out.push(`<circle cx="${n(px(u - shift))}" cy="${n(py(y))}" r="${n(radius * 0.55)}"${well !== undefined ? ` data-well="${escapeXml(well)}"` : ''}/>`);
      });
    }
    out.push('</g>');
    // ROUT outliers: a cross at each, named (and, removed, not in the means or the fit).
    const withOutliers = s.fits.filter((fit) => fit.outliers);
    if (withOutliers.length > 0) {
      out.push(`<g class="outliers" stroke="${colour}" stroke-width="1.6">`);
      for (const fit of withOutliers) {
        const { wells, log10Molar, response, removed } = fit.outliers!;
        log10Molar.forEach((u, i) => {
          if (!inWindow(u) || !Number.isFinite(response[i]!)) return;
          const x = px(u - shift);
          const y = py(response[i]!);
          const d = radius * 1.1;
          const tip = `${lineName(fit)}: outlier ${wells[i]} (${removed ? 'removed from the fit' : 'kept in the fit'})`;
          out.push(`<path d="M${n(x - d)},${n(y - d)}L${n(x + d)},${n(y + d)}M${n(x - d)},${n(y + d)}L${n(x + d)},${n(y - d)}" data-well="${escapeXml(wells[i]!)}"><title>${escapeXml(tip)}</title></path>`);
        });
      }
      out.push('</g>');
    }
    out.push(`<g class="means" stroke="${colour}" stroke-width="1.2">`);
    for (const p of points.get(s)!) {
      const x = px(p.u - shift);
      const e = errorBar(p, errorBars);
      if (Number.isFinite(e) && e > 0) {
        const a = py(p.mean - e);
        const b = py(p.mean + e);
        const w = radius * 0.85;
        out.push(`<path class="error-bar" d="M${n(x)},${n(a)}V${n(b)}M${n(x - w)},${n(a)}H${n(x + w)}M${n(x - w)},${n(b)}H${n(x + w)}" fill="none"/>`);
      }
      out.push(marker(shape, x, py(p.mean), radius * 1.2, `class="mean" data-n="${p.n}" fill="${colour}" stroke="#ffffff" stroke-width="0.8"`));
    }
    out.push('</g>');
    // Wells the user excluded: hollow and crossed, with the reason on hover; never in the means or the fit.
    const withExcluded = s.fits.filter((fit) => fit.excluded && fit.excluded.wells.length > 0);
    if (withExcluded.length > 0) {
      out.push(`<g class="excluded" stroke="${colour}" stroke-width="1.2" fill="#ffffff">`);
      for (const fit of withExcluded) {
        const { wells, log10Molar, response, reasons } = fit.excluded!;
        log10Molar.forEach((u, i) => {
          const y = response[i]!;
          if (!inWindow(u) || !Number.isFinite(y)) return;
          const x = px(u - shift);
          const yy = py(y);
          const r = radius * 1.15;
          const tip = `${lineName(fit)}: ${wells[i]} excluded${reasons[i] ? ` (${reasons[i]})` : ''}`;
          out.push(
            `<g data-well="${escapeXml(wells[i]!)}"><title>${escapeXml(tip)}</title><circle cx="${n(x)}" cy="${n(yy)}" r="${n(r)}"/>` +
              `<path d="M${n(x - r)},${n(yy - r)}L${n(x + r)},${n(yy + r)}M${n(x - r)},${n(yy + r)}L${n(x + r)},${n(yy - r)}"/></g>`,
          );
        });
      }
      out.push('</g>');
    }
    if (samples) {
      const d = samples.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(px(p.u))},${n(py(p.y))}`).join('');
      out.push(
        `<path class="curve" d="${d}" fill="none" stroke="${colour}" stroke-width="2"` +
          `${flagged ? ' stroke-dasharray="7 4"' : ''} stroke-linejoin="round"/>`,
      );
    }
    out.push(...ic50Marks(s, colour, radius, { px, py, inWindow, shift, frame }));
    out.push('</g>');
  }

  // Caption and legend, below the plot.
  let y = xTitleY + f * 0.6;
  if (captionLines.length > 0) {
    y += captionSize * 1.3;
    out.push(textBlock(captionLines, legendX, y, captionSize * 1.3, `class="caption" font-size="${n(captionSize)}" fill="#444444"`));
    y += (captionLines.length - 1) * captionSize * 1.3;
  }
  y += f * 1.2 + f * 0.4;
  out.push(`<g class="legend">`);
  if (series.length === 0) out.push(`<text x="${n(legendX)}" y="${n(y)}" fill="#333333">no fits</text>`);
  for (const { series: s, text, flags } of entries) {
    const { colour, shape } = styleOf(s);
    const mid = y - f * 0.35;
    out.push(`<g class="entry" data-cell-line="${escapeXml(s.cellLine)}">`);
    out.push(`<line x1="${n(legendX)}" y1="${n(mid)}" x2="${n(legendX + 26)}" y2="${n(mid)}" stroke="${colour}" stroke-width="2"${s.flags.length > 0 ? ' stroke-dasharray="7 4"' : ''}/>`);
    out.push(marker(shape, legendX + 13, mid, radius * 1.2, `fill="${colour}" stroke="#ffffff" stroke-width="0.8"`));
    out.push(textBlock(text, legendX + swatch, y, row, 'class="label" fill="#111111"'));
    y += text.length * row;
    if (flags.length > 0) {
      out.push(textBlock(flags, legendX + swatch, y, row, `class="flags" fill="${FLAG_COLOUR}"`));
      y += flags.length * row;
    }
    out.push('</g>');
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Where things go in a figure: the pixel functions and the x window. */
interface Placement {
  readonly px: (u: number) => number;
  readonly py: (y: number) => number;
  readonly inWindow: (log10Molar: number) => boolean;
  readonly shift: number;
  readonly frame: PlotFrame;
}

/**
 * The IC50 of a line on its curve: a ring with its interval as a bar (an arrowhead on the edge when
 * it lies beyond the plot) and, for a line across experiments, a tick on the curve at each
 * experiment's IC50 (dashed when that IC50 is not in the mean).
 */
function ic50Marks(s: PlotSeries, colour: string, radius: number, at: Placement): string[] {
  const out: string[] = [];
  const curve = s.curve;
  if (!curve) return out;
  const { px, py, inWindow, shift, frame } = at;
  const onCurve = (u: number): number => py(evaluateModel(curve.model, curve.parameters, u));
  const unitText = displayUnit(toRecord(s.fits[0]!).unit as string);
  const { value, lower, upper }: Estimate = s.log10Ic50;
  const ic50 = seriesIc50Text(s);
  if (s.summary) {
    for (const fit of s.fits) {
      const u = fit.log10Ic50.value;
      if (!inWindow(u)) continue;
      const x = px(u - shift);
      const y = onCurve(u);
      const used = usableForMean(fit);
      const tip = `${s.cellLine}, ${fit.experiment}: IC50 ${ic50Text(fit)} ${unitText}${used ? '' : ` (not in the mean: ${fit.flags.join(', ')})`}`;
      out.push(
        `<g class="experiment-ic50" data-experiment="${escapeXml(fit.experiment)}"><title>${escapeXml(tip)}</title>` +
          `<path d="M${n(x)},${n(y - radius * 2.2)}V${n(y + radius * 2.2)}" stroke="${colour}" stroke-width="2"${used ? '' : ' stroke-dasharray="2 2"'}/></g>`,
      );
    }
  }
  if (inWindow(value)) {
    const x = px(value - shift);
    const y = onCurve(value);
    const parts = [`<line x1="${n(x)}" y1="${n(y)}" x2="${n(x)}" y2="${n(frame.bottom)}" stroke="${colour}" stroke-width="1" stroke-dasharray="2 3"/>`];
    if (Number.isFinite(lower) && Number.isFinite(upper)) {
      const a = px(Math.max(frame.xLo, lower - shift));
      const b = px(Math.min(frame.xHi, upper - shift));
      const h = radius * 1.4;
      parts.push(`<path class="ic50-ci" d="M${n(a)},${n(y)}H${n(b)}M${n(a)},${n(y - h)}V${n(y + h)}M${n(b)},${n(y - h)}V${n(y + h)}" stroke="${colour}" stroke-width="2" fill="none"/>`);
    }
    parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(radius * 1.15)}" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`);
    const tip = `${s.name}: IC50 ${ic50} ${unitText}${s.summary ? ' (mean of experiments)' : ''}`;
    out.push(`<g class="ic50"><title>${escapeXml(tip)}</title>${parts.join('')}</g>`);
  } else if (Number.isFinite(value)) {
    // Beyond the plot: an arrowhead on the edge it lies past, at half-way height.
    const right = value - shift > frame.xHi;
    const x = right ? frame.right - 2 : frame.left + 2;
    const y = onCurve(value);
    const sign = right ? -1 : 1;
    const tip = `${s.name}: IC50 ${ic50} ${unitText} (${right ? 'above' : 'below'} the plotted range)`;
    out.push(
      `<g class="ic50-offscale"><title>${escapeXml(tip)}</title>` +
        `<path d="M${n(x)},${n(y)}L${n(x + sign * 9)},${n(y - 6)}L${n(x + sign * 9)},${n(y + 6)}Z" fill="${colour}" stroke="#ffffff" stroke-width="1"/></g>`,
    );
  }
  return out;
}
