/**
 * The structured secant update of S, the part of the Hessian of RSS/2 that the Gauss–Newton
 * matrix A leaves out (Dennis, Gay & Welsch 1981, the NL2SOL algorithm): after a step d from x₀
 * to x, S (n×n) is changed least — Powell's symmetric Broyden update — so that
 * (A(x) + S)·d = g(x) − g(x₀), after shrinking it when it overstates the curvature along d
 * (NL2SOL's sizing). A and g are at x; `scratch` holds 2n numbers.
 *
 * On noisy data the RSS near a steep or an extrapolated optimum curves much less than A says, and
 * Gauss–Newton alone creeps there, a tenth of the remaining way per step; with A + S it does not.
 */
export function secantUpdate(
  secant: Float64Array,
  gaussNewton: ArrayLike<number>,
  n: number,
  x: ArrayLike<number>,
  previousX: ArrayLike<number>,
  gradient: ArrayLike<number>,
  previousGradient: ArrayLike<number>,
  scratch: Float64Array,
): void {
  // d = scratch[0 … n), y = scratch[n … 2n) (no subarray view: this runs every accepted step).
  const d = scratch;
  const y = scratch;
  let dd = 0;
  for (let i = 0; i < n; i++) {
    d[i] = x[i]! - previousX[i]!;
    dd += d[i]! * d[i]!;
  }
  if (!(dd > 0)) return;
  // y = g − g₀ − A·d: the change of gradient A does not explain.
  let dy = 0;
  let dSd = 0;
  for (let i = 0; i < n; i++) {
    let ad = 0;
    let sd = 0;
    for (let j = 0; j < n; j++) {
      ad += gaussNewton[i * n + j]! * d[j]!;
      sd += secant[i * n + j]! * d[j]!;
    }
    y[n + i] = gradient[i]! - previousGradient[i]! - ad;
    dy += d[i]! * y[n + i]!;
    dSd += d[i]! * sd;
  }
  if (dSd !== 0) {
    const size = Math.min(1, Math.abs(dy / dSd));
    for (let i = 0; i < n * n; i++) secant[i] = secant[i]! * size;
  }
  // r = y − S·d; S += (r·dᵀ + d·rᵀ)/dᵀd − (dᵀr)·d·dᵀ/(dᵀd)².
  let dr = 0;
  for (let i = 0; i < n; i++) {
    let sd = 0;
    for (let j = 0; j < n; j++) sd += secant[i * n + j]! * d[j]!;
    y[n + i] = y[n + i]! - sd;
    dr += d[i]! * y[n + i]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) secant[i * n + j] = secant[i * n + j]! + (y[n + i]! * d[j]! + d[i]! * y[n + j]!) / dd - (dr * d[i]! * d[j]!) / (dd * dd);
  }
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(secant[i]!)) {
      secant.fill(0);
      return;
    }
  }
}
