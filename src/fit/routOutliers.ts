import betainc from '@stdlib/math-base-special-betainc';
import { evaluateModel } from '../models/model.js';
import type { FitBounds } from '../models/fitBounds.js';
import type { CurveSolution } from './fitCurve.js';
import { groupByConcentration } from './groupedData.js';
import { levenbergMarquardt } from './levenbergMarquardt.js';

export interface RoutOptions {
  /** Maximum false discovery rate Q, as a fraction. Default 0.01 (Prism's default, 1 %). */
  readonly q?: number;
  /** The fit's bounds (those the solution was fitted with). */
  readonly bounds: FitBounds;
  /** The fit's weights per point (1/y²), or none. */
  readonly weights?: ArrayLike<number> | undefined;
}

export interface RoutResult {
  /** Indices (into the points given) of the outliers, largest residual first. */
  readonly outliers: number[];
  /** The robust fit's parameters (the model's parameterNames). */
  readonly robustParameters: Float64Array;
  /** Robust standard deviation of the residuals of the robust fit (RSDR). */
  readonly rsdr: number;
  /** Two-tailed p-value of each point's robust residual, in point order. */
  readonly pValues: number[];
  /** Whether the robust fit reached its fixed point (else the last iterate was used). */
  readonly converged: boolean;
}

/** The percentile of |residuals| that would be 1 SD for normal errors (GraphPad's P68). */
const P68 = 0.6827;
/** Detection looks only at the largest 30 % of residuals, as Prism's ROUT. */
const TESTED_FRACTION = 0.3;
const MAX_ITERATIONS = 300;
const TOLERANCE = 1e-10;

/**
 * Robust standard deviation of residuals, RSDR = P68 · N/(N − K): the 68.27th percentile of
 * |residual| (linear interpolation between order statistics, numpy's default) corrected for the
 * K fitted parameters (GraphPad, "Standard deviation of the residuals (RSDR)"). NaN when N ≤ K.
 */
export function robustSd(residuals: ArrayLike<number>, parameters: number): number {
  const n = residuals.length;
  if (!(n > parameters) || n === 0) return Number.NaN;
  const sorted = Float64Array.from(residuals, Math.abs).sort();
  const h = (n - 1) * P68;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const percentile = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  return (percentile * n) / (n - parameters);
}

/** Two-tailed Student-t p-value P(|T_ν| ≥ t) = I_{ν/(ν + t²)}(ν/2, 1/2), exact in the far tail. */
function twoTailedT(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/**
 * Outliers of a fitted curve by the ROUT method (Motulsky & Brown, "Detecting outliers when
 * fitting data with nonlinear regression", BMC Bioinformatics 2006, 7:123; GraphPad Prism's
 * documentation), in two steps:
 *
 * 1. Robust fit: minimise Σ ln(1 + (r_i/s)²) — residuals with a Lorentzian (Cauchy) distribution —
 *    with the scale s = RSDR of the current residuals, adapted as the fit proceeds: from the
 *    least-squares fit, each iteration sets s = RSDR(r) and refits by weighted least squares with
 *    w_i = 1/(1 + (r_i/s)²) (iteratively reweighted least squares: at its fixed point the
 *    parameters are a stationary point of the Lorentzian merit for s = RSDR of their own residuals).
 * 2. Test with the false discovery rate: rank the N points by |r| ascending (i = 1…N); for each
 *    of the largest 30 % take t_i = |r_i|/RSDR and the two-tailed p_i of Student's t with N − K
 *    degrees of freedom; scanning upward from rank ⌊0.7·N⌋ + 1, the first point with
 *    p_i < Q·(N − i + 1)/N is an outlier and so is every point with a larger residual
 *    (Benjamini–Hochberg in reverse rank, as in the paper).
 *
 * Residuals are weighted (√w·r) when the fit is. Returns no outliers when N ≤ K + 1 (too few points
 * to estimate a spread) or the fit did not converge.
 */
export function routOutliers(
  log10Concentration: ArrayLike<number>,
  response: ArrayLike<number>,
  solution: CurveSolution,
  options: RoutOptions,
): RoutResult {
  const q = options.q ?? 0.01;
  const n = log10Concentration.length;
  const model = solution.model;
  const k = solution.free.filter(Boolean).length;
  const fitWeight = (i: number): number => (options.weights ? options.weights[i]! : 1);
  const none: RoutResult = { outliers: [], robustParameters: solution.parameters, rsdr: Number.NaN, pValues: Array(n).fill(Number.NaN), converged: false };
  if (!solution.converged || n < k + 2 || !(q > 0)) return none;

  const [uMin, uMax] = solution.log10Range;
  const { lower, upper } = model.bounds(uMin, uMax, options.bounds);
  const nShape = model.shapeParameterNames.length;
  const free = model.free;

  const residuals = new Float64Array(n);
  const computeResiduals = (parameters: ArrayLike<number>): void => {
    for (let i = 0; i < n; i++) {
      residuals[i] = Math.sqrt(fitWeight(i)) * (response[i]! - evaluateModel(model, parameters, log10Concentration[i]!));
    }
  };

  let parameters = Float64Array.from(solution.parameters);
  computeResiduals(parameters);
  let s = robustSd(residuals, k);
  let converged = false;
  const weights = new Float64Array(n);
  for (let iteration = 0; iteration < MAX_ITERATIONS && s > 0; iteration++) {
    for (let i = 0; i < n; i++) weights[i] = fitWeight(i) / (1 + (residuals[i]! / s) ** 2);
    const data = groupByConcentration(log10Concentration, response, weights);
    // Tight: a round that stops short of its optimum would end the loop short of the fixed point.
    const result = levenbergMarquardt({ model, data, lower, upper, free }, parameters.subarray(0, nShape), { relativeTolerance: 1e-20 });
    const next = result.parameters;
    computeResiduals(next);
    const nextS = robustSd(residuals, k);
    let change = Math.abs(nextS - s) / s;
    for (let j = 0; j < next.length; j++) change = Math.max(change, Math.abs(next[j]! - parameters[j]!) / Math.max(1, Math.abs(parameters[j]!)));
    parameters = Float64Array.from(next);
    s = nextS;
    if (change < TOLERANCE) {
      converged = true;
      break;
    }
  }
  // Exact fits (s = 0) leave nothing to call an outlier against.
  if (!(s > 0)) return { ...none, robustParameters: parameters, rsdr: s, converged };

  const df = n - k;
  const pValues = Array.from(residuals, (r) => twoTailedT(Math.abs(r) / s, df));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(residuals[a]!) - Math.abs(residuals[b]!));
  const first = Math.floor((1 - TESTED_FRACTION) * n) + 1; // rank (1-based) where testing starts
  let cut = -1;
  for (let rank = first; rank <= n; rank++) {
    const index = order[rank - 1]!;
    if (pValues[index]! < (q * (n - rank + 1)) / n) {
      cut = rank;
      break;
    }
  }
  const outliers = cut < 0 ? [] : order.slice(cut - 1).reverse();
  return { outliers, robustParameters: parameters, rsdr: s, pValues, converged };
}
