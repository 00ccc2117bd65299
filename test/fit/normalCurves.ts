import { ll4 } from '../../src/models/ll4.js';
import { evaluateModel } from '../../src/models/model.js';

/** One simulated curve: log10 concentration (nM) and % viability per well, and its truth. */
export interface SimulatedCurve {
  readonly id: string;
  readonly u: number[];
  readonly y: number[];
  /** True [log10 IC50 (nM), hill, top, bottom] and noise sd. */
  readonly truth: readonly [number, number, number, number];
  readonly noiseSd: number;
}

/** mulberry32: a small seeded uniform generator on [0, 1), the same one the bench uses. */
export function seededUniform(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Highest concentrations (nM) of the peers' series: 1, 3, 10, … 3·10⁷. */
const HIGHEST = Array.from({ length: 16 }, (_, i) => (i % 2 ? 3 : 1) * 10 ** Math.floor(i / 2));

/**
 * `count` "normal" curves of the kind of the peer benchmark (test/reference/peers-1000/truth.csv,
 * kind normal): 8–10 concentrations in a 3-fold or half-log series whose highest is one of
 * 1, 3, 10, … 3·10⁷ nM, triplicate wells, Gaussian noise of sd 3–8 % viability; LL.4 truth with
 * hill log-uniform in [0.5, 3], top uniform in [90, 110], bottom uniform in [−5, 10] (three curves
 * in four) or [10, 40], and the IC50 log-uniform between the second-lowest and second-highest
 * concentration. The same seed gives the same curves.
 */
export function normalCurves(count: number, seed = 20261204): SimulatedCurve[] {
  const uniform = seededUniform(seed);
  const between = (low: number, high: number) => low + (high - low) * uniform();
  const normalDeviate = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const curves: SimulatedCurve[] = [];
  for (let i = 0; i < count; i++) {
    const concentrations = 8 + Math.floor(3 * uniform());
    const step = uniform() < 0.5 ? Math.log10(3) : 0.5;
    const highest = Math.log10(HIGHEST[Math.floor(HIGHEST.length * uniform())]!);
    const lowest = highest - (concentrations - 1) * step;
    const log10Ic50 = between(lowest + step, highest - step);
    const hill = Math.exp(between(Math.log(0.5), Math.log(3)));
    const top = between(90, 110);
    const bottom = uniform() < 0.75 ? between(-5, 10) : between(10, 40);
    const noiseSd = between(3, 8);
    const truth = [log10Ic50, hill, top, bottom] as const;
    const u: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < concentrations; k++) {
      const x = highest - k * step;
      for (let r = 0; r < 3; r++) {
        u.push(x);
        y.push(evaluateModel(ll4, truth, x) + noiseSd * normalDeviate());
      }
    }
    curves.push({ id: `n${String(i + 1).padStart(6, '0')}`, u, y, truth, noiseSd });
  }
  return curves;
}
