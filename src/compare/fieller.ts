import { studentTCritical } from '../fit/studentT.js';
import type { CurveFit, Estimate } from '../types.js';

/** What Fieller's interval needs of a fit: its log10 IC50 with standard error, and its residual df. */
export type Log10Ic50Fit = Pick<CurveFit, 'log10Ic50' | 'dfResidual'>;

export interface FiellerInterval extends Estimate {
  /** g = t²·var(b)/b² = (t·ln10·se_parental)²; the interval is bounded only when g < 1. */
  readonly g: number;
  /** Welch–Satterthwaite degrees of freedom of the t quantile. */
  readonly df: number;
}

/**
 * Fieller's interval for the resistance factor RF = a/b, a = IC50(line), b = IC50(parental), two
 * independent estimates, returned on the log10 scale (value = log10 RF, bounds = log10 of
 * Fieller's bounds, standardError = the delta-method SE of log10 RF).
 *
 * Fieller works on the LINEAR IC50 scale. (On the log scale the ratio is a difference of two
 * estimates with a linear variance, for which Fieller's construction reduces to the delta
 * method of log10ResistanceFactor.) The fits give log10 IC50 ± se, so the linear variances
 * come from the delta transform var(IC50) ≈ (IC50·ln10·se_log10)², i.e. coefficients of
 * variation c_a = ln10·se_line, c_b = ln10·se_parental. With ρ = a/b, cov(a, b) = 0 and
 * t = t(1 − α/2; ν), Fieller's theorem (Fieller 1954, J. R. Statist. Soc. B 16:175; Finney,
 * "Statistical Method in Biological Assay", §2.5) gives
 *
 *   g = t²·var(b)/b² = t²·c_b²,
 *   ρ_L, ρ_U = [ρ ∓ (t/b)·√(var(a) + ρ²·var(b) − g·var(a))] / (1 − g)
 *            = ρ·[1 ∓ t·√(c_a²·(1 − g) + c_b²)] / (1 − g).
 *
 * ν is Welch–Satterthwaite, ν = (c_a² + c_b²)² / (c_a⁴/ν_a + c_b⁴/ν_b) (the same as
 * log10ResistanceFactor's: the ln10 factors cancel). drc's EDcomp(…, interval = "fieller")
 * applies the same formula to EDs and their covariance from one joint fit (a pooled residual
 * variance, t on the joint df), so its bounds differ from these (separate fits) by the
 * difference between the per-curve and pooled variances.
 *
 * The confidence set is {ρ > 0 : (a − ρb)² ≤ t²·(var(a) + ρ²·var(b))}, which is not always a
 * bounded interval; on the log10 scale:
 * - g < 1 and t·c_a < 1: the bounded interval above.
 * - g < 1 and t·c_a ≥ 1: the lower root is ≤ 0, so lower = −Infinity (upper as above).
 * - g ≥ 1 and t·c_a < 1 (the parental IC50 not significantly different from 0 on the linear
 *   scale): the set is [ρ·(h − 1)/(g − 1), ∞) with h = t·√(c_a²·(1 − g) + c_b²), i.e. only a
 *   lower bound; upper = +Infinity.
 * - g ≥ 1 and t·c_a ≥ 1: every ratio; lower = −Infinity, upper = +Infinity.
 * Callers should flag infinite bounds. NaN bounds only for non-finite inputs.
 */
export function fiellerLog10Ratio(line: Log10Ic50Fit, parental: Log10Ic50Fit, confidence = 0.95): FiellerInterval {
  const value = line.log10Ic50.value - parental.log10Ic50.value;
  const seA = line.log10Ic50.standardError;
  const seB = parental.log10Ic50.standardError;
  const standardError = Math.sqrt(seA * seA + seB * seB);
  const cA2 = (Math.LN10 * seA) ** 2;
  const cB2 = (Math.LN10 * seB) ** 2;
  const df = (cA2 + cB2) ** 2 / ((cA2 * cA2) / line.dfResidual + (cB2 * cB2) / parental.dfResidual);
  const t = studentTCritical(confidence, df);
  const g = t * t * cB2;
  if (!Number.isFinite(value) || !Number.isFinite(g)) {
    return { value, standardError, lower: Number.NaN, upper: Number.NaN, g, df };
  }
  const openBelow = t * t * cA2 >= 1;
  if (g >= 1) {
    const upper = Number.POSITIVE_INFINITY;
    if (openBelow) return { value, standardError, lower: Number.NEGATIVE_INFINITY, upper, g, df };
    // (h − 1)/(g − 1) → (1 − t²·c_a²)/2 as g → 1 (the quadratic becomes linear).
    const factor = g === 1 ? (1 - t * t * cA2) / 2 : (t * Math.sqrt(cA2 * (1 - g) + cB2) - 1) / (g - 1);
    return { value, standardError, lower: value + Math.log10(factor), upper, g, df };
  }
  const half = t * Math.sqrt(cA2 * (1 - g) + cB2);
  // log10 of ρ·(1 ∓ half)/(1 − g), without forming ρ (IC50s may be 1e-300 apart).
  const shift = -Math.log10(1 - g);
  const lower = openBelow || half >= 1 ? Number.NEGATIVE_INFINITY : value + Math.log10(1 - half) + shift;
  const upper = value + Math.log10(1 + half) + shift;
  return { value, standardError, lower, upper, g, df };
}
