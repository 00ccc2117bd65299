import { fitComparingModels } from '../fit/compareModels.js';
import { fitDoseResponse } from '../fit/fitDoseResponse.js';
import { fitGrowthRate } from '../fit/fitGrowthRate.js';
import type { Curve, CurveFit } from '../types.js';
import type { EngineSettings } from './settings.js';

/**
 * A fit with the growth-rate (GR) and NCI-60 metrics of its curve, when its plates have
 * time-zero reads or a doubling time (fitGrowthRate); their flags join the fit's.
 */
export function withGrowthRate(fit: CurveFit, curve: Curve, settings: Pick<EngineSettings, 'fit'>, keepPoints: boolean): CurveFit {
  const growth = fitGrowthRate(curve, { confidence: settings.fit.confidence, flatAlpha: settings.fit.flatAlpha, keepPoints });
  if (!growth) return fit;
  return { ...fit, ...(growth.gr ? { gr: growth.gr } : {}), flags: [...fit.flags, ...growth.flags] };
}

/**
 * The fit of one curve as every run makes it: the model (or the comparison of models, which
 * fits the preferred one) and the growth-rate metrics. The report's page refits with this too.
 */
export function fitOfCurve(curve: Curve, settings: Pick<EngineSettings, 'fit' | 'compareModels'>, keepPoints: boolean): CurveFit {
  return withGrowthRate(settings.compareModels ? fitComparingModels(curve, settings.fit, settings.compareModels) : fitDoseResponse(curve, settings.fit), curve, settings, keepPoints);
}
