import { asymptoteIndex, evaluateModel, inverseModel, type DoseResponseModel } from '../models/model.js';

/** Summary numbers of a fitted curve over its tested range. */
export interface CurveMetrics {
  /**
   * log10 molar concentration where the fitted curve crosses 50 % viability (the "absolute"
   * IC50, GI50-style), NaN when it never does (bottom above 50 %, or top below it).
   */
  readonly log10AbsoluteIc50: number;
  /** −log10 of the relative IC50 in molar (pIC50). */
  readonly pIc50: number;
  /**
   * Maximum inhibition within the tested range, in %: 100 − the lowest fitted viability between
   * the lowest and the highest tested concentration (a monotonic curve reaches it at an end).
   */
  readonly emax: number;
  /**
   * Area under the fitted viability curve over the tested log10 range, normalised to 0–1:
   * AUC = (1 / (u_max − u_min)) ∫ f(u)/100 du, for LL.4 in closed form: with s the logistic
   * weight, ∫ s du = u − log10(1 + 10^(h(u − θ)))/h; for LL.5 by composite Simpson's rule on
   * 4,096 intervals. 1 = no effect, 0 = no viability anywhere in the range. The activity area
   * is 1 − AUC.
   */
  readonly auc: number;
}

/**
 * Metrics of a fit, from its parameters and tested range only (no data, no refit):
 * the same curve the tables and plots show.
 */
export function curveMetrics(model: DoseResponseModel, parameters: ArrayLike<number>, log10Range: readonly [number, number]): CurveMetrics {
  const [low, high] = log10Range;
  const f = (u: number) => evaluateModel(model, parameters, u);
  const emax = 100 - Math.min(f(low), f(high));
  let auc = Number.NaN;
  const index = asymptoteIndex(model);
  const [theta, hill, top, bottom] = [parameters[0]!, parameters[1]!, parameters[index.top]!, parameters[index.bottom]!];
  if (high > low && model.shapeParameterNames.length > 2) {
    auc = simpson(f, low, high, SIMPSON_INTERVALS) / (high - low) / 100;
  } else if (high > low && hill !== 0) {
    // log10(1 + 10^z) without overflow: z + log10(1 + 10^−z) for z > 0.
    const log10OnePlus = (z: number) => (z > 0 ? z + Math.log10(1 + Math.pow(10, -z)) : Math.log10(1 + Math.pow(10, z)));
    const integral = (u: number) => u - log10OnePlus(hill * (u - theta)) / hill;
    const shapeArea = integral(high) - integral(low);
    auc = (bottom * (high - low) + (top - bottom) * shapeArea) / (high - low) / 100;
  }
  return {
    log10AbsoluteIc50: inverseModel(model, parameters, 50),
    pIc50: -parameters[0]!,
    emax,
    auc,
  };
}

const SIMPSON_INTERVALS = 4096;

/** ∫ f over [a, b] by composite Simpson's rule on `intervals` (even) intervals. */
function simpson(f: (u: number) => number, a: number, b: number, intervals: number): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}
