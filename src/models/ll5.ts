import type { GroupedData } from '../fit/groupedData.js';
import { DEFAULT_BOUNDS } from './fitBounds.js';
import { solveAsymptotes, type AsymptoteSolution } from './asymptotes.js';
import { logisticGridStarts } from './gridStart.js';
import { logisticBounds } from './ll4.js';
import type { DoseResponseModel, PinnedAsymptotes, ShapeBounds } from './model.js';

const LN10 = Math.LN10;
const LN2 = Math.LN2;

/** ln(1 + e^z) without overflow or loss of precision. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + e^−z) without overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** ln(2^(1/f) − 1), the offset that puts the curve's midpoint at log10 IC50. */
function midpointOffset(asymmetry: number): number {
  const a = LN2 / asymmetry;
  // ln(e^a − 1) = a + ln(1 − e^−a): exact for large a, where e^a overflows.
  return a > 1 ? a + Math.log1p(-Math.exp(-a)) : Math.log(Math.expm1(a));
}

/** LL.5: each LL.4 grid start is also tried with these asymmetries (1 is the LL.4 curve). */
const ASYMMETRY_STARTS = [1, 0.3, 3];
/** Grid of the profile's extra starts (hill × asymmetry). */
const PROFILE_HILLS = [0.1, 0.3, 0.7, 1, 1.5, 2.5, 5, 10, 25];
const PROFILE_ASYMMETRIES = [0.03, 0.1, 0.3, 1, 3, 10, 40];
/** Profile points are also polished from this many of the best (hill × asymmetry) cells. */
const PROFILE_STARTS = 4;
/** Composite Simpson intervals of the area under an LL.5 curve. */
const SIMPSON_INTERVALS = 4096;

/** ∫ f over [a, b] by composite Simpson's rule on `intervals` (even) intervals. */
function simpson(f: (u: number) => number, a: number, b: number, intervals: number): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

function shape(theta: ArrayLike<number>, u: number, gradient?: Float64Array): number {
  const location = theta[0]!;
  const hill = theta[1]!;
  const f = theta[2]!;
  const offset = midpointOffset(f);
  const L = offset + hill * (u - location) * LN10;
  const lnOnePlus = softplus(L);
  const s = Math.exp(-f * lnOnePlus);
  if (gradient) {
    const q = sigmoid(L);
    const sfq = s * f * q;
    gradient[0] = sfq * hill * LN10;
    gradient[1] = -sfq * (u - location) * LN10;
    // 2^(1/f)/(2^(1/f) − 1) = 1/(1 − 2^(−1/f)).
    const dOffset = -(LN2 / (f * f)) / -Math.expm1(-LN2 / f);
    gradient[2] = -s * (lnOnePlus + f * q * dOffset);
  }
  return s;
}

/** shape() at many concentrations, with the complement −expm1(−f·ln(1 + e^L)) (no cancellation). */
function shapes(theta: ArrayLike<number>, u: ArrayLike<number>, count: number, shape: Float64Array, complement: Float64Array, gradient?: Float64Array): void {
  const location = theta[0]!;
  const hill = theta[1]!;
  const f = theta[2]!;
  const offset = midpointOffset(f);
  // 2^(1/f)/(2^(1/f) − 1) = 1/(1 − 2^(−1/f)).
  const dOffset = -(LN2 / (f * f)) / -Math.expm1(-LN2 / f);
  for (let k = 0; k < count; k++) {
    const L = offset + hill * (u[k]! - location) * LN10;
    const lnOnePlus = softplus(L);
    const s = Math.exp(-f * lnOnePlus);
    shape[k] = s;
    complement[k] = -Math.expm1(-f * lnOnePlus);
    if (gradient) {
      const q = sigmoid(L);
      const sfq = s * f * q;
      gradient[k] = sfq * hill * LN10;
      gradient[count + k] = -sfq * (u[k]! - location) * LN10;
      gradient[2 * count + k] = -s * (lnOnePlus + f * q * dOffset);
    }
  }
}

/**
 * The best `PROFILE_STARTS` cells of a (hill × asymmetry) grid at a fixed log10 IC50, by their RSS
 * with the asymptotes solved exactly (or pinned).
 */
function profileGridStarts(data: GroupedData, box: ShapeBounds, pinned: PinnedAsymptotes, log10Ic50: number): number[][] {
  const groups = data.u.length;
  const values = new Float64Array(groups);
  const complements = new Float64Array(groups);
  const solution: AsymptoteSolution = { top: 0, bottom: 0, rss: 0 };
  const cells: { rss: number; start: number[] }[] = [];
  for (const hill of PROFILE_HILLS) {
    if (hill < box.lower[1]! || hill > box.upper[1]!) continue;
    for (const asymmetry of PROFILE_ASYMMETRIES) {
      if (asymmetry < box.lower[2]! || asymmetry > box.upper[2]!) continue;
      const start = [log10Ic50, hill, asymmetry];
      shapes(start, data.u, groups, values, complements);
      solveAsymptotes(data, values, complements, pinned, solution, false);
      if (Number.isFinite(solution.rss)) cells.push({ rss: solution.rss, start });
    }
  }
  return cells.sort((a, b) => a.rss - b.rss).slice(0, PROFILE_STARTS).map((c) => c.start);
}

/** LL.5, with any asymptotes pinned (still named "ll5"). */
function asymmetricLogistic(pinned: PinnedAsymptotes): DoseResponseModel {
  return {
    name: 'll5',
    shapeParameterNames: ['log10_ic50', 'hill', 'asymmetry'],
    parameterNames: ['log10_ic50', 'hill', 'asymmetry', 'top', 'bottom'],
    shape,
    shapes,
    inverseShape(theta, fraction) {
      const hill = theta[1]!;
      const f = theta[2]!;
      if (!(hill !== 0) || !(f > 0) || !(fraction > 0 && fraction < 1)) return Number.NaN;
      // s = (1 + e^L)^−f  ⇒  e^L = s^(−1/f) − 1  ⇒  L = ln(expm1(−ln(s)/f)).
      const L = Math.log(Math.expm1(-Math.log(fraction) / f));
      return theta[0]! + (L - midpointOffset(f)) / (hill * LN10);
    },
    shapeIntegral(theta, low, high) {
      // No closed form: composite Simpson on 4,096 intervals.
      return simpson((u) => shape(theta, u), low, high, SIMPSON_INTERVALS);
    },
    pinned,
    free: [true, true, true, pinned.top === undefined, pinned.bottom === undefined],
    // One more parameter than LL.4, so one more concentration.
    minConcentrations: 5,
    bounds(uMin, uMax, window) {
      const box = logisticBounds(uMin, uMax, window);
      box.lower.push(window.asymmetryMin ?? DEFAULT_BOUNDS.asymmetryMin!);
      box.upper.push(window.asymmetryMax ?? DEFAULT_BOUNDS.asymmetryMax!);
      return box;
    },
    starts(data, box, options = {}) {
      // The LL.4 grid's starts, each with the asymmetry at 1 (the LL.4 curve), 0.3 and 3.
      const starts: number[][] = [];
      for (const [log10Ic50, hill] of logisticGridStarts(data, box, pinned, options.count ?? 3)) {
        for (const asymmetry of ASYMMETRY_STARTS) starts.push([log10Ic50!, hill!, asymmetry]);
      }
      return starts;
    },
    profileStarts(data, box, log10Ic50) {
      return profileGridStarts(data, box, pinned, log10Ic50);
    },
    withPinned: asymmetricLogistic,
  };
}

/**
 * Five-parameter log-logistic model (drc's LL.5, Prism's asymmetric 5PL), parameterised by the
 * relative IC50 — the concentration halfway between top and bottom — instead of drc's location e:
 *
 *   y = bottom + (top − bottom) / (1 + (2^(1/f) − 1)·(x / IC50)^hill)^f,   u = log10 x,
 *
 * parameters [log10 IC50, hill, asymmetry f, top, bottom]. With f = 1 it is the LL.4 curve.
 * drc's form bottom + (top − bottom)/(1 + (x/e)^hill)^f is the same curve with
 * e = IC50 / (2^(1/f) − 1)^(1/hill); its ED(…, 50) is our IC50. Writing the model in IC50 keeps the
 * quantity everyone reports a parameter: its standard error, Wald and profile intervals and the
 * IC50-difference test need no delta method through e and f.
 *
 * With L = ln(2^(1/f) − 1) + hill·(u − log10 IC50)·ln10 and q = 1/(1 + e^−L):
 *   shape s = exp(−f·ln(1 + e^L)),
 *   ∂s/∂log10IC50 = s·f·q·hill·ln10,   ∂s/∂hill = −s·f·q·(u − log10IC50)·ln10,
 *   ∂s/∂f = −s·(ln(1 + e^L) + f·q·∂L/∂f),   ∂L/∂f = −(ln2/f²)·2^(1/f)/(2^(1/f) − 1).
 *
 * Fitting: at least 5 concentrations; the asymmetry within the window's [0.02, 50]; starts from the
 * LL.4 grid with the asymmetry at 1, 0.3 and 3; each profile point also from the best four cells of
 * a (hill × asymmetry) grid — a single start can fall into a degenerate local minimum of the
 * profile (hill 0.05, asymptotes ±10⁴) and close an interval that the data leave open.
 */
export const ll5: DoseResponseModel = asymmetricLogistic({});
