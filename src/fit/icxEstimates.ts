import type { FitBounds } from '../models/fitBounds.js';
import { asymptoteIndex, type DoseResponseModel } from '../models/model.js';
import { relocated } from '../models/relocated.js';
import type { Estimate, IcxEstimate } from '../types.js';
import type { CurveSolution } from './fitCurve.js';
import { profileLog10Ic50Interval } from './profileInterval.js';
import { studentTCritical } from './studentT.js';
import { MISSING, waldEstimate } from './waldEstimate.js';

export interface IcxOptions {
  /** Confidence level of the intervals. */
  readonly confidence: number;
  /** Relative ICx interval: Wald on log10 (delta method) or profile likelihood. */
  readonly ci?: 'wald' | 'profile' | undefined;
  /** The fit's search window (the profile stays inside it). */
  readonly bounds: FitBounds;
}

/**
 * The parameter gradient of the log10 concentration at which a fitted curve has a given shape
 * value s* (0 < s* < 1), by implicit differentiation. Writes ∂u/∂β for every parameter β into
 * `out` and returns u, or NaN when the curve never takes that shape value. With `absolute`, the
 * crossing of a response level (the asymptotes move it too):
 *
 *   ∂u/∂θ₀ = 1,   ∂u/∂θᵢ = (∂s/∂θᵢ)/(∂s/∂θ₀)   (shape parameters),
 *   absolute only: ∂u/∂top = s* / ((top − bottom)·∂s/∂θ₀),   ∂u/∂bottom = (1 − s*) / ((top − bottom)·∂s/∂θ₀),
 *
 * from s(u − θ₀, θ) = s* (relative) or bottom + (top − bottom)·s = level (absolute), with
 * ∂s/∂u = −∂s/∂θ₀ (the models are location families in u = log10 concentration).
 */
export function levelGradient(model: DoseResponseModel, parameters: ArrayLike<number>, fraction: number, absolute: boolean, out: Float64Array): number {
  const nShape = model.shapeParameterNames.length;
  const u = model.inverseShape(parameters, fraction);
  out.fill(0);
  if (!Number.isFinite(u)) return Number.NaN;
  const gradient = new Float64Array(nShape);
  const s = model.shape(parameters, u, gradient);
  const d0 = gradient[0]!;
  if (!(d0 !== 0)) return Number.NaN;
  out[0] = 1;
  for (let i = 1; i < nShape; i++) out[i] = gradient[i]! / d0;
  if (absolute) {
    const { top, bottom } = asymptoteIndex(model);
    const amplitude = parameters[top]! - parameters[bottom]!;
    out[top] = s / (amplitude * d0);
    out[bottom] = (1 - s) / (amplitude * d0);
  }
  return u;
}

/** gᵀΣg over the free parameters (Σ has zero rows for pinned ones): the delta-method variance. */
function quadraticForm(covariance: Float64Array, g: Float64Array): number {
  const p = g.length;
  let v = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) v += g[i]! * covariance[i * p + j]! * g[j]!;
  return v;
}

/**
 * log10 of the concentration where a fitted curve crosses `response` (in the response's units),
 * with its delta-method standard error and Wald interval (Student t on the fit's residual df);
 * MISSING when the curve never reaches that response (it lies outside the asymptotes).
 */
export function log10Crossing(solution: CurveSolution, response: number, confidence: number): Estimate {
  const model = solution.model;
  const p = solution.parameters;
  const { top, bottom } = asymptoteIndex(model);
  const fraction = (response - p[bottom]!) / (p[top]! - p[bottom]!);
  if (!solution.converged || !(fraction > 0 && fraction < 1)) return MISSING;
  const g = new Float64Array(model.parameterNames.length);
  const u = levelGradient(model, p, fraction, true, g);
  if (!Number.isFinite(u)) return MISSING;
  const se = solution.covariance ? Math.sqrt(quadraticForm(solution.covariance, g)) : Number.NaN;
  return waldEstimate(u, se, studentTCritical(confidence, solution.dfResidual));
}

/**
 * ICx of a fitted curve at each level P (in %, 0 < P < 100), drc's `ED(fit, P)` in both its kinds:
 *
 * - relative ICP: the concentration where the curve has fallen P % of the way from top to bottom
 *   (the shape equals 1 − P/100), so IC20 < IC50 < IC80 for a falling curve; its interval is
 *   Wald on log10, se from the delta method (√(gᵀΣg), g = ∂ log10 ICP/∂β as in levelGradient,
 *   Σ the fit's covariance s²(JᵀJ)⁻¹), t(1 − α/2, n − p) — or with `ci: 'profile'` the
 *   profile-likelihood interval of log10 ICP, profiled by relocating the model so that log10 ICP
 *   is its location parameter (models/relocated.ts) and holding it fixed;
 * - absolute ICP: the concentration where the curve crosses 100 − P % viability (ED(fit, 100 − P,
 *   type = "absolute")), NaN when it never does; se by the delta method with the asymptotes.
 *
 * References: Ritz, Baty, Streibig & Gerhard, "Dose-response analysis using R", PLoS ONE 10:e0146021
 * (2015) (drc's ED); Bates & Watts (1988) §6.1 for the profile.
 */
export function icxEstimates(solution: CurveSolution, levels: readonly number[], options: IcxOptions): IcxEstimate[] {
  const model = solution.model;
  const critical = studentTCritical(options.confidence, solution.dfResidual);
  return levels.map((level) => {
    const fraction = 1 - level / 100;
    if (!solution.converged) return { level, log10Relative: MISSING, log10Absolute: MISSING };
    const g = new Float64Array(model.parameterNames.length);
    const u = levelGradient(model, solution.parameters, fraction, false, g);
    const se = solution.covariance && Number.isFinite(u) ? Math.sqrt(quadraticForm(solution.covariance, g)) : Number.NaN;
    let log10Relative = Number.isFinite(u) ? waldEstimate(u, se, critical) : MISSING;
    if (options.ci === 'profile' && Number.isFinite(u)) {
      const moved = relocated(model, fraction);
      const parameters = Float64Array.from(solution.parameters);
      parameters[0] = u;
      const p = model.parameterNames.length;
      // The profile's first step is the Wald half-width: the covariance's first entry is se².
      const covariance = new Float64Array(p * p);
      covariance[0] = se * se;
      const profile = profileLog10Ic50Interval({ ...solution, model: moved, parameters, covariance }, options.confidence, { bounds: options.bounds });
      log10Relative = {
        ...log10Relative,
        lower: Number.isFinite(profile.lower) ? profile.lower : Number.NaN,
        upper: Number.isFinite(profile.upper) ? profile.upper : Number.NaN,
      };
    }
    const log10Absolute = log10Crossing(solution, 100 - level, options.confidence);
    return { level, log10Relative, log10Absolute };
  });
}
