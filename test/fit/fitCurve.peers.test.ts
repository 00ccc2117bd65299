import { levenbergMarquardt as mlLevenbergMarquardt } from 'ml-levenberg-marquardt';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, fitCurve } from '../../src/fit/fitCurve.js';
import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';
import { loadPeerCurves, offOptimum } from '../reference/loadPeers.js';

// The accuracy bar, scored as the peer benchmark scores it (test/reference/peers-1000): RSS more than 1e-6 (relative) above the
// best of R drc, R drda and scipy counts as missing the least-squares optimum.
const curves = loadPeerCurves();
const normal = curves.filter((c) => c.kind === 'normal');
const hard = curves.filter((c) => c.kind !== 'normal' && c.kind !== 'flat');
const WIDE = { log10Ic50Margin: 40, hillMin: 0.01, hillMax: 1000 };

describe('fitCurve on the 1,000 peer reference curves', () => {
  it('reaches the least-squares optimum of drc/drda/scipy on every normal curve and ≥ 98 % of hard ones (search window opened)', () => {
    const missedNormal = normal.filter((c) => offOptimum(c, fitCurve(c.u, c.y, { bounds: WIDE }).rss));
    const missedHard = hard.filter((c) => offOptimum(c, fitCurve(c.u, c.y, { bounds: WIDE }).rss));
    expect(missedNormal.map((c) => c.id)).toEqual([]);
    expect(missedHard.length / hard.length).toBeLessThanOrEqual(0.02);
  });

  it('with the default window, misses the optimum only where the fit is flagged as having hit a bound', () => {
    const unexplained = [...normal, ...hard].filter((c) => {
      const fit = fitCurve(c.u, c.y, { bounds: DEFAULT_BOUNDS });
      return offOptimum(c, fit.rss) && fit.boundsHit.length === 0 && fit.converged;
    });
    // c000598, a step function (one point below, the rest above: hill → ∞), stopped on a flat
    // ridge 9e-6 above the optimum until the starts included the best moderate-hill grid cell.
    expect(unexplained.map((c) => c.id)).toEqual([]);
  });

  it('cannot be improved by an independent solver started at its answer (ml-levenberg-marquardt)', () => {
    for (const c of normal.slice(0, 100)) {
      const ours = fitCurve(c.u, c.y);
      const result = mlLevenbergMarquardt(
        { x: c.u, y: c.y },
        ([theta, hill, top, bottom]) => (u: number) => evaluateModel(ll4, [theta!, hill!, top!, bottom!], u),
        { initialValues: Array.from(ours.parameters), damping: 1e-3, maxIterations: 200, errorTolerance: 1e-12, gradientDifference: 1e-7 },
      );
      expect(result.parameterError).toBeGreaterThanOrEqual(ours.rss * (1 - 1e-9));
    }
  });
});
