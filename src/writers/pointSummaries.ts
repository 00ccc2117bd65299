import type { CurveFit } from '../types.js';

/** What the error bars of a figure's points show (--error-bars). */
export type ErrorBars = 'sd' | 'sem' | 'none';

/** One plotted point: the mean response at a concentration, its SD and how many values it averages. */
export interface PointSummary {
  /** log10 molar. */
  readonly u: number;
  readonly mean: number;
  /** Sample SD (n − 1); NaN for a single value. */
  readonly sd: number;
  readonly n: number;
}

/** Concentrations within 1e-4 decades are one (exports print dilution series with float noise; the fit counts them so too). */
function concentrationKey(u: number): number {
  return Math.round(u * 1e4);
}

function summarize(groups: Map<number, { u: number; values: number[] }>): PointSummary[] {
  return [...groups.values()]
    .sort((a, b) => a.u - b.u)
    .map(({ u, values }) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : Number.NaN;
      return { u, mean, sd, n: values.length };
    });
}

function add(groups: Map<number, { u: number; values: number[] }>, u: number, y: number): void {
  const key = concentrationKey(u);
  const group = groups.get(key) ?? { u, values: [] };
  group.values.push(y);
  groups.set(key, group);
}

/** Mean, SD and count of a fit's responses (its replicate wells) at each distinct concentration, ascending. */
export function replicateSummaries(fit: CurveFit): PointSummary[] {
  const groups = new Map<number, { u: number; values: number[] }>();
  fit.points.log10Molar.forEach((u, i) => {
    const y = fit.points.response[i]!;
    if (Number.isFinite(u) && Number.isFinite(y)) add(groups, u, y);
  });
  return summarize(groups);
}

/**
 * Mean, SD and count across independent experiments at each concentration: each experiment's
 * mean of its replicate wells is one value (n = the experiments that tested it), as papers report
 * "mean ± SD of n independent experiments".
 */
export function experimentSummaries(fits: readonly CurveFit[]): PointSummary[] {
  const groups = new Map<number, { u: number; values: number[] }>();
  for (const fit of fits) for (const p of replicateSummaries(fit)) add(groups, p.u, p.mean);
  return summarize(groups);
}

/** Half the length of a point's error bar: SD, SD/√n or none (NaN: no bar). */
export function errorBar(point: PointSummary, bars: ErrorBars): number {
  if (bars === 'none' || !(point.sd >= 0)) return Number.NaN;
  return bars === 'sd' ? point.sd : point.sd / Math.sqrt(point.n);
}
