import { describe, expect, it } from 'vitest';
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
