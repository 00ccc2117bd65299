import { describe, expect, it } from 'vitest';
import { curveMetrics } from '../../src/fit/curveMetrics.js';

describe('curveMetrics', () => {
  it('gives the absolute IC50 where the curve crosses 50 %, pIC50, Emax and the normalised AUC', () => {
    // top 100, bottom 0: absolute and relative IC50 coincide; the curve is symmetric about
    // log10 IC50 = -7, so over [-9, -5] its mean is exactly 50 %.
    const m = curveMetrics([-7, 1, 100, 0], [-9, -5]);
    expect(m.log10AbsoluteIc50).toBeCloseTo(-7, 12);
    expect(m.pIc50).toBe(7);
    expect(m.emax).toBeCloseTo(100 - 100 / (1 + 100), 10); // f(-5) = 100/(1+10^2)
    expect(m.auc).toBeCloseTo(0.5, 10);
  });

  it('separates absolute from relative IC50 with a partial curve, and says NaN when 50 % is never crossed', () => {
    // bottom 60 %: the midpoint is at 80 %, and the curve never reaches 50 %.
    expect(curveMetrics([-7, 1, 100, 60], [-9, -5]).log10AbsoluteIc50).toBeNaN();
    // bottom 20 %: 50 % is crossed above the relative IC50: s = (50 − 20)/80 = 0.375 → u = −7 + log10(1/0.375 − 1).
    expect(curveMetrics([-7, 1, 100, 20], [-9, -5]).log10AbsoluteIc50).toBeCloseTo(-7 + Math.log10(1 / 0.375 - 1), 12);
  });

  it('integrates exactly: AUC of the logistic against its closed form', () => {
    // ∫ 1/(1 + 10^(h(u−θ))) du = u − log10(1 + 10^(h(u−θ)))/h
    const F = (u: number) => u - Math.log10(1 + 10 ** (1.3 * (u + 6.5))) / 1.3;
    const expected = (F(-5) - F(-9)) / 4;
    expect(curveMetrics([-6.5, 1.3, 100, 0], [-9, -5]).auc).toBeCloseTo(expected, 9);
  });
});
