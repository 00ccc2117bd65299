import { relativeWeights, type DoseResponseOptions } from '../fit/fitDoseResponse.js';
import { resolveModel } from '../models/resolveModel.js';
import type { CurveFit } from '../types.js';
import { fUpperTail } from '../fit/fDistribution.js';
import { DEFAULT_BOUNDS, fitCurve, type CurveSolution, type FitBounds } from '../fit/fitCurve.js';
import { Log10Ic50Profile, pinnedOf } from '../fit/profileInterval.js';
import type { DoseResponseModel } from '../models/model.js';

/** The points of one curve: log10 concentration and response. */
export interface CurvePoints {
  readonly log10Concentration: ArrayLike<number>;
  readonly response: ArrayLike<number>;
  /** A weight per point (weighted least squares, e.g. 1/y²); default 1 each. */
  readonly weights?: ArrayLike<number> | undefined;
}

export interface Ic50DifferenceOptions {
  readonly bounds?: FitBounds;
  /** Pinned asymptotes (both curves), as for fitCurve. */
  readonly top?: number;
  readonly bottom?: number;
  /** The curve equation (LL.4 by default). */
  readonly model?: DoseResponseModel;
  /** The second curve's equation when it differs (--model auto chose per curve); default `model`. */
  readonly modelB?: DoseResponseModel;
}

export interface Ic50DifferenceTest {
  /** F statistic on (1, dfSeparate); NaN when a fit failed. */
  readonly f: number;
  /** p-value, 1 − F_cdf(f; 1, dfSeparate). */
  readonly p: number;
  /** RSS of the reduced model: one log10 IC50 shared, every other parameter per curve. */
  readonly rssShared: number;
  /** RSS_A + RSS_B of the separate fits. */
  readonly rssSeparate: number;
  readonly sharedLog10Ic50: number;
  /** n_A + n_B − p_A − p_B (8 with four free parameters each); the reduced model has one more. */
  readonly dfSeparate: number;
  readonly separate: readonly [CurveSolution, CurveSolution];
}

/** Points of the shared-θ scan between (and around) the two separate optima. */
const SCAN = 41;
/** Decades beyond the separate optima that the shared θ is searched. */
const MARGIN = 1;
const GOLDEN = (3 - Math.sqrt(5)) / 2;

/**
 * Do two curves' IC50s differ? The extra-sum-of-squares F test (Prism's "Is log IC50 different
 * between data sets?"; drc's anova of a model with a shared e against separate curves):
 *
 *   full    = separate fits,                  RSS_sep = RSS_A + RSS_B,  df_sep = n_A + n_B − p_A − p_B
 *   reduced = log10 IC50 shared, the rest (hill, asymptotes) per curve,   df_red = df_sep + 1
 *   F = (RSS_red − RSS_sep) / (RSS_sep / df_sep),   p = P(F(1, df_sep) > F).
 *
 * The reduced fit is min over θ of RSS_A,profile(θ) + RSS_B,profile(θ) (each curve's profile RSS
 * with log10 IC50 held at θ, see Log10Ic50Profile): a scan of 41 points from the lower separate
 * optimum − 1 decade to the higher + 1 (inside both fit windows), each profile started from its
 * neighbour's hill and from the curve's fitted hill, then Brent's minimisation (Brent 1973,
 * ch. 5) around the best scan point to 1e-9 decades. Never throws; NaN results when a curve
 * could not be fitted or has no residual degrees of freedom.
 */
export function ic50DifferenceTest(a: CurvePoints, b: CurvePoints, options: Ic50DifferenceOptions = {}): Ic50DifferenceTest {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const fitOptions = {
    bounds,
    ...(options.top !== undefined ? { top: options.top } : {}),
    ...(options.bottom !== undefined ? { bottom: options.bottom } : {}),
    ...(options.model ? { model: options.model } : {}),
  };
  // With weights, every RSS here is the weighted one: the same test on the weighted fits.
  const fitA = fitCurve(a.log10Concentration, a.response, a.weights ? { ...fitOptions, weights: a.weights } : fitOptions);
  const fitOptionsB = options.modelB ? { ...fitOptions, model: options.modelB } : fitOptions;
  const fitB = fitCurve(b.log10Concentration, b.response, b.weights ? { ...fitOptionsB, weights: b.weights } : fitOptionsB);
  const rssSeparate = fitA.rss + fitB.rss;
  const dfSeparate = fitA.dfResidual + fitB.dfResidual;
  const failed: Ic50DifferenceTest = {
    f: Number.NaN,
    p: Number.NaN,
    rssShared: Number.NaN,
    rssSeparate,
    sharedLog10Ic50: Number.NaN,
    dfSeparate,
    separate: [fitA, fitB],
  };
  if (!fitA.converged || !fitB.converged || !(dfSeparate > 0)) return failed;

  const profileA = new Log10Ic50Profile(fitA.data, pinnedOf(fitA), bounds, fitA.model);
  const profileB = new Log10Ic50Profile(fitB.data, pinnedOf(fitB), bounds, fitB.model);
  const thetaA = fitA.parameters[0]!;
  const thetaB = fitB.parameters[0]!;
  const low = Math.max(Math.min(thetaA, thetaB) - MARGIN, profileA.window[0], profileB.window[0]);
  const high = Math.min(Math.max(thetaA, thetaB) + MARGIN, profileA.window[1], profileB.window[1]);
  if (!(low <= high)) return failed;

  // Each profile starts from its neighbour's parameters and from the curve's own fit.
  let lastA: Float64Array = fitA.parameters;
  let lastB: Float64Array = fitB.parameters;
  const total = (theta: number): number => {
    const pa = profileA.best(theta, lastA === fitA.parameters ? [fitA.parameters] : [lastA, fitA.parameters]);
    const pb = profileB.best(theta, lastB === fitB.parameters ? [fitB.parameters] : [lastB, fitB.parameters]);
    lastA = pa.parameters;
    lastB = pb.parameters;
    return pa.rss + pb.rss;
  };

  // Scan, then Brent's minimisation around the best scan point.
  const step = (high - low) / (SCAN - 1);
  let bestIndex = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let i = 0; i < SCAN; i++) {
    const value = total(low + i * step);
    if (value < bestValue) {
      bestValue = value;
      bestIndex = i;
    }
  }
  const [theta, rssBrent] = brentMinimize(total, Math.max(low, low + (bestIndex - 1) * step), Math.min(high, low + (bestIndex + 1) * step), 1e-9);
  let sharedLog10Ic50 = theta;
  let rssShared = rssBrent;
  if (bestValue < rssShared) {
    sharedLog10Ic50 = low + bestIndex * step;
    rssShared = bestValue;
  }
  // The reduced model is nested in the full one: its RSS cannot be lower (up to rounding).
  const f = Math.max(0, (rssShared - rssSeparate) / (rssSeparate / dfSeparate));
  const p = rssSeparate > 0 ? fUpperTail(f, 1, dfSeparate) : Number.NaN;
  return { f, p, rssShared, rssSeparate, sharedLog10Ic50, dfSeparate, separate: [fitA, fitB] };
}

/**
 * Brent's minimisation without derivatives (golden section with parabolic steps; Brent,
 * "Algorithms for Minimization without Derivatives", 1973, ch. 5, procedure localmin) of f on
 * [a, b] to absolute tolerance `tolerance`. Returns [x, f(x)].
 */
export function brentMinimize(f: (x: number) => number, a: number, b: number, tolerance: number): [number, number] {
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const middle = 0.5 * (a + b);
    const tol1 = 1e-10 * Math.abs(x) + tolerance / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - middle) <= tol2 - 0.5 * (b - a)) break;
    let golden = true;
    if (Math.abs(e) > tol1) {
      // Parabola through x, w, v.
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < middle ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = (x < middle ? b : a) - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return [x, fx];
}

/**
 * The p-value of "do the IC50s differ?" for two fits with their points, fitted as `options` say
 * (same model, pinned asymptotes, weights and window as the fits themselves); NaN when either
 * fit has no points.
 */
export function ic50DifferenceP(line: CurveFit, parental: CurveFit, options: DoseResponseOptions): number {
  if (line.points.log10Molar.length === 0 || parental.points.log10Molar.length === 0) return Number.NaN;
  const weighted = options.weights === '1/y2';
  const pointsOf = (fit: CurveFit): CurvePoints => ({
    log10Concentration: fit.points.log10Molar,
    response: fit.points.response,
    weights: weighted ? relativeWeights(fit.points.response) : undefined,
  });
  // The model value with its pinned asymptotes, as the fits had it: the options' model, or the
  // one --model auto chose for each curve (the fit's own model name).
  const modelOf = (fit: CurveFit) => {
    const configured = resolveModel(options);
    if (fit.model === undefined || fit.model === configured.name) return configured;
    return resolveModel({ ...options, model: fit.model === 'll5' ? 'll5' : fit.model === 'll3' || fit.model === 'll2' ? 'll3' : 'll4' });
  };
  return ic50DifferenceTest(pointsOf(line), pointsOf(parental), {
    ...(options.bounds ? { bounds: options.bounds } : {}),
    model: modelOf(line),
    modelB: modelOf(parental),
  }).p;
}
