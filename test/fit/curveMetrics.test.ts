import { describe, expect, it } from 'vitest';
import { curveMetrics } from '../../src/fit/curveMetrics.js';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';

describe('curveMetrics', () => {
  it('gives the absolute IC50 where the curve crosses 50 %, pIC50, Emax and the normalised AUC', () => {
    // top 100, bottom 0: absolute and relative IC50 coincide; the curve is symmetric about
    // log10 IC50 = -7, so over [-9, -5] its mean is exactly 50 %.
    const m = curveMetrics(ll4, [-7, 1, 100, 0], [-9, -5]);
    expect(m.log10AbsoluteIc50).toBeCloseTo(-7, 12);
    expect(m.pIc50).toBe(7);
    expect(m.emax).toBeCloseTo(100 - 100 / (1 + 100), 10); // f(-5) = 100/(1+10^2)
    expect(m.auc).toBeCloseTo(0.5, 10);
  });

  it('separates absolute from relative IC50 with a partial curve, and says NaN when 50 % is never crossed', () => {
    // bottom 60 %: the midpoint is at 80 %, and the curve never reaches 50 %.
    expect(curveMetrics(ll4, [-7, 1, 100, 60], [-9, -5]).log10AbsoluteIc50).toBeNaN();
    // bottom 20 %: 50 % is crossed above the relative IC50: s = (50 − 20)/80 = 0.375 → u = −7 + log10(1/0.375 − 1).
    expect(curveMetrics(ll4, [-7, 1, 100, 20], [-9, -5]).log10AbsoluteIc50).toBeCloseTo(-7 + Math.log10(1 / 0.375 - 1), 12);
  });

  it('matches a numerical integration of the fitted curve (Simpson, 10,000 intervals, in the test)', () => {
    for (const p of [[-6.5, 1.3, 100, 0], [-7.2, 0.6, 104, 12], [-5.1, 3.5, 95, -4]]) {
      const f = (u: number) => p[3]! + (p[2]! - p[3]!) / (1 + 10 ** (p[1]! * (u - p[0]!)));
      const n = 10000;
      const h = 4 / n;
      let sum = f(-9) + f(-5);
      for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(-9 + i * h);
      const numeric = (sum * h) / 3 / 4 / 100;
      expect(curveMetrics(ll4, p, [-9, -5]).auc).toBeCloseTo(numeric, 10);
    }
  });

  it('gives LL.5 the same metrics as LL.4 at asymmetry 1, and integrates an asymmetric curve (drc form, in the test)', () => {
    const m4 = curveMetrics(ll4, [-6.5, 1.3, 100, 5], [-9, -5]);
    const m5 = curveMetrics(ll5, [-6.5, 1.3, 1, 100, 5], [-9, -5]);
    expect(m5.auc).toBeCloseTo(m4.auc, 10);
    expect(m5.emax).toBeCloseTo(m4.emax, 10);
    expect(m5.log10AbsoluteIc50).toBeCloseTo(m4.log10AbsoluteIc50, 10);
    for (const [theta, hill, f, top, bottom] of [[-6.5, 1.3, 0.4, 100, 5], [-7.2, 2.5, 3, 98, 10]] as const) {
      // drc's LL.5: bottom + (top − bottom)/(1 + (x/e)^hill)^f with e = IC50/(2^(1/f) − 1)^(1/hill).
      const log10E = theta - Math.log10(2 ** (1 / f) - 1) / hill;
      const g = (u: number) => bottom + (top - bottom) / (1 + 10 ** (hill * (u - log10E))) ** f;
      const n = 20000;
      const h = 4 / n;
      let sum = g(-9) + g(-5);
      for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * g(-9 + i * h);
      const m = curveMetrics(ll5, [theta, hill, f, top, bottom], [-9, -5]);
      expect(m.auc).toBeCloseTo((sum * h) / 3 / 4 / 100, 9);
      expect(m.emax).toBeCloseTo(100 - Math.min(g(-9), g(-5)), 10);
      expect(g(m.log10AbsoluteIc50)).toBeCloseTo(50, 9);
      expect(g(theta)).toBeCloseTo((top + bottom) / 2, 10);
    }
  });
});
