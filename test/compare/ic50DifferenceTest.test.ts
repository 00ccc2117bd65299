import { describe, expect, it } from 'vitest';
import { ic50DifferenceTest } from '../../src/compare/ic50DifferenceTest.js';
import { readReferenceCsv, readReferenceCurves } from '../reference/readReference.js';

// Reference: test/reference/make-profile-reference.R (R 4.2.2): the shared-IC50 fit as the minimum
// over θ of the two curves' profile RSS (its own profile: grid + optimize(), lm.fit asymptotes),
// F = (RSS_shared − RSS_sep)/(RSS_sep/df), p = pf(F, 1, df, lower = FALSE); and drc 3.0-1:
// anova() of a joint drm(curveid, LL2.4) with e shared (pmodels) against separate curves.
const sets = [
  ['mm1s-curves.csv', 'mm1s-ftest-r.csv'],
  ['peers-normal-curves.csv', 'peers-normal-ftest-r.csv'],
] as const;

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('ic50DifferenceTest against R', () => {
  for (const [curvesFile, referenceFile] of sets) {
    const curves = readReferenceCurves(curvesFile);
    it.each(readReferenceCsv(referenceFile).map((r) => [`${r.a} vs ${r.b}`, r] as const))(`${referenceFile}: %s`, (_, ref) => {
      const a = curves.get(ref.a!)!;
      const b = curves.get(ref.b!)!;
      const test = ic50DifferenceTest({ log10Concentration: a.u, response: a.y }, { log10Concentration: b.u, response: b.y });
      expect(test.dfSeparate).toBe(Number(ref.df_separate));
      expect(relative(test.rssSeparate, Number(ref.rss_separate))).toBeLessThan(1e-9);
      expect(relative(test.rssShared, Number(ref.rss_shared))).toBeLessThan(1e-9);
      expect(Math.abs(test.sharedLog10Ic50 - Number(ref.shared_log10_ic50))).toBeLessThan(1e-5);
      expect(relative(test.f, Number(ref.f))).toBeLessThan(1e-6);
      const p = Number(ref.p);
      // The upper tail is computed directly (incomplete beta), so tiny p-values keep their digits.
      expect(relative(test.p, p)).toBeLessThan(1e-6);
      // drc's joint fit finds the same reduced optimum when it stays inside ic50's hill box
      // [0.05, 30] (every mm1s pair; on peers its optimizer can stop elsewhere or leave the box).
      const rssDrc = Number(ref.rss_shared_drc);
      if (curvesFile.startsWith('mm1s')) {
        expect(relative(test.rssShared, rssDrc)).toBeLessThan(1e-8);
        expect(relative(test.f, Number(ref.f_drc))).toBeLessThan(1e-6);
      }
    });
  }
});

describe('ic50DifferenceTest', () => {
  it('gives F = 0, p = 1 for a curve against itself', () => {
    const { u, y } = readReferenceCurves('mm1s-curves.csv').get('MM1S WT|bortezomib')!;
    const test = ic50DifferenceTest({ log10Concentration: u, response: y }, { log10Concentration: u, response: y });
    expect(test.f).toBeLessThan(1e-9);
    expect(test.p).toBeGreaterThan(0.9999);
    expect(test.sharedLog10Ic50).toBeCloseTo(test.separate[0].parameters[0]!, 6);
  });

  it('gives NaN when a curve has no residual degrees of freedom left', () => {
    const test = ic50DifferenceTest({ log10Concentration: [0, 1, 2], response: [100, 50, 0] }, { log10Concentration: [0, 1, 2], response: [100, 50, 0] });
    expect(test.f).toBeNaN();
    expect(test.p).toBeNaN();
  });
});
