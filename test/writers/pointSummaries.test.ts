import { describe, expect, it } from 'vitest';
import type { CurveFit } from '../../src/types.js';
import { errorBar, experimentSummaries, replicateSummaries } from '../../src/writers/pointSummaries.js';

function fitOf(points: [number, number][]): CurveFit {
  return { points: { log10Molar: points.map((p) => p[0]), response: points.map((p) => p[1]) } } as unknown as CurveFit;
}

describe('pointSummaries', () => {
  it('replicates: mean, sample SD and n per concentration, ascending; float noise is one concentration', () => {
    const fit = fitOf([[-7, 40], [-8, 90], [-7 + 1e-9, 50], [-7, 60], [-8, 92], [-6, Number.NaN], [Number.NaN, 3], [-6, 10]]);
    const points = replicateSummaries(fit);
    expect(points.map((p) => [p.u, p.mean, p.n])).toEqual([[-8, 91, 2], [-7, 50, 3], [-6, 10, 1]]);
    expect(points[1]!.sd).toBeCloseTo(10, 12);
    expect(points[2]!.sd).toBeNaN();
  });

  it('experiments: each experiment’s mean is one value, n the experiments that tested the concentration', () => {
    const a = fitOf([[-7, 40], [-7, 60], [-8, 90]]);
    const b = fitOf([[-7, 70], [-7, 70], [-8, 100]]);
    const c = fitOf([[-7, 60]]);
    const points = experimentSummaries([a, b, c]);
    expect(points.map((p) => [p.u, p.mean, p.n])).toEqual([[-8, 95, 2], [-7, 60, 3]]);
    expect(points[1]!.sd).toBeCloseTo(10, 12);
  });

  it('error bars: SD, SD/√n or none; no bar for a single value', () => {
    const point = { u: 0, mean: 50, sd: 6, n: 4 };
    expect(errorBar(point, 'sd')).toBe(6);
    expect(errorBar(point, 'sem')).toBe(3);
    expect(errorBar(point, 'none')).toBeNaN();
    expect(errorBar({ ...point, sd: Number.NaN, n: 1 }, 'sd')).toBeNaN();
  });
});
