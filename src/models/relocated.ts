import type { DoseResponseModel, PinnedAsymptotes } from './model.js';

/**
 * The same curve, located by another level: θ′₀ is log10 of the concentration at which the shape
 * equals `fraction` (0 < fraction < 1) instead of the midpoint (log10 IC50, fraction ½). With
 * fraction 1 − P/100 it is log10 ICP, the concentration where the curve has fallen P % of the way
 * from top to bottom (drc's relative ED(fit, P)). Every other parameter is unchanged.
 *
 * The models here are location families in u = log10 concentration: the shape depends on u and
 * log10 IC50 only through u − log10 IC50. So the level's location is
 *
 *   u_f(θ) = θ₀ + d(θ₁, …),   d = the u at which shape(0, θ₁, …; u) = fraction,
 *
 * (for LL.4, d = log10(1/fraction − 1)/hill; for LL.5, d = [ln(fraction^(−1/f) − 1) − ln(2^(1/f) − 1)]/(hill·ln10)),
 * and the relocated shape is shape(θ′₀ − d, θ₁, …; u). Its gradient follows by the chain rule,
 * with ∂d/∂θᵢ = (∂s/∂θᵢ)/(∂s/∂θ₀) at the level (implicit differentiation of s(u_f − θ₀, θ) =
 * fraction, using ∂s/∂u = −∂s/∂θ₀):
 *
 *   ∂s′/∂θ′₀ = ∂s/∂θ₀,   ∂s′/∂θᵢ = ∂s/∂θᵢ − ∂s/∂θ₀ · ∂d/∂θᵢ.
 *
 * The solver, covariance and profile then treat log10 ICP as they treat log10 IC50: its Wald
 * standard error is the delta method's, and its profile-likelihood interval holds it fixed while
 * the other parameters are refitted (used for `--icx` with `--ci profile`).
 */
export function relocated(base: DoseResponseModel, fraction: number): DoseResponseModel {
  const nShape = base.shapeParameterNames.length;
  const at = new Float64Array(nShape);
  const gradient = new Float64Array(nShape);
  /** The base parameters (θ₀ = θ′₀ − d) of relocated ones, into `out`; returns ∂d/∂θᵢ in `slopes` when given. */
  const baseOf = (theta: ArrayLike<number>, out: Float64Array, slopes?: Float64Array): void => {
    at[0] = 0;
    for (let i = 1; i < nShape; i++) at[i] = theta[i]!;
    const d = base.inverseShape(at, fraction);
    out[0] = theta[0]! - d;
    for (let i = 1; i < nShape; i++) out[i] = theta[i]!;
    if (slopes) {
      // The gradient at the level itself (u = d with θ₀ = 0).
      base.shape(at, d, gradient);
      for (let i = 1; i < nShape; i++) slopes[i] = gradient[i]! / gradient[0]!;
    }
  };
  const theta0 = new Float64Array(nShape);
  const slopes = new Float64Array(nShape);
  const model: DoseResponseModel = {
    name: base.name,
    shapeParameterNames: [`log10_level`, ...base.shapeParameterNames.slice(1)],
    parameterNames: [`log10_level`, ...base.parameterNames.slice(1)],
    shape(theta, u, grad) {
      baseOf(theta, theta0, grad ? slopes : undefined);
      const s = base.shape(theta0, u, grad);
      if (grad) for (let i = 1; i < nShape; i++) grad[i] = grad[i]! - grad[0]! * slopes[i]!;
      return s;
    },
    shapes(theta, u, count, shape, complement, grad) {
      baseOf(theta, theta0, grad ? slopes : undefined);
      base.shapes(theta0, u, count, shape, complement, grad);
      if (grad) {
        for (let i = 1; i < nShape; i++) {
          const slope = slopes[i]!;
          for (let k = 0; k < count; k++) grad[i * count + k] = grad[i * count + k]! - grad[k]! * slope;
        }
      }
    },
    inverseShape(theta, level) {
      baseOf(theta, theta0);
      return base.inverseShape(theta0, level);
    },
    shapeIntegral(theta, low, high) {
      baseOf(theta, theta0);
      return base.shapeIntegral(theta0, low, high);
    },
    pinned: base.pinned,
    free: base.free,
    minConcentrations: base.minConcentrations,
    bounds: (uMin, uMax, window) => base.bounds(uMin, uMax, window),
    starts(data, box, options) {
      // The base model's starts, relocated: θ′₀ = θ₀ + d.
      return base.starts(data, box, options).map((start) => {
        at[0] = 0;
        for (let i = 1; i < nShape; i++) at[i] = start[i]!;
        return [start[0]! + base.inverseShape(at, fraction), ...start.slice(1)];
      });
    },
    // The base model's extra profile starts at the held value (their other parameters are starts).
    profileStarts: (data, box, held) => base.profileStarts(data, box, held),
    withPinned: (asymptotes: PinnedAsymptotes) => relocated(base.withPinned(asymptotes), fraction),
  };
  return model;
}
