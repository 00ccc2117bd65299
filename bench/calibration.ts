// node --import tsx bench/calibration.ts [N] — coverage of ic50's confidence intervals on simulated
// curves with known truth. Never run by tests.
//
// Each curve: 10 concentrations, 3-fold apart (1 nM … 19.7 µM), triplicates, top 100, bottom 0,
// Gaussian noise sd 5 (% viability), hill uniform in [0.8, 2], true log10 IC50 uniform over the
// inner range (first concentration + 0.5 decades … last − 0.5). All four parameters are fitted.
//
//  1. log10 IC50: Wald interval (fitDoseResponse: t(n − 4)·se) and the profile interval.
//  2. Resistance factor, pairs of curves with true log10 RF uniform in [0.3, 1.5] (both IC50s
//     inside the range): delta method (log10ResistanceFactor) and Fieller (fiellerLog10Ratio).
//  3. The IC50 difference F test at RF = 1 (the same true curve twice): its rejection rate at 5 %.
//  4. ROUT outliers (Q = 1 %): how often a clean curve gets any outlier (false positives), and how
//     often one point moved by 4, 6 or 10 sd is found (and nothing else).
//  5. LL.5: asymmetric curves (asymmetry f log-uniform in [0.4, 2.5], the rest as in 1) fitted with
//     --model ll5: Wald and profile coverage of log10 IC50 (the relative IC50, halfway between the
//     asymptotes); and the same curves fitted with LL.4, to show what ignoring the asymmetry costs.
// A failed fit or an unbounded interval counts as covering only if the truth lies inside it.
import { fiellerLog10Ratio } from '../src/compare/fieller.js';
import { ic50DifferenceTest } from '../src/compare/ic50DifferenceTest.js';
import { log10ResistanceFactor } from '../src/compare/resistanceFactors.js';
import { fitCurve } from '../src/fit/fitCurve.js';
import { fitDoseResponse } from '../src/fit/fitDoseResponse.js';
import { profileLog10Ic50Interval } from '../src/fit/profileInterval.js';
import { evaluateModel } from '../src/models/model.js';
import { ll4 } from '../src/models/ll4.js';
import { ll5 } from '../src/models/ll5.js';
import type { Curve } from '../src/types.js';

const N = Number(process.argv[2] ?? 2000);
const CONFIDENCE = 0.95;
const SD = 5;
const U: number[] = [];
for (let i = 0; i < 10; i++) for (let r = 0; r < 3; r++) U.push(-9 + i * Math.log10(3));
const U_MIN = -9;
const U_MAX = -9 + 9 * Math.log10(3);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240604);
function normal(): number {
  // Box–Muller.
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
function uniform(a: number, b: number): number {
  return a + (b - a) * random();
}

function simulate(log10Ic50: number, hill: number): number[] {
  return U.map((u) => evaluateModel(ll4, [log10Ic50, hill, 100, 0], u) + SD * normal());
}
function asCurve(response: number[]): Curve {
  return { cellLine: 'sim', compound: 'x', plates: ['p'], unit: 'M', log10Molar: U, response, noBlank: false };
}

interface Tally {
  covered: number;
  total: number;
  open: number;
  failed: number;
  width: number[];
}
const tally = (): Tally => ({ covered: 0, total: 0, open: 0, failed: 0, width: [] });
function count(t: Tally, lower: number, upper: number, truth: number): void {
  t.total++;
  if (Number.isNaN(lower) || Number.isNaN(upper)) t.failed++;
  else if (!Number.isFinite(lower) || !Number.isFinite(upper)) t.open++;
  else t.width.push(upper - lower);
  if (lower <= truth && truth <= upper) t.covered++;
}
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
}
function binomialHalfWidth(p: number, n: number): number {
  return 1.96 * Math.sqrt((p * (1 - p)) / n);
}
function row(label: string, t: Tally): string {
  const p = t.covered / t.total;
  return `| ${label} | ${t.total} | ${(100 * p).toFixed(1)} % ± ${(100 * binomialHalfWidth(p, t.total)).toFixed(1)} | ${median(t.width).toFixed(3)} | ${t.open} | ${t.failed} |`;
}

const start = performance.now();

// 1. Single curves.
const wald = tally();
const profile = tally();
for (let i = 0; i < N; i++) {
  const theta = uniform(U_MIN + 0.5, U_MAX - 0.5);
  const hill = uniform(0.8, 2);
  const y = simulate(theta, hill);
  const fit = fitDoseResponse(asCurve(y), { confidence: CONFIDENCE });
  count(wald, fit.log10Ic50.lower, fit.log10Ic50.upper, theta);
  const solution = fitCurve(U, y);
  const interval = profileLog10Ic50Interval(solution, CONFIDENCE);
  count(profile, interval.lower, interval.upper, theta);
}
const singleSeconds = (performance.now() - start) / 1000;

// 2. Pairs with a known RF.
const delta = tally();
const fieller = tally();
for (let i = 0; i < N; i++) {
  const log10Rf = uniform(0.3, 1.5);
  const parental = uniform(U_MIN + 0.5, U_MAX - 0.5 - log10Rf);
  const fitP = fitDoseResponse(asCurve(simulate(parental, uniform(0.8, 2))), { confidence: CONFIDENCE });
  const fitR = fitDoseResponse(asCurve(simulate(parental + log10Rf, uniform(0.8, 2))), { confidence: CONFIDENCE });
  const d = log10ResistanceFactor(fitR, fitP, CONFIDENCE);
  count(delta, d.lower, d.upper, log10Rf);
  const f = fiellerLog10Ratio(fitR, fitP, CONFIDENCE);
  count(fieller, f.lower, f.upper, log10Rf);
}

// 3. F test under the null (same IC50; hills drawn separately).
const M = Math.min(N, 1000);
let rejected = 0;
let failedTests = 0;
for (let i = 0; i < M; i++) {
  const theta = uniform(U_MIN + 0.5, U_MAX - 0.5);
  const a = simulate(theta, uniform(0.8, 2));
  const b = simulate(theta, uniform(0.8, 2));
  const test = ic50DifferenceTest({ log10Concentration: U, response: a }, { log10Concentration: U, response: b });
  if (Number.isNaN(test.p)) failedTests++;
  else if (test.p < 0.05) rejected++;
}

// 4. ROUT on clean curves and on curves with one gross outlier.
const R = Math.min(N, 1000);
let cleanWithOutliers = 0;
let cleanPointsFlagged = 0;
const shifts = [4, 6, 10];
const found = shifts.map(() => 0);
const foundOnly = shifts.map(() => 0);
for (let i = 0; i < R; i++) {
  const theta = uniform(U_MIN + 0.5, U_MAX - 0.5);
  const hill = uniform(0.8, 2);
  const clean = fitDoseResponse(asCurve(simulate(theta, hill)), { outliers: 'flag' });
  if (clean.outliers) {
    cleanWithOutliers++;
    cleanPointsFlagged += clean.outliers.wells.length;
  }
  shifts.forEach((shift, k) => {
    const y = simulate(theta, hill);
    const at = Math.floor(random() * y.length);
    y[at] = y[at]! + (random() < 0.5 ? -1 : 1) * shift * SD;
    const fit = fitDoseResponse({ ...asCurve(y), wells: y.map((_, j) => `w${j}`) }, { outliers: 'flag' });
    const wells = fit.outliers?.wells ?? [];
    if (wells.includes(`w${at}`)) found[k]!++;
    if (wells.length === 1 && wells[0] === `w${at}`) foundOnly[k]!++;
  });
}

// 5. LL.5 on asymmetric curves.
const waldLl5 = tally();
const profileLl5 = tally();
const waldLl4OnLl5 = tally();
for (let i = 0; i < R; i++) {
  const theta = uniform(U_MIN + 0.5, U_MAX - 0.5);
  const hill = uniform(0.8, 2);
  const f = Math.exp(uniform(Math.log(0.4), Math.log(2.5)));
  const y = U.map((u) => evaluateModel(ll5, [theta, hill, f, 100, 0], u) + SD * normal());
  const wald5 = fitDoseResponse(asCurve(y), { model: 'll5' });
  count(waldLl5, wald5.log10Ic50.lower, wald5.log10Ic50.upper, theta);
  // The interval itself (fitDoseResponse reports an open side as empty, flagged ci_open).
  const profile5 = profileLog10Ic50Interval(fitCurve(U, y, { model: ll5 }), CONFIDENCE);
  count(profileLl5, profile5.lower, profile5.upper, theta);
  const wald4 = fitDoseResponse(asCurve(y));
  count(waldLl4OnLl5, wald4.log10Ic50.lower, wald4.log10Ic50.upper, theta);
}
const seconds = (performance.now() - start) / 1000;

console.log(`Coverage of nominal ${100 * CONFIDENCE} % intervals (± 95 % binomial half-width), ${N} simulated curves/pairs:\n`);
console.log('| interval | n | coverage | median width (decades) | open | failed |');
console.log('|---|---|---|---|---|---|');
console.log(row('log10 IC50, Wald (t, n − 4)', wald));
console.log(row('log10 IC50, profile likelihood', profile));
console.log(row('log10 RF, delta method (Welch–Satterthwaite)', delta));
console.log(row('log10 RF, Fieller (linear scale)', fieller));
const rate = rejected / (M - failedTests);
console.log(`\nIC50 difference F test at RF = 1: rejection rate at α = 0.05: ${(100 * rate).toFixed(1)} % ± ${(100 * binomialHalfWidth(rate, M)).toFixed(1)} (${M} pairs, ${failedTests} failed)`);
console.log(`\nROUT (Q = 1 %), ${R} curves of 30 points each:\n`);
console.log('| data | curves with the outlier found | … and nothing else | clean curves with any outlier | points flagged |');
console.log('|---|---|---|---|---|');
const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
console.log(`| clean | | | ${pct(cleanWithOutliers, R)} | ${pct(cleanPointsFlagged, R * U.length)} |`);
shifts.forEach((shift, k) => console.log(`| one point moved ${shift} sd | ${pct(found[k]!, R)} | ${pct(foundOnly[k]!, R)} | | |`));
console.log(`\nLL.5: ${R} asymmetric curves (f log-uniform in [0.4, 2.5]):\n`);
console.log('| interval | n | coverage | median width (decades) | open | failed |');
console.log('|---|---|---|---|---|---|');
console.log(row('log10 IC50, LL.5 fit, Wald (t, n − 5)', waldLl5));
console.log(row('log10 IC50, LL.5 fit, profile likelihood', profileLl5));
console.log(row('log10 IC50, LL.4 fit of the same curves, Wald', waldLl4OnLl5));
console.log(`\n(${singleSeconds.toFixed(1)} s for part 1, ${seconds.toFixed(1)} s in all)`);
