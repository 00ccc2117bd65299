import { DEFAULT_BOUNDS, type FitBounds } from '../models/fitBounds.js';
import { ll4 } from '../models/ll4.js';
import type { DoseResponseModel, PinnedAsymptotes, ShapeBounds } from '../models/model.js';
import { pinned } from '../models/pinned.js';
import type { CurveSolution } from './fitCurve.js';
import type { GroupedData } from './groupedData.js';
import { levenbergMarquardt } from './levenbergMarquardt.js';
import { studentTCritical } from './studentT.js';

/** The profile of one curve at a fixed log10 IC50: the best fit over the other parameters. */
export interface ProfilePoint {
  readonly rss: number;
  /** The full parameter vector [log10 IC50, hill, (asymmetry,) top, bottom] at that profile point. */
  readonly parameters: Float64Array;
}

/**
 * RSS_profile(θ) = min over the other shape parameters (hill; LL.5's asymmetry) and the free
 * asymptotes of the RSS with log10 IC50 = θ, by levenbergMarquardt with log10 IC50 held
 * (free = [false, true, …]) and the asymptotes solved exactly (or pinned). The search stays
 * inside the fit's bounds.
 */
export class Log10Ic50Profile {
  /** Search window of log10 IC50: the fit's bounds. */
  readonly window: readonly [number, number];
  /** The model profiled, with the pinned asymptotes. */
  readonly model: DoseResponseModel;
  private readonly box: ShapeBounds;
  private readonly free: boolean[];

  constructor(
    readonly data: GroupedData,
    asymptotes: PinnedAsymptotes,
    bounds: FitBounds = DEFAULT_BOUNDS,
    model: DoseResponseModel = ll4,
  ) {
    this.model = pinned(model, asymptotes);
    const uMin = data.u.length ? data.u[0]! : 0;
    const uMax = data.u.length ? data.u[data.u.length - 1]! : 0;
    this.box = this.model.bounds(uMin, uMax, bounds);
    this.window = [this.box.lower[0]!, this.box.upper[0]!];
    this.free = this.model.shapeParameterNames.map((_, i) => i > 0);
  }

  /** The pinned asymptotes (those the profile does not refit). */
  get pinned(): PinnedAsymptotes {
    return this.model.pinned;
  }

  /**
   * The profile at θ, the other shape parameters started from `start` (a parameter vector, e.g.
   * a neighbouring profile point's; its log10 IC50 is ignored) and from the model's own profile
   * starts at θ (LL.5: the best cells of a hill × asymmetry grid); the lowest RSS wins.
   */
  at(theta: number, start: ArrayLike<number>): ProfilePoint {
    const shapeStart = Array.from({ length: this.free.length }, (_, i) => (i === 0 ? theta : start[i]!));
    let best = this.polish(shapeStart);
    for (const gridStart of this.model.profileStarts(this.data, this.box, theta)) {
      const point = this.polish(gridStart);
      if (point.rss < best.rss) best = point;
    }
    return best;
  }

  private polish(shapeStart: number[]): ProfilePoint {
    const result = levenbergMarquardt(
      { model: this.model, data: this.data, lower: this.box.lower, upper: this.box.upper, free: this.free },
      shapeStart,
    );
    return { rss: result.rss, parameters: result.parameters };
  }

  /** The profile at θ from several starts (parameter vectors); the lowest RSS wins. */
  best(theta: number, starts: readonly ArrayLike<number>[]): ProfilePoint {
    let best: ProfilePoint | null = null;
    for (const start of starts) {
      if (!Array.from({ length: this.free.length - 1 }, (_, i) => start[i + 1]!).every(Number.isFinite)) continue;
      const point = this.at(theta, start);
      if (!best || point.rss < best.rss) best = point;
    }
    return best ?? this.at(theta, [theta, 1, 1]);
  }
}

/** The pinned asymptotes of a solution (those it did not estimate). */
export function pinnedOf(solution: CurveSolution): PinnedAsymptotes {
  return solution.model.pinned;
}

export interface ProfileIntervalOptions {
  /** The fit's bounds (its search window); must be those the solution was fitted with. */
  readonly bounds?: FitBounds;
  /** Bounds are located to this many decades. Default 1e-7. */
  readonly tolerance?: number;
}

export interface ProfileInterval {
  /** The fitted log10 IC50. */
  readonly value: number;
  /** Bounds; −Infinity / +Infinity when the profile stays below the threshold to the window edge. */
  readonly lower: number;
  readonly upper: number;
  readonly rssMin: number;
  /** RSS_min · (1 + F(1 − α; 1, n − p)/(n − p)). */
  readonly rssThreshold: number;
  /** Profile evaluations used (each one a one-parameter Levenberg–Marquardt run). */
  readonly evaluations: number;
}

/**
 * Profile-likelihood confidence interval for log10 IC50 (GraphPad Prism's "profile likelihood"
 * asymmetric CI; the nls profile interval of R's MASS::confint.nls): every θ whose profile RSS
 * stays under
 *
 *   RSS_profile(θ) ≤ RSS_min · (1 + F(1 − α; 1, n − p) / (n − p)),
 *
 * with RSS_profile(θ) the least RSS with log10 IC50 held at θ (hill, LL.5's asymmetry and free asymptotes refitted),
 * n the points and p the free parameters. This is the likelihood-ratio region for normal errors
 * with σ² estimated, in the F form of Bates & Watts, "Nonlinear Regression Analysis and Its
 * Applications" (1988), §6.1.2 (eq. 6.6 with P = 1), equivalently the signed-root profile t
 * statistic |τ(θ)| ≤ t(1 − α/2; n − p) of §6.1.1; see also Venzon & Moolgavkar (1988),
 * Appl. Statist. 37:87. F(1 − α; 1, ν) is computed as t(1 − α/2; ν)².
 *
 * Each bound is bracketed by stepping outward from the optimum (steps growing 1.5×, starting at
 * the Wald half-width, each profile point started from its neighbour's parameters), then bisected to
 * `tolerance` decades. A profile that never reaches the threshold inside the fit's search window
 * gives ±Infinity on that side: an open interval, which callers should flag. NaN bounds when the
 * fit did not converge or has no residual degrees of freedom.
 */
export function profileLog10Ic50Interval(
  solution: CurveSolution,
  confidence = 0.95,
  options: ProfileIntervalOptions = {},
): ProfileInterval {
  const value = solution.parameters[0]!;
  const df = solution.dfResidual;
  const rssMin = solution.rss;
  const t = studentTCritical(confidence, df);
  const rssThreshold = rssMin * (1 + (t * t) / df);
  const failed = { value, lower: Number.NaN, upper: Number.NaN, rssMin, rssThreshold, evaluations: 0 };
  if (!solution.converged || !(df > 0) || !Number.isFinite(rssThreshold)) return failed;

  const profile = new Log10Ic50Profile(solution.data, {}, options.bounds, solution.model);
  const tolerance = options.tolerance ?? 1e-7;
  const [windowLow, windowHigh] = profile.window;
  const se = solution.covariance ? Math.sqrt(solution.covariance[0]!) : Number.NaN;
  const firstStep = Math.min(1, Math.max(1e-3, Number.isFinite(se) ? t * se : 0.1));
  let evaluations = 0;

  const bound = (direction: 1 | -1): number => {
    const edge = direction > 0 ? windowHigh : windowLow;
    // Inside: the last point known below the threshold, and its parameters.
    let inside = value;
    let insideStart: ArrayLike<number> = solution.parameters;
    let step = firstStep;
    let outside = Number.NaN;
    for (;;) {
      const next = direction > 0 ? Math.min(edge, inside + step) : Math.max(edge, inside - step);
      const point = profile.at(next, insideStart);
      evaluations++;
      if (point.rss > rssThreshold) {
        outside = next;
        break;
      }
      inside = next;
      insideStart = point.parameters;
      if (next === edge) return direction * Number.POSITIVE_INFINITY;
      step *= 1.5;
    }
    // Bisection: `inside` below the threshold, `outside` above it.
    while (Math.abs(outside - inside) > tolerance) {
      const middle = 0.5 * (inside + outside);
      const point = profile.at(middle, insideStart);
      evaluations++;
      if (point.rss > rssThreshold) outside = middle;
      else {
        inside = middle;
        insideStart = point.parameters;
      }
    }
    return 0.5 * (inside + outside);
  };

  const lower = bound(-1);
  const upper = bound(1);
  return { value, lower, upper, rssMin, rssThreshold, evaluations };
}
