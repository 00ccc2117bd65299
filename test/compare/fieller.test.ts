import { describe, expect, it } from 'vitest';
import { fiellerLog10Ratio, type Log10Ic50Fit } from '../../src/compare/fieller.js';
import { log10ResistanceFactor } from '../../src/compare/resistanceFactors.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// Reference: test/reference/make-fieller-reference.py (scipy 1.10.1): Fieller's textbook formula on
// the linear IC50 scale from the scipy fits' log10 IC50, SE and df; and make-fieller-edcomp.R
// (drc 3.0-1 EDcomp(interval = "fieller") on a joint LL.4 fit — pooled variance, a looser check).
function asFit(log10Ic50: number, standardError: number, dfResidual: number): Log10Ic50Fit {
  return { log10Ic50: { value: log10Ic50, standardError, lower: Number.NaN, upper: Number.NaN }, dfResidual };
}

function expectBound(ours: number, theirs: number, tolerance: number): void {
  if (Number.isFinite(theirs)) expect(Math.abs(ours - theirs)).toBeLessThan(tolerance);
  else expect(ours).toBe(theirs);
}

const sets = [
  ['mm1s-scipy.csv', 'mm1s-fieller-scipy.csv', 'mm1s-curves.csv'],
  ['peers-normal-scipy.csv', 'peers-normal-fieller-scipy.csv', 'peers-normal-curves.csv'],
] as const;

describe('fiellerLog10Ratio against the formula in scipy', () => {
  for (const [fitsFile, referenceFile, curvesFile] of sets) {
    const fits = new Map(readReferenceCsv(fitsFile).map((r) => [r.curve_id!, r]));
    const curves = readReferenceCurves(curvesFile);
    const refFit = (id: string): Log10Ic50Fit => {
      const r = fits.get(id)!;
      return asFit(Number(r.log10_ic50), Number(r.log10_ic50_se), Number(r.df_residual));
    };
    const ourFit = (id: string): Log10Ic50Fit => {
      const { u, y } = curves.get(id)!;
      return fitDoseResponse({ cellLine: id, compound: '', plates: [], unit: '', log10Molar: u, response: y, noBlank: false });
    };
    it.each(readReferenceCsv(referenceFile).map((r) => [`${r.a} / ${r.b}`, r] as const))(`${referenceFile}: %s`, (_, ref) => {
      // The same inputs: the formula to rounding.
      const exact = fiellerLog10Ratio(refFit(ref.a!), refFit(ref.b!));
      expect(exact.value).toBeCloseTo(Number(ref.log10_rf), 12);
      expect(Math.abs(exact.df / Number(ref.df) - 1)).toBeLessThan(1e-12);
      // (stdlib and scipy t quantiles agree to ~1e-9 relative.)
      expect(Math.abs(exact.g / Number(ref.g) - 1)).toBeLessThan(1e-8);
      expectBound(exact.lower, referenceNumber(ref.fieller_log10_low), 1e-9);
      expectBound(exact.upper, referenceNumber(ref.fieller_log10_high), 1e-9);
      // Our own fits (SEs agree with scipy's to ~1e-6).
      const ours = fiellerLog10Ratio(ourFit(ref.a!), ourFit(ref.b!));
      expectBound(ours.lower, referenceNumber(ref.fieller_log10_low), 1e-5);
      expectBound(ours.upper, referenceNumber(ref.fieller_log10_high), 1e-5);
    });
  }

  it('agrees with drc EDcomp(interval = "fieller") on a joint fit to within 1e-3 decades (mm1s; pooled variance, numerical-Hessian vcov)', () => {
    const fits = new Map(readReferenceCsv('mm1s-scipy.csv').map((r) => [r.curve_id!, r]));
    const refFit = (id: string): Log10Ic50Fit => {
      const r = fits.get(id)!;
      return asFit(Number(r.log10_ic50), Number(r.log10_ic50_se), Number(r.df_residual));
    };
    for (const ref of readReferenceCsv('mm1s-fieller-edcomp-drc.csv')) {
      const ours = fiellerLog10Ratio(refFit(ref.a!), refFit(ref.b!));
      expect(Math.abs(ours.value - Number(ref.log10_rf))).toBeLessThan(1e-6);
      expect(Math.abs(ours.lower - Number(ref.fieller_log10_low))).toBeLessThan(1e-3);
      expect(Math.abs(ours.upper - Number(ref.fieller_log10_high))).toBeLessThan(1e-3);
    }
  });
});

describe('fiellerLog10Ratio', () => {
  it('is close to the delta method when both IC50s are precise, and wider upward', () => {
    const line = asFit(-7.5, 0.03, 26);
    const parental = asFit(-8, 0.04, 56);
    const fieller = fiellerLog10Ratio(line, parental);
    const delta = log10ResistanceFactor({ ...line, flags: [] } as never, { ...parental, flags: [] } as never, 0.95);
    expect(fieller.standardError).toBeCloseTo(delta.standardError, 12);
    expect(Math.abs(fieller.lower - delta.lower)).toBeLessThan(0.01);
    expect(Math.abs(fieller.upper - delta.upper)).toBeLessThan(0.01);
    expect(fieller.upper - fieller.value).toBeGreaterThan(fieller.value - fieller.lower);
  });

  it.each(readReferenceCsv('fieller-synthetic-scipy.csv').map((r) => [`${r.a} / ${r.b}`, r] as const))(
    'covers every shape of the confidence set (fieller-synthetic-scipy.csv): %s',
    (_, ref) => {
      // Bounded; open below (t·ln10·se_line ≥ 1); open above (g ≥ 1); everything.
      const fits = new Map(readReferenceCsv('fieller-synthetic-fits.csv').map((r) => [r.curve_id!, r]));
      const get = (id: string): Log10Ic50Fit => {
        const r = fits.get(id)!;
        return asFit(Number(r.log10_ic50), Number(r.log10_ic50_se), Number(r.df_residual));
      };
      const ours = fiellerLog10Ratio(get(ref.a!), get(ref.b!));
      expect(Math.abs(ours.g / Number(ref.g) - 1)).toBeLessThan(1e-8);
      expectBound(ours.lower, referenceNumber(ref.fieller_log10_low), 1e-9);
      expectBound(ours.upper, referenceNumber(ref.fieller_log10_high), 1e-9);
    },
  );

  it('does not overflow for IC50s hundreds of decades apart', () => {
    const r = fiellerLog10Ratio(asFit(200, 0.02, 20), asFit(-200, 0.02, 20));
    expect(r.value).toBe(400);
    expect(r.lower).toBeGreaterThan(399.9);
    expect(r.upper).toBeLessThan(400.1);
  });
});
