import { DEFAULT_BOUNDS, type FitBounds } from '../models/fitBounds.js';
import type { DoseResponseModel } from '../models/model.js';
import { resolveModel } from '../models/resolveModel.js';
import type { Curve, CurveFit, Estimate, Flag } from '../types.js';
import { constantFit } from './constantFit.js';
import { fitCurve } from './fitCurve.js';
import { fitFlags } from './fitFlags.js';
import { fitStatistics, NO_METRICS } from './fitStatistics.js';
import { relativeWeights } from './relativeWeights.js';
import { routOutliers } from './routOutliers.js';
import { MISSING } from './waldEstimate.js';

// Kept where callers (compare/) import them from.
export { MISSING, waldEstimate } from './waldEstimate.js';
export { relativeWeights } from './relativeWeights.js';

export interface DoseResponseOptions {
  readonly bounds?: FitBounds;
  /** Confidence level of intervals. Default 0.95. */
  readonly confidence?: number;
  /** Pinned asymptotes in % viability (--top 100 --bottom 0); absent ones are fitted. */
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  /** A curve whose flat-response test p-value exceeds this is flagged `flat` (see isFlat). Default 0.05. */
  readonly flatAlpha?: number | undefined;
  /** Flag `ambiguous` when the IC50 interval spans more than this many decades. Default 2 (100-fold). */
  readonly ambiguousWidth?: number | undefined;
  /** IC50 interval: Wald on log10 (default, fast) or profile likelihood. */
  readonly ci?: 'wald' | 'profile' | undefined;
  /** Weighting: none (default) or 1/y² (relative: each point weighted by 1/max(y², 1)). */
  readonly weights?: 'none' | '1/y2' | undefined;
  /**
   * The curve equation (resolveModel): LL.4 (default; with pinned asymptotes LL.3/LL.2), ll3
   * (bottom pinned at `bottom`, else 0), LL.5 — or a model value.
   */
  readonly model?: 'll3' | 'll4' | 'll5' | DoseResponseModel | undefined;
  /** ROUT outlier detection: off (default), flag, or remove (refit without them). */
  readonly outliers?: 'off' | 'flag' | 'remove' | undefined;
  /** ROUT's false discovery rate Q (fraction). Default 0.01. */
  readonly outlierQ?: number | undefined;
  /** ICx levels (%) to estimate besides IC50 (--icx, --rf-at), ascending; none by default. */
  readonly icx?: readonly number[] | undefined;
}

/** The finite points of a curve, and where each came from in it. */
export function finitePoints(curve: Curve): { u: number[]; y: number[]; sources: number[] } {
  const u: number[] = [];
  const y: number[] = [];
  const sources: number[] = [];
  for (let i = 0; i < curve.log10Molar.length; i++) {
    if (Number.isFinite(curve.log10Molar[i]!) && Number.isFinite(curve.response[i]!)) {
      u.push(curve.log10Molar[i]!);
      y.push(curve.response[i]!);
      sources.push(i);
    }
  }
  return { u, y, sources };
}

/** How many distinct values Math.round(u·1e4) the points have (sorted copies counted: no Set per curve). */
function distinctRounded(points: readonly number[]): number {
  const rounded = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) rounded[i] = Math.round(points[i]! * 1e4);
  rounded.sort();
  let distinct = 0;
  for (let i = 0; i < rounded.length; i++) if (i === 0 || rounded[i] !== rounded[i - 1]) distinct++;
  return distinct;
}

function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * Fits a dose-response model to a curve and attaches its statistics and flags: the thin
 * composition of
 *
 *   resolveModel (the model value the options describe) → fitCurve (the least-squares solution)
 *   → routOutliers (optional; with `remove` the curve is refitted without them)
 *   → fitStatistics (estimates with Wald or profile intervals, r², flat test, metrics)
 *   → fitFlags (one named rule per flag).
 *
 * A curve with fewer distinct concentrations than the model needs is not fitted
 * (`too_few_concentrations`). Expected outcomes are flags, not errors.
 */
export function fitDoseResponse(curve: Curve, options: DoseResponseOptions = {}): CurveFit {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const model = resolveModel(options);
  const { u: points, y: responses, sources } = finitePoints(curve);
  // Distinct concentrations to 1e-4 decades: exports print series with float noise
  // (0.0411522633744856 vs 0.04115226337448561), which must not count as two.
  const nConcentrations = distinctRounded(points);
  const log10Range: [number, number] = points.length
    ? [points.reduce((m, u) => Math.min(m, u)), points.reduce((m, u) => Math.max(m, u))]
    : [Number.NaN, Number.NaN];
  const identity: FitIdentity = { curve, model, points, responses, sources, nConcentrations, log10Range };
  if (nConcentrations < model.minConcentrations) {
    const flags: Flag[] = ['too_few_concentrations'];
    if (curve.noBlank) flags.push('no_blank');
    if (curve.qcFailed) flags.push('plate_qc_failed');
    const missing = Object.fromEntries(model.parameterNames.map((name) => [name, MISSING]));
    const fit = fitRecord(identity, missing, {
      rss: Number.NaN,
      rSquared: Number.NaN,
      dfResidual: points.length - model.parameterNames.length,
      converged: false,
      status: 'not_fitted',
      iterations: 0,
      metrics: NO_METRICS,
      flatP: Number.NaN,
      flags,
    });
    if (options.icx?.length) fit.icx = options.icx.map((level) => ({ level, log10Relative: MISSING, log10Absolute: MISSING }));
    return fit;
  }

  const weights = options.weights === '1/y2' ? relativeWeights(responses) : undefined;
  const solution = fitCurve(points, responses, { bounds, model, ...(weights ? { weights } : {}) });

  // ROUT: outliers named, and with `remove` the curve refitted without them.
  let outliers: CurveFit['outliers'];
  const outlierMode = options.outliers ?? 'off';
  if (outlierMode !== 'off' && solution.converged) {
    const rout = routOutliers(points, responses, solution, { q: options.outlierQ ?? 0.01, bounds, weights });
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
    }
  }

  const constant = constantFit(responses, weights, model.pinned.top);
  const statistics = fitStatistics(solution, constant, { confidence: options.confidence, ci: options.ci, bounds, icx: options.icx });
  const flags = fitFlags({
    curve,
    outliersFlagged: outliers !== undefined,
    solution,
    statistics,
    ambiguousWidth: options.ambiguousWidth ?? 2,
    flatAlpha: options.flatAlpha ?? 0.05,
  });
  const fit = fitRecord(identity, statistics.estimates, {
    rss: finiteOrNaN(statistics.noResponse ? constant.rss : solution.rss),
    rSquared: statistics.rSquared,
    dfResidual: solution.dfResidual,
    converged: solution.converged,
    status: solution.status,
    iterations: solution.iterations,
    metrics: statistics.metrics,
    flatP: statistics.flatP,
    flags,
  });
  if (statistics.icx) fit.icx = statistics.icx;
  if (solution.covariance && solution.converged) fit.covariance = Array.from(solution.covariance);
  if (outliers) fit.outliers = outliers;
  return fit;
}

/** What a fit record says of its curve, whatever the fit's outcome. */
interface FitIdentity {
  readonly curve: Curve;
  readonly model: DoseResponseModel;
  readonly points: number[];
  readonly responses: number[];
  readonly sources: number[];
  readonly nConcentrations: number;
  readonly log10Range: [number, number];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The outcome fields every fit record has (the fit, its statistics and flags). */
type Outcome = Pick<CurveFit, 'rss' | 'rSquared' | 'dfResidual' | 'converged' | 'status' | 'iterations' | 'metrics' | 'flatP' | 'flags'>;

/**
 * A fit record, every field it always has written in one object literal in one order, the optional
 * ones assigned after: one hidden class for every fit. (Assembled from spreads, each record was
 * a dictionary-mode object: a fifth of fitDoseResponse's time, and slower to copy to the main thread.)
 */
function fitRecord(identity: FitIdentity, estimates: Readonly<Record<string, Estimate>>, outcome: Outcome): Mutable<CurveFit> {
  const { curve, model, points, responses, sources } = identity;
  const fit: Mutable<CurveFit> = {
    cellLine: curve.cellLine,
    compound: curve.compound,
    experiment: curve.experiment ?? '',
    plates: curve.plates,
    unit: curve.unit,
    nPoints: points.length,
    nConcentrations: identity.nConcentrations,
    log10Range: identity.log10Range,
    points: curve.wells
      ? { log10Molar: points, response: responses, wells: sources.map((i) => curve.wells![i]!) }
      : { log10Molar: points, response: responses },
    model: model.name as CurveFit['model'],
    log10Ic50: estimates.log10_ic50 ?? MISSING,
    hill: estimates.hill ?? MISSING,
    top: estimates.top ?? MISSING,
    bottom: estimates.bottom ?? MISSING,
    rss: outcome.rss,
    rSquared: outcome.rSquared,
    dfResidual: outcome.dfResidual,
    converged: outcome.converged,
    status: outcome.status,
    iterations: outcome.iterations,
    metrics: outcome.metrics,
    flatP: outcome.flatP,
    flags: outcome.flags,
  };
  if (curve.labels) fit.labels = curve.labels;
  if (curve.time !== undefined) fit.time = curve.time;
  if (curve.excluded) fit.excluded = curve.excluded;
  if (estimates.asymmetry) fit.asymmetry = estimates.asymmetry;
  return fit;
}
