import { describe, expect, it } from 'vitest';
import { attachResistanceFactors, log10ResistanceFactor } from '../../src/compare/resistanceFactors.js';
import { MISSING } from '../../src/fit/fitDoseResponse.js';
import type { CurveFit, Flag } from '../../src/types.js';

function fit(cellLine: string, compound: string, log10Ic50: number, se: number, df: number, flags: Flag[] = []): CurveFit {
  return {
    cellLine, compound, plates: ['p'], unit: 'nM', nPoints: df + 4, nConcentrations: 10,
    log10Ic50: { value: log10Ic50, standardError: se, lower: Number.NaN, upper: Number.NaN },
    hill: MISSING, top: MISSING, bottom: MISSING, rss: 1, rSquared: 0.99, dfResidual: df, converged: true,
    log10Range: [-10, -6], points: { log10Molar: [], response: [] }, flags, parental: '', log10Rf: MISSING,
    metrics: { log10AbsoluteIc50: Number.NaN, pIc50: Number.NaN, emax: Number.NaN, auc: Number.NaN }, flatP: Number.NaN,
  };
}

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

describe('attachResistanceFactors', () => {
  const fits = [fit('WT', 'btz', -8, 0.02, 56), fit('R', 'btz', -7.5, 0.02, 56), fit('R', 'cfz', -7, 0.02, 56)];

  it('compares every line with --parental, per compound; the parental row itself has none', () => {
    const out = attachResistanceFactors(fits, { parental: 'WT' });
    expect(out[0]!.parental).toBe('');
    expect(out[1]!.parental).toBe('WT');
    expect(out[1]!.log10Rf.value).toBeCloseTo(0.5, 12);
    // No parental fit for cfz: the row names the parental but has no RF.
    expect(out[2]!.parental).toBe('WT');
    expect(out[2]!.log10Rf.value).toBeNaN();
  });

  it('accepts explicit pairs', () => {
    const out = attachResistanceFactors(fits, { pairs: [['R', 'WT']] });
    expect(out[1]!.log10Rf.value).toBeCloseTo(0.5, 12);
  });

  it('rejects names that are not in the data, listing the ones that are', () => {
    expect(() => attachResistanceFactors(fits, { parental: 'MM1S' })).toThrowError('--parental: cell line "MM1S" is not in the data');
    expect(() => attachResistanceFactors(fits, { pairs: [['R', 'nope']] })).toThrowError(/--pair: cell line "nope"/);
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
      const out = attachResistanceFactors([fit('WT', 'x', -8, 0.1, 20, parentalFlags), fit('R', 'x', -7, 0.1, 20, lineFlags)], { parental: 'WT' });
      const rfFlags = out[1]!.flags.filter((f) => f.startsWith('rf_'));
      expect(rfFlags).toEqual(expected ? [expected] : []);
      if (expected === 'rf_undetermined') expect(out[1]!.log10Rf.value).toBeNaN();
    }
  });
});
