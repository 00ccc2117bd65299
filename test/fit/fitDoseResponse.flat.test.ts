import { describe, expect, it } from 'vitest';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import type { Curve } from '../../src/types.js';

const curve = (u: number[], y: number[]): Curve => ({ cellLine: 'A', compound: 'x', plates: ['p'], unit: 'nM', log10Molar: u, response: y, noBlank: false });
/** 10 three-fold concentrations (log10 M) in triplicate. */
const U: number[] = [];
for (let k = 0; k < 10; k++) for (let r = 0; r < 3; r++) U.push(-6 - k * Math.log10(3));

describe('constant data have no dose response', () => {
  it('30 wells all exactly 50 %: flat, flat_p 1, no IC50 and no hill (was IC50 10^-11.3 M, flags ambiguous;no_absolute_ic50)', () => {
    const fit = fitDoseResponse(curve(U, U.map(() => 50)));
    expect(fit.flags).toEqual(['flat']);
    expect(fit.flatP).toBe(1);
    expect(fit.log10Ic50.value).toBeNaN();
    expect(fit.log10Ic50.lower).toBeNaN();
    expect(fit.hill.value).toBeNaN();
    expect(fit.metrics.pIc50).toBeNaN();
    expect(fit.metrics.log10AbsoluteIc50).toBeNaN();
    // The level is all there is: both asymptotes at it, exactly.
    expect([fit.top.value, fit.bottom.value]).toEqual([50, 50]);
    expect(fit.top.standardError).toBe(0);
    expect(fit.rss).toBe(0);
    expect(fit.rSquared).toBeNaN();
    expect(fit.metrics.emax).toBe(50);
    expect(fit.metrics.auc).toBe(0.5);
  });

  it('is the same when the spread is only rounding (1e-13 % on 50 %), for LL.5 and with weights', () => {
    const y = U.map((_, i) => 50 + 1e-13 * Math.sin(i));
    for (const options of [{}, { model: 'll5' as const }, { weights: '1/y2' as const }, { ci: 'profile' as const }]) {
      const fit = fitDoseResponse(curve(U, y), options);
      expect(fit.flags).toEqual(['flat']);
      expect(fit.flatP).toBe(1);
      expect(fit.log10Ic50.value).toBeNaN();
      expect(fit.hill.value).toBeNaN();
      expect(fit.top.value).toBeCloseTo(50, 10);
    }
  });

  it('with the top pinned, "no response" is the pinned top: data all at the top are flat, data all at 50 % are not', () => {
    const atTop = fitDoseResponse(curve(U, U.map(() => 100)), { top: 100 });
    expect(atTop.flags).toEqual(['flat']);
    expect(atTop.top.value).toBe(100);
    expect(atTop.top.standardError).toBeNaN(); // pinned: not estimated
    expect(atTop.bottom.value).toBe(100);
    const atHalf = fitDoseResponse(curve(U, U.map(() => 50)), { top: 100 });
    expect(atHalf.flags).not.toContain('flat');
    expect(atHalf.flatP).toBeLessThan(0.05);
  });

  it('a spread of 1e-6 % is still a (tiny) spread, tested as usual', () => {
    const fit = fitDoseResponse(curve(U, U.map((_, i) => 50 + 1e-6 * ((i * 7) % 5))));
    expect(fit.flatP).toBeLessThan(1);
    expect(fit.log10Ic50.value).not.toBeNaN();
  });
});

// A 384-well plate with 5 single-well concentrations (5-fold, 0.016–10 µM): LL.4 leaves df = 1,
// where F(3, 1) needs F > 216 — r² > 0.998 — to be significant at 0.05.
describe('the flat flag with 1 residual degree of freedom', () => {
  const u = [-7.796, -7.097, -6.398, -5.699, -5];

  it('does not call a clean 5-point curve flat (r² 0.997, F test p 0.067: flagged flat before)', () => {
    // LL.4 (IC50 1 µM, hill 1.1, 100 → 0 %) plus fixed noise of ±3 %.
    const y = [100.95, 91.15, 74.76, 30.31, 8.36];
    const fit = fitDoseResponse(curve(u, y));
    expect(fit.dfResidual).toBe(1);
    expect(fit.rSquared).toBeGreaterThan(0.997);
    expect(fit.flatP).toBeGreaterThan(0.05);
    expect(fit.flags).not.toContain('flat');
    expect(fit.log10Ic50.value).toBeCloseTo(-6.02, 2);
  });

  it('calls a truly flat 5-point curve flat', () => {
    const fit = fitDoseResponse(curve(u, [102, 97, 101.5, 99, 102.5]));
    expect(fit.dfResidual).toBe(1);
    expect(fit.flags).toContain('flat');
  });

  it('calls a 5-point curve that moves by less than 30 % flat, however well it fits', () => {
    // A shallow 20 % dip, fitted almost exactly: no significant test, no clear effect.
    const y = [100, 98.5, 91, 85.5, 79];
    const fit = fitDoseResponse(curve(u, y));
    expect(fit.rSquared).toBeGreaterThan(0.99);
    expect(fit.flatP).toBeGreaterThan(0.05);
    expect(fit.flags).toContain('flat');
  });
});
