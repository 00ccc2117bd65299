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
