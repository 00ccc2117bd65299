/** What the flat rule looks at, from a fit's statistics. */
export interface FlatEvidence {
  /** p of the F test of the curve against the no-response constant (flatTestPValue). */
  readonly flatP: number;
  /** Residual degrees of freedom of the curve, n − p. */
  readonly dfResidual: number;
  /** 1 − RSS / Σw(y − ȳ)². */
  readonly rSquared: number;
  /** |f(u_min) − f(u_max)|: how far the fitted response moves across the tested range (% viability). */
  readonly responseSpan: number;
  /** The data are constant: there is nothing to test. */
  readonly noResponse: boolean;
}

/** Below this many residual degrees of freedom the F test alone cannot say "no response". */
export const MIN_TESTED_DF = 3;
/** A fitted response moving at least this far (% viability) across the tested range … */
export const CLEAR_RESPONSE_SPAN = 30;
/** … that explains at least this share of the variance is a dose response. */
export const CLEAR_RESPONSE_R_SQUARED = 0.8;

/**
 * Is the curve flat (no dose response worth an IC50)?
 *
 * 1. Constant data (no spread at all) are flat: there is no response to test (flat_p = 1).
 * 2. A significant F test (p ≤ alpha) is a response.
 * 3. Otherwise, with at least 3 residual degrees of freedom, the curve is flat: the F test could
 *    have found a response and did not.
 * 4. With 1 or 2 residual degrees of freedom (e.g. 5 single-well concentrations and LL.4: df 1),
 *    "not significant" mostly means "no degrees of freedom": the critical F(0.95; 3, df) is 216
 *    for df 1 and 19 for df 2, so even r² = 0.998 (df 1) or 0.96 (df 2) is not significant. The
 *    test's silence is no evidence of flatness there, so the size of the effect decides: a curve
 *    whose fitted response moves by at least 30 % viability across the tested range and explains
 *    at least 80 % of the variance (r²) is a dose response; anything less is flat.
 *    Measured on simulated single-well curves (5 and 6 concentrations in half-log, 5-fold and
 *    10-fold series; hill 0.5–3, IC50 inside the range, Gaussian noise; 2,000 of each kind): at
 *    noise sd 5–10 % the F test alone called 53–82 % of real 5-point curves flat (0.3–34 % of
 *    6-point ones); this rule calls at most 1.5 % of them flat, and calls 1.1–3.2 % of truly flat
 *    curves (100 % ± noise) a response, where the F test alone calls 0.6–1.9 %. At sd 15 % both
 *    err more (flat called a response ≤ 11 %, real curves called flat ≤ 7 %).
 *
 * With no residual degrees of freedom at all (df 0, flat_p NaN) nothing is claimed.
 */
export function isFlat(evidence: FlatEvidence, alpha: number): boolean {
  if (evidence.noResponse) return true;
  if (!(evidence.flatP > alpha)) return false;
  if (evidence.dfResidual >= MIN_TESTED_DF) return true;
  const clearResponse = evidence.responseSpan >= CLEAR_RESPONSE_SPAN && evidence.rSquared >= CLEAR_RESPONSE_R_SQUARED;
  return !clearResponse;
}
