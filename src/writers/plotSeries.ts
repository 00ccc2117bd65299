import { fittedModel } from '../fit/fittedModel.js';
import type { DoseResponseModel } from '../models/model.js';
import type { Comparison, CurveFit, Estimate, ExperimentSummary, Flag, ResultRow } from '../types.js';
import { formatNumber } from './formatNumber.js';
import { meanCurve } from './meanCurve.js';
import { sameLabels } from '../plate/groupCurves.js';

/** A summary across experiments, with the comparisons of its row(s). */
export interface SummaryLine {
  readonly summary: ExperimentSummary;
  readonly comparisons: readonly Comparison[];
}

/** The summary lines of result rows: each summary once, with every comparison it has. */
export function summaryLines(rows: readonly ResultRow[]): SummaryLine[] {
  const lines = new Map<ExperimentSummary, Comparison[]>();
  for (const row of rows) {
    if (row.kind !== 'summary') continue;
    const list = lines.get(row.summary) ?? [];
    if (row.comparison) list.push(row.comparison);
    lines.set(row.summary, list);
  }
  return [...lines].map(([summary, comparisons]) => ({ summary, comparisons }));
}

/**
 * One line of a dose-response figure, one legend entry: a fit, or a cell line across independent
 * experiments (the fits of its summary: their points together, one curve — meanCurve — with the
 * summary's IC50, and each experiment's IC50 marked on it).
 */
export interface PlotSeries {
  readonly cellLine: string;
  /** The legend's name: the cell line, with the experiment of a lone fit and the time when a figure has several. */
  readonly name: string;
  /** The fits drawn: one, or the experiments' (their points, excluded wells and outliers). */
  readonly fits: readonly CurveFit[];
  /** Set when the series is a line across experiments. */
  readonly summary?: ExperimentSummary;
  /** The comparisons of the fit's or the summary's rows. */
  readonly comparisons: readonly Comparison[];
  /** The curve drawn: the fit's, or the experiments' mean; null when there is none. */
  readonly curve: { readonly model: DoseResponseModel; readonly parameters: readonly number[] } | null;
  /** log10 IC50 (molar) and its interval: the fit's, or the summary's across experiments. */
  readonly log10Ic50: Estimate;
  /** The tested log10 molar range (of every experiment), or null without points. */
  readonly range: readonly [number, number] | null;
  /** Flags of the fit or summary and of their comparisons. */
  readonly flags: readonly Flag[];
  /** Flags of the experiments, said per experiment ("d2: ic50_above_range"). */
  readonly experimentFlags: readonly string[];
}

/** Tested log10 molar range of a fit: its recorded range, else the range of its points. */
export function testedRange(fit: CurveFit): [number, number] | null {
  const [lo, hi] = fit.log10Range;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return [lo, hi];
  let low = Infinity;
  let high = -Infinity;
  for (const u of fit.points.log10Molar) {
    if (!Number.isFinite(u)) continue;
    low = Math.min(low, u);
    high = Math.max(high, u);
  }
  return low <= high ? [low, high] : null;
}

function unionRange(fits: readonly CurveFit[]): [number, number] | null {
  const ranges = fits.map(testedRange).filter((r): r is [number, number] => r !== null);
  if (ranges.length === 0) return null;
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

function timeText(time: number | undefined): string {
  return time === undefined ? '' : `${formatNumber(time, 4)} h`;
}

/**
 * The series of one figure: the summaries given, each with the fits of its experiments, then
 * every other fit on its own; in the order of `rank` (cell lines), then of appearance.
 */
export function plotSeries(
  lines: readonly { readonly fit: CurveFit; readonly comparisons: readonly Comparison[] }[],
  summaries: readonly SummaryLine[],
  rank: (cellLine: string) => number,
): PlotSeries[] {
  const withTime = new Set(lines.map((l) => l.fit.time)).size > 1;
  // A curve's name says what tells it from the others: its experiment, its check's labels (passage, date), its end time.
  const named = (base: string, time: number | undefined, extra: readonly string[] = []): string => {
    const parts = [...extra, withTime ? timeText(time) : ''].filter((p) => p !== '');
    return parts.length > 0 ? `${base} (${parts.join(', ')})` : base;
  };
  const used = new Set<CurveFit>();
  const out: { series: PlotSeries; order: number }[] = [];
  const compounds = new Set(lines.map((l) => l.fit.compound));
  for (const { summary, comparisons } of summaries) {
    if (!compounds.has(summary.compound)) continue;
    const members = lines
      .map((l, i) => ({ fit: l.fit, i }))
      .filter(({ fit }) => !used.has(fit) && fit.cellLine === summary.cellLine && fit.compound === summary.compound && fit.time === summary.time && sameLabels(fit.labels, summary.labels) && fit.experiment !== '' && summary.experiments.includes(fit.experiment));
    if (members.length === 0) continue;
    for (const { fit } of members) used.add(fit);
    const fits = members.map((m) => m.fit);
    out.push({
      order: members[0]!.i,
      series: {
        cellLine: summary.cellLine,
        name: named(summary.cellLine, summary.time, summary.labels),
        fits,
        summary,
        comparisons,
        curve: meanCurve(fits),
        log10Ic50: summary.log10Ic50,
        range: unionRange(fits),
        flags: [...summary.flags, ...comparisons.flatMap((c) => c.flags)],
        experimentFlags: fits.filter((f) => f.flags.length > 0).map((f) => `${f.experiment}: ${f.flags.join(', ')}`),
      },
    });
  }
  lines.forEach(({ fit, comparisons }, i) => {
    if (used.has(fit)) return;
    out.push({
      order: i,
      series: {
        cellLine: fit.cellLine,
        name: named(fit.cellLine, fit.time, [fit.experiment, ...(fit.labels ?? [])]),
        fits: [fit],
        comparisons,
        curve: fittedModel(fit),
        log10Ic50: fit.log10Ic50,
        range: testedRange(fit),
        flags: [...fit.flags, ...comparisons.flatMap((c) => c.flags)],
        experimentFlags: [],
      },
    });
  });
  return out.sort((a, b) => rank(a.series.cellLine) - rank(b.series.cellLine) || a.order - b.order).map((e) => e.series);
}
