import { describe, expect, it } from 'vitest';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { evaluateModel, inverseModel } from '../../src/models/model.js';

/** drc's LL.5 form, written out independently: c + (d − c)/(1 + (x/e)^b)^f. */
function drcForm(x: number, b: number, c: number, d: number, e: number, f: number): number {
  return c + (d - c) / (1 + (x / e) ** b) ** f;
}

describe('ll5', () => {
  it('is drc’s LL.5 curve with the location moved to the relative IC50', () => {
    for (const [log10Ic50, hill, f, top, bottom] of [[1.2, 1.5, 0.4, 100, 5], [-0.5, 0.8, 3, 98, -2], [2, 4, 1, 101, 10]] as const) {
      const e = 10 ** log10Ic50 / (2 ** (1 / f) - 1) ** (1 / hill);
      for (const x of [1e-3, 0.3, 10 ** log10Ic50, 7, 250, 1e5]) {
        expect(evaluateModel(ll5, [log10Ic50, hill, f, top, bottom], Math.log10(x))).toBeCloseTo(drcForm(x, hill, bottom, top, e, f), 9);
      }
      // Halfway between the asymptotes at the IC50, whatever the asymmetry.
      expect(evaluateModel(ll5, [log10Ic50, hill, f, top, bottom], log10Ic50)).toBeCloseTo((top + bottom) / 2, 10);
    }
  });

  it('equals LL.4 at asymmetry 1', () => {
    for (const u of [-3, 0, 0.7, 1.2, 4]) {
      expect(evaluateModel(ll5, [1.2, 1.5, 1, 100, 5], u)).toBeCloseTo(evaluateModel(ll4, [1.2, 1.5, 100, 5], u), 12);
    }
  });

  it('has an analytic Jacobian that matches central finite differences', () => {
    for (const p of [[1.2, 1.5, 0.4, 100, 5], [-7.2, 0.4, 3, 120, -10], [1, 8, 0.05, 90, 40], [0, 2, 40, 100, 0]]) {
      for (const u of [-9, -7.5, 0, 0.7, 1, 1.3, 3]) {
        const gradient = new Float64Array(5);
        evaluateModel(ll5, p, u, gradient);
        for (let i = 0; i < 5; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(p[i]!));
          const plus = [...p];
          const minus = [...p];
          plus[i]! += h;
          minus[i]! -= h;
          const numeric = (evaluateModel(ll5, plus, u) - evaluateModel(ll5, minus, u)) / (2 * h);
          expect(gradient[i]).toBeCloseTo(numeric, 4);
        }
      }
    }
  });

  it('inverts the curve, and says NaN where it never reaches the response', () => {
    const p = [1.2, 1.5, 0.4, 100, 5];
    for (const y of [6, 30, 52.5, 90, 99]) expect(evaluateModel(ll5, p, inverseModel(ll5, p, y))).toBeCloseTo(y, 8);
    expect(inverseModel(ll5, p, 52.5)).toBeCloseTo(1.2, 12);
    expect(inverseModel(ll5, p, 4)).toBeNaN();
    expect(inverseModel(ll5, p, 101)).toBeNaN();
  });

  it('stays finite at extreme arguments and asymmetries', () => {
    for (const f of [0.02, 50]) {
      for (const u of [-400, 400]) {
        const g = new Float64Array(3);
        const s = ll5.shape([0, 30, f], u, g);
        expect(Number.isFinite(s)).toBe(true);
        expect([...g].every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('ll5 owns its fitting', () => {
  const u = Array.from({ length: 10 }, (_, i) => -9 + i * 0.5);
  const data = groupByConcentration(u, u.map((x) => evaluateModel(ll5, [-7.1, 1.3, 0.4, 100, 5], x)));
  const box = ll5.bounds(-9, -4.5, DEFAULT_BOUNDS);

  it('adds the asymmetry to LL.4’s box, and needs 5 concentrations', () => {
    expect(box).toEqual({ lower: [-12, 0.05, 0.02], upper: [-1.5, 30, 50] });
    expect(ll5.minConcentrations).toBe(5);
  });

  it('starts from each LL.4 grid start with the asymmetry at 1, 0.3 and 3', () => {
    const starts = ll5.starts(data, box);
    const ll4Starts = ll4.starts(data, box);
    expect(starts).toEqual(ll4Starts.flatMap(([t, h]) => [[t, h, 1], [t, h, 0.3], [t, h, 3]]));
  });

  it('gives each profile point the best four cells of a hill × asymmetry grid at the held log10 IC50', () => {
    const starts = ll5.profileStarts(data, box, -7);
    expect(starts).toHaveLength(4);
    for (const start of starts) expect(start[0]).toBe(-7);
  });

  it('integrates its shape numerically (Simpson) to the closed form at asymmetry 1', () => {
    expect(ll5.shapeIntegral([-7, 1.3, 1], -9, -5)).toBeCloseTo(ll4.shapeIntegral([-7, 1.3], -9, -5), 12);
  });
});

describe('ll5.shapes', () => {
  it('gives shape(), its complement and its gradient at many concentrations at once', () => {
    const u = Float64Array.from([-9, -7.5, -7, -6.2, 0]);
    const theta = [-7, 1.4, 0.4];
    const shape = new Float64Array(5);
    const complement = new Float64Array(5);
    const gradient = new Float64Array(15);
    ll5.shapes(theta, u, 5, shape, complement, gradient);
    const single = new Float64Array(3);
    u.forEach((x, k) => {
      expect(shape[k]).toBeCloseTo(ll5.shape(theta, x, single), 15);
      for (let i = 0; i < 3; i++) expect(gradient[i * 5 + k]).toBeCloseTo(single[i]!, 13);
      expect(shape[k]! + complement[k]!).toBeCloseTo(1, 15);
    });
    // Near the top the complement keeps its digits: f·ln(1 + e^L) ≈ f·e^L.
    ll5.shapes(theta, [-14], 1, shape, complement);
    const L = Math.log(2 ** (1 / 0.4) - 1) + 1.4 * (-14 + 7) * Math.LN10;
    expect(complement[0]! / (0.4 * Math.exp(L))).toBeCloseTo(1, 8);
  });
});
