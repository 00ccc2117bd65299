import { asymptoteIndex } from '../models/model.js';
import { modelNamed } from '../models/modelNamed.js';
import type { Curve, CurveFit, Estimate, Flag, FittedModelName } from '../types.js';
import { DEFAULT_BOUNDS, fitCurve, type FitBounds } from './fitCurve.js';
import { curveMetrics, type CurveMetrics } from './curveMetrics.js';
import { flatTestPValue } from './flatTest.js';
import { profileLog10Ic50Interval } from './profileInterval.js';
import { routOutliers } from './routOutliers.js';
import { studentTCritical } from './studentT.js';

export interface DoseResponseOptions {
  readonly bounds?: FitBounds;
  /** Confidence level of intervals. Default 0.95. */
  readonly confidence?: number;
  /** Pinned asymptotes in % viability (--top 100 --bottom 0); absent ones are fitted. */
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  /** A curve whose flat-response test p-value exceeds this is flagged `flat`. Default 0.05. */
  readonly flatAlpha?: number | undefined;
  /** Flag `ambiguous` when the IC50 interval spans more than this many decades. Default 2 (100-fold). */
  readonly ambiguousWidth?: number | undefined;
  /** IC50 interval: Wald on log10 (default, fast) or profile likelihood. */
  readonly ci?: 'wald' | 'profile' | undefined;
  /** Weighting: none (default) or 1/y² (relative: each point weighted by 1/max(y², 1)). */
  readonly weights?: 'none' | '1/y2' | undefined;
  /** The curve equation: LL.4 (default; with pinned asymptotes LL.3/LL.2) or LL.5. */
  readonly model?: 'll4' | 'll5' | undefined;
  /** ROUT outlier detection: off (default), flag, or remove (refit without them). */
  readonly outliers?: 'off' | 'flag' | 'remove' | undefined;
  /** ROUT's false discovery rate Q (fraction). Default 0.01. */
  readonly outlierQ?: number | undefined;
}

/**
 * Relative weights 1/y² of observed responses (GraphPad Prism's "weight by 1/Y²"), with y² floored
 * at 1 (% viability)²: a response at or below 1 % would otherwise outweigh the rest without bound.
 */
export function relativeWeights(responses: readonly number[]): number[] {
  return responses.map((y) => 1 / Math.max(y * y, 1));
}

const NO_METRICS: CurveMetrics = Object.freeze({ log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: Number.NaN, auc: Number.NaN });

/**
 * Fewer distinct concentrations than this and a curve is not fitted: 4 for LL.4 and its pinned
 * variants (each concentration a mean, the model has 4 shape-and-level degrees of freedom), 5 for LL.5.
 */
export const MIN_CONCENTRATIONS = 4;

export const MISSING: Estimate = Object.freeze({
  value: Number.NaN,
  standardError: Number.NaN,
  lower: Number.NaN,
  upper: Number.NaN,
});

function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

/** value ± t·se as an Estimate (NaN bounds when se is unknown). */
export function waldEstimate(value: number, standardError: number, critical: number): Estimate {
  return {
    value,
    standardError,
    lower: value - critical * standardError,
    upper: value + critical * standardError,
  };
}

/**
 * Fits the LL.4 model (or LL.5) to a curve and attaches its statistics and flags.
 *
 * Intervals are Wald intervals from the covariance s²·(JᵀJ)⁻¹ with s² = RSS/(n − p), using
 * Student-t quantiles with n − p degrees of freedom (p free parameters: 4, fewer with pinned
 * asymptotes) — on log10 IC50, so the interval on IC50 itself is asymmetric.
 * r² = 1 − RSS / Σ(y − ȳ)². Also: curve metrics (absolute IC50, pIC50, Emax, AUC) and the
 * flat-response F test. Expected outcomes are flags, not errors.
 */
export function fitDoseResponse(curve: Curve, options: DoseResponseOptions = {}): CurveFit {
  const confidence = options.confidence ?? 0.95;
  const points: number[] = [];
  const responses: number[] = [];
  /** Index in the curve of each finite point (to name it). */
  const sources: number[] = [];
  for (let i = 0; i < curve.log10Molar.length; i++) {
    if (Number.isFinite(curve.log10Molar[i]!) && Number.isFinite(curve.response[i]!)) {
      points.push(curve.log10Molar[i]!);
      responses.push(curve.response[i]!);
      sources.push(i);
    }
  }
  // Distinct concentrations to 1e-4 decades: exports print series with float noise
  // (0.0411522633744856 vs 0.04115226337448561), which must not count as two.
  const nConcentrations = new Set(points.map((u) => Math.round(u * 1e4))).size;
  const flags: Flag[] = [];
  if (curve.noBlank) flags.push('no_blank');
  if (curve.qcFailed) flags.push('plate_qc_failed');
  const log10Range: [number, number] = points.length
    ? [points.reduce((m, u) => Math.min(m, u)), points.reduce((m, u) => Math.max(m, u))]
    : [Number.NaN, Number.NaN];
  const base = {
    cellLine: curve.cellLine,
    compound: curve.compound,
    experiment: curve.experiment ?? '',
    plates: curve.plates,
    unit: curve.unit,
    nPoints: points.length,
    nConcentrations,
    log10Range,
    points: { log10Molar: points, response: responses },
    parental: '',
    log10Rf: MISSING,
  };
  const model = modelNamed(options.model);
  const isLl5 = model.name === 'll5';
  const pinnedTop = options.top !== undefined;
  const pinnedBottom = options.bottom !== undefined;
  const modelName: FittedModelName = isLl5 ? 'll5' : pinnedTop && pinnedBottom ? 'll2' : pinnedBottom ? 'll3' : pinnedTop ? 'll3u' : 'll4';
  if (nConcentrations < MIN_CONCENTRATIONS + (isLl5 ? 1 : 0)) {
    flags.unshift('too_few_concentrations');
    return {
      ...base,
      log10Ic50: MISSING,
      hill: MISSING,
      top: MISSING,
      bottom: MISSING,
      model: modelName,
      ...(isLl5 ? { asymmetry: MISSING } : {}),
      rss: Number.NaN,
      rSquared: Number.NaN,
      dfResidual: points.length - model.parameterNames.length,
      converged: false,
      metrics: NO_METRICS,
      flatP: Number.NaN,
      flags,
    };
  }

  const weights = options.weights === '1/y2' ? relativeWeights(responses) : undefined;
  const solution = fitCurve(points, responses, {
    bounds: options.bounds ?? DEFAULT_BOUNDS,
    ...(weights ? { weights } : {}),
    ...(options.top !== undefined ? { top: options.top } : {}),
    ...(options.bottom !== undefined ? { bottom: options.bottom } : {}),
    model,
  });

  // ROUT: outliers named, and with `remove` the curve refitted without them.
  let outliers: CurveFit['outliers'];
  const outlierMode = options.outliers ?? 'off';
  if (outlierMode !== 'off' && solution.converged) {
    const rout = routOutliers(points, responses, solution, { q: options.outlierQ ?? 0.01, bounds: options.bounds ?? DEFAULT_BOUNDS, weights });
    if (rout.outliers.length > 0) {
      const name = (i: number): string => curve.wells?.[sources[i]!] ?? `point ${sources[i]! + 1}`;
      outliers = {
        wells: rout.outliers.map(name),
        log10Molar: rout.outliers.map((i) => points[i]!),
        response: rout.outliers.map((i) => responses[i]!),
        removed: outlierMode === 'remove',
      };
      if (outlierMode === 'remove') {
        const out = new Set(rout.outliers);
        const keep = (_: unknown, i: number) => !out.has(i);
        const kept = sources.filter(keep);
        const reduced: Curve = {
          ...curve,
          log10Molar: points.filter(keep),
          response: responses.filter(keep),
          ...(curve.wells ? { wells: kept.map((i) => curve.wells![i]!) } : {}),
        };
        const refit = fitDoseResponse(reduced, { ...options, outliers: 'off' });
        return { ...refit, outliers, flags: [...refit.flags, 'outliers'] };
      }
      flags.push('outliers');
    }
  }
  const p = solution.parameters;
  const critical = studentTCritical(confidence, solution.dfResidual);
  const n = model.parameterNames.length;
  // A pinned parameter has no standard error (it was not estimated).
  const se = (i: number): number => (solution.covariance && solution.free[i] ? Math.sqrt(solution.covariance[i * n + i]!) : Number.NaN);
  // Responses near ±1e308 overflow the asymptotes: NaN (with not_converged), never ±Infinity.
  const estimate = (i: number): Estimate => waldEstimate(finiteOrNaN(p[i]!), se(i), critical);
  const asymptotes = asymptoteIndex(model);
  const wald = estimate(0);
  const hill = estimate(1);
  const top = estimate(asymptotes.top);
  const bottom = estimate(asymptotes.bottom);

  let log10Ic50 = wald;
  if (options.ci === 'profile' && solution.converged) {
    // Profile likelihood: asymmetric, and open on a side the data do not bound (flagged).
    const profile = profileLog10Ic50Interval(solution, confidence, { bounds: options.bounds ?? DEFAULT_BOUNDS });
    // Open: a side the data do not bound (±Infinity). NaN is no interval at all (no residual df).
    if (profile.lower === Number.NEGATIVE_INFINITY || profile.upper === Number.POSITIVE_INFINITY) flags.push('ci_open');
    log10Ic50 = { ...wald, lower: Number.isFinite(profile.lower) ? profile.lower : Number.NaN, upper: Number.isFinite(profile.upper) ? profile.upper : Number.NaN };
  }

  // Total sum of squares about the (weighted) mean, with the fit's weights: r² and the flat test
  // compare like with like.
  let weightSum = 0;
  let meanResponse = 0;
  responses.forEach((y, i) => {
    const w = weights ? weights[i]! : 1;
    weightSum += w;
    meanResponse += w * y;
  });
  meanResponse /= weightSum;
  let total = 0;
  responses.forEach((y, i) => (total += (weights ? weights[i]! : 1) * (y - meanResponse) ** 2));

  if (!solution.converged) flags.push('not_converged');
  if (log10Ic50.value > log10Range[1]) flags.push('ic50_above_range');
  if (log10Ic50.value < log10Range[0]) flags.push('ic50_below_range');
  if (solution.boundsHit.length > 0) flags.push('bound_hit');
  // Ambiguous: no interval at all (singular covariance), or one too wide to mean anything.
  // An open profile interval is wider than any width.
  if (!solution.covariance || flags.includes('ci_open') || log10Ic50.upper - log10Ic50.lower > (options.ambiguousWidth ?? 2)) flags.push('ambiguous');
  const freeParameters = solution.free.filter(Boolean).length;
  // With the top pinned, "no response" is the pinned top at every dose (the curve's own limit).
  let flatP = Number.NaN;
  if (solution.converged && options.top !== undefined) {
    let rssTop = 0;
    responses.forEach((y, i) => (rssTop += (weights ? weights[i]! : 1) * (y - options.top!) ** 2));
    flatP = flatTestPValue(rssTop, solution.rss, points.length, freeParameters, 0);
  } else if (solution.converged) flatP = flatTestPValue(total, solution.rss, points.length, freeParameters);
  if (flatP > (options.flatAlpha ?? 0.05)) flags.push('flat');
  const metrics = solution.converged ? curveMetrics(model, p, log10Range) : NO_METRICS;
  if (solution.converged && Number.isNaN(metrics.log10AbsoluteIc50)) flags.push('no_absolute_ic50');

  return {
    ...base,
    log10Ic50,
    hill,
    top,
    bottom,
    model: modelName,
    ...(isLl5 ? { asymmetry: estimate(2) } : {}),
    rss: finiteOrNaN(solution.rss),
    rSquared: total > 0 && Number.isFinite(total) ? finiteOrNaN(1 - solution.rss / total) : Number.NaN,
    dfResidual: solution.dfResidual,
    converged: solution.converged,
    metrics,
    flatP,
    flags,
    ...(outliers ? { outliers } : {}),
  };
}
