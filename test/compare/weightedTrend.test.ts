import { describe, expect, it } from 'vitest';
import { latestVersusLevel, twoSidedTP, weightedLevel, weightedTrend, type WeightedPoint } from '../../src/compare/weightedTrend.js';
import { studentTCritical } from '../../src/fit/studentT.js';
import { readReferenceCsv, referenceNumber } from '../reference/readReference.js';

// test/reference/trend/: a simulated 14-check history, R lm(log10_rf ~ passage, weights = 1/se²),
// the SEs-as-known variant, weighted window means and the last check against them (R predict.lm),
// cross-checked by numpy/scipy to ≤ 1.4e-10.
const history: WeightedPoint[] = readReferenceCsv('trend/history.csv').map((r) => ({
  x: Number(r.passage),
  y: Number(r.log10_rf),
  standardError: Number(r.log10_rf_se),
}));
const reference = new Map(readReferenceCsv('trend/trend-reference.csv').map((r) => [`${r.analysis}.${r.quantity}`, referenceNumber(r.value)]));
const ref = (key: string): number => {
  const value = reference.get(key);
  if (value === undefined) throw new Error(`no reference ${key}`);
  return value;
};
const close = (actual: number, expected: number, relative = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

describe('weightedTrend against R lm(y ~ x, weights = 1/se²)', () => {
  it('is R lm exactly when the checks scatter more than their SEs (all 14 checks, σ̂ 2.89)', () => {
    const trend = weightedTrend(history, 0.95)!;
    expect(trend.n).toBe(ref('wls_lm_all.n'));
    expect(trend.df).toBe(ref('wls_lm_all.df'));
    close(trend.slope, ref('wls_lm_all.slope'), 1e-12);
    close(trend.intercept, ref('wls_lm_all.intercept'), 1e-12);
    close(trend.dispersion, ref('wls_lm_all.sigma'), 1e-12);
    close(trend.standardError, ref('wls_lm_all.slope_se'), 1e-12);
    close(trend.interceptStandardError, ref('wls_lm_all.intercept_se'), 1e-12);
    close(trend.lower, ref('wls_lm_all.ci_low'));
    close(trend.upper, ref('wls_lm_all.ci_high'));
    close(trend.p, ref('wls_lm_all.p'), 1e-9);
    // The SEs taken as known (fixed effect) would call this slope significant (p 0.0093).
    close(trend.standardErrorKnown, ref('wls_known_all.slope_se_known'), 1e-12);
    expect(trend.p).toBeGreaterThan(0.3);
  });

  it('never claims more precision than the checks’ own SEs: σ̂ < 1 is floored (passages 0–12, σ̂ 0.96)', () => {
    const rising = weightedTrend(history.filter((p) => p.x <= 12), 0.95)!;
    close(rising.slope, ref('wls_lm_upto12.slope'), 1e-12);
    close(rising.dispersion, ref('wls_lm_upto12.sigma'), 1e-12);
    expect(rising.dispersion).toBeLessThan(1);
    // lm would give σ̂·SE_known = 0.00501; floored, the SE is the known one, 0.00522.
    close(rising.standardError, ref('wls_known_upto12.slope_se_known'), 1e-12);
    expect(rising.standardError).toBeGreaterThan(ref('wls_lm_upto12.slope_se'));
    // t on n − 2 = 5 df with that SE.
    const t = studentTCritical(0.95, 5);
    close(rising.upper - rising.slope, t * ref('wls_known_upto12.slope_se_known'), 1e-12);
    close(rising.p, twoSidedTP(ref('wls_lm_upto12.slope') / ref('wls_known_upto12.slope_se_known'), 5), 1e-12);
    expect(rising.p).toBeLessThan(0.001);
  });

  it('needs three checks at two places at least', () => {
    expect(weightedTrend(history.slice(0, 2), 0.95)).toBeNull();
    expect(weightedTrend(history.slice(0, 3).map((p) => ({ ...p, x: 4 })), 0.95)).toBeNull();
    expect(weightedTrend(history.slice(0, 3), 0.95)!.df).toBe(1);
  });

  it('is as exact far from the origin (dates as days / 30)', () => {
    const shifted = history.map((p) => ({ ...p, x: 20000 / 30 + p.x }));
    const trend = weightedTrend(shifted, 0.95)!;
    close(trend.slope, ref('wls_lm_all.slope'), 1e-9);
    close(trend.standardError, ref('wls_lm_all.slope_se'), 1e-9);
  });
});

describe('twoSidedTP', () => {
  it('is R’s 2·pt(−|t|, df)', () => {
    // The reference's t and p of the all-checks slope.
    close(twoSidedTP(ref('wls_lm_all.t'), 12), ref('wls_lm_all.p'), 1e-10);
    close(twoSidedTP(-ref('wls_lm_upto12.t'), 5), ref('wls_lm_upto12.p'), 1e-9);
  });
});

describe('weightedLevel and latestVersusLevel against R lm(y ~ 1, weights) and predict.lm', () => {
  const last = history[history.length - 1]!;

  it('scales by the scatter when it exceeds the SEs (13 checks before the last, σ̂ 2.96)', () => {
    const level = weightedLevel(history.slice(0, -1), 0.95)!;
    close(level.mean, ref('wmean_before_last_all.mean'), 1e-12);
    close(level.dispersion, ref('wmean_before_last_all.sigma_lm'), 1e-12);
    close(level.standardError, ref('wmean_before_last_all.mean_se_lm'), 1e-12);
    close(level.standardErrorKnown, ref('wmean_before_last_all.mean_se_fixed'), 1e-12);
    expect(level.df).toBe(ref('wmean_before_last_all.df'));
    const test = latestVersusLevel(level, last);
    close(test.standardError, ref('wmean_before_last_all.se_pred'), 1e-10);
    close(test.t, ref('wmean_before_last_all.z_pred'), 1e-10);
    close(test.p, ref('wmean_before_last_all.p_t_pred'), 1e-9);
    close(test.difference, last.y - ref('wmean_before_last_all.mean'), 1e-12);
  });

  it('takes the SEs as known when the window scatters less (4 checks before the last, σ̂ 0.74)', () => {
    const level = weightedLevel(history.slice(-5, -1), 0.95)!;
    close(level.mean, ref('wmean_before_last4.mean'), 1e-12);
    close(level.dispersion, ref('wmean_before_last4.sigma_lm'), 1e-12);
    expect(level.dispersion).toBeLessThan(1);
    close(level.standardError, ref('wmean_before_last4.mean_se_fixed'), 1e-12);
    const test = latestVersusLevel(level, last);
    close(test.t, ref('wmean_before_last4.z_fixed'), 1e-10);
    close(test.p, ref('wmean_before_last4.p_t_fixed'), 1e-9);
    // R's lm-scaled prediction would be narrower (σ̂ 0.74) and call it more surprising.
    expect(test.p).toBeGreaterThan(ref('wmean_before_last4.p_t_pred'));
  });

  it('gives no test for a window of one check', () => {
    const level = weightedLevel([history[5]!], 0.95)!;
    expect(level.mean).toBe(history[5]!.y);
    expect(level.standardError).toBeCloseTo(history[5]!.standardError, 15);
    expect(Number.isNaN(level.lower)).toBe(true);
    expect(Number.isNaN(latestVersusLevel(level, last).p)).toBe(true);
    expect(weightedLevel([], 0.95)).toBeNull();
  });
});
