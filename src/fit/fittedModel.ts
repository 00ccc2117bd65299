import type { DoseResponseModel } from '../models/model.js';
import { modelNamed } from '../models/modelNamed.js';
import type { CurveFit, Estimate } from '../types.js';

/** The estimate of each model parameter name in a CurveFit. */
const ESTIMATE_OF: Readonly<Record<string, (fit: CurveFit) => Estimate | undefined>> = {
  log10_ic50: (fit) => fit.log10Ic50,
  hill: (fit) => fit.hill,
  asymmetry: (fit) => fit.asymmetry,
  top: (fit) => fit.top,
  bottom: (fit) => fit.bottom,
};

/**
 * The model and full parameter vector of a fit, to evaluate the fitted curve (plots, reports);
 * null when the fit has no finite parameters (not fitted, or not converged).
 */
export function fittedModel(fit: CurveFit): { model: DoseResponseModel; parameters: number[] } | null {
  const model = modelNamed(fit.model);
  const parameters = model.parameterNames.map((name) => ESTIMATE_OF[name]?.(fit)?.value ?? Number.NaN);
  return parameters.every(Number.isFinite) ? { model, parameters } : null;
}
