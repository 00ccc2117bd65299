import { MISSING } from '../fit/fitDoseResponse.js';
import { studentTCritical } from '../fit/studentT.js';
import type { CurveFit, Flag } from '../types.js';

/** Flags that make an experiment's IC50 unusable for the mean (an extrapolation or no IC50). */
const EXCLUDED: readonly Flag[] = ['too_few_concentrations', 'not_converged', 'ic50_above_range', 'ic50_below_range', 'flat'];

/**
 * The "mean of n independent experiments" that papers report: for each cell line and compound
 * fitted in two or more experiments, one summary row (experiment "mean") with the geometric-mean
 * IC50 — the mean of the experiments' log10 IC50s — and its t-interval across experiments,
 * mean ± t(1−α/2, n−1)·sd/√n (sd of the log10 IC50s), so the interval reflects day-to-day
 * variation, not one fit's noise. Experiments whose IC50 is an extrapolation or missing (flags
 * above) are left out; the row says how many were used (nExperiments). The summary's
 * dfResidual is n − 1, so resistance factors between summaries use Welch's df on n − 1.
 */
export function summarizeExperiments(fits: readonly CurveFit[], confidence: number): CurveFit[] {
  const groups = new Map<string, CurveFit[]>();
  for (const fit of fits) {
    if (!fit.experiment) continue;
    const key = `${fit.cellLine}\u0000${fit.compound}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(fit);
  }
  const summaries: CurveFit[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const usable = group.filter((f) => Number.isFinite(f.log10Ic50.value) && !f.flags.some((flag) => EXCLUDED.includes(flag)));
    const n = usable.length;
    const values = usable.map((f) => f.log10Ic50.value);
    const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
    const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
    const se = sd / Math.sqrt(n);
    const t = studentTCritical(confidence, n - 1);
    // The summary's own fields only: one experiment's outliers are not the summary's.
    const { outliers: _outliers, ...first } = group[0]!;
    const flags: Flag[] = n < 2 ? ['too_few_experiments'] : [];
    summaries.push({
      ...first,
      experiment: 'mean',
      nExperiments: n,
      plates: [...new Set(group.flatMap((f) => f.plates))],
      nPoints: group.reduce((a, f) => a + f.nPoints, 0),
      nConcentrations: Math.max(...group.map((f) => f.nConcentrations)),
      log10Ic50: { value: mean, standardError: se, lower: mean - t * se, upper: mean + t * se },
      hill: MISSING,
      top: MISSING,
      bottom: MISSING,
      ...(first.asymmetry ? { asymmetry: MISSING } : {}),
      rss: Number.NaN,
      rSquared: Number.NaN,
      dfResidual: n - 1,
      converged: n >= 2,
      metrics: { log10AbsoluteIc50: Number.NaN, pIc50: -mean, emax: Number.NaN, auc: Number.NaN },
      flatP: Number.NaN,
      points: { log10Molar: [], response: [] },
      flags,
      parental: '',
      log10Rf: MISSING,
    });
  }
  return summaries;
}
