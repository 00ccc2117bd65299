import { choleskyInPlace, choleskySolveInPlace } from './linearAlgebra.js';

// The two linear-algebra steps a bounded Levenberg–Marquardt iteration takes on its active set
// (the parameters not pinned against a bound): shared by the one-curve solver
// (levenbergMarquardt.ts) and the global fit (globalFit.ts). `reduced` is the dim×dim normal
// matrix, `gradient` its gradient; `active` lists the first `n` active indexes; `sub` (n×n) and
// `step` (n) are scratch the caller owns.

/**
 * The Newton decrement gᵀA⁻¹g on the active set (A lightly regularized by 1e-12 of its largest
 * diagonal), or NaN when A is not positive definite there. `scratch` (n) holds the gradient.
 */
export function newtonDecrement(
  reduced: Float64Array,
  dim: number,
  active: ArrayLike<number>,
  n: number,
  gradient: ArrayLike<number>,
  maxDiagonal: number,
  sub: Float64Array,
  step: Float64Array,
  scratch: Float64Array,
): number {
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) sub[r * n + c] = reduced[active[r]! * dim + active[c]!]!;
    sub[r * n + r] = sub[r * n + r]! + 1e-12 * maxDiagonal + 1e-300;
    step[r] = gradient[active[r]!]!;
    scratch[r] = step[r]!;
  }
  if (!choleskyInPlace(sub, n)) return Number.NaN;
  choleskySolveInPlace(sub, n, step);
  let decrement = 0;
  for (let r = 0; r < n; r++) decrement += scratch[r]! * step[r]!;
  return decrement;
}

/**
 * The damped step h of (A + μ·diag(D))·h = −g on the active set, into `step`; false when that
 * matrix is not positive definite (the caller raises μ and tries again). D, the scaling, is A
 * itself unless given (the Gauss–Newton matrix, when A carries a secant correction).
 */
export function dampedStep(
  reduced: Float64Array,
  dim: number,
  active: ArrayLike<number>,
  n: number,
  gradient: ArrayLike<number>,
  mu: number,
  maxDiagonal: number,
  sub: Float64Array,
  step: Float64Array,
  scaling: Float64Array = reduced,
): boolean {
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) sub[r * n + c] = reduced[active[r]! * dim + active[c]!]!;
    const d = scaling[active[r]! * dim + active[r]!]!;
    sub[r * n + r] = sub[r * n + r]! + mu * Math.max(d, 1e-12 * maxDiagonal) + 1e-300;
    step[r] = -gradient[active[r]!]!;
  }
  if (!choleskyInPlace(sub, n)) return false;
  choleskySolveInPlace(sub, n, step);
  return true;
}
