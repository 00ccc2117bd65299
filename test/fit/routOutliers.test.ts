import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, fitCurve } from '../../src/fit/fitCurve.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { robustSd, routOutliers } from '../../src/fit/routOutliers.js';
import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';
import type { Curve } from '../../src/types.js';

// A clean curve: 10 concentrations × 3, fixed pseudo-noise of ±2.5 % (no randomness in tests).
const U: number[] = [];
for (let i = 0; i < 10; i++) for (let r = 0; r < 3; r++) U.push(-9 + i * 0.5);
const NOISE = [1.1, -2.3, 0.4, 2.5, -0.7, -1.6, 0.2, 1.9, -2.1, 0.8];
const clean = U.map((u, i) => evaluateModel(ll4, [-7, 1.2, 100, 2], u) + NOISE[(i * 7) % 10]!);

describe('robustSd', () => {
  it('is the 68.27th percentile of |r| (numpy’s linear interpolation) times N/(N − K)', () => {
    // numpy 1.24.2: np.percentile(abs(r), 68.27) * 10 / 6 = 3.7388166666666667
    expect(robustSd([0.5, -1.2, 3.3, -0.1, 2.2, -4.4, 0.9, 1.7, -2.5, 0.3], 4)).toBeCloseTo(3.7388166666666667, 13);
    expect(robustSd([1, 2, 3], 3)).toBeNaN();
  });
});

describe('routOutliers', () => {
  it('finds nothing in a clean curve', () => {
    const solution = fitCurve(U, clean);
    const result = routOutliers(U, clean, solution, { bounds: DEFAULT_BOUNDS });
    expect(result.converged).toBe(true);
    expect(result.outliers).toEqual([]);
    // The robust fit of clean data stays near the least-squares one.
    expect(Math.abs(result.robustParameters[0]! - solution.parameters[0]!)).toBeLessThan(0.02);
  });

  it('finds gross outliers, largest residual first, and the robust fit ignores them', () => {
    const y = [...clean];
    y[4] = y[4]! + 45; // a low-concentration well far above the curve
    y[16] = y[16]! - 30;
    const solution = fitCurve(U, y);
    const result = routOutliers(U, y, solution, { bounds: DEFAULT_BOUNDS });
    expect(result.outliers).toEqual([4, 16]);
    const cleanFit = fitCurve(U, clean);
    expect(Math.abs(result.robustParameters[0]! - cleanFit.parameters[0]!)).toBeLessThan(0.02);
    expect(result.pValues[4]).toBeLessThan(1e-6);
  });

  it('needs more points than parameters + 1, and a converged fit', () => {
    const u = [-9, -8, -7, -6, -5];
    const y = [100, 95, 50, 5, 0];
    expect(routOutliers(u, y, fitCurve(u, y), { bounds: DEFAULT_BOUNDS }).outliers).toEqual([]);
  });

  it('tests at most the largest 30 % of residuals', () => {
    // Half the points moved by +40: no method can call half the data outliers.
    const y = clean.map((v, i) => (i % 2 === 0 ? v + 40 : v));
    const result = routOutliers(U, y, fitCurve(U, y), { bounds: DEFAULT_BOUNDS });
    expect(result.outliers.length).toBeLessThanOrEqual(9);
  });
});

describe('fitDoseResponse --outliers', () => {
  const y = [...clean];
  y[4] = y[4]! + 45;
  const curve: Curve = { cellLine: 'A', compound: 'x', plates: ['P1'], unit: 'M', log10Molar: U, response: y, wells: U.map((_, i) => `P1:${String.fromCharCode(65 + (i % 8))}${1 + Math.floor(i / 8)}`), noBlank: false };

  it('flag: names the wells and keeps the fit unchanged', () => {
    const plain = fitDoseResponse(curve);
    const flagged = fitDoseResponse(curve, { outliers: 'flag' });
    expect(flagged.outliers).toEqual({ wells: ['P1:E1'], log10Molar: [U[4]], response: [y[4]], removed: false });
    expect(flagged.flags).toContain('outliers');
    expect(flagged.log10Ic50).toEqual(plain.log10Ic50);
    expect(flagged.nPoints).toBe(30);
    expect(plain.outliers).toBeUndefined();
  });

  it('remove: refits without them, the same as a fit of the data without that well', () => {
    const removed = fitDoseResponse(curve, { outliers: 'remove' });
    expect(removed.outliers?.removed).toBe(true);
    expect(removed.outliers?.wells).toEqual(['P1:E1']);
    expect(removed.nPoints).toBe(29);
    expect(removed.flags).toContain('outliers');
    const without = fitDoseResponse({ ...curve, log10Molar: U.filter((_, i) => i !== 4), response: y.filter((_, i) => i !== 4) });
    expect(removed.log10Ic50.value).toBe(without.log10Ic50.value);
    expect(removed.rss).toBe(without.rss);
    expect(removed.points.response).not.toContain(y[4]);
  });

  it('names points by their position when the curve carries no wells', () => {
    const { wells: _, ...anonymous } = curve;
    expect(fitDoseResponse(anonymous, { outliers: 'flag' }).outliers?.wells).toEqual(['point 5']);
  });

  it('Q sets how much evidence it takes: a well 10 % off is an outlier at Q = 1 %, not at Q = 0.01 %', () => {
    const y2 = [...clean];
    y2[10] = y2[10]! + 10;
    const c = { ...curve, response: y2 };
    expect(fitDoseResponse(c, { outliers: 'flag', outlierQ: 0.01 }).outliers?.wells).toEqual(['P1:C2']);
    expect(fitDoseResponse(c, { outliers: 'flag', outlierQ: 0.0001 }).outliers).toBeUndefined();
    // 8 % off: only a lenient Q = 5 % calls it.
    const y3 = [...clean];
    y3[10] = y3[10]! + 8;
    expect(fitDoseResponse({ ...curve, response: y3 }, { outliers: 'flag', outlierQ: 0.01 }).outliers).toBeUndefined();
    expect(fitDoseResponse({ ...curve, response: y3 }, { outliers: 'flag', outlierQ: 0.05 }).outliers?.wells).toEqual(['P1:C2']);
  });
});
