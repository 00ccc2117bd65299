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

/**
 * choleskyInPlace of the 2×2 matrix [[a00, a10], [a10, a11]] written out — the same operations in
 * the same order, so the same bits — for the solver's hot 2×2 systems: the factor
 * [l00, l10, l11] into `factor`; false when the matrix is not numerically positive definite.
 */
export function choleskyTwoByTwo(a00: number, a10: number, a11: number, factor: Float64Array): boolean {
  const tiny = Math.max(Math.max(0, Math.abs(a00)), Math.abs(a11)) * 1e-14;
  if (!(a00 > tiny)) return false;
  const l00 = Math.sqrt(a00);
  const l10 = a10 / l00;
  const d = a11 - l10 * l10;
  if (!(d > tiny)) return false;
  factor[0] = l00;
  factor[1] = l10;
  factor[2] = Math.sqrt(d);
  return true;
}

/** choleskySolveInPlace for a factor of choleskyTwoByTwo, written out: A⁻¹·[b0, b1] into `x`. */
export function choleskySolveTwoByTwo(factor: Float64Array, b0: number, b1: number, x: Float64Array): void {
  const l00 = factor[0]!;
  const l10 = factor[1]!;
  const l11 = factor[2]!;
  const y0 = b0 / l00;
  const x1 = (b1 - l10 * y0) / l11 / l11;
  x[0] = (y0 - l10 * x1) / l00;
  x[1] = x1;
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
