import { describe, expect, it } from 'vitest';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';
import type { Curve } from '../../src/types.js';

/** A curve sampled from LL.4 at 10 three-fold concentrations (log10 M), triplicate, with a fixed wobble. */
function curve(log10Ic50: number, hill: number, top: number, bottom: number, highest = -6, count = 10): Curve {
  const u: number[] = [];
  const y: number[] = [];
  const wobble = [1.5, -2, 0.7];
  for (let i = 0; i < count; i++) {
    for (let r = 0; r < 3; r++) {
      const x = highest - i * Math.log10(3);
      u.push(x);
      y.push(evaluateModel(ll4, [log10Ic50, hill, top, bottom], x) + wobble[r]! * ((i % 3) - 1));
    }
  }
  return { cellLine: 'A', compound: 'x', plates: ['p'], unit: 'nM', log10Molar: u, response: y, noBlank: false };
}

describe('fitDoseResponse', () => {
  it('recovers the parameters of a well-sampled curve, with an interval that contains them', () => {
    const fit = fitDoseResponse(curve(-7.8, 1.3, 100, 3));
    expect(fit.log10Ic50.value).toBeCloseTo(-7.8, 1);
    expect(fit.log10Ic50.lower).toBeLessThan(-7.8);
    expect(fit.log10Ic50.upper).toBeGreaterThan(-7.8);
    expect(fit.hill.value).toBeCloseTo(1.3, 0);
    expect(fit.flags).toEqual([]);
    expect(fit.converged).toBe(true);
    expect(fit.nPoints).toBe(30);
    expect(fit.nConcentrations).toBe(10);
    expect(fit.dfResidual).toBe(26);
    expect(fit.rSquared).toBeGreaterThan(0.99);
  });

  it('fits noiseless data exactly', () => {
    const u = Array.from({ length: 9 }, (_, i) => -9 + i * 0.5);
    const y = u.map((x) => evaluateModel(ll4, [-7.2, 0.9, 98, 12], x));
    const fit = fitDoseResponse({ cellLine: 'A', compound: 'x', plates: ['p'], unit: 'nM', log10Molar: u, response: y, noBlank: false });
    expect(fit.log10Ic50.value).toBeCloseTo(-7.2, 8);
    expect(fit.hill.value).toBeCloseTo(0.9, 8);
    expect(fit.top.value).toBeCloseTo(98, 6);
    expect(fit.bottom.value).toBeCloseTo(12, 6);
    expect(fit.rss).toBeLessThan(1e-12);
  });

  it('flags an IC50 above the tested range', () => {
    const fit = fitDoseResponse(curve(-5, 1.2, 100, 0));
    expect(fit.flags).toContain('ic50_above_range');
  });

  it('flags an IC50 below the tested range', () => {
    const fit = fitDoseResponse(curve(-11.5, 1, 100, 0));
    expect(fit.flags).toContain('ic50_below_range');
  });

  it('does not fit fewer than 4 concentrations, and says so', () => {
    const fit = fitDoseResponse(curve(-7.8, 1.3, 100, 3, -6, 3));
    expect(fit.flags).toEqual(['too_few_concentrations']);
    expect(fit.log10Ic50.value).toBeNaN();
    expect(fit.nConcentrations).toBe(3);
  });

  it('flags a flat curve instead of failing: its IC50 is not identified', () => {
    const c = curve(-7, 1, 100, 100);
    const fit = fitDoseResponse(c);
    expect(fit.flags.length).toBeGreaterThan(0);
    expect(fit.flags.some((f) => ['bound_hit', 'ambiguous', 'ic50_above_range', 'ic50_below_range', 'not_converged'].includes(f))).toBe(true);
  });

  it('carries no_blank from the curve', () => {
    expect(fitDoseResponse({ ...curve(-7.8, 1.3, 100, 3), noBlank: true }).flags).toContain('no_blank');
  });
});

describe('the ambiguous flag from the interval width', () => {
  it('flags an IC50 interval wider than the chosen number of decades', () => {
    const c = curve(-7.8, 1.3, 100, 3);
    expect(fitDoseResponse(c).flags).not.toContain('ambiguous');
    const fit = fitDoseResponse(c, { ambiguousWidth: 0.001 });
    expect(fit.log10Ic50.upper - fit.log10Ic50.lower).toBeGreaterThan(0.001);
    expect(fit.flags).toContain('ambiguous');
  });

  describe('--ci profile flags', () => {
    const curve = (u: number[], y: number[]): Curve => ({ cellLine: 'a', compound: 'x', plates: [], unit: 'M', log10Molar: u, response: y, noBlank: false });

    it('flags ci_open (and ambiguous) when the data do not bound the IC50 on one side', () => {
      // The curve only starts to fall at the highest concentrations: nothing bounds the IC50 above.
      const u: number[] = [];
      const y: number[] = [];
      const noise = [1.5, -2, 0.5, 2.2, -1.1, -0.4];
      for (let i = 0; i < 8; i++) {
        for (let r = 0; r < 3; r++) {
          u.push(-9 + i * 0.5);
          y.push(100 / (1 + 10 ** (-9 + i * 0.5 + 5.6)) + 2 * noise[(i * 3 + r) % 6]!);
        }
      }
      const fit = fitDoseResponse(curve(u, y), { ci: 'profile' });
      expect(Number.isFinite(fit.log10Ic50.lower)).toBe(true);
      expect(fit.log10Ic50.upper).toBeNaN(); // open: empty in the output
      expect(fit.flags).toEqual(expect.arrayContaining(['ci_open', 'ambiguous']));
    });

    it('gives no interval, and no ci_open, without residual degrees of freedom', () => {
      const fit = fitDoseResponse(curve([-9, -8, -7, -6], [100, 90, 20, 5]), { ci: 'profile' });
      expect(fit.dfResidual).toBe(0);
      expect([fit.log10Ic50.lower, fit.log10Ic50.upper]).toEqual([Number.NaN, Number.NaN]);
      expect(fit.flags).toEqual(['ambiguous']);
    });
  });
});

describe('how the fit ended', () => {
  it('reports the solver’s status and iterations', () => {
    const fit = fitDoseResponse(curve(-7.8, 1.3, 100, 3));
    expect(fit.status).toBe('converged');
    expect(fit.iterations).toBeGreaterThan(0);
    expect(fit.iterations).toBeLessThan(50);
    const few = fitDoseResponse(curve(-7.8, 1.3, 100, 3, -6, 3));
    expect(few.status).toBe('not_fitted');
    expect(few.iterations).toBe(0);
  });

  it('takes the model as the CLI names it, ll3 included', () => {
    const fit = fitDoseResponse(curve(-7.8, 1.3, 100, 3), { model: 'll3' });
    expect(fit.model).toBe('ll3');
    expect(fit.bottom.value).toBe(0);
    expect(fit.dfResidual).toBe(27);
  });
});
