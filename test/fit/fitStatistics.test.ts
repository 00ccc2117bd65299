import { describe, expect, it } from 'vitest';
import { constantFit } from '../../src/fit/constantFit.js';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitStatistics } from '../../src/fit/fitStatistics.js';
import { flatTestPValue } from '../../src/fit/flatTest.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { evaluateModel } from '../../src/models/model.js';
import { pinned } from '../../src/models/pinned.js';

const U: number[] = [];
for (let i = 0; i < 8; i++) for (let r = 0; r < 3; r++) U.push(-9 + i * 0.5);
const WOBBLE = [1.5, -2, 0.7, -0.4, 2.1, -1.2];
const Y = U.map((u, i) => evaluateModel(ll4, [-7, 1.1, 100, 4], u) + WOBBLE[i % 6]!);

describe('fitStatistics', () => {
  it('gives an estimate for every parameter of the model, by name, with Wald intervals t(n − p)·se', () => {
    const solution = fitCurve(U, Y);
    const statistics = fitStatistics(solution, constantFit(Y, undefined, undefined), { bounds: DEFAULT_BOUNDS });
    expect(Object.keys(statistics.estimates)).toEqual(['log10_ic50', 'hill', 'top', 'bottom']);
    const ic50 = statistics.estimates.log10_ic50!;
    expect(ic50.value).toBe(solution.parameters[0]);
    expect(ic50.standardError).toBeCloseTo(Math.sqrt(solution.covariance![0]!), 15);
    // t(0.975, 20) = 2.085963
    expect((ic50.upper - ic50.lower) / 2 / ic50.standardError).toBeCloseTo(2.085963, 5);
    const total = Y.reduce((s, y) => s + (y - Y.reduce((a, b) => a + b) / Y.length) ** 2, 0);
    expect(statistics.rSquared).toBeCloseTo(1 - solution.rss / total, 12);
    expect(statistics.flatP).toBe(flatTestPValue(total, solution.rss, 24, 4));
    expect(statistics.responseSpan).toBeCloseTo(Math.abs(evaluateModel(ll4, solution.parameters, -9) - evaluateModel(ll4, solution.parameters, -5.5)), 12);
  });

  it('has no standard error for a pinned asymptote, and tests against the pinned top with q = 0', () => {
    const model = pinned(ll4, { top: 100 });
    const solution = fitCurve(U, Y, { model });
    const constant = constantFit(Y, undefined, 100);
    const statistics = fitStatistics(solution, constant, { bounds: DEFAULT_BOUNDS });
    expect(statistics.estimates.top!.value).toBe(100);
    expect(statistics.estimates.top!.standardError).toBeNaN();
    expect(statistics.flatP).toBe(flatTestPValue(constant.rss, solution.rss, 24, 3, 0));
  });

  it('includes LL.5’s asymmetry', () => {
    const solution = fitCurve(U, Y, { model: ll5 });
    const statistics = fitStatistics(solution, constantFit(Y, undefined, undefined), { bounds: DEFAULT_BOUNDS });
    expect(Object.keys(statistics.estimates)).toEqual(['log10_ic50', 'hill', 'asymmetry', 'top', 'bottom']);
  });
});
