// node --import tsx test/fit/searchLocalMinima.ts [COUNT] [SEED] [--write]
//
// Looks for curves on which the shipped fit stops above the least-squares optimum: every
// simulated normal curve (normalCurves.ts) is fitted by fitCurve, and by an exhaustive search in
// the same window — a dense grid (0.05 decades of log10 IC50 × 48 log-spaced hills in [0.05, 30],
// asymptotes solved) whose every local minimum is polished by Levenberg–Marquardt to full
// precision. A curve where the search finds an RSS lower by more than 1e-6 (relative) is a miss.
// With --write the misses go to test/fit/data/local-minima-curves.csv (curve_id, log10_conc in
// log10 nM, response) and local-minima-optimum.csv (the search's optimum), for
// fitCurve.localMinima.test.ts.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { groupByConcentration } from '../../src/fit/groupedData.js';
import { levenbergMarquardt } from '../../src/fit/levenbergMarquardt.js';
import { DEFAULT_BOUNDS } from '../../src/models/fitBounds.js';
import { gridStart } from '../../src/models/gridStart.js';
import { ll4 } from '../../src/models/ll4.js';
import { normalCurves } from './normalCurves.js';

const [countArgument, seedArgument] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const count = Number(countArgument ?? 10000);
const seed = Number(seedArgument ?? 20261204);
const curves = normalCurves(count, seed);
const hills = Array.from({ length: 48 }, (_, i) => 0.05 * (30 / 0.05) ** (i / 47));

/** The exhaustive search's optimum of one curve. */
function exhaustive(u: readonly number[], y: readonly number[]): { rss: number; parameters: Float64Array } {
  const data = groupByConcentration(u, y);
  const { lower, upper } = ll4.bounds(data.u[0]!, data.u[data.u.length - 1]!, DEFAULT_BOUNDS);
  const thetas: number[] = [];
  for (let t = lower[0]!; t <= upper[0]! + 1e-9; t += 0.05) thetas.push(t);
  const starts = gridStart(data, { log10Ic50: thetas, hill: hills, count: 10000 });
  const problem = { model: ll4, data, lower, upper, free: ll4.free };
  let best: { rss: number; parameters: Float64Array } = { rss: Infinity, parameters: new Float64Array(4) };
  for (const start of starts) {
    const result = levenbergMarquardt(problem, start.parameters);
    if (result.rss < best.rss) best = result;
  }
  return best;
}

const curveRows: string[] = [];
const optimumRows: string[] = [];
const started = performance.now();
let misses = 0;
for (const c of curves) {
  const shipped = fitCurve(c.u, c.y);
  const best = exhaustive(c.u, c.y);
  if (shipped.rss > best.rss * (1 + 1e-6)) {
    misses++;
    const p = shipped.parameters;
    const q = best.parameters;
    console.log(
      `${c.id}: shipped rss ${shipped.rss.toFixed(4)} (log10 IC50 ${p[0]!.toFixed(3)}, hill ${p[1]!.toFixed(2)}), ` +
        `search rss ${best.rss.toFixed(4)} (log10 IC50 ${q[0]!.toFixed(3)}, hill ${q[1]!.toFixed(2)}), ` +
        `truth log10 IC50 ${c.truth[0].toFixed(3)} hill ${c.truth[1].toFixed(2)}`,
    );
    for (let i = 0; i < c.u.length; i++) curveRows.push(`${c.id},${c.u[i]},${c.y[i]}`);
    optimumRows.push(`${c.id},${best.rss},${q[0]},${q[1]},${q[2]},${q[3]},${shipped.rss},${p[1]}`);
  }
}
console.log(`${misses} misses of ${count} curves (seed ${seed}), ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (process.argv.includes('--write')) {
  const dir = fileURLToPath(new URL('./data/', import.meta.url));
  writeFileSync(dir + 'local-minima-curves.csv', ['curve_id,log10_conc,response', ...curveRows].join('\n') + '\n');
  writeFileSync(dir + 'local-minima-optimum.csv', ['curve_id,rss,log10_ic50,hill,top,bottom,rss_before,hill_before', ...optimumRows].join('\n') + '\n');
}
