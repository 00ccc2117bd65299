import type { FitBounds } from '../models/fitBounds.js';
import { asymptoteIndex, evaluateModel } from '../models/model.js';
import type { Estimate, IcxEstimate } from '../types.js';
import type { ConstantFit } from './constantFit.js';
import { curveMetrics, type CurveMetrics } from './curveMetrics.js';
import type { CurveSolution } from './fitCurve.js';
import { flatTestPValue } from './flatTest.js';
import { icxEstimates } from './icxEstimates.js';
import { profileLog10Ic50Interval } from './profileInterval.js';
import { studentTCritical } from './studentT.js';
import { MISSING, waldEstimate } from './waldEstimate.js';

export interface StatisticsOptions {
  /** Confidence level of intervals. Default 0.95. */
  readonly confidence?: number | undefined;
  /** IC50 interval: Wald on log10 (default, fast) or profile likelihood. */
  readonly ci?: 'wald' | 'profile' | undefined;
  /** The fit's search window (the profile stays inside it). */
  readonly bounds: FitBounds;
  /** ICx levels (%) to estimate besides IC50 (--icx, --rf-at); none by default. */
  readonly icx?: readonly number[] | undefined;
}

/** What a finished fit says about its curve, beyond the parameters themselves. */
export interface FitStatistics {
  /** Estimate of every model parameter, by name (parameterNames: log10_ic50, hill, …, top, bottom). */
  readonly estimates: Readonly<Record<string, Estimate>>;
  /** The profile interval has no bound on a side (the data do not bound the IC50 there). */
  readonly ciOpen: boolean;
  /** 1 − RSS / Σw(y − ȳ)², NaN without spread. */
  readonly rSquared: number;
  /** p of the extra-sum-of-squares F test of the curve against the no-response constant. */
  readonly flatP: number;
  /** |f(u_min) − f(u_max)|: how far the fitted response moves across the tested range. */
  readonly responseSpan: number;
  readonly metrics: CurveMetrics;
  /** The data are constant (ConstantFit.negligible): no curve, only a level. */
  readonly noResponse: boolean;
  /** ICx at the levels asked for (icxEstimates), when asked for. */
  readonly icx?: readonly IcxEstimate[];
}

export const NO_METRICS: CurveMetrics = Object.freeze({ log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: Number.NaN, auc: Number.NaN });

function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The statistics of a least-squares fit:
 *
 * - estimates: Wald intervals value ± t(1 − α/2, n − p)·se from the covariance s²·(JᵀWJ)⁻¹,
 *   s² = RSS/(n − p), p the free parameters (a pinned one has no standard error) — on log10 IC50,
 *   so the interval on IC50 itself is asymmetric; with `ci: 'profile'` the IC50 interval is the
 *   profile-likelihood one instead (open sides NaN, `ciOpen`);
 * - r² = 1 − RSS / Σw(y − ȳ)² (weighted as the fit);
 * - the flat F test of the curve against the no-response constant (flatTestPValue);
 * - curve metrics (absolute IC50, pIC50, Emax, AUC) of the fitted curve;
 * - ICx at the levels asked for (icxEstimates: relative with its interval, absolute).
 *
 * Constant data (`constant.negligible`) have no dose response: no IC50 and no shape at all, the
 * free asymptotes both at the constant's level (with its standard error √(RSS₀/((n − q)·Σw))),
 * flatP = 1, r² NaN, and the metrics of the constant.
 */
export function fitStatistics(solution: CurveSolution, constant: ConstantFit, options: StatisticsOptions): FitStatistics {
  const model = solution.model;
  if (constant.negligible) {
    const statistics = noResponseStatistics(solution, constant, options.confidence ?? 0.95);
    return options.icx?.length ? { ...statistics, icx: options.icx.map((level) => ({ level, log10Relative: MISSING, log10Absolute: MISSING })) } : statistics;
  }
  const confidence = options.confidence ?? 0.95;
  const p = solution.parameters;
  const n = model.parameterNames.length;
  const critical = studentTCritical(confidence, solution.dfResidual);
  // A pinned parameter has no standard error (it was not estimated).
  const se = (i: number): number => (solution.covariance && solution.free[i] ? Math.sqrt(solution.covariance[i * n + i]!) : Number.NaN);
  // Responses near ±1e308 overflow the asymptotes: NaN (with not_converged), never ±Infinity.
  const estimates: Record<string, Estimate> = {};
  model.parameterNames.forEach((name, i) => (estimates[name] = waldEstimate(finiteOrNaN(p[i]!), se(i), critical)));

  let ciOpen = false;
  if (options.ci === 'profile' && solution.converged) {
    // Profile likelihood: asymmetric, and open on a side the data do not bound (flagged).
    const profile = profileLog10Ic50Interval(solution, confidence, { bounds: options.bounds });
    // Open: a side the data do not bound (±Infinity). NaN is no interval at all (no residual df).
    ciOpen = profile.lower === Number.NEGATIVE_INFINITY || profile.upper === Number.POSITIVE_INFINITY;
    estimates[model.parameterNames[0]!] = {
      ...estimates[model.parameterNames[0]!]!,
      lower: Number.isFinite(profile.lower) ? profile.lower : Number.NaN,
      upper: Number.isFinite(profile.upper) ? profile.upper : Number.NaN,
    };
  }

  const freeParameters = solution.free.filter(Boolean).length;
  const flatP = solution.converged ? flatTestPValue(constant.rss, solution.rss, solution.data.nPoints, freeParameters, constant.parameters) : Number.NaN;
  const [low, high] = solution.log10Range;
  const responseSpan = solution.converged ? Math.abs(evaluateModel(model, p, low) - evaluateModel(model, p, high)) : Number.NaN;
  const total = constant.total;
  return {
    estimates,
    ciOpen,
    rSquared: total > 0 && Number.isFinite(total) ? finiteOrNaN(1 - solution.rss / total) : Number.NaN,
    flatP,
    responseSpan,
    metrics: solution.converged ? curveMetrics(model, p, solution.log10Range) : NO_METRICS,
    noResponse: false,
    ...(options.icx?.length ? { icx: icxEstimates(solution, options.icx, { confidence, ci: options.ci, bounds: options.bounds }) } : {}),
  };
}

/** Statistics of constant data: the constant's level for the free asymptotes, nothing else. */
function noResponseStatistics(solution: CurveSolution, constant: ConstantFit, confidence: number): FitStatistics {
  const model = solution.model;
  const df = constant.weightSum > 0 ? solution.data.nPoints - constant.parameters : 0;
  const levelSe = Math.sqrt(constant.rss / (df * constant.weightSum));
  const level = waldEstimate(constant.level, levelSe, studentTCritical(confidence, df));
  const asymptotes = asymptoteIndex(model);
  const estimates: Record<string, Estimate> = {};
  model.parameterNames.forEach((name, i) => {
    if (i !== asymptotes.top && i !== asymptotes.bottom) estimates[name] = MISSING;
    else estimates[name] = model.free[i] ? level : { ...MISSING, value: solution.parameters[i]! };
  });
  return {
    estimates,
    ciOpen: false,
    rSquared: Number.NaN,
    flatP: 1,
    responseSpan: 0,
    metrics: { log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: 100 - constant.level, auc: constant.level / 100 },
    noResponse: true,
  };
}
