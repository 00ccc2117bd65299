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
   * 4,096 intervals (each model's shapeIntegral). 1 = no effect, 0 = no viability anywhere in the range. The activity area
   * is 1 − AUC.
   */
  readonly auc: number;
}

/**
 * Metrics of a fit, from its parameters and tested range only (no data, no refit):
 * the same curve the tables and plots show. The area uses the model's own integral of its shape:
 * ∫ f du = bottom·(u_max − u_min) + (top − bottom)·∫ shape du.
 */
export function curveMetrics(model: DoseResponseModel, parameters: ArrayLike<number>, log10Range: readonly [number, number]): CurveMetrics {
  const [low, high] = log10Range;
  const f = (u: number) => evaluateModel(model, parameters, u);
  const emax = 100 - Math.min(f(low), f(high));
  const index = asymptoteIndex(model);
  const top = parameters[index.top]!;
  const bottom = parameters[index.bottom]!;
  const width = high - low;
  const auc = width > 0 ? (bottom * width + (top - bottom) * model.shapeIntegral(parameters, low, high)) / width / 100 : Number.NaN;
  return {
    log10AbsoluteIc50: inverseModel(model, parameters, 50),
    pIc50: -parameters[0]!,
    emax,
    auc,
  };
}
