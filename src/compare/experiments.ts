import { studentTCritical } from '../fit/studentT.js';
import type { CurveFit, ExperimentSummary, Flag } from '../types.js';

/** Flags that make an experiment's IC50 unusable for the mean (an extrapolation or no IC50). */
const EXCLUDED: readonly Flag[] = ['too_few_concentrations', 'not_converged', 'ic50_above_range', 'ic50_below_range', 'flat'];

/** Whether an experiment's IC50 enters the mean across experiments: finite, and no extrapolation (flags above). */
export function usableForMean(fit: CurveFit): boolean {
  return Number.isFinite(fit.log10Ic50.value) && !fit.flags.some((flag) => EXCLUDED.includes(flag));
}

/**
 * The "mean of n independent experiments" that papers report, for one cell line and compound
 * fitted in two or more experiments: the geometric-mean IC50 — the mean of the experiments'
 * log10 IC50s — and its t-interval across experiments, mean ± t(1−α/2, n−1)·sd/√n (sd of the
 * log10 IC50s), so the interval reflects day-to-day variation, not one fit's noise. Experiments
 * whose IC50 is an extrapolation or missing (flags above) are left out; `nExperiments` says how
 * many were used, and fewer than two is flagged `too_few_experiments`. The summary's df is
 * n − 1, so resistance factors between summaries use Welch's df on n − 1. Null for fewer than
 * two experiments.
 */
export function summarizeExperiments(fits: readonly CurveFit[], confidence: number): ExperimentSummary | null {
  if (fits.length < 2) return null;
  const usable = fits.filter(usableForMean);
  const n = usable.length;
  const values = usable.map((f) => f.log10Ic50.value);
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  const se = sd / Math.sqrt(n);
  const t = studentTCritical(confidence, n - 1);
  const first = fits[0]!;
  return {
    cellLine: first.cellLine,
    compound: first.compound,
    ...(first.labels ? { labels: first.labels } : {}),
    ...(first.time !== undefined ? { time: first.time } : {}),
    unit: first.unit,
    plates: [...new Set(fits.flatMap((f) => f.plates))],
    experiments: fits.map((f) => f.experiment),
    nExperiments: n,
    nPoints: fits.reduce((a, f) => a + f.nPoints, 0),
    nConcentrations: Math.max(...fits.map((f) => f.nConcentrations)),
    log10Ic50: n >= 2 ? { value: mean, standardError: se, lower: mean - t * se, upper: mean + t * se } : { value: mean, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN },
    dfResidual: n - 1,
    flags: n < 2 ? ['too_few_experiments'] : [],
  };
}
