import type { DoseResponseModel } from '../models/model.js';
import { ll4 } from '../models/ll4.js';
import { groupByConcentration, type GroupedData } from './groupedData.js';
import { gridStart } from './gridStart.js';
import { levenbergMarquardt, normalEquations, type LeastSquaresResult } from './levenbergMarquardt.js';
import { invertSymmetric } from './linearAlgebra.js';

export interface FitBounds {
  /** log10 IC50 may lie at most this many decades beyond the tested concentrations. */
  readonly log10Ic50Margin: number;
  /** Hill slope range (both > 0). */
  readonly hillMin: number;
  readonly hillMax: number;
  /** LL.5 asymmetry range (both > 0; 1 is the symmetric LL.4 curve). Default 0.02–50. */
  readonly asymmetryMin?: number;
  readonly asymmetryMax?: number;
}

export const DEFAULT_BOUNDS: FitBounds = { log10Ic50Margin: 3, hillMin: 0.05, hillMax: 30, asymmetryMin: 0.02, asymmetryMax: 50 };

/**
 * Box bounds of a model's shape parameters for data tested over [uMin, uMax]: log10 IC50 within
 * the margin around the range, hill (and LL.5's asymmetry) within their ranges.
 */
export function shapeBounds(
  model: DoseResponseModel,
  uMin: number,
  uMax: number,
  bounds: FitBounds,
): { lower: number[]; upper: number[] } {
  const lower = [uMin - bounds.log10Ic50Margin, bounds.hillMin];
  const upper = [uMax + bounds.log10Ic50Margin, bounds.hillMax];
  if (model.shapeParameterNames.length > 2) {
    lower.push(bounds.asymmetryMin ?? DEFAULT_BOUNDS.asymmetryMin!);
    upper.push(bounds.asymmetryMax ?? DEFAULT_BOUNDS.asymmetryMax!);
  }
  return { lower, upper };
}

export interface FitCurveOptions {
  readonly bounds?: FitBounds;
  /** Pinned asymptotes (in response units), e.g. top 100 and bottom 0 for an LL.2. */
  readonly top?: number;
  readonly bottom?: number;
  /** How many grid minima to polish with Levenberg–Marquardt. Default 3. */
  readonly starts?: number;
  /** A weight per point (weighted least squares); default 1 each. */
  readonly weights?: ArrayLike<number>;
  /** The curve equation: LL.4 (default) or LL.5. */
  readonly model?: DoseResponseModel;
}

/** The least-squares fit of one curve, before any statistics. */
export interface CurveSolution {
  readonly model: DoseResponseModel;
  readonly data: GroupedData;
  /** [log10 IC50, hill, (LL.5: asymmetry,) top, bottom]: the model's parameterNames. */
  readonly parameters: Float64Array;
  readonly free: boolean[];
  readonly rss: number;
  readonly converged: boolean;
  readonly status: LeastSquaresResult['status'];
  readonly iterations: number;
  /** Names of parameters that ended on a bound (`log10_ic50`, `hill`, `asymmetry`). */
  readonly boundsHit: string[];
  /** Covariance s²·(JᵀWJ)⁻¹ of the free parameters (p×p, zero rows for pinned), or null when singular. */
  readonly covariance: Float64Array | null;
  /** Residual degrees of freedom: points − free parameters. */
  readonly dfResidual: number;
  /** The tested log10 concentration range. */
  readonly log10Range: readonly [number, number];
}

const HILL_GRID = [0.3, 0.5, 0.8, 1.2, 1.8, 2.7, 4, 6, 10, 20];
/** LL.5: each LL.4 grid start is also tried with these asymmetries. */
const ASYMMETRY_STARTS = [1, 0.3, 3];
const ROUGH = { relativeTolerance: 1e-6, maxIterations: 30 };
const GRID_STEP = 0.25; // decades
/** Most log10 IC50 grid points (a 50-decade range at GRID_STEP). */
const MAX_GRID = 200;

/**
 * Fits the four-parameter log-logistic model (optionally with pinned asymptotes; or LL.5) to one
 * curve by least squares on log10 concentration: a grid over (log10 IC50, hill) with the
 * asymptotes solved exactly gives the starts, box-constrained Levenberg–Marquardt polishes
 * the best few, and the lowest RSS wins. LL.5 starts from the same grid with the asymmetry at
 * 1 (the LL.4 curve), 0.3 and 3.
 *
 * Throws nothing for expected outcomes: a curve with too few concentrations still returns a
 * solution (callers flag it); non-convergence is `converged: false`.
 */
export function fitCurve(
  log10Concentration: ArrayLike<number>,
  response: ArrayLike<number>,
  options: FitCurveOptions = {},
): CurveSolution {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const data = groupByConcentration(log10Concentration, response, options.weights);
  const model = options.model ?? ll4;
  const nShape = model.shapeParameterNames.length;
  const uMin = data.u.length ? data.u[0]! : 0;
  const uMax = data.u.length ? data.u[data.u.length - 1]! : 0;
  const { lower, upper } = shapeBounds(model, uMin, uMax, bounds);
  const free = [...model.shapeParameterNames.map(() => true), options.top === undefined, options.bottom === undefined];
  const pinned = { top: options.top, bottom: options.bottom };

  const thetaGrid: number[] = [];
  const gridLow = Math.max(lower[0]!, uMin - 1.5);
  const gridHigh = Math.min(upper[0]!, uMax + 1.5);
  if ((gridHigh - gridLow) / GRID_STEP < MAX_GRID) {
    // (Counted too: near ±1e300 a step of GRID_STEP no longer changes t.)
    for (let t = gridLow; t <= gridHigh + 1e-9 && thetaGrid.length < MAX_GRID; t += GRID_STEP) thetaGrid.push(t);
  } else {
    // A range of hundreds of decades (log10 M values that are not logarithms): a coarser grid of
    // MAX_GRID points, interpolated so that neither a huge span nor a tiny step can loop forever.
    for (let i = 0; i < MAX_GRID; i++) {
      const f = i / (MAX_GRID - 1);
      thetaGrid.push(gridLow * (1 - f) + gridHigh * f);
    }
  }
  const hillGrid = HILL_GRID.filter((h) => h >= bounds.hillMin && h <= bounds.hillMax);
  if (hillGrid.length === 0) hillGrid.push(Math.sqrt(bounds.hillMin * bounds.hillMax));

  const starts = gridStart(data, {
    log10Ic50: thetaGrid,
    hill: hillGrid,
    count: options.starts ?? 3,
    ...(options.top !== undefined ? { top: options.top } : {}),
    ...(options.bottom !== undefined ? { bottom: options.bottom } : {}),
  });

  // Every start is polished roughly; only the best is taken to full precision.
  const problem = { model, data, lower, upper, free, pinned };
  const asymmetries = nShape > 2 ? ASYMMETRY_STARTS : [Number.NaN];
  let best: LeastSquaresResult | null = null;
  for (const start of starts) {
    for (const asymmetry of asymmetries) {
      const shapeStart = nShape > 2 ? [start.parameters[0], start.parameters[1], asymmetry] : start.parameters;
      const result = levenbergMarquardt(problem, shapeStart, ROUGH);
      if (!best || result.rss < best.rss) best = result;
    }
  }
  if (best) best = levenbergMarquardt(problem, best.parameters);
  if (!best) {
    // No data at all: nothing to polish. Report an empty, unconverged solution.
    best = {
      parameters: new Float64Array(nShape + 2).fill(Number.NaN),
      rss: Number.NaN,
      status: 'max_iterations',
      converged: false,
      iterations: 0,
    };
  }

  // Responses near ±1e308 overflow the RSS or the asymptotes, and no data leaves them undefined:
  // no optimum can be claimed there.
  const usable = best.converged && Number.isFinite(best.rss) && best.parameters.every((v) => Number.isFinite(v));
  const nFree = free.filter(Boolean).length;
  const dfResidual = data.nPoints - nFree;
  const boundsHit: string[] = [];
  const x = best.parameters;
  const span = (upper[0]! - lower[0]!) * 1e-9;
  if (x[0]! - lower[0]! <= span || upper[0]! - x[0]! <= span) boundsHit.push('log10_ic50');
  // Within 1e-6 (relative) of a hill or asymmetry bound is on it: the solver stops that close.
  if (x[1]! <= bounds.hillMin * (1 + 1e-6) || x[1]! >= bounds.hillMax * (1 - 1e-6)) boundsHit.push('hill');
  if (nShape > 2 && (x[2]! <= lower[2]! * (1 + 1e-6) || x[2]! >= upper[2]! * (1 - 1e-6))) boundsHit.push('asymmetry');

  return {
    model,
    data,
    parameters: x,
    free,
    rss: best.rss,
    converged: usable,
    status: best.status,
    iterations: best.iterations,
    boundsHit,
    covariance: dfResidual > 0 && usable ? covarianceOf(model, data, x, free, best.rss / dfResidual) : null,
    dfResidual,
    log10Range: [uMin, uMax],
  };
}

/**
 * Covariance of the free parameters, s²·(JᵀWJ)⁻¹ with s² = RSS / df (the asymptotic,
 * Wald covariance that drc's vcov and scipy's curve_fit report). Pinned parameters get zero
 * rows and columns. Null when JᵀWJ is singular (a flat or unidentifiable fit).
 */
export function covarianceOf(
  model: DoseResponseModel,
  data: GroupedData,
  parameters: ArrayLike<number>,
  free: readonly boolean[],
  residualVariance: number,
): Float64Array | null {
  const p = model.parameterNames.length;
  const a = new Float64Array(p * p);
  const g = new Float64Array(p);
  normalEquations(model, data, parameters, a, g);
  const index = free.flatMap((isFree, i) => (isFree ? [i] : []));
  const m = index.length;
  const sub = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) sub[r * m + c] = a[index[r]! * p + index[c]!]!;
  const inverse = invertSymmetric(sub, m);
  if (!inverse) return null;
  const covariance = new Float64Array(p * p);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) covariance[index[r]! * p + index[c]!] = residualVariance * inverse[r * m + c]!;
  }
  for (const v of covariance) if (!Number.isFinite(v)) return null;
  return covariance;
}
