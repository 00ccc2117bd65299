import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, fitCurve } from '../../src/fit/fitCurve.js';
import { routOutliers, type RoutResult } from '../../src/fit/routOutliers.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// ROUT outlier detection against an independent reference, test/reference/make-rout-reference.py
// (Python 3.11.2, scipy 1.10.1, numpy 1.24.2), written from Motulsky & Brown's / GraphPad's
// description with scipy's own robust optimizer: the least-squares fit, then rounds of
// least_squares(loss='cauchy', f_scale=RSDR) with RSDR re-estimated from each round's residuals
// until nothing changes by 1e-10; then the FDR scan over the largest 30 % of |r| with Q = 1 %.
// Curves (rout-curves.csv): the example's 6, copies with 1–3 planted gross outliers (+40…+70 %),
// a copy with a modest +12 % shift, and two n = 8 curves (clean / one +50 % point); and the 60
// peer curves (peers-normal-curves.csv), where the reference finds outliers in c000024 only.
//
// Tolerances: the outlier sets must be identical. The reference is within 3e-8 (log10 IC50) and
// 8e-8 (relative RSDR) of the exact fixed point (checked by solving the stationarity equations with
// s = RSDR(r) directly). Each of our rounds polishes its weighted fit to a Newton decrement of
// 1e-20 of the weighted RSS (at the default 1e-12 a round stopped ~1e-6 short and, no longer moving,
// ended the iteration there: differences were up to 5e-6). Measured when written, ours against
// scipy (example curves / peers): RSDR ≤ 7.3e-8 / 9.4e-8 relative; log10 IC50 ≤ 1.4e-9 / 2.5e-8
// decades; hill ≤ 4.2e-9 / 4.8e-8 relative; top and bottom ≤ 4e-8 / 4.1e-6 (% viability); the
// smallest p ≤ 4.9e-7 / 7.9e-7 relative. The closest FDR decision of any curve is 4 % from its
// threshold, so these differences cannot change an outlier set.

interface Case {
  readonly ref: Record<string, string>;
  readonly result: RoutResult;
}

function runAll(curvesFile: string, referenceFile: string): Case[] {
  const curves = readReferenceCurves(curvesFile);
  return readReferenceCsv(referenceFile).map((ref) => {
    const { u, y } = curves.get(ref.curve_id!)!;
    const solution = fitCurve(u, y);
    return { ref, result: routOutliers(u, y, solution, { bounds: DEFAULT_BOUNDS }) };
  });
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const outlierList = (text: string | undefined): number[] => (text ? text.split(';').map(Number) : []);

function expectAgreement({ ref, result }: Case, log10Ic50Tolerance: number, asymptoteTolerance: number): void {
  const n = (key: string) => referenceNumber(ref[key]);
  expect(ref.converged).toBe('TRUE');
  expect(result.converged).toBe(true);
  expect(result.outliers).toEqual(outlierList(ref.outliers));
  expect(result.outliers.length).toBe(n('n_outliers'));
  expect(relative(result.rsdr, n('rsdr'))).toBeLessThan(3e-7);
  const [log10Ic50, hill, top, bottom] = result.robustParameters;
  expect(Math.abs(log10Ic50! - n('log10_ic50'))).toBeLessThan(log10Ic50Tolerance);
  expect(relative(hill!, n('hill'))).toBeLessThan(2e-7);
  expect(Math.abs(top! - n('top'))).toBeLessThan(asymptoteTolerance);
  expect(Math.abs(bottom! - n('bottom'))).toBeLessThan(asymptoteTolerance);
  expect(relative(Math.min(...result.pValues), n('min_p'))).toBeLessThan(3e-6);
}

describe('ROUT against scipy (make-rout-reference.py)', () => {
  const example = runAll('rout-curves.csv', 'rout-scipy.csv');
  it.each(example.map((c) => [c.ref.curve_id!, c] as const))('%s', (_, c) => expectAgreement(c, 1e-7, 1e-6));

  it('finds every planted gross outlier', () => {
    const planted: Record<string, number[]> = {
      'MM1S WT|bortezomib+out': [22],
      'MM1S/R BTZ|bortezomib+out': [8, 45],
      'MM1S WT|carfilzomib+out': [0, 33, 57],
      'MM1S WT|bortezomib|n8+out': [1],
    };
    for (const [id, rows] of Object.entries(planted)) {
      const { result } = example.find((c) => c.ref.curve_id === id)!;
      expect(result.outliers).toEqual(expect.arrayContaining(rows));
      // Planted +40…+70 % points have the largest residuals: they lead the list.
      expect(new Set(result.outliers.slice(0, rows.length))).toEqual(new Set(rows));
    }
  });

  it('agrees on the 60 peer curves (outliers in c000024 only)', () => {
    const peers = runAll('peers-normal-curves.csv', 'peers-normal-rout-scipy.csv');
    expect(peers).toHaveLength(60);
    for (const c of peers) expectAgreement(c, 1e-7, 2e-5);
    expect(peers.filter((c) => c.result.outliers.length > 0).map((c) => c.ref.curve_id)).toEqual(['c000024']);
  });
});
