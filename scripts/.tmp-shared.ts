import { fitGlobal } from '../src/fit/globalFit.js';
import { fitCurve } from '../src/fit/fitCurve.js';
import { ll4 } from '../src/models/ll4.js';
import { readReferenceCsv, readReferenceCurves } from '../test/reference/readReference.js';
const curves = readReferenceCurves(process.argv[2] ?? 'mm1s-curves.csv');
const ref = readReferenceCsv(process.argv[3] ?? 'shared/mm1s-shared-fits.csv');
for (const compound of (process.argv[4] ?? 'bortezomib,carfilzomib').split(',')) {
  const lines = (process.argv[5] ?? 'MM1S WT,MM1S/R BTZ,MM1S/R CFZ').split(',');
  const seps = lines.map((l) => { const c = curves.get(`${l}|${compound}`)!; return fitCurve(c.u, c.y); });
  for (const [name, shared] of [['hill_shared', ['hill']], ['hill_top_shared', ['hill', 'top']], ['separate', []]] as const) {
    const t0 = performance.now();
    const g = fitGlobal(seps.map((s) => s.data), seps.map((s) => s.parameters), { model: ll4, shared: new Set(shared) });
    const ms = performance.now() - t0;
    lines.forEach((l, j) => {
      const r = ref.find((x) => x.group === compound && x.model === name && x.line === l)!;
      const se = Math.sqrt(g.covariance![g.index[j]![0]! * g.nParameters + g.index[j]![0]!]);
      console.log(compound, name, l, 'rss', (g.rss / Number(r.rss) - 1).toExponential(2), 'log10', (g.parameters[j]![0]! - Number(r.ic50_log10)).toExponential(2), 'se', (se / Number(r.ic50_log10_se_gn) - 1).toExponential(2), 'hill', (g.parameters[j]![1]! / Number(r.hill) - 1).toExponential(2), g.dfResidual, r.df_residual, g.status, g.iterations, ms.toFixed(1));
    });
  }
}
