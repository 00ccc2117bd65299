import type { GroupedData } from '../fit/groupedData.js';
import type { FitBounds } from './fitBounds.js';

/** Asymptotes held at fixed values (drc's `fixed =`); an absent one is estimated. */
export interface PinnedAsymptotes {
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
}

/** Box bounds of a model's shape parameters θ, in shapeParameterNames order (±Infinity for none). */
export interface ShapeBounds {
  readonly lower: number[];
  readonly upper: number[];
}

export interface StartOptions {
  /** How many grid minima to start from (LL.5 tries each with several asymmetries). Default 3. */
  readonly count?: number;
}

/**
 * A dose-response model is a value, as in drc: the curve, its derivatives, the parameter names
 * and the inverse — and how to fit it: its free parameters, the fewest concentrations it needs,
 * its search box and its starting values (drc's self-starter). The solver, the statistics and
 * the writers take the value and never special-case a model by its name.
 *
 * Every model here belongs to the logistic family
 *
 *   y = bottom + (top − bottom) · shape(u; θ),   u = log10(concentration),
 *
 * linear in its asymptotes (top, bottom) and nonlinear in θ = (log10 IC50, hill, …). The solver
 * uses that split (variable projection): it searches θ and solves top and bottom exactly.
 * θ[0] is always log10 IC50, the location: log10 of a concentration, so a fit never divides by a
 * concentration and an interval on log10 IC50 is symmetric; the profile interval holds it fixed.
 * The other shape parameters (hill, LL.5's asymmetry) are positive scales.
 *
 * Pinned variants (LL.3 = LL.4 with the bottom at 0, LL.2 with both asymptotes pinned) are values
 * too: `pinned(ll4, { bottom: 0 })` is a model named "ll3" whose bottom is not a free parameter.
 */
export interface DoseResponseModel {
  /** Short identifier, as printed in outputs, in drc's names: "ll4", "ll3", "ll3u", "ll2", "ll5". */
  readonly name: string;
  /** Names of the nonlinear parameters θ, in order; top and bottom follow them in a full vector. */
  readonly shapeParameterNames: readonly string[];
  /** All parameter names: shape parameters, then "top", "bottom". */
  readonly parameterNames: readonly string[];
  /**
   * The fraction of the way from bottom to top at u (1 at zero dose, 0 at infinite dose for
   * an inhibition curve). When `gradient` is given, writes ∂shape/∂θ into it.
   */
  shape(theta: ArrayLike<number>, u: number, gradient?: Float64Array): number;
  /**
   * The shape at the first `count` concentrations of `u`, into `shape`, and its complement
   * 1 − shape into `complement`, computed without cancellation: near an asymptote the complement
   * is tiny, and a fit with an asymptote of 10¹⁵ (the optimum beyond the search window) needs it
   * to full relative precision, not to the 10⁻¹⁶ absolute that 1 − shape keeps — else its
   * residuals, and the RSS the solver compares, are rounding noise. With `gradient`, writes
   * ∂shape_k/∂θ_i into gradient[i·count + k] (one column per shape parameter).
   */
  shapes(theta: ArrayLike<number>, u: ArrayLike<number>, count: number, shape: Float64Array, complement: Float64Array, gradient?: Float64Array): void;
  /**
   * The u at which the shape equals `fraction` (0 < fraction < 1), or NaN when it never does.
   */
  inverseShape(theta: ArrayLike<number>, fraction: number): number;
  /** ∫ shape(u; θ) du over [low, high] (for the area under the fitted curve). */
  shapeIntegral(theta: ArrayLike<number>, low: number, high: number): number;

  /** The asymptotes this model holds fixed (empty when both are fitted). */
  readonly pinned: PinnedAsymptotes;
  /** Whether each parameter (parameterNames order) is estimated: false for a pinned asymptote. */
  readonly free: readonly boolean[];
  /** A curve with fewer distinct concentrations is not fitted (4 for the LL.4 family, 5 for LL.5). */
  readonly minConcentrations: number;
  /** Box bounds of θ for data tested over [uMin, uMax] within the search window. */
  bounds(uMin: number, uMax: number, window: FitBounds): ShapeBounds;
  /**
   * Starting values of θ for the solver, most promising first (each is polished; the lowest RSS
   * wins): a self-starter that needs no guess from the caller.
   */
  starts(data: GroupedData, box: ShapeBounds, options?: StartOptions): number[][];
  /**
   * Extra starting values of θ (θ[0] = log10Ic50, held) for a profile point: with more than one
   * other shape parameter the profile has local minima that a neighbour's start can fall into.
   * Empty when the neighbouring profile point's parameters are start enough.
   */
  profileStarts(data: GroupedData, box: ShapeBounds, log10Ic50: number): number[][];
  /** The same curve with these asymptotes pinned (replacing any pinned before), named as drc names it. */
  withPinned(asymptotes: PinnedAsymptotes): DoseResponseModel;
}

/** Index of "top" and "bottom" in a full parameter vector of `model`. */
export function asymptoteIndex(model: DoseResponseModel): { top: number; bottom: number } {
  const n = model.shapeParameterNames.length;
  return { top: n, bottom: n + 1 };
}

/**
 * The model's response at u for a full parameter vector [θ…, top, bottom]; with `gradient`,
 * also ∂y/∂parameter for every parameter: ∂y/∂θ = (top − bottom)·∂shape/∂θ, ∂y/∂top = shape,
 * ∂y/∂bottom = 1 − shape.
 */
export function evaluateModel(
  model: DoseResponseModel,
  parameters: ArrayLike<number>,
  u: number,
  gradient?: Float64Array,
): number {
  const n = model.shapeParameterNames.length;
  const top = parameters[n]!;
  const bottom = parameters[n + 1]!;
  const s = model.shape(parameters, u, gradient);
  if (gradient) {
    const amplitude = top - bottom;
    for (let i = 0; i < n; i++) gradient[i] = amplitude * gradient[i]!;
    gradient[n] = s;
    gradient[n + 1] = 1 - s;
  }
  return bottom + (top - bottom) * s;
}

/**
 * log10 of the concentration at which the fitted curve crosses `response`, or NaN when the curve
 * never reaches it (the response lies outside the open interval between the asymptotes).
 */
export function inverseModel(model: DoseResponseModel, parameters: ArrayLike<number>, response: number): number {
  const n = model.shapeParameterNames.length;
  const top = parameters[n]!;
  const bottom = parameters[n + 1]!;
  const fraction = (response - bottom) / (top - bottom);
  if (!(fraction > 0 && fraction < 1)) return Number.NaN;
  return model.inverseShape(parameters, fraction);
}
