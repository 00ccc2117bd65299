import { describe, expect, it } from 'vitest';
import { compareSides, log10ResistanceFactor, parentalsOf } from '../../src/compare/resistanceFactors.js';
import { MISSING } from '../../src/fit/fitDoseResponse.js';
import type { CurveFit, Flag } from '../../src/types.js';

function fit(cellLine: string, compound: string, log10Ic50: number, se: number, df: number, flags: Flag[] = []): CurveFit {
  return {
    cellLine, compound, experiment: '', plates: ['p'], unit: 'nM', nPoints: df + 4, nConcentrations: 10,
    log10Ic50: { value: log10Ic50, standardError: se, lower: Number.NaN, upper: Number.NaN },
    hill: MISSING, top: MISSING, bottom: MISSING, rss: 1, rSquared: 0.99, dfResidual: df, converged: true,
    log10Range: [-10, -6], points: { log10Molar: [], response: [] }, flags,
    metrics: { log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: Number.NaN, auc: Number.NaN }, flatP: Number.NaN,
  };
}

const identity = (line: string, parental: string) => ({ cellLine: line, parental, compound: 'x', experiment: '', ofSummaries: false });

describe('log10ResistanceFactor', () => {
  it('is the difference of log10 IC50s with a delta-method interval and Welch–Satterthwaite df', () => {
    const rf = log10ResistanceFactor(fit('R', 'x', -7.5, 0.03, 26), fit('P', 'x', -8, 0.04, 56), 0.95);
    expect(rf.value).toBeCloseTo(0.5, 12);
    expect(rf.standardError).toBeCloseTo(0.05, 12);
    // ν = 0.0025² / (0.0009²/26 + 0.0016²/56) = 81.3081; scipy 1.10.1 t.ppf(0.975, 81.3081) = 1.98957204
    expect(rf.upper - rf.value).toBeCloseTo(1.98957204 * 0.05, 8);
    expect(rf.value - rf.lower).toBeCloseTo(1.98957204 * 0.05, 8);
  });
});

describe('parentalsOf', () => {
  const lines = new Set(['WT', 'R', 'R2']);

  it('compares every other line with --parental', () => {
    expect([...parentalsOf(lines, { parental: 'WT' })]).toEqual([
      ['R', ['WT']],
      ['R2', ['WT']],
    ]);
  });

  it('gives a line every parental it is paired with, and a pair replaces --parental for its line', () => {
    const parentals = parentalsOf(lines, { parental: 'WT', pairs: [['R2', 'WT'], ['R2', 'R']] });
    expect(parentals.get('R2')).toEqual(['WT', 'R']);
    expect(parentals.get('R')).toEqual(['WT']);
  });

  it('rejects names that are not in the data, suggesting the closest and listing the ones that are', () => {
    expect(() => parentalsOf(lines, { parental: 'wt' })).toThrowError('--parental: cell line "wt" is not in the data');
    try {
      parentalsOf(lines, { parental: 'wt' });
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/^did you mean "WT"\? cell lines found: "WT", "R", "R2"$/);
    }
    expect(() => parentalsOf(lines, { pairs: [['R', 'nope']] })).toThrowError(/--pair: cell line "nope"/);
    expect(() => parentalsOf(lines, { pairs: [['R', 'R']] })).toThrowError(/compares a line with itself/);
  });
});

describe('compareSides', () => {
  it('compares a line with its parental, and says when the parental has no curve', () => {
    const comparison = compareSides(identity('R', 'WT'), fit('R', 'x', -7.5, 0.02, 56), fit('WT', 'x', -8, 0.02, 56), 0.95);
    expect(comparison.log10Rf.value).toBeCloseTo(0.5, 12);
    expect(comparison.flags).toEqual([]);
    const none = compareSides(identity('R', 'WT'), fit('R', 'x', -7, 0.02, 56), undefined, 0.95);
    expect(none.log10Rf.value).toBeNaN();
    expect(none.flags).toEqual(['no_parental_fit']);
  });

  it('flags RF as a bound when an IC50 lies beyond its tested range', () => {
    const cases: [Flag[], Flag[], Flag | null][] = [
      [['ic50_above_range'], [], 'rf_lower_bound'],
      [[], ['ic50_below_range'], 'rf_lower_bound'],
      [['ic50_below_range'], [], 'rf_upper_bound'],
      [[], ['ic50_above_range'], 'rf_upper_bound'],
      [['ic50_above_range'], ['ic50_above_range'], 'rf_undetermined'],
      [[], [], null],
    ];
    for (const [lineFlags, parentalFlags, expected] of cases) {
      const out = compareSides(identity('R', 'WT'), fit('R', 'x', -7, 0.1, 20, lineFlags), fit('WT', 'x', -8, 0.1, 20, parentalFlags), 0.95);
      expect(out.flags).toEqual(expected ? [expected] : []);
      if (expected === 'rf_undetermined') expect(out.log10Rf.value).toBeNaN();
    }
  });
});
