import type { DoseResponseModel } from './model.js';

const LN10 = Math.LN10;

/**
 * Logistic weight s = 1 / (1 + 10^(hill·(u − log10Ic50))), computed without overflow:
 * the fraction of the way from bottom to top (1 at low dose, 0 at high dose for hill > 0).
 */
export function logisticWeight(u: number, log10Ic50: number, hill: number): number {
  const z = hill * (u - log10Ic50) * LN10;
  if (z > 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
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
 */
export const ll4: DoseResponseModel = {
  name: 'll4',
  shapeParameterNames: ['log10_ic50', 'hill'],
  parameterNames: ['log10_ic50', 'hill', 'top', 'bottom'],
  shape(theta, u, gradient) {
    const location = theta[0]!;
    const hill = theta[1]!;
    const s = logisticWeight(u, location, hill);
    if (gradient) {
      const slope = s * (1 - s) * LN10;
      gradient[0] = slope * hill;
      gradient[1] = -slope * (u - location);
    }
    return s;
  },
  inverseShape(theta, fraction) {
    const hill = theta[1]!;
    if (!(hill !== 0) || !(fraction > 0 && fraction < 1)) return Number.NaN;
    // s = 1/(1 + 10^(h(u − θ)))  ⇒  u = θ + log10(1/s − 1)/h
    return theta[0]! + Math.log10(1 / fraction - 1) / hill;
  },
};
