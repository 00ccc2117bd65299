import { describe, expect, it } from 'vitest';
import { sharedFitOf, sharedFitOptionsOf, sharedLog10Rf, type SharedFitOptions, type SharedParameter } from '../../src/compare/sharedFit.js';
import { DEFAULT_BOUNDS } from '../../src/fit/fitCurve.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import type { CurveFit } from '../../src/types.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// Shared fits, their F test against separate fits and the RFs from them, against drc 3.0-1
// (test/reference/shared/: anova(shared, separate), compParm(fit, "e", "/") and EDcomp).

const OPTIONS: Omit<SharedFitOptions, 'parameters'> = { alpha: 0.05, confidence: 0.95, bounds: DEFAULT_BOUNDS, model: 'll4', weights: 'none' };
const SETS = [
  { name: 'mm1s', curves: 'mm1s-curves.csv', prefix: 'shared/mm1s-shared', groups: ['bortezomib', 'carfilzomib'], lines: ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ'] },
  { name: 'synthetic', curves: 'shared/shared-synthetic-curves.csv', prefix: 'shared/shared-synthetic', groups: ['synthetic'], lines: ['shallow', 'steep'] },
];
const SHARED: Record<string, SharedParameter[]> = { hill_shared: ['hill'], hill_top_shared: ['hill', 'top'] };

function fitsOf(curvesFile: string, group: string, lines: readonly string[]): CurveFit[] {
  const curves = readReferenceCurves(curvesFile);
  return lines.map((line) => {
    const c = curves.get(`${line}|${group}`)!;
    // The reference curves are in nM; as log10 molar they shift by −9, which moves no RF or RSS.
    return fitDoseResponse({ cellLine: line, compound: group, plates: [], unit: 'nM', log10Molar: c.u.map((u) => u - 9), response: c.y, noBlank: false });
  });
}

describe('sharedFitOf against drc', () => {
  for (const set of SETS) {
    const ftests = readReferenceCsv(`${set.prefix}-ftest.csv`);
    const rfs = readReferenceCsv(`${set.prefix}-rf.csv`);
    const fitsRef = readReferenceCsv(`${set.prefix}-fits.csv`);
    for (const group of set.groups) {
      const fits = fitsOf(set.curves, group, set.lines);
      for (const [model, parameters] of Object.entries(SHARED)) {
        it(`${set.name} ${group}, ${model}: the F test against separate fits and the RFs`, () => {
          const shared = sharedFitOf(fits, { ...OPTIONS, parameters })!;
          expect(shared.converged).toBe(true);
          const test = ftests.find((r) => r.group === group && r.reduced === model && r.full === 'separate')!;
          expect(shared.dfResidual).toBe(referenceNumber(test.df_reduced));
          expect(shared.dfSeparate).toBe(referenceNumber(test.df_full));
          expect(Math.abs(shared.rssSeparate / referenceNumber(test.rss_full) - 1)).toBeLessThan(1e-9);
          expect(Math.abs(shared.f / referenceNumber(test.f) - 1)).toBeLessThan(1e-6);
          const p = referenceNumber(test.p_exact);
          expect(Math.abs(shared.p / p - 1)).toBeLessThan(1e-5);
          expect(shared.flags.includes('share_rejected')).toBe(p < 0.05);
          // Every line's IC50 and interval on the joint df.
          for (const line of shared.lines) {
            const ref = fitsRef.find((r) => r.group === group && r.model === model && r.line === line.cellLine)!;
            expect(Math.abs(line.log10Ic50.value + 9 - referenceNumber(ref.ic50_log10))).toBeLessThan(1e-6);
            expect(Math.abs(line.log10Ic50.standardError / referenceNumber(ref.ic50_log10_se_gn) - 1)).toBeLessThan(1e-5);
          }
          // RFs against the reference line: the parallel-line relative potency with a shared hill.
          const parental = set.lines[0]!;
          for (const ref of rfs.filter((r) => r.group === group && r.model === model)) {
            expect(ref.reference).toBe(parental);
            const rf = sharedLog10Rf(shared, ref.line!, parental, 0.95);
            expect(Math.abs(rf.value - referenceNumber(ref.log10_rf))).toBeLessThan(1e-6);
            expect(Math.abs(10 ** rf.value / referenceNumber(ref.rf) - 1)).toBeLessThan(3e-6);
            // drc's Gauss–Newton se of the ratio, on the log10 scale.
            expect(Math.abs(rf.standardError / referenceNumber(ref.log10_rf_se_gn) - 1)).toBeLessThan(1e-5);
          }
        });
      }
    }
  }

  it('rejects sharing a hill the lines do not share (synthetic: hill 0.8 against 3, F(1, 52) = 170, p 5e-18)', () => {
    const shared = sharedFitOf(fitsOf('shared/shared-synthetic-curves.csv', 'synthetic', ['shallow', 'steep']), { ...OPTIONS, parameters: ['hill'] })!;
    expect(shared.f).toBeCloseTo(170.179, 2);
    expect(shared.p).toBeGreaterThan(4.9e-18);
    expect(shared.p).toBeLessThan(5.1e-18);
    expect(shared.flags).toEqual(['share_rejected']);
  });

  it('leaves out lines with no dose response, and needs two lines to share', () => {
    const fits = fitsOf('mm1s-curves.csv', 'bortezomib', ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ']);
    const flat = { ...fits[2]!, flags: ['flat' as const] };
    const shared = sharedFitOf([fits[0]!, fits[1]!, flat], { ...OPTIONS, parameters: ['hill'] })!;
    expect(shared.lines.map((l) => l.cellLine)).toEqual(['MM1S WT', 'MM1S/R BTZ']);
    expect(sharedLog10Rf(shared, 'MM1S/R CFZ', 'MM1S WT', 0.95).value).toBeNaN();
    expect(sharedFitOf([fits[0]!, flat], { ...OPTIONS, parameters: ['hill'] })).toBeUndefined();
  });
});

describe('sharedFitOptionsOf', () => {
  const base = { confidence: 0.95, model: 'll4', weights: 'none' as const, bounds: DEFAULT_BOUNDS };
  it('is undefined without --share', () => {
    expect(sharedFitOptionsOf({ ...base, share: [] })).toBeUndefined();
  });
  it('refuses LL.5 and sharing a pinned asymptote', () => {
    expect(() => sharedFitOptionsOf({ ...base, share: ['hill'], model: 'll5' })).toThrow(/LL.4 family/);
    expect(() => sharedFitOptionsOf({ ...base, share: ['hill', 'bottom'], model: 'll3' })).toThrow(/bottom is pinned at 0 \(ll3\)/);
    expect(() => sharedFitOptionsOf({ ...base, share: ['top'], top: 100 })).toThrow(/top is pinned at 100 \(--top\)/);
    expect(sharedFitOptionsOf({ ...base, share: ['hill'], model: 'll3' })!.model).toBe('ll3');
  });
});
