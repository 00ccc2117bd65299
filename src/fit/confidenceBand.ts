import { evaluateModel } from '../models/model.js';
import type { CurveFit } from '../types.js';
import { fittedModel } from './fittedModel.js';
import { studentTCritical } from './studentT.js';

/** The fitted curve at one concentration with its pointwise confidence interval. */
export interface BandPoint {
  /** log10 molar concentration. */
  readonly u: number;
  /** The fitted response. */
  readonly y: number;
  /** Standard error of the fitted response (delta method). */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The confidence band of a fitted curve: at each log10 concentration u, the fitted response ŷ(u)
 * ± t(1 − α/2, df)·se(u), with se(u)² = g(u)ᵀ Σ g(u), g the gradient of the model's response in
 * its parameters at the estimates and Σ the fit's covariance s²·(JᵀWJ)⁻¹ (the delta method; a
 * pinned asymptote has no variance). This is what drc's `predict(fit, interval = "confidence")`
 * computes (there with drc's Hessian covariance unless given `vcov.`); test/reference/band/
 * holds the comparison. A band for the mean curve, not for new observations. Null when the fit has
 * no curve or no covariance (not fitted, singular, no residual degrees of freedom).
 */
export function confidenceBand(fit: CurveFit, u: readonly number[], confidence: number): BandPoint[] | null {
  const fitted = fittedModel(fit);
  const covariance = fit.covariance;
  const p = fitted?.parameters.length ?? 0;
  if (!fitted || !covariance || covariance.length !== p * p || !(fit.dfResidual > 0)) return null;
  const t = studentTCritical(confidence, fit.dfResidual);
  const gradient = new Float64Array(p);
  return u.map((x) => {
    const y = evaluateModel(fitted.model, fitted.parameters, x, gradient);
    let variance = 0;
    for (let i = 0; i < p; i++) {
      const gi = gradient[i]!;
      if (gi === 0) continue;
      for (let j = 0; j < p; j++) variance += gi * covariance[i * p + j]! * gradient[j]!;
    }
    const standardError = Math.sqrt(Math.max(0, variance));
    return { u: x, y, standardError, lower: y - t * standardError, upper: y + t * standardError };
  });
}
