import { fUpperTail } from '../fit/fDistribution.js';
import { studentTCritical } from '../fit/studentT.js';

/** One check of a history: where it lies (passage, or days / 30), its log10 RF and that value's standard error. */
export interface WeightedPoint {
  readonly x: number;
  readonly y: number;
  readonly standardError: number;
}

/**
 * The weighted least-squares line through a history of checks, y = intercept + slope·x with
 * weights w = 1/SE². Standard errors are the checks' SEs scaled by the dispersion floored at 1:
 * SE(slope) = max(1, σ̂)/√Sxx, σ̂² = Σw·r²/(n − 2), Sxx = Σw(x − x̄_w)²; interval and p from
 * Student t on n − 2 df. With σ̂ ≥ 1 this is R's `lm(y ~ x, weights = w)` exactly; with σ̂ < 1 it
 * is the SE with the checks' SEs taken as known (never smaller). docs/trend.md says why.
 */
export interface WeightedTrend {
  readonly n: number;
  /** n − 2. */
  readonly df: number;
  readonly slope: number;
  readonly intercept: number;
  /** max(1, σ̂)/√Sxx. */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  /** Two-sided p of "slope = 0": 2·P(T_{n−2} > |slope/SE|). */
  readonly p: number;
  readonly interceptStandardError: number;
  /**
   * σ̂ = √(Σw·r²/(n − 2)): how far the checks scatter about the line in units of their own SEs
   * (R's "residual standard error" of the weighted lm); about 1 when the SEs explain the scatter.
   */
  readonly dispersion: number;
  /** 1/√Sxx: the slope's SE with the checks' SEs taken as known (fixed effect). */
  readonly standardErrorKnown: number;
}

/** Two-sided p of a t statistic on df degrees of freedom, 2·P(T > |t|) = P(F(1, df) > t²). */
export function twoSidedTP(t: number, df: number): number {
  return fUpperTail(t * t, 1, df);
}

function weights(points: readonly WeightedPoint[] | readonly Omit<WeightedPoint, 'x'>[]): number[] {
  return points.map((p) => 1 / (p.standardError * p.standardError));
}

/**
 * The weighted trend of a history (see WeightedTrend); null with fewer than 3 checks (no df
 * left for the scatter) or when every check lies at the same x. Sums are centred on the weighted
 * means, so a history at x = 20,000 days is as exact as one at passage 0–26.
 */
export function weightedTrend(points: readonly WeightedPoint[], confidence: number): WeightedTrend | null {
  const n = points.length;
  if (n < 3) return null;
  const w = weights(points);
  const sw = w.reduce((a, b) => a + b, 0);
  const xBar = points.reduce((a, p, i) => a + w[i]! * p.x, 0) / sw;
  const yBar = points.reduce((a, p, i) => a + w[i]! * p.y, 0) / sw;
  let sxx = 0;
  let sxy = 0;
  points.forEach((p, i) => {
    sxx += w[i]! * (p.x - xBar) ** 2;
    sxy += w[i]! * (p.x - xBar) * (p.y - yBar);
  });
  if (!(sxx > 0) || !Number.isFinite(sxx)) return null;
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  const df = n - 2;
  const rss = points.reduce((a, p, i) => a + w[i]! * (p.y - intercept - slope * p.x) ** 2, 0);
  const dispersion = Math.sqrt(rss / df);
  const scale = Math.max(1, dispersion);
  const standardErrorKnown = 1 / Math.sqrt(sxx);
  const standardError = scale * standardErrorKnown;
  const critical = studentTCritical(confidence, df);
  return {
    n,
    df,
    slope,
    intercept,
    standardError,
    lower: slope - critical * standardError,
    upper: slope + critical * standardError,
    p: twoSidedTP(slope / standardError, df),
    interceptStandardError: scale * Math.sqrt(1 / sw + (xBar * xBar) / sxx),
    dispersion,
    standardErrorKnown,
  };
}

/**
 * The weighted mean of a window of checks — the level they agree on — with w = 1/SE²:
 * mean = Σw·y/Σw, SE = max(1, σ̂)/√Σw with σ̂² = Σw(y − mean)²/(n − 1) (R's
 * `lm(y ~ 1, weights = w)` when σ̂ ≥ 1), interval mean ± t(n − 1)·SE. One check is its own
 * level: SE its own, no dispersion, no interval from the window (NaN).
 */
export interface WeightedLevel {
  readonly n: number;
  readonly df: number;
  readonly mean: number;
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  /** σ̂ (NaN for one check). */
  readonly dispersion: number;
  /** 1/√Σw. */
  readonly standardErrorKnown: number;
}

/** The weighted level of a window of checks (see WeightedLevel); null for none. */
export function weightedLevel(points: readonly Omit<WeightedPoint, 'x'>[], confidence: number): WeightedLevel | null {
  const n = points.length;
  if (n === 0) return null;
  const w = weights(points);
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = points.reduce((a, p, i) => a + w[i]! * p.y, 0) / sw;
  const df = n - 1;
  const dispersion = n > 1 ? Math.sqrt(points.reduce((a, p, i) => a + w[i]! * (p.y - mean) ** 2, 0) / df) : Number.NaN;
  const standardErrorKnown = 1 / Math.sqrt(sw);
  const standardError = (n > 1 ? Math.max(1, dispersion) : 1) * standardErrorKnown;
  const critical = studentTCritical(confidence, df);
  return { n, df, mean, standardError, lower: mean - critical * standardError, upper: mean + critical * standardError, dispersion, standardErrorKnown };
}

/** The latest check against an earlier level: how far it lies, in log10, and how surprising that is. */
export interface LevelTest {
  /** y_latest − mean (log10): the latest RF over the level's, as a log10 ratio. */
  readonly difference: number;
  /** max(1, σ̂)·√(SE_latest² + 1/Σw). */
  readonly standardError: number;
  readonly t: number;
  /** n − 1 of the level's window. */
  readonly df: number;
  /** 2·P(T_{n−1} > |t|); NaN when the window holds fewer than two checks. */
  readonly p: number;
}

/**
 * Does the latest check differ from the level of the window before it? The latest check is
 * treated as one more observation of that level (a prediction): its variance is the scatter
 * σ̂² (floored at 1, as in weightedLevel) times SE_latest² + 1/Σw — the dispersion that makes the
 * window's checks scatter beyond their SEs widens the latest check's uncertainty too, as in R's
 * `predict(lm(y ~ 1, weights = w), interval = "prediction", weights = 1/SE_latest²)`. t on the
 * window's n − 1 df. Needs at least two checks in the window (one gives no scatter: p NaN).
 */
export function latestVersusLevel(level: WeightedLevel, latest: Omit<WeightedPoint, 'x'>): LevelTest {
  const difference = latest.y - level.mean;
  const scale = level.n > 1 ? Math.max(1, level.dispersion) : 1;
  const standardError = scale * Math.sqrt(latest.standardError ** 2 + level.standardErrorKnown ** 2);
  const t = difference / standardError;
  return { difference, standardError, t, df: level.df, p: level.n > 1 ? twoSidedTP(t, level.df) : Number.NaN };
}
