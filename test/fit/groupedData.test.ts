import { describe, expect, it } from 'vitest';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { residualSumOfSquares } from '../../src/fit/levenbergMarquardt.js';
import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';

describe('groupByConcentration', () => {
  it('gives the same RSS as summing over every point', () => {
    const u = [-9, -9, -9, -8, -8, -7, -7, -7, -6];
    const y = [101, 97, 99.5, 80, 84, 30, 28.2, 35, 4];
    const data = groupByConcentration(u, y);
    expect(Array.from(data.u)).toEqual([-9, -8, -7, -6]);
    expect(Array.from(data.weight)).toEqual([3, 2, 3, 1]);
    expect(data.nPoints).toBe(9);
    const p = [-7.5, 1.1, 100, 2];
    let direct = 0;
    for (let i = 0; i < u.length; i++) direct += (y[i]! - evaluateModel(ll4, p, u[i]!)) ** 2;
    expect(residualSumOfSquares(ll4, data, p)).toBeCloseTo(direct, 10);
  });

  it('skips points that are not finite', () => {
    const data = groupByConcentration([-9, Number.NaN, -8, -7], [100, 50, Number.NaN, 20]);
    expect(data.nPoints).toBe(2);
    expect(Array.from(data.u)).toEqual([-9, -7]);
  });
});

describe('groupByConcentration keeps the order a stable sort gives', () => {
  it('for ascending, descending and shuffled series alike', () => {
    const u = [-9, -9, -8, -8, -8, -7, -6, -6];
    const y = [101, 97, 80, 84, 83, 30, 4, 6];
    const ascending = groupByConcentration(u, y);
    const descending = groupByConcentration([...u].reverse(), [...y].reverse());
    const shuffledIndex = [3, 0, 6, 5, 1, 7, 2, 4];
    const shuffled = groupByConcentration(shuffledIndex.map((i) => u[i]!), shuffledIndex.map((i) => y[i]!));
    for (const data of [descending, shuffled]) {
      expect(Array.from(data.u)).toEqual(Array.from(ascending.u));
      expect(Array.from(data.weight)).toEqual(Array.from(ascending.weight));
      for (let k = 0; k < data.u.length; k++) expect(data.mean[k]).toBeCloseTo(ascending.mean[k]!, 12);
      expect(data.pureError).toBeCloseTo(ascending.pureError, 10);
    }
    // A run that comes back later (−8 twice apart) is one group.
    const again = groupByConcentration([-9, -8, -9, -8], [1, 2, 3, 4]);
    expect(Array.from(again.u)).toEqual([-9, -8]);
    expect(Array.from(again.mean)).toEqual([2, 3]);
  });
});

describe('residualSumOfSquares with a huge asymptote', () => {
  it('sums exact residuals where bottom + (top − bottom)·s would be rounding noise', () => {
    // A fit whose optimum lies beyond the window: IC50 at the window edge, bottom −10¹⁵, and a
    // complement ~1e-13 at the data, so that bottom·(1 − s) is a moderate number.
    const u = [-15, -14.5, -14, -13.5, -13];
    const p = [-2, 1, 100, -1e15];
    const exact = u.map((x) => 100 * (1 / (1 + 10 ** (x + 2))) - 1e15 * (10 ** (x + 2) / (1 + 10 ** (x + 2))));
    const y = exact.map((v, i) => v + [0.5, -0.5, 0.25, -0.25, 0][i]!);
    const data = groupByConcentration(u, y);
    expect(residualSumOfSquares(ll4, data, p)).toBeCloseTo(0.625, 9);
    // The same residuals as bottom + (top − bottom)·s: off by ~0.1 each (10¹⁵ × 1e-16).
    let naive = 0;
    u.forEach((x, i) => (naive += (y[i]! - evaluateModel(ll4, p, x)) ** 2));
    expect(Math.abs(naive - 0.625)).toBeGreaterThan(1e-3);
  });
});
