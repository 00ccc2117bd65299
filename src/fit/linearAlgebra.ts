/**
 * Dense linear algebra for the tiny symmetric systems of a curve fit (at most 5×5), on
 * row-major Float64Arrays. Cholesky is the right tool: the Gauss–Newton matrix JᵀWJ is
 * symmetric positive semi-definite, and a failed factorization is how we detect singularity.
 */

/**
 * Cholesky factorization in place of the n×n matrix `a` (lower triangle used and overwritten).
 * Returns false when `a` is not numerically positive definite (a pivot ≤ tiny·max diagonal).
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i * n + i]!));
  const tiny = maxDiagonal * 1e-14;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > tiny)) return false;
    const root = Math.sqrt(d);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / root;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place of b, given the factor from choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * Inverse of a symmetric positive-definite n×n matrix, or null when it is singular.
 * Used for the covariance s²·(JᵀJ)⁻¹ of fitted parameters.
 */
export function invertSymmetric(matrix: ArrayLike<number>, n: number): Float64Array | null {
  const l = Float64Array.from(matrix as ArrayLike<number>);
  if (!choleskyInPlace(l, n)) return null;
  const inverse = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    column.fill(0);
    column[j] = 1;
    choleskySolveInPlace(l, n, column);
    for (let i = 0; i < n; i++) inverse[i * n + j] = column[i]!;
  }
  return inverse;
}
