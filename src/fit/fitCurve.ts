import { DEFAULT_BOUNDS, type FitBounds } from '../models/fitBounds.js';
import { ll4 } from '../models/ll4.js';
import { asymptoteIndex, type DoseResponseModel, type ShapeBounds } from '../models/model.js';
import { pinned } from '../models/pinned.js';
import { groupByConcentration, type GroupedData } from './groupedData.js';
import { levenbergMarquardt, normalEquations, type LeastSquaresResult, type LeastSquaresStatus } from './levenbergMarquardt.js';
import { choleskyInPlace, choleskySolveInPlace } from './linearAlgebra.js';

export { DEFAULT_BOUNDS, type FitBounds };

/**
 * Box bounds of a model's shape parameters for data tested over [uMin, uMax]: the model's own
 * (`model.bounds`), kept as a function for callers that had it before models owned their bounds.
 */
export function shapeBounds(model: DoseResponseModel, uMin: number, uMax: number, bounds: FitBounds): ShapeBounds {
  return model.bounds(uMin, uMax, bounds);
}

export interface FitCurveOptions {
  readonly bounds?: FitBounds;
  /** The model, with its pinned asymptotes (e.g. `pinned(ll4, { bottom: 0 })`). Default LL.4. */
  readonly model?: DoseResponseModel;
  /** Asymptotes to pin on `model` (in response units), e.g. top 100 and bottom 0 for an LL.2. */
  readonly top?: number;
  readonly bottom?: number;
  /** How many grid minima the model's self-starter returns to polish. Default 3. */
  readonly starts?: number;
  /** A weight per point (weighted least squares); default 1 each. */
  readonly weights?: ArrayLike<number>;
}

/**
 * How a fit ended: the final Levenberg–Marquardt run's status — 'converged' (its optimality test
 * passed), 'stalled' (no damped step lowers the RSS any more: a minimum to machine precision,
 * also converged), 'max_iterations' (stopped before the test passed) — or 'not_fitted' (no data).
 */
export type FitStatus = LeastSquaresStatus | 'not_fitted';

/** The least-squares fit of one curve, before any statistics. */
export interface CurveSolution {
  /** The model fitted, pinned asymptotes included (its `name` is what was fitted: ll3 for a pinned bottom). */
  readonly model: DoseResponseModel;
  readonly data: GroupedData;
  /** [log10 IC50, hill, (LL.5: asymmetry,) top, bottom]: the model's parameterNames. */
  readonly parameters: Float64Array;
  /** The model's free parameters (false for a pinned asymptote). */
  readonly free: readonly boolean[];
  readonly rss: number;
  /** Ended at an optimum (status converged or stalled) with finite parameters and RSS. */
  readonly converged: boolean;
  readonly status: FitStatus;
  /** Levenberg–Marquardt steps of the final polish (the run `status` describes). */
  readonly iterations: number;
  /** Names of parameters that ended on a bound (`log10_ic50`, `hill`, `asymmetry`; `top`, `bottom` pinned on the window's asymptote bounds). */
  readonly boundsHit: string[];
  /** Covariance s²·(JᵀWJ)⁻¹ of the free parameters (p×p, zero rows for pinned), or null when singular. */
  readonly covariance: Float64Array | null;
  /** Residual degrees of freedom: points − free parameters. */
  readonly dfResidual: number;
  /** The tested log10 concentration range. */
  readonly log10Range: readonly [number, number];
}

const ROUGH = { relativeTolerance: 1e-6, maxIterations: 30 };

/**
 * Fits a model (LL.4 by default; a pinned variant or LL.5) to one curve by least squares on log10
 * concentration: the model's self-starter gives the starts (for the logistic family a grid over
 * (log10 IC50, hill) with the asymptotes solved exactly), box-constrained Levenberg–Marquardt
 * polishes each roughly, and the best is polished to full precision.
 *
 * Throws nothing for expected outcomes: a curve with too few concentrations still returns a
 * solution (callers flag it); non-convergence is `converged: false`.
 */
export function fitCurve(
  log10Concentration: ArrayLike<number>,
  response: ArrayLike<number>,
  options: FitCurveOptions = {},
): CurveSolution {
  const window = options.bounds ?? DEFAULT_BOUNDS;
  const model = pinned(options.model ?? ll4, { top: options.top, bottom: options.bottom });
  const solution = fitUnbounded(log10Concentration, response, { ...options, model });
  const limits = window.asymptotes;
  if (!limits || !solution.converged) return solution;
  // Bounded asymptotes: the free optimum when it lies inside the bounds; else the best fit with
  // an offending asymptote pinned on a bound. For fixed shape parameters the RSS is a convex
  // quadratic in the asymptotes, so a constrained optimum outside the free one's reach lies on a
  // bound, where the pinned fit finds it.
  const { top, bottom } = asymptoteIndex(solution.model);
  const outside = (i: number) => solution.free[i] && (solution.parameters[i]! < limits[0] || solution.parameters[i]! > limits[1]);
  if (!outside(top) && !outside(bottom)) return solution;
  let best: CurveSolution | null = null;
  for (const [name, i] of [['top', top], ['bottom', bottom]] as const) {
    if (!outside(i)) continue;
    for (const value of limits) {
      const candidate = fitCurve(log10Concentration, response, { ...options, model: pinned(model, { [name]: value }) });
      if (candidate.converged && (!best || candidate.rss < best.rss)) best = candidate;
    }
  }
  if (!best) return solution;
  const hit = best.model.pinned.top !== model.pinned.top ? 'top' : 'bottom';
  return { ...best, boundsHit: [...best.boundsHit, hit] };
}

/** fitCurve without bounds on the asymptotes. */
function fitUnbounded(log10Concentration: ArrayLike<number>, response: ArrayLike<number>, options: FitCurveOptions & { model: DoseResponseModel }): CurveSolution {
  const window = options.bounds ?? DEFAULT_BOUNDS;
  const model = options.model;
  const data = groupByConcentration(log10Concentration, response, options.weights);
  const nShape = model.shapeParameterNames.length;
  const uMin = data.u.length ? data.u[0]! : 0;
  const uMax = data.u.length ? data.u[data.u.length - 1]! : 0;
  const box = model.bounds(uMin, uMax, window);
  const { lower, upper } = box;
  const free = model.free;
  const starts = model.starts(data, box, { count: options.starts ?? 3 });

  // Every start is polished roughly; only the best is taken to full precision.
  const problem = { model, data, lower, upper, free };
  let best: LeastSquaresResult | null = null;
  for (const start of starts) {
    const result = levenbergMarquardt(problem, start, ROUGH);
    if (!best || result.rss < best.rss) best = result;
  }
  if (best) best = levenbergMarquardt(problem, best.parameters, { polish: true });
  const status: FitStatus = best ? best.status : 'not_fitted';
  // No data at all: nothing to polish. Report an empty, unconverged solution.
  const x = best ? best.parameters : new Float64Array(nShape + 2).fill(Number.NaN);
  const rss = best ? best.rss : Number.NaN;

  // Responses near ±1e308 overflow the RSS or the asymptotes, and no data leaves them undefined:
  // no optimum can be claimed there.
  const usable = best !== null && best.converged && Number.isFinite(rss) && x.every((v) => Number.isFinite(v));
  const nFree = free.filter(Boolean).length;
  const dfResidual = data.nPoints - nFree;
  return {
    model,
    data,
    parameters: x,
    free,
    rss,
    converged: usable,
    status,
    iterations: best ? best.iterations : 0,
    boundsHit: boundsHit(model, x, box),
    covariance: dfResidual > 0 && usable ? covarianceOf(model, data, x, free, rss / dfResidual) : null,
    dfResidual,
    log10Range: [uMin, uMax],
  };
}

/**
 * Names of the shape parameters that ended on a bound of the box: log10 IC50 (the location)
 * within 1e-9 of the box's width, the positive scales (hill, asymmetry) within 1e-6 relative —
 * the solver stops that close to a bound it is pressed against.
 */
function boundsHit(model: DoseResponseModel, x: ArrayLike<number>, box: ShapeBounds): string[] {
  const { lower, upper } = box;
  const hit: string[] = [];
  const span = (upper[0]! - lower[0]!) * 1e-9;
  if (x[0]! - lower[0]! <= span || upper[0]! - x[0]! <= span) hit.push(model.shapeParameterNames[0]!);
  for (let i = 1; i < model.shapeParameterNames.length; i++) {
    if (x[i]! <= lower[i]! * (1 + 1e-6) || x[i]! >= upper[i]! * (1 - 1e-6)) hit.push(model.shapeParameterNames[i]!);
  }
  return hit;
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
  const { a, g, sub, index } = covarianceScratch(p);
  normalEquations(model, data, parameters, a, g);
  let m = 0;
  for (let i = 0; i < p; i++) if (free[i]) index[m++] = i;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) sub[r * m + c] = a[index[r]! * p + index[c]!]!;
  if (!choleskyInPlace(sub, m)) return null;
  const covariance = new Float64Array(p * p);
  const column = g; // free now: the gradient is not needed
  for (let c = 0; c < m; c++) {
    // Column c of the inverse: L·Lᵀ·x = e_c.
    column.fill(0, 0, m);
    column[c] = 1;
    choleskySolveInPlace(sub, m, column);
    for (let r = 0; r < m; r++) covariance[index[r]! * p + index[c]!] = residualVariance * column[r]!;
  }
  for (const v of covariance) if (!Number.isFinite(v)) return null;
  return covariance;
}

/** Buffers of covarianceOf, reused (one set per parameter count). */
const covarianceBuffers = new Map<number, { a: Float64Array; g: Float64Array; sub: Float64Array; index: Int32Array }>();
function covarianceScratch(p: number): { a: Float64Array; g: Float64Array; sub: Float64Array; index: Int32Array } {
  let buffers = covarianceBuffers.get(p);
  if (!buffers) {
    buffers = { a: new Float64Array(p * p), g: new Float64Array(p), sub: new Float64Array(p * p), index: new Int32Array(p) };
    covarianceBuffers.set(p, buffers);
  }
  return buffers;
}
