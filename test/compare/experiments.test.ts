import { describe, expect, it } from 'vitest';
import { summarizeExperiments } from '../../src/compare/experiments.js';
import { MISSING } from '../../src/fit/fitDoseResponse.js';
import type { CurveFit, Flag } from '../../src/types.js';

function fit(experiment: string, log10Ic50: number, flags: Flag[] = []): CurveFit {
  return {
    cellLine: 'A', compound: 'x', experiment, plates: [experiment], unit: 'nM', nPoints: 30, nConcentrations: 10,
    log10Ic50: { value: log10Ic50, standardError: 0.02, lower: Number.NaN, upper: Number.NaN },
    hill: MISSING, top: MISSING, bottom: MISSING, rss: 1, rSquared: 0.99, dfResidual: 26, converged: true,
    metrics: { log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: Number.NaN, auc: Number.NaN }, flatP: 0,
    log10Range: [-10, -6], points: { log10Molar: [], response: [] }, flags,
  };
}

describe('summarizeExperiments', () => {
  it('gives the geometric-mean IC50 with a t-interval across experiments', () => {
    const mean = summarizeExperiments([fit('day1', -8.0), fit('day2', -7.8), fit('day3', -7.9)], 0.95);
    // mean −7.9, sd 0.1, se 0.1/√3; scipy 1.10.1 t.ppf(0.975, 2) = 4.302652729911275
    expect(mean!.experiments).toEqual(['day1', 'day2', 'day3']);
    expect(mean!.nExperiments).toBe(3);
    expect(mean!.log10Ic50.value).toBeCloseTo(-7.9, 12);
    expect(mean!.log10Ic50.standardError).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(mean!.log10Ic50.upper - mean!.log10Ic50.value).toBeCloseTo((4.302652729911275 * 0.1) / Math.sqrt(3), 9);
    expect(mean!.dfResidual).toBe(2);
    expect(mean!.plates).toEqual(['day1', 'day2', 'day3']);
  });

  it('leaves out extrapolated IC50s and says when fewer than two remain', () => {
    const mean = summarizeExperiments([fit('day1', -8.0), fit('day2', -5.0, ['ic50_above_range'])], 0.95);
    expect(mean!.nExperiments).toBe(1);
    expect(mean!.flags).toEqual(['too_few_experiments']);
  });

  it('needs at least two experiments for a summary', () => {
    expect(summarizeExperiments([fit('day1', -8)], 0.95)).toBeNull();
  });

  it('is a summary, not a fit: no shape, no outliers, no model', () => {
    const withOutliers: CurveFit = {
      ...fit('day1', -8.0),
      outliers: { wells: ['P1:B5'], log10Molar: [-8], response: [5], removed: true },
      asymmetry: { value: 0.7, standardError: 0.1, lower: 0.5, upper: 0.9 },
    };
    const mean = summarizeExperiments([withOutliers, fit('day2', -7.8)], 0.95)!;
    expect(Object.keys(mean).sort()).toEqual(['cellLine', 'compound', 'dfResidual', 'experiments', 'flags', 'log10Ic50', 'nConcentrations', 'nExperiments', 'nPoints', 'plates', 'unit']);
  });
});
