import { describe, expect, it } from 'vitest';
import { fitFlags, type FlagContext } from '../../src/fit/fitFlags.js';
import type { CurveSolution } from '../../src/fit/fitCurve.js';
import type { FitStatistics } from '../../src/fit/fitStatistics.js';
import { ll4 } from '../../src/models/ll4.js';

const estimate = (value: number, lower: number, upper: number) => ({ value, standardError: (upper - lower) / 4, lower, upper });

/** A clean fit's context, with `change` applied: one rule at a time can be switched on. */
function context(change: { solution?: Partial<CurveSolution>; statistics?: Partial<FitStatistics>; curve?: FlagContext['curve']; outliersFlagged?: boolean } = {}): FlagContext {
  const solution = {
    model: ll4,
    converged: true,
    boundsHit: [],
    covariance: new Float64Array(16),
    log10Range: [-9, -5],
    dfResidual: 26,
    ...change.solution,
  } as unknown as CurveSolution;
  const statistics: FitStatistics = {
    estimates: { log10_ic50: estimate(-7, -7.1, -6.9), hill: estimate(1, 0.8, 1.2), top: estimate(100, 98, 102), bottom: estimate(2, 0, 4) },
    ciOpen: false,
    rSquared: 0.99,
    flatP: 1e-10,
    responseSpan: 90,
    metrics: { log10AbsoluteIc50: -7, pIc50: 7, emax: 95, auc: 0.5 },
    noResponse: false,
    ...change.statistics,
  };
  return { curve: change.curve ?? { noBlank: false }, outliersFlagged: change.outliersFlagged ?? false, solution, statistics, ambiguousWidth: 2, flatAlpha: 0.05 };
}

describe('fitFlags', () => {
  it('flags nothing on a clean fit', () => {
    expect(fitFlags(context())).toEqual([]);
  });

  it('has one rule per flag', () => {
    expect(fitFlags(context({ curve: { noBlank: true } }))).toEqual(['no_blank']);
    expect(fitFlags(context({ curve: { noBlank: false, qcFailed: true } }))).toEqual(['plate_qc_failed']);
    expect(fitFlags(context({ outliersFlagged: true }))).toEqual(['outliers']);
    expect(fitFlags(context({ statistics: { estimates: { log10_ic50: estimate(-4, -4.5, -3.5) } } }))).toEqual(['ic50_above_range']);
    expect(fitFlags(context({ statistics: { estimates: { log10_ic50: estimate(-9.5, -10, -9) } } }))).toEqual(['ic50_below_range']);
    expect(fitFlags(context({ solution: { boundsHit: ['hill'] } }))).toEqual(['bound_hit']);
    expect(fitFlags(context({ solution: { covariance: null } }))).toEqual(['ambiguous']);
    expect(fitFlags(context({ statistics: { estimates: { log10_ic50: estimate(-7, -8.1, -5.9) } } }))).toEqual(['ambiguous']);
    expect(fitFlags(context({ statistics: { ciOpen: true } }))).toEqual(['ci_open', 'ambiguous']);
    expect(fitFlags(context({ statistics: { flatP: 0.2, rSquared: 0.1, responseSpan: 5 } }))).toEqual(['flat']);
    expect(fitFlags(context({ statistics: { metrics: { log10AbsoluteIc50: Number.NaN, pIc50: 7, emax: 40, auc: 0.8 } } }))).toEqual(['no_absolute_ic50']);
    expect(fitFlags(context({ solution: { converged: false } }))).toEqual(['not_converged']);
  });

  it('says only flat (and what the plates say) for constant data: there is no curve to flag', () => {
    const constant = context({
      curve: { noBlank: true },
      solution: { boundsHit: ['log10_ic50'], covariance: null },
      statistics: { noResponse: true, flatP: 1, estimates: {}, metrics: { log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: 50, auc: 0.5 } },
    });
    expect(fitFlags(constant)).toEqual(['no_blank', 'flat']);
  });

  it('reports flags in a fixed order', () => {
    const all = context({
      curve: { noBlank: true, qcFailed: true },
      outliersFlagged: true,
      solution: { converged: false, boundsHit: ['log10_ic50'], covariance: null },
      statistics: { ciOpen: true, flatP: 0.9, rSquared: 0.1, responseSpan: 5, estimates: { log10_ic50: estimate(-4, Number.NaN, Number.NaN) } },
    });
    expect(fitFlags(all)).toEqual(['no_blank', 'plate_qc_failed', 'outliers', 'ci_open', 'not_converged', 'ic50_above_range', 'bound_hit', 'ambiguous', 'flat']);
  });
});
