import { choleskyInPlace, choleskySolveInPlace, choleskySolveTwoByTwo, choleskyTwoByTwo } from './linearAlgebra.js';

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
  if (n === 2) {
    const i = active[0]!;
    const j = active[1]!;
    const g0 = gradient[i]!;
    const g1 = gradient[j]!;
    scratch[0] = g0;
    scratch[1] = g1;
    const ridge = 1e-12 * maxDiagonal;
    if (!choleskyTwoByTwo(reduced[i * dim + i]! + ridge + 1e-300, reduced[j * dim + i]!, reduced[j * dim + j]! + ridge + 1e-300, sub)) return Number.NaN;
    choleskySolveTwoByTwo(sub, g0, g1, step);
    return 0 + g0 * step[0]! + g1 * step[1]!;
  }
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
  if (n === 2) {
    const i = active[0]!;
    const j = active[1]!;
    const ridge = 1e-12 * maxDiagonal;
    const a00 = reduced[i * dim + i]! + mu * Math.max(scaling[i * dim + i]!, ridge) + 1e-300;
    const a11 = reduced[j * dim + j]! + mu * Math.max(scaling[j * dim + j]!, ridge) + 1e-300;
    if (!choleskyTwoByTwo(a00, reduced[j * dim + i]!, a11, sub)) return false;
    choleskySolveTwoByTwo(sub, -gradient[i]!, -gradient[j]!, step);
    return true;
  }
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
