import type { Comparison, CurveFit, Estimate, Flag } from '../types.js';
import { log10ResistanceFactor } from './resistanceFactors.js';

const MISSING: Estimate = Object.freeze({ value: Number.NaN, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN });

/** +1 when a GR50 is only a lower bound (beyond the highest tested concentration), −1 an upper bound, 0 neither. */
function boundDirection(fit: Pick<CurveFit, 'flags'>): number {
  if (fit.flags.includes('gr50_above_range')) return 1;
  if (fit.flags.includes('gr50_below_range')) return -1;
  return 0;
}

/**
 * The resistance factor on GR50, the growth-rate-corrected one: log10 GR RF = log10 GR50(line) −
 * log10 GR50(parental), with the delta-method interval of log10ResistanceFactor (se = √(se₁² + se₂²),
 * Welch–Satterthwaite df). A GR50 beyond its tested range — extrapolated, or never reached (the GR
 * curve stays above or below 0.5) — makes it only a bound (gr_rf_lower_bound / gr_rf_upper_bound),
 * or undetermined when both point the same way (gr_rf_undetermined; no RF). Undefined when either
 * side has no GR metrics.
 */
export function growthResistanceFactor(line: Pick<CurveFit, 'gr' | 'flags'>, parental: Pick<CurveFit, 'gr' | 'flags'>, confidence: number): { log10Rf: Estimate; flags: Flag[] } | undefined {
  if (!line.gr || !parental.gr) return undefined;
  let log10Rf = log10ResistanceFactor(
    { log10Ic50: line.gr.log10Gr50, dfResidual: line.gr.dfResidual },
    { log10Ic50: parental.gr.log10Gr50, dfResidual: parental.gr.dfResidual },
    confidence,
  );
  if (!Number.isFinite(log10Rf.value)) log10Rf = MISSING;
  const up = boundDirection(line) > 0 || boundDirection(parental) < 0;
  const down = boundDirection(line) < 0 || boundDirection(parental) > 0;
  if (up && down) return { log10Rf: MISSING, flags: ['gr_rf_undetermined'] };
  if (up) return { log10Rf, flags: ['gr_rf_lower_bound'] };
  if (down) return { log10Rf, flags: ['gr_rf_upper_bound'] };
  return { log10Rf, flags: [] };
}

/**
 * The growth-rate trap: the IC50's and the GR50's resistance factors disagree beyond their
 * intervals — both intervals finite, neither RF a bound, and the intervals do not overlap. Then
 * the relative-viability IC50 moved with the lines' division rates, not only with the drug
 * (Hafner et al., Nat Methods 2016), and the GR RF is the one to report.
 */
export function isGrowthRateTrap(comparison: Pick<Comparison, 'log10Rf' | 'grLog10Rf' | 'flags'>): boolean {
  const a = comparison.log10Rf;
  const b = comparison.grLog10Rf;
  if (!b) return false;
  const bounded = comparison.flags.some((f) => ['rf_lower_bound', 'rf_upper_bound', 'rf_undetermined', 'gr_rf_lower_bound', 'gr_rf_upper_bound', 'gr_rf_undetermined'].includes(f));
  if (bounded || ![a.lower, a.upper, b.lower, b.upper].every(Number.isFinite)) return false;
  return a.upper < b.lower || b.upper < a.lower;
}
