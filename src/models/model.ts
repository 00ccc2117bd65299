/**
 * A dose-response model is a value, as in drc: the curve, its derivatives, the parameter names
 * and the inverse, so the solver, the statistics and the writers never special-case a model.
 *
 * Every model here belongs to the logistic family
 *
 *   y = bottom + (top − bottom) · shape(u; θ),   u = log10(concentration),
 *
 * linear in its asymptotes (top, bottom) and nonlinear in θ = (log10 IC50, hill, …). The solver
 * uses that split (variable projection): it searches θ and solves top and bottom exactly.
 * The location parameter is log10 of a concentration, so a fit never divides by a
 * concentration and an interval on log10 IC50 is symmetric.
 */
export interface DoseResponseModel {
  /** Short identifier, as printed in outputs (e.g. "ll4"). */
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
   * The u at which the shape equals `fraction` (0 < fraction < 1), or NaN when it never does.
   */
  inverseShape(theta: ArrayLike<number>, fraction: number): number;
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
