import { describe, expect, it } from 'vitest';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { icxEstimates } from '../../src/fit/icxEstimates.js';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { solveAsymptotes } from '../../src/models/asymptotes.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { relocated } from '../../src/models/relocated.js';
import { studentTCritical } from '../../src/fit/studentT.js';
import { readReferenceCurves } from '../reference/readReference.js';

describe('relocated: a model located by another level', () => {
  it('puts log10 ICP where the base model’s shape is 1 − P/100', () => {
    for (const [base, theta] of [[ll4, [-7.8, 1.4]], [ll5, [-7.8, 1.4, 0.4]]] as const) {
      const at80 = relocated(base, 0.2);
      // The same curve: relocated at the base's IC80 reproduces the base everywhere.
      const u80 = base.inverseShape(theta, 0.2);
      const moved = [u80, ...theta.slice(1)];
      for (const u of [-10, -8.2, -7.8, -7.1, -5]) expect(at80.shape(moved, u)).toBeCloseTo(base.shape(theta, u), 14);
      expect(at80.inverseShape(moved, 0.2)).toBeCloseTo(u80, 12);
      expect(at80.inverseShape(moved, 0.5)).toBeCloseTo(theta[0], 12);
    }
  });

  it('has the gradient of its shape (central differences)', () => {
    for (const [base, theta] of [[ll4, [-7.2, 1.3]], [ll5, [-7.2, 1.3, 2.5]]] as const) {
      const model = relocated(base, 0.1);
      const n = theta.length;
      const u = [-9, -7.5, -7, -6.2];
      const shape = new Float64Array(u.length);
      const complement = new Float64Array(u.length);
      const gradient = new Float64Array(u.length * n);
      model.shapes(theta, u, u.length, shape, complement, gradient);
      for (let i = 0; i < n; i++) {
        const h = 1e-6;
        for (let k = 0; k < u.length; k++) {
          const plus: number[] = [...theta];
          const minus: number[] = [...theta];
          plus[i] = plus[i]! + h;
          minus[i] = minus[i]! - h;
          const numeric = (model.shape(plus, u[k]!) - model.shape(minus, u[k]!)) / (2 * h);
          expect(gradient[i * u.length + k]!).toBeCloseTo(numeric, 7);
          expect(complement[k]! + shape[k]!).toBeCloseTo(1, 14);
        }
      }
    }
  });

  it('gives ICx profile intervals that an independent profile confirms (LL.4, IC20 and IC90)', () => {
    // Independent profile of log10 ICP for LL.4: at fixed log10 ICP = v the curve's IC50 is
    // v − log10(P/(100 − P))/hill; minimise the RSS over hill by a fine grid and golden section,
    // with top and bottom solved exactly. At each bound of our interval, that profile RSS must
    // equal the threshold RSS_min·(1 + t²/df).
    const { u, y } = readReferenceCurves('mm1s-curves.csv').get('MM1S/R CFZ|carfilzomib')!;
    const solution = fitCurve(u, y);
    const data = groupByConcentration(u, y);
    const t = studentTCritical(0.95, solution.dfResidual);
    const threshold = solution.rss * (1 + (t * t) / solution.dfResidual);
    const [profiled] = [icxEstimates(solution, [20, 90], { confidence: 0.95, ci: 'profile', bounds: DEFAULT_BOUNDS })];
    const wald = icxEstimates(solution, [20, 90], { confidence: 0.95, ci: 'wald', bounds: DEFAULT_BOUNDS });
    const profileRss = (v: number, level: number): number => {
      const offset = (hill: number) => Math.log10(level / (100 - level)) / hill;
      const rssAt = (hill: number): number => {
        const shape = new Float64Array(data.u.length);
        const complement = new Float64Array(data.u.length);
        ll4.shapes([v - offset(hill), hill], data.u, data.u.length, shape, complement);
        return solveAsymptotes(data, shape, complement, {}, { top: 0, bottom: 0, rss: 0 }).rss;
      };
      let best = 0.05;
      for (let h = 0.05; h <= 30; h *= 1.01) if (rssAt(h) < rssAt(best)) best = h;
      let [a, b] = [best / 1.01, best * 1.01];
      for (let k = 0; k < 200; k++) {
        const c = b - (b - a) / 1.618034;
        const d = a + (b - a) / 1.618034;
        if (rssAt(c) < rssAt(d)) b = d;
        else a = c;
      }
      return rssAt((a + b) / 2);
    };
    profiled!.forEach((x, i) => {
      const level = x.level;
      expect(x.log10Relative.value).toBeCloseTo(wald[i]!.log10Relative.value, 12);
      for (const bound of [x.log10Relative.lower, x.log10Relative.upper]) {
        expect(Number.isFinite(bound)).toBe(true);
        expect(Math.abs(profileRss(bound, level) / threshold - 1)).toBeLessThan(1e-6);
      }
      // Asymmetric, but close to the Wald interval for this well-determined curve.
      expect(Math.abs(x.log10Relative.lower - wald[i]!.log10Relative.lower)).toBeLessThan(0.02);
      expect(Math.abs(x.log10Relative.upper - wald[i]!.log10Relative.upper)).toBeLessThan(0.02);
    });
  });
});
