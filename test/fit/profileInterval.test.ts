import { describe, expect, it } from 'vitest';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { Log10Ic50Profile, pinnedOf, profileLog10Ic50Interval } from '../../src/fit/profileInterval.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// Reference: test/reference/make-profile-reference.R (R 4.2.2): its own profile RSS (hill by grid +
// optimize(), asymptotes by lm.fit), threshold RSS_min·(1 + qf(0.95, 1, n − 4)/(n − 4)), bounds by
// uniroot to 1e-12. Checked there against drc: drm(LL2.4(fixed = e)) gives the threshold RSS at each bound.
const cases = [
  ['mm1s-curves.csv', 'mm1s-profile-r.csv'],
  ['peers-normal-curves.csv', 'peers-normal-profile-r.csv'],
] as const;

describe('profileLog10Ic50Interval against R', () => {
  for (const [curvesFile, referenceFile] of cases) {
    const curves = readReferenceCurves(curvesFile);
    it.each(readReferenceCsv(referenceFile).map((r) => [r.curve_id!, r] as const))(`${referenceFile}: %s`, (id, ref) => {
      const { u, y } = curves.get(id)!;
      const solution = fitCurve(u, y);
      const interval = profileLog10Ic50Interval(solution);
      expect(Math.abs(interval.rssThreshold / referenceNumber(ref.rss_threshold) - 1)).toBeLessThan(1e-9);
      for (const [ours, theirs] of [
        [interval.lower, referenceNumber(ref.profile_ci_low)],
        [interval.upper, referenceNumber(ref.profile_ci_high)],
      ] as const) {
        if (Number.isFinite(theirs)) expect(Math.abs(ours - theirs)).toBeLessThan(1e-6);
        else expect(ours).toBe(theirs); // open: the profile stays under the threshold to the window edge
      }
    });
  }
});

describe('profileLog10Ic50Interval', () => {
  const curves = readReferenceCurves('mm1s-curves.csv');
  const { u, y } = curves.get('MM1S WT|bortezomib')!;

  it('contains the estimate and is close to the Wald interval for a well-determined curve', () => {
    const solution = fitCurve(u, y);
    const interval = profileLog10Ic50Interval(solution);
    const half = (interval.upper - interval.lower) / 2;
    expect(interval.lower).toBeLessThan(interval.value);
    expect(interval.upper).toBeGreaterThan(interval.value);
    // Wald half-width t(0.975, 56)·se = 2.0032·0.0097827 = 0.019597
    expect(Math.abs(half / 0.019597 - 1)).toBeLessThan(0.02);
  });

  it('respects pinned asymptotes: the profile at each bound is the threshold', () => {
    const solution = fitCurve(u, y, { top: 100, bottom: 0 });
    const interval = profileLog10Ic50Interval(solution, 0.9);
    const profile = new Log10Ic50Profile(solution.data, pinnedOf(solution));
    expect(pinnedOf(solution)).toEqual({ top: 100, bottom: 0 });
    for (const bound of [interval.lower, interval.upper]) {
      const point = profile.at(bound, solution.parameters);
      expect(point.parameters[2]).toBe(100);
      expect(point.parameters[3]).toBe(0);
      expect(Math.abs(point.rss / interval.rssThreshold - 1)).toBeLessThan(1e-6);
    }
  });

  it('gives NaN bounds without residual degrees of freedom', () => {
    const solution = fitCurve([0, 1, 2, 3], [100, 80, 20, 0]);
    const interval = profileLog10Ic50Interval(solution);
    expect(interval.lower).toBeNaN();
    expect(interval.upper).toBeNaN();
  });
});
