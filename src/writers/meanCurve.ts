import { usableForMean } from '../compare/experiments.js';
import { fittedModel } from '../fit/fittedModel.js';
import type { DoseResponseModel } from '../models/model.js';
import { modelNamed } from '../models/modelNamed.js';
import type { CurveFit } from '../types.js';

/**
 * The curve of one cell line and compound across independent experiments, as a figure draws it:
 * the mean of the fitted parameters of the experiments whose IC50 enters the summary's mean
 * (usableForMean), so its log10 IC50 is the summary's — the geometric-mean IC50 the tables
 * print — and its hill, top and bottom the experiments' means. Not a refit of pooled data: the
 * experiments keep their own normalization and weight one each, as in the summary. When the
 * experiments were fitted with different models (--model auto), the LL.4 parameters they share
 * are averaged. Null when no experiment's IC50 enters the mean.
 */
export function meanCurve(fits: readonly CurveFit[]): { model: DoseResponseModel; parameters: number[] } | null {
  const usable = fits.filter(usableForMean).map((fit) => ({ fit, fitted: fittedModel(fit) })).filter((u) => u.fitted !== null);
  if (usable.length === 0) return null;
  const names = new Set(usable.map((u) => u.fitted!.model.name));
  const model = names.size === 1 ? usable[0]!.fitted!.model : modelNamed('ll4');
  const parameters = model.parameterNames.map((name) => {
    const values = usable.map(({ fitted }) => fitted!.parameters[fitted!.model.parameterNames.indexOf(name)]!);
    return values.reduce((a, b) => a + b, 0) / values.length;
  });
  return parameters.every(Number.isFinite) ? { model, parameters } : null;
}
