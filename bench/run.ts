// npm run bench — prints how fast and how exact the fit is, on this machine. Never run by tests.
//
//  1. The 1,000 peer reference curves (test/reference/peers-1000, the peer benchmark):
//     off-optimum counts against the best of R drc, R drda and scipy, for our fit with the
//     shipped search window and with the window opened, for the peers themselves, and for
//     ml-levenberg-marquardt started from the same grid start (why we wrote our own solver).
//  2. Fit-loop speed (curves/s, one process) on those curves, on a synthetic batch and on
//     20,000 normal curves of the peers' kind (test/fit/normalCurves.ts). Timed on the built
//     library (dist/, which `npm run bench` builds first): code as it ships — run from src/ by
//     tsx, every closure is wrapped for its name (esbuild keepNames), ~15 % slower.
//  3. The README's example command end to end, against `node -e 0`.
//  4–6. bench/endToEnd.ts: one plate against `node -e 0`; 10,000 curves in one file beside scipy;
//     one huge file (3 million rows), standard input, 380,000 curves in 76 files and in one; R drc.
import { spawnSync } from 'node:child_process';
import { levenbergMarquardt as mlLevenbergMarquardt } from 'ml-levenberg-marquardt';
import { DEFAULT_BOUNDS, fitCurve, type FitBounds } from '../src/fit/fitCurve.js';
import { gridStart } from '../src/models/gridStart.js';
import { groupByConcentration } from '../src/fit/groupedData.js';
import { residualSumOfSquares } from '../src/fit/levenbergMarquardt.js';
import { ll4 } from '../src/models/ll4.js';
import { evaluateModel } from '../src/models/model.js';
import { normalCurves } from '../test/fit/normalCurves.js';
import { loadPeerCurves, offOptimum, PEERS, type PeerCurve } from '../test/reference/loadPeers.js';

/** The fit as it ships (dist/, built by `npm run bench`), else the source with a note. */
const timedFitCurve: typeof fitCurve = await import('../dist/fit/fitCurve.js' as string)
  .then((built: { fitCurve: typeof fitCurve }) => built.fitCurve)
  .catch(() => {
    console.log('(dist/ not built: timing the fit from src/ under tsx, ~15 % slower)\n');
    return fitCurve;
  });

const WIDE: FitBounds = { log10Ic50Margin: 40, hillMin: 0.01, hillMax: 1000 };
const curves = loadPeerCurves();
const normal = curves.filter((c) => c.kind === 'normal');
const hard = curves.filter((c) => c.kind !== 'normal' && c.kind !== 'flat');

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

function row(label: string, rssOf: (c: PeerCurve) => number, speed = ''): string {
  const missNormal = normal.filter((c) => offOptimum(c, rssOf(c))).length;
  const missHard = hard.filter((c) => offOptimum(c, rssOf(c))).length;
  return `| ${label} | ${missNormal} / ${normal.length} (${percent(missNormal, normal.length)}) | ${missHard} / ${hard.length} (${percent(missHard, hard.length)}) | ${speed} |`;
}

/** Curves per second of `fit` over `items`, best of `rounds` after a warm-up round. */
function rate<T>(items: readonly T[], fit: (item: T) => unknown, rounds = 5): number {
  for (const item of items) fit(item);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const item of items) fit(item);
    best = Math.min(best, performance.now() - start);
  }
  return (items.length / best) * 1000;
}

function fmtRate(r: number): string {
  return `${Math.round(r).toLocaleString('en-US')} curves/s`;
}

// ml-levenberg-marquardt from our own grid start, analytic Jacobian: the named library given
// the same head start as our solver.
function mlFit(c: PeerCurve, damping: number): number {
  const data = groupByConcentration(c.u, c.y);
  const grid: number[] = [];
  for (let t = data.u[0]! - 1.5; t <= data.u[data.u.length - 1]! + 1.5 + 1e-9; t += 0.25) grid.push(t);
  const [start] = gridStart(data, { log10Ic50: grid, hill: [0.3, 0.5, 0.8, 1.2, 1.8, 2.7, 4, 6, 10, 20], count: 1 });
  const gradient = new Float64Array(4);
  const result = mlLevenbergMarquardt({ x: c.u, y: c.y }, (p) => (u: number) => evaluateModel(ll4, p, u), {
    initialValues: start!.parameters,
    jacobianFunction: (p: number[]) => (u: number) => {
      evaluateModel(ll4, p, u, gradient);
      return Array.from(gradient);
    },
    damping,
    maxIterations: 200,
    errorTolerance: 1e-10,
  } as Parameters<typeof mlLevenbergMarquardt>[2]);
  return residualSumOfSquares(ll4, data, result.parameterValues);
}

console.log(`# ic50 bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${process.arch}\n`);
console.log('## 1. Least-squares optimum on the 1,000 peer curves (scored as the peer benchmark scores them)\n');
console.log('Off-optimum = RSS more than 1e-6 (relative) above the best of drc, drda and scipy.');
console.log(`Hard = every kind but normal and flat (${hard.length} curves).\n`);
console.log('| fitter | off-optimum, normal | off-optimum, hard | fit loop |');
console.log('|---|---|---|---|');

const oursWide = new Map(curves.map((c) => [c.id, fitCurve(c.u, c.y, { bounds: WIDE })]));
const oursDefault = new Map(curves.map((c) => [c.id, fitCurve(c.u, c.y, { bounds: DEFAULT_BOUNDS })]));
const speedDefault = rate(curves, (c) => timedFitCurve(c.u, c.y));
const speedWide = rate(curves, (c) => timedFitCurve(c.u, c.y, { bounds: WIDE }));
console.log(row('ic50, window opened (log10 IC50 ±40 decades, hill 0.01–1000)', (c) => oursWide.get(c.id)!.rss, fmtRate(speedWide)));
console.log(row(`ic50, shipped window (±${DEFAULT_BOUNDS.log10Ic50Margin} decades, hill ${DEFAULT_BOUNDS.hillMin}–${DEFAULT_BOUNDS.hillMax})`, (c) => oursDefault.get(c.id)!.rss, fmtRate(speedDefault)));
for (const damping of [1e-2, 1, 100]) {
  const rss = new Map(curves.map((c) => [c.id, mlFit(c, damping)]));
  const speed = rate(curves.slice(0, 200), (c) => mlFit(c, damping), 2);
  console.log(row(`ml-levenberg-marquardt 5.1 from our grid start, analytic Jacobian, damping ${damping}`, (c) => rss.get(c.id)!, fmtRate(speed)));
}
for (const peer of PEERS) console.log(row(`${peer} (published fits)`, (c) => c.peerRss[peer]!, 'peer benchmark'));

const boundExplained = [...normal, ...hard].filter((c) => offOptimum(c, oursDefault.get(c.id)!.rss));
const flagged = boundExplained.filter((c) => oursDefault.get(c.id)!.boundsHit.length > 0);
console.log(`\nShipped window: ${boundExplained.length} curves off the optimum, ${flagged.length} of them flagged bound_hit (their optimum lies outside the window).`);

console.log('\n## 2. Fit-loop speed (one process, one core)\n');
function synthetic(n: number): { u: number[]; y: number[] }[] {
  let state = 12345;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normalDeviate = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const out = [];
  for (let i = 0; i < n; i++) {
    const theta = -9 + 3 * uniform();
    const p = [theta, 0.6 + 2.5 * uniform(), 95 + 10 * uniform(), 15 * uniform()];
    const u: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < 10; k++) {
      for (let r = 0; r < 3; r++) {
        const x = -6 - k * Math.log10(3);
        u.push(x);
        y.push(evaluateModel(ll4, p, x) + 5 * normalDeviate());
      }
    }
    out.push({ u, y });
  }
  return out;
}
const batch = synthetic(20000);
const normalBatch = normalCurves(20000);
console.log(`| input | curves/s |\n|---|---|`);
console.log(`| 1,000 peer curves (8–10 concentrations × 3) | ${fmtRate(speedDefault)} |`);
console.log(`| 20,000 synthetic curves (10 concentrations × 3, noise sd 5 %) | ${fmtRate(rate(batch, (c) => timedFitCurve(c.u, c.y), 3))} |`);
console.log(`| 20,000 normal curves of the peers' kind (test/fit/normalCurves.ts) | ${fmtRate(rate(normalBatch, (c) => timedFitCurve(c.u, c.y), 3))} |`);

console.log('\n## 3. The README example, end to end (process start included)\n');
function wall(args: string[], runs = 10): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
const example = wall(['bin/ic50.js', 'fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT']);
const bare = wall(['-e', '0']);
console.log(`| command | median wall time (10 runs) |\n|---|---|`);
console.log(`| ic50 fit fixtures/mm1s-celltiter-glo.csv --parental "MM1S WT" | ${example.toFixed(0)} ms |`);
console.log(`| node -e 0 | ${bare.toFixed(0)} ms |`);

const { endToEndBench } = await import('./endToEnd.js');
await endToEndBench();
