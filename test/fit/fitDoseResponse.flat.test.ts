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
