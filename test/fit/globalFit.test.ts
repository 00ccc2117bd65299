import { describe, expect, it } from 'vitest';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitGlobal } from '../../src/fit/globalFit.js';
import { ll4 } from '../../src/models/ll4.js';
import { pinned } from '../../src/models/pinned.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// Joint LL.4 fits with shared parameters against R 4.2.2 + drc 3.0-1
// (test/reference/shared/make-shared-reference.R: drm(response ~ conc, curveid = line, fct = LL.4(),
// pmodels = …)). drc's e is the IC50 in nM, so its log10 is our log10 IC50 in the curves' unit.

const SETS = [
  { curves: 'mm1s-curves.csv', fits: 'shared/mm1s-shared-fits.csv', groups: ['bortezomib', 'carfilzomib'], lines: ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ'] },
  { curves: 'shared/shared-synthetic-curves.csv', fits: 'shared/shared-synthetic-fits.csv', groups: ['synthetic'], lines: ['shallow', 'steep'] },
];
const MODELS = { hill_shared: ['hill'], hill_top_shared: ['hill', 'top'], separate: [] } as const;

describe('fitGlobal against drc', () => {
  for (const set of SETS) {
    const curves = readReferenceCurves(set.curves);
    const reference = readReferenceCsv(set.fits);
    for (const group of set.groups) {
      for (const [name, shared] of Object.entries(MODELS)) {
        it(`${group}, ${name}: the same optimum, IC50s and standard errors`, () => {
          const separate = set.lines.map((line) => {
            const c = curves.get(`${line}|${group}`)!;
            return fitCurve(c.u, c.y);
          });
          const fit = fitGlobal(separate.map((s) => s.data), separate.map((s) => s.parameters), { model: ll4, shared: new Set(shared) });
          expect(fit.converged).toBe(true);
          set.lines.forEach((line, j) => {
            const ref = reference.find((r) => r.group === group && r.model === name && r.line === line)!;
            const n = (key: string) => referenceNumber(ref[key]);
            // drc stops ~3e-8 short in log10 IC50 and ~4e-12 (relative) in RSS: ours is lower or equal.
            expect(Math.abs(fit.rss / n('rss') - 1)).toBeLessThan(1e-9);
            expect(fit.rss).toBeLessThanOrEqual(n('rss') * (1 + 1e-12));
            expect(fit.dfResidual).toBe(n('df_residual'));
            expect(fit.nParameters).toBe(n('n_parameters'));
            const p = fit.parameters[j]!;
            expect(Math.abs(p[0]! - n('ic50_log10'))).toBeLessThan(1e-6);
            expect(Math.abs(p[1]! / n('hill') - 1)).toBeLessThan(5e-6);
            expect(Math.abs(p[2]! - n('top'))).toBeLessThan(1e-4);
            expect(Math.abs(p[3]! - n('bottom'))).toBeLessThan(1e-4);
            const at = fit.index[j]![0]!;
            const se = Math.sqrt(fit.covariance![at * fit.nParameters + at]!);
            // Our Gauss–Newton covariance against drc's fit with the same covariance formula.
            expect(Math.abs(se / n('ic50_log10_se_gn') - 1)).toBeLessThan(1e-5);
          });
          if (shared.length > 0) {
            // A shared parameter is one entry of the joint vector.
            expect(new Set(fit.index.map((row) => row[1])).size).toBe(1);
          }
        });
      }
    }
  }

  it('keeps pinned asymptotes out of the joint vector', () => {
    const curves = readReferenceCurves('mm1s-curves.csv');
    const model = pinned(ll4, { bottom: 0 });
    const separate = ['MM1S WT', 'MM1S/R BTZ'].map((line) => {
      const c = curves.get(`${line}|bortezomib`)!;
      return fitCurve(c.u, c.y, { model });
    });
    const fit = fitGlobal(separate.map((s) => s.data), separate.map((s) => s.parameters), { model, shared: new Set(['hill']) });
    expect(fit.converged).toBe(true);
    // Two log10 IC50s, one hill, two tops; bottom pinned.
    expect(fit.nParameters).toBe(5);
    expect(fit.index.map((row) => row[3])).toEqual([-1, -1]);
    expect(fit.parameters.map((p) => p[3])).toEqual([0, 0]);
    expect(fit.rss).toBeGreaterThanOrEqual(separate[0]!.rss + separate[1]!.rss);
  });
});
