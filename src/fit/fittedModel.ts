import type { DoseResponseModel } from '../models/model.js';
import { modelNamed } from '../models/modelNamed.js';
import type { CurveFit } from '../types.js';

/**
 * The model and full parameter vector of a fit, to evaluate the fitted curve (plots, reports);
 * null when the fit has no finite parameters (not fitted, or not converged).
 */
export function fittedModel(fit: CurveFit): { model: DoseResponseModel; parameters: number[] } | null {
  const model = modelNamed(fit.model);
  const shape = model.shapeParameterNames.length > 2 ? [fit.asymmetry?.value ?? Number.NaN] : [];
  const parameters = [fit.log10Ic50.value, fit.hill.value, ...shape, fit.top.value, fit.bottom.value];
  return parameters.every(Number.isFinite) ? { model, parameters } : null;
}
