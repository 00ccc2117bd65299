import { describe, expect, it } from 'vitest';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { levenbergMarquardt } from '../../src/fit/levenbergMarquardt.js';
import { secantUpdate } from '../../src/fit/secantUpdate.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { evaluateModel } from '../../src/models/model.js';
import { normalCurves, seededUniform } from './normalCurves.js';

/**
 * The bench's synthetic screen (bench/run.ts §2): 10 concentrations × 3 in a 3-fold series,
 * log10 IC50 uniform over the upper 3 of its 4.3 decades (many curves incomplete), noise sd 5 %.
 */
function syntheticCurves(count: number): { u: number[]; y: number[] }[] {
  const uniform = seededUniform(12345);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: count }, () => {
    const truth = [-9 + 3 * uniform(), 0.6 + 2.5 * uniform(), 95 + 10 * uniform(), 15 * uniform()];
    const u: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < 10; k++) {
      for (let r = 0; r < 3; r++) {
        u.push(-6 - k * Math.log10(3));
        y.push(evaluateModel(ll4, truth, u[u.length - 1]!) + 5 * normal());
      }
    }
    return { u, y };
  });
}

describe('the final polish (levenbergMarquardt with polish: 1/hill and the secant model)', () => {
  // Each curve polished from its grid's best start roughly optimized, as fitCurve does, once
  // plainly and once as a polish.
  const runs = syntheticCurves(2000).map(({ u, y }) => {
    const data = groupByConcentration(u, y);
    const box = ll4.bounds(data.u[0]!, data.u[data.u.length - 1]!, DEFAULT_BOUNDS);
    const problem = { model: ll4, data, lower: box.lower, upper: box.upper, free: ll4.free };
    const [start] = ll4.starts(data, box, { count: 1 });
    const rough = levenbergMarquardt(problem, start!, { relativeTolerance: 1e-6, maxIterations: 30 });
    return {
      plain: levenbergMarquardt(problem, rough.parameters),
      polish: levenbergMarquardt(problem, rough.parameters, { polish: true }),
    };
  });

  it('converges on every curve where plain Gauss–Newton runs out of steps', () => {
    const stuck = runs.filter((run) => run.plain.status === 'max_iterations');
    expect(stuck.length).toBeGreaterThan(5); // the valleys are there to be crossed
    expect(runs.filter((run) => run.polish.status === 'max_iterations')).toEqual([]);
    for (const run of stuck) expect(run.polish.rss).toBeLessThan(run.plain.rss);
  });

  it('ends as low as the plain search on every curve, in fewer steps overall', () => {
    for (const run of runs) expect(run.polish.rss).toBeLessThanOrEqual(run.plain.rss * (1 + 1e-9));
    const steps = (kind: 'plain' | 'polish') => runs.reduce((sum, run) => sum + run[kind].iterations, 0);
    expect(steps('polish')).toBeLessThan(steps('plain') / 2);
  });

  it('returns the Hill slope itself, not its reciprocal', () => {
    for (const run of runs.slice(0, 200)) {
      if (run.plain.status !== 'converged' || run.plain.parameters[1]! > 10) continue;
      expect(run.polish.parameters[1]! / run.plain.parameters[1]! - 1).toBeCloseTo(0, 3);
    }
  });
});

describe('the final polish of LL.5 (three shape parameters, where A + S is often not positive definite)', () => {
  it('ends as low as the plain search, and never stalls where Gauss–Newton would go on', () => {
    let stalledMore = 0;
    for (const { u, y } of normalCurves(600, 777)) {
      const data = groupByConcentration(u, y);
      const box = ll5.bounds(data.u[0]!, data.u[data.u.length - 1]!, DEFAULT_BOUNDS);
      const problem = { model: ll5, data, lower: box.lower, upper: box.upper, free: ll5.free };
      const [start] = ll5.starts(data, box, { count: 1 });
      const rough = levenbergMarquardt(problem, start!, { relativeTolerance: 1e-6, maxIterations: 30 });
      const plain = levenbergMarquardt(problem, rough.parameters);
      const polish = levenbergMarquardt(problem, rough.parameters, { polish: true });
      expect(polish.rss).toBeLessThanOrEqual(plain.rss * (1 + 1e-9));
      if (polish.status === 'stalled' && plain.status !== 'stalled') stalledMore++;
    }
    expect(stalledMore).toBeLessThan(12); // 2 %: a stall is a minimum to machine precision, not a give-up
  });
});

describe('secantUpdate', () => {
  it('meets the secant condition (A + S)·d = g − g₀ and stays symmetric', () => {
    const uniform = seededUniform(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + (trial % 2);
      const a = Array.from({ length: n * n }, () => 0);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = uniform() + (i === j ? n : 0);
      const secant = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) secant[i * n + j] = secant[j * n + i] = uniform() - 0.5;
      const x0 = Array.from({ length: n }, () => uniform());
      const x = x0.map((v) => v + uniform() - 0.5);
      const g0 = Array.from({ length: n }, () => uniform() - 0.5);
      const g = Array.from({ length: n }, () => uniform() - 0.5);
      secantUpdate(secant, a, n, x, x0, g, g0, new Float64Array(2 * n));
      for (let i = 0; i < n; i++) {
        let lhs = 0;
        for (let j = 0; j < n; j++) lhs += (a[i * n + j]! + secant[i * n + j]!) * (x[j]! - x0[j]!);
        expect(lhs).toBeCloseTo(g[i]! - g0[i]!, 10);
        for (let j = 0; j < n; j++) expect(secant[i * n + j]).toBeCloseTo(secant[j * n + i]!, 12);
      }
    }
  });
});
