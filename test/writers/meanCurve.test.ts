import { describe, expect, it } from 'vitest';
import { summarizeExperiments } from '../../src/compare/experiments.js';
import type { CurveFit, Estimate } from '../../src/types.js';
import { meanCurve } from '../../src/writers/meanCurve.js';

const at = (value: number): Estimate => ({ value, standardError: 0.01, lower: value - 0.02, upper: value + 0.02 });

function fit(experiment: string, log10Ic50: number, hill: number, top: number, bottom: number, extra: Partial<CurveFit> = {}): CurveFit {
  return {
    cellLine: 'A', compound: 'x', experiment, plates: [experiment], unit: 'nM', nPoints: 30, nConcentrations: 10,
    log10Ic50: at(log10Ic50), hill: at(hill), top: at(top), bottom: at(bottom), model: 'll4',
    rss: 1, rSquared: 0.99, dfResidual: 26, converged: true, flatP: 0, log10Range: [-10, -6],
    metrics: { log10AbsoluteIc50: log10Ic50, pIc50: -log10Ic50, emax: bottom, auc: 1 },
    points: { log10Molar: [], response: [] }, flags: [], ...extra,
  };
}

describe('meanCurve', () => {
  it('averages the parameters of the experiments in the mean: its log10 IC50 is the summary’s', () => {
    const fits = [fit('d1', -8, 1, 100, 0), fit('d2', -7.5, 2, 96, 4), fit('d3', -6.5, 3, 90, 10, { flags: ['ic50_above_range'] })];
    const curve = meanCurve(fits)!;
    expect(curve.model.name).toBe('ll4');
    expect(curve.parameters).toEqual([-7.75, 1.5, 98, 2]);
    expect(curve.parameters[0]).toBeCloseTo(summarizeExperiments(fits, 0.95)!.log10Ic50.value, 12);
  });

  it('averages the LL.5 parameters when every experiment is LL.5, the LL.4 ones when the models differ', () => {
    const ll5 = (e: string, f: number) => fit(e, -8, 1, 100, 0, { model: 'll5', asymmetry: at(f) });
    expect(meanCurve([ll5('d1', 0.5), ll5('d2', 1.5)])!.parameters).toEqual([-8, 1, 1, 100, 0]);
    const mixed = meanCurve([ll5('d1', 0.5), fit('d2', -7, 1, 100, 0)])!;
    expect(mixed.model.name).toBe('ll4');
    expect(mixed.parameters).toEqual([-7.5, 1, 100, 0]);
  });

  it('is null when no experiment’s IC50 enters the mean', () => {
    expect(meanCurve([fit('d1', -8, 1, 100, 0, { flags: ['flat'] })])).toBeNull();
    expect(meanCurve([])).toBeNull();
  });
});
