import type { DoseResponseModel } from './model.js';

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
 */
export const ll5: DoseResponseModel = {
  name: 'll5',
  shapeParameterNames: ['log10_ic50', 'hill', 'asymmetry'],
  parameterNames: ['log10_ic50', 'hill', 'asymmetry', 'top', 'bottom'],
  shape(theta, u, gradient) {
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
  },
  inverseShape(theta, fraction) {
    const hill = theta[1]!;
    const f = theta[2]!;
    if (!(hill !== 0) || !(f > 0) || !(fraction > 0 && fraction < 1)) return Number.NaN;
    // s = (1 + e^L)^−f  ⇒  e^L = s^(−1/f) − 1  ⇒  L = ln(expm1(−ln(s)/f)).
    const L = Math.log(Math.expm1(-Math.log(fraction) / f));
    return theta[0]! + (L - midpointOffset(f)) / (hill * LN10);
  },
};
