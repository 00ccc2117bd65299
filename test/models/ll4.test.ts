import { describe, expect, it } from 'vitest';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { ll4, logisticWeight } from '../../src/models/ll4.js';
import { evaluateModel, inverseModel } from '../../src/models/model.js';

describe('ll4', () => {
  it('is the Hill equation with hill > 0 falling from top to bottom', () => {
    const p = [Math.log10(20), 1.5, 100, 5];
    // At x = IC50 the response is midway; far below it is top; far above it is bottom.
    expect(evaluateModel(ll4, p, Math.log10(20))).toBeCloseTo(52.5, 12);
    expect(evaluateModel(ll4, p, -6)).toBeCloseTo(100, 6);
    expect(evaluateModel(ll4, p, 8)).toBeCloseTo(5, 6);
    // Against the textbook form bottom + (top − bottom)/(1 + (x/IC50)^hill).
    const x = 7.3;
    expect(evaluateModel(ll4, p, Math.log10(x))).toBeCloseTo(5 + 95 / (1 + (x / 20) ** 1.5), 12);
  });

  it('has an analytic Jacobian that matches central finite differences', () => {
    const points = [
      [Math.log10(20), 1.5, 100, 5],
      [-7.2, 0.4, 120, -10],
      [1, 8, 90, 40],
    ];
    for (const p of points) {
      for (const u of [-9, -7.5, 0, 0.7, 1, 1.3, 3]) {
        const gradient = new Float64Array(4);
        evaluateModel(ll4, p, u, gradient);
        for (let i = 0; i < 4; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(p[i]!));
          const plus = [...p];
          const minus = [...p];
          plus[i]! += h;
          minus[i]! -= h;
          const numeric = (evaluateModel(ll4, plus, u) - evaluateModel(ll4, minus, u)) / (2 * h);
          expect(gradient[i]).toBeCloseTo(numeric, 5);
        }
      }
    }
  });

  it('inverts the curve, and says NaN where the curve never reaches the response', () => {
    const p = [Math.log10(20), 1.5, 100, 5];
    for (const y of [10, 52.5, 90]) expect(evaluateModel(ll4, p, inverseModel(ll4, p, y))).toBeCloseTo(y, 9);
    expect(inverseModel(ll4, p, 52.5)).toBeCloseTo(Math.log10(20), 12);
    expect(inverseModel(ll4, p, 4)).toBeNaN();
    expect(inverseModel(ll4, p, 101)).toBeNaN();
  });

  it('computes the logistic weight without overflow at extreme arguments', () => {
    expect(logisticWeight(400, 0, 30)).toBe(0);
    expect(logisticWeight(-400, 0, 30)).toBe(1);
    expect(Number.isFinite(logisticWeight(1e6, -1e6, 1000))).toBe(true);
  });
});

describe('ll4 owns its fitting', () => {
  it('bounds log10 IC50 to the window’s margin around the tested range, and hill to its range', () => {
    expect(ll4.bounds(-9, -5, { log10Ic50Margin: 3, hillMin: 0.05, hillMax: 30 })).toEqual({ lower: [-12, 0.05], upper: [-2, 30] });
  });

  it('starts near the optimum of a clean curve, from its grid with the asymptotes solved', () => {
    const u = Array.from({ length: 10 }, (_, i) => -9 + i * 0.5);
    const mean = u.map((x) => evaluateModel(ll4, [-7.1, 1.3, 100, 5], x));
    const data = groupByConcentration(u, mean);
    const starts = ll4.starts(data, ll4.bounds(-9, -4.5, DEFAULT_BOUNDS));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.length).toBeLessThanOrEqual(3);
    expect(Math.abs(starts[0]![0]! + 7.1)).toBeLessThanOrEqual(0.125);
    expect(starts[0]![1]).toBe(1.2);
  });

  it('integrates its shape in closed form', () => {
    // ∫ s du over [θ − 2, θ + 2] of a symmetric logistic is half the width.
    expect(ll4.shapeIntegral([-7, 1.3], -9, -5)).toBeCloseTo(2, 12);
  });

  it('needs 4 concentrations and has no extra profile starts', () => {
    expect(ll4.minConcentrations).toBe(4);
    expect(ll4.profileStarts(groupByConcentration([1, 2, 3, 4], [1, 2, 3, 4]), ll4.bounds(1, 4, DEFAULT_BOUNDS), 2)).toEqual([]);
  });
});

describe('ll4.shapes', () => {
  it('gives shape(), its complement and its gradient at many concentrations at once', () => {
    const u = Float64Array.from([-9, -7.5, -7, -6.2, 0, 3]);
    const shape = new Float64Array(6);
    const complement = new Float64Array(6);
    const gradient = new Float64Array(12);
    ll4.shapes([-7, 1.4], u, 6, shape, complement, gradient);
    const single = new Float64Array(2);
    u.forEach((x, k) => {
      expect(shape[k]).toBeCloseTo(ll4.shape([-7, 1.4], x, single), 15);
      expect(gradient[k]).toBeCloseTo(single[0]!, 14);
      expect(gradient[6 + k]).toBeCloseTo(single[1]!, 14);
      expect(shape[k]! + complement[k]!).toBeCloseTo(1, 15);
    });
  });

  it('keeps the complement to full relative precision near the top (where 1 − shape is rounding)', () => {
    const shape = new Float64Array(1);
    const complement = new Float64Array(1);
    ll4.shapes([0, 2], [-7], 1, shape, complement);
    // 1 − s = 10^(h(u − θ))/(1 + 10^(h(u − θ))) = 1e-14/(1 + 1e-14)
    expect(complement[0]! / (1e-14 / (1 + 1e-14))).toBeCloseTo(1, 14);
    expect(shape[0]).toBeCloseTo(1 - 1e-14, 15);
  });
});
