import type { FitBounds } from './fitBounds.js';
import { logisticGridStarts } from './gridStart.js';
import type { DoseResponseModel, PinnedAsymptotes, ShapeBounds } from './model.js';

const LN10 = Math.LN10;

/**
 * Logistic weight s = 1 / (1 + 10^(hill·(u − log10Ic50))), computed without overflow:
 * the fraction of the way from bottom to top (1 at low dose, 0 at high dose for hill > 0).
 */
export function logisticWeight(u: number, log10Ic50: number, hill: number): number {
  const z = hill * (u - log10Ic50) * LN10;
  if (z > 0) {
    const e = Math.exp(-z);
    return e * (1 / (1 + e));
  }
  return 1 / (1 + Math.exp(z));
}

/**
 * Box of the log-logistic shape parameters: log10 IC50 within the window's margin around the
 * tested range [uMin, uMax], hill within [hillMin, hillMax].
 */
export function logisticBounds(uMin: number, uMax: number, window: FitBounds): ShapeBounds {
  return {
    lower: [uMin - window.log10Ic50Margin, window.hillMin],
    upper: [uMax + window.log10Ic50Margin, window.hillMax],
  };
}

/** drc's name of LL.4 with these asymptotes pinned: LL.3 (bottom), LL.3u (top), LL.2 (both). */
function nameOf(pinned: PinnedAsymptotes): string {
  if (pinned.top !== undefined) return pinned.bottom !== undefined ? 'll2' : 'll3u';
  return pinned.bottom !== undefined ? 'll3' : 'll4';
}

/** log10(1 + 10^z) without overflow: z + log10(1 + 10^−z) for z > 0. */
function log10OnePlus(z: number): number {
  return z > 0 ? z + Math.log10(1 + Math.pow(10, -z)) : Math.log10(1 + Math.pow(10, z));
}

/** LL.4 (and, with asymptotes pinned, LL.3, LL.3u, LL.2). */
function logLogistic(pinned: PinnedAsymptotes): DoseResponseModel {
  return {
    name: nameOf(pinned),
    shapeParameterNames: ['log10_ic50', 'hill'],
    parameterNames: ['log10_ic50', 'hill', 'top', 'bottom'],
    shape(theta, u, gradient) {
      const location = theta[0]!;
      const hill = theta[1]!;
      const s = logisticWeight(u, location, hill);
      if (gradient) {
        // s(1 − s) with the complement from the same exponential (as shapes()).
        const slope = s * logisticWeight(u, location, -hill) * LN10;
        gradient[0] = slope * hill;
        gradient[1] = -slope * (u - location);
      }
      return s;
    },
    shapes(theta, u, count, shape, complement, gradient) {
      const location = theta[0]!;
      const hill = theta[1]!;
      for (let k = 0; k < count; k++) {
        // s = 1/(1 + e^z), 1 − s = e^z/(1 + e^z), from the exponential that cannot overflow.
        const z = hill * (u[k]! - location) * LN10;
        let s: number;
        let c: number;
        if (z > 0) {
          const e = Math.exp(-z);
          c = 1 / (1 + e);
          s = e * c;
        } else {
          const e = Math.exp(z);
          s = 1 / (1 + e);
          c = e * s;
        }
        shape[k] = s;
        complement[k] = c;
        if (gradient) {
          const slope = s * c * LN10;
          gradient[k] = slope * hill;
          gradient[count + k] = -slope * (u[k]! - location);
        }
      }
    },
    inverseShape(theta, fraction) {
      const hill = theta[1]!;
      if (!(hill !== 0) || !(fraction > 0 && fraction < 1)) return Number.NaN;
      // s = 1/(1 + 10^(h(u − θ)))  ⇒  u = θ + log10(1/s − 1)/h
      return theta[0]! + Math.log10(1 / fraction - 1) / hill;
    },
    shapeIntegral(theta, low, high) {
      const hill = theta[1]!;
      if (hill === 0) return Number.NaN;
      // ∫ s du = u − log10(1 + 10^(h(u − θ)))/h
      const integral = (u: number) => u - log10OnePlus(hill * (u - theta[0]!)) / hill;
      return integral(high) - integral(low);
    },
    pinned,
    free: [true, true, pinned.top === undefined, pinned.bottom === undefined],
    // Each concentration a mean: the model has 4 shape-and-level degrees of freedom (also pinned).
    minConcentrations: 4,
    bounds: logisticBounds,
    starts(data, box, options = {}) {
      return logisticGridStarts(data, box, pinned, options.count ?? 3);
    },
    profileStarts() {
      // One other shape parameter (hill): the neighbouring profile point's hill is start enough.
      return [];
    },
    withPinned: logLogistic,
  };
}

/**
 * Four-parameter log-logistic model (the Hill equation with free asymptotes):
 *
 *   y = bottom + (top − bottom) / (1 + (x / IC50)^hill),   u = log10 x,
 *
 * parameters [log10 IC50, hill, top, bottom]. With hill > 0 the curve falls from `top` (the
 * response at zero dose) to `bottom` (the response at infinite dose): hill > 0 means inhibition.
 * R drc's LL.4 uses the same sign (its b); GraphPad Prism's HillSlope has the opposite sign for a
 * falling curve. A rising curve is a fit with bottom > top, hill still > 0.
 *
 * Shape derivatives, with s = logisticWeight(u, log10 IC50, hill):
 *   ∂s/∂log10IC50 = s(1−s)·hill·ln10,   ∂s/∂hill = −s(1−s)·(u − log10IC50)·ln10.
 *
 * Fitting: at least 4 concentrations; log10 IC50 within the window's margin of the tested range
 * and hill within its bounds; starts from a grid over (log10 IC50, hill) with the asymptotes
 * solved exactly (logisticGridStarts). `pinned(ll4, { bottom: 0 })` is drc's LL.3.
 */
export const ll4: DoseResponseModel = logLogistic({});
