import { describe, expect, it } from 'vitest';
import { fUpperTail } from '../../src/fit/fDistribution.js';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitGrowthRate, GR_BOUNDS, GR_MODEL } from '../../src/fit/fitGrowthRate.js';
import { pinned } from '../../src/models/pinned.js';
import { growthRateValue } from '../../src/plate/growthReference.js';
import type { Curve } from '../../src/types.js';
import { readReferenceCsv, referenceNumber } from '../reference/readReference.js';

// GR metrics against the Bioconductor package GRmetrics 1.17.1 (test/reference/gr/, made by
// make-gr-reference.R): per-well GR values and GRgetMetrics() of a simulated time-zero study
// (case "C") and of a small case-"A" set with two end times. GRmetrics' own L-BFGS-B stops a
// little early; the `*-metrics-tight.csv` files refit its bounded model with nls(port): our
// optimum is compared with those tightly and with GRmetrics' own parameters loosely.

interface Set {
  readonly values: string;
  readonly metrics: string;
  readonly tight: string;
  readonly keys: readonly string[];
  /** log10 of the concentration unit in molar. */
  readonly unit: number;
}

const SETS: readonly Set[] = [
  { values: 'gr/gr-values.csv', metrics: 'gr/gr-metrics.csv', tight: 'gr/gr-metrics-tight.csv', keys: ['cell_line', 'compound'], unit: -9 },
  { values: 'gr/gr-caseA-sim-values.csv', metrics: 'gr/gr-caseA-sim-metrics.csv', tight: 'gr/gr-caseA-sim-metrics-tight.csv', keys: ['cell_line', 'treatment', 'time'], unit: -6 },
];

/** A curve whose wells have GRmetrics' relative cell counts and control doublings: our GR values are then theirs. */
function curveOf(rows: readonly Record<string, string>[], unit: number): Curve {
  return {
    cellLine: 'x',
    compound: 'y',
    plates: [],
    unit: 'nM',
    noBlank: false,
    log10Molar: rows.map((r) => Math.log10(Number(r.concentration)) + unit),
    response: rows.map((r) => 100 * Number(r.rel_cell_count)),
    doublings: rows.map((r) => Number(r.ctrl_cell_doublings)),
  };
}

const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('GR values and metrics against GRmetrics', () => {
  for (const set of SETS) {
    const values = readReferenceCsv(set.values);
    const tight = readReferenceCsv(set.tight);

    it(`${set.values}: every well's GR value`, () => {
      for (const r of values) {
        expect(Math.abs(growthRateValue(100 * Number(r.rel_cell_count), Number(r.ctrl_cell_doublings)) - Number(r.GRvalue))).toBeLessThan(1e-12);
        // The definition itself, from the counts GRmetrics attached.
        const x = Number(r.cell_count);
        const x0 = Number(r.cell_count__time0);
        const xc = Number(r.cell_count__ctrl);
        expect(Math.abs(2 ** (Math.log2(x / x0) / Math.log2(xc / x0)) - 1 - Number(r.GRvalue))).toBeLessThan(1e-12);
      }
    });

    it.each(readReferenceCsv(set.metrics).map((m) => [set.keys.map((k) => m[k]).join(' / '), m] as const))(`${set.metrics}: %s`, (_, m) => {
      const rows = values.filter((r) => set.keys.every((k) => r[k] === m[k]));
      const t = tight.find((r) => set.keys.every((k) => r[k] === m[k]))!;
      const result = fitGrowthRate(curveOf(rows, set.unit))!;
      const gr = result.gr!;
      const n = (key: string, from = m) => referenceNumber(from[key]);
      const inUnit = (log10: number) => 10 ** (log10 - set.unit);
      expect(m.fit_GR).toBe('sigmoid');
      expect(result.flags).not.toContain('gr_flat');
      // The optimum: the same RSS as the tight refit (never above), its parameters to its precision.
      expect(gr.rss).toBeLessThanOrEqual(n('GR_rss_tight', t) * (1 + 1e-10));
      expect(relative(gr.rss, n('GR_rss_tight', t))).toBeLessThan(1e-9);
      // (nls stops at its own tolerance: the parameters agree to ~1e-7, the RSS to 1e-10.)
      expect(relative(inUnit(gr.log10Gr50.value), n('GR50_tight', t))).toBeLessThan(1e-6);
      expect(relative(inUnit(gr.log10Gec50.value), n('GEC50_tight', t))).toBeLessThan(1e-6);
      expect(relative(gr.hill.value, n('h_GR_tight', t))).toBeLessThan(2e-6);
      expect(Math.abs(gr.grInf.value - n('GRinf_tight', t))).toBeLessThan(2e-6);
      // GRmetrics' own estimates (its optimizer stops ~1e-9 short in RSS).
      expect(relative(inUnit(gr.log10Gr50.value), n('GR50'))).toBeLessThan(1e-4);
      expect(relative(gr.hill.value, n('h_GR'))).toBeLessThan(1e-4);
      expect(Math.abs(gr.grInf.value - n('GRinf'))).toBeLessThan(1e-4);
      // The metrics from means, the same to rounding.
      expect(Math.abs(gr.grMax - n('GRmax'))).toBeLessThan(1e-12);
      expect(Math.abs(gr.aoc - n('GR_AOC'))).toBeLessThan(1e-12);
      expect(Math.abs(gr.rSquared - n('r2_GR'))).toBeLessThan(1e-8);
      // Our flat test is the nested-model F test on (2, n − 3) df; GRmetrics' p uses (2, n − 2).
      const total = gr.rss / (1 - gr.rSquared);
      const f = (total - gr.rss) / 2 / (gr.rss / (gr.nPoints - 2));
      expect(relative(fUpperTail(f, 2, gr.nPoints - 2), n('pval_GR'))).toBeLessThan(1e-5);
      expect(relative(gr.flatP, fUpperTail(((total - gr.rss) / 2) / (gr.rss / (gr.nPoints - 3)), 2, gr.nPoints - 3))).toBeLessThan(1e-9);
      // GR50's interval (ours alone: GRmetrics gives none) brackets it.
      expect(gr.log10Gr50.lower).toBeLessThan(gr.log10Gr50.value);
      expect(gr.log10Gr50.upper).toBeGreaterThan(gr.log10Gr50.value);
      expect(gr.doublings).toBeCloseTo(rows.reduce((a, r) => a + Number(r.ctrl_cell_doublings), 0) / rows.length, 12);
    });
  }
});

describe('fitGrowthRate', () => {
  const u = [-9, -8.5, -8, -7.5, -7, -6.5, -6, -5.5];
  /** Wells of a GR curve (triplicates, deterministic noise), as % viability at `doublings`. */
  function curve(grOf: (c: number) => number, doublings = 3, noise = 0.01): Curve {
    const log10Molar: number[] = [];
    const response: number[] = [];
    u.forEach((x, k) => {
      for (const r of [-1, 0, 1]) {
        const gr = grOf(10 ** x) + noise * r * Math.cos(k + r);
        log10Molar.push(x);
        // GR = 2^(1 + log2(v/100)/d) − 1  ⇔  v = 100·2^(d·(log2(1 + GR) − 1)).
        response.push(100 * 2 ** (doublings * (Math.log2(1 + gr) - 1)));
      }
    });
    return { cellLine: 'x', compound: 'y', plates: [], unit: 'nM', noBlank: false, log10Molar, response, doublings: log10Molar.map(() => doublings) };
  }

  it('recovers a cytotoxic GR curve, and the NCI measures of the same reads', () => {
    const truth = (c: number) => -0.6 + 1.6 / (1 + (c / 1e-7) ** 1.5);
    const result = fitGrowthRate(curve(truth, 3, 0))!;
    const gr = result.gr!;
    expect(gr.log10Gec50.value).toBeCloseTo(-7, 6);
    expect(gr.hill.value).toBeCloseTo(1.5, 6);
    expect(gr.grInf.value).toBeCloseTo(-0.6, 6);
    // GR50: GRinf + (1 − GRinf)/(1 + (c/GEC50)^h) = 0.5.
    expect(gr.log10Gr50.value).toBeCloseTo(-7 + Math.log10((1.6 / 1.1 - 1) ** (1 / 1.5)), 6);
    expect(Number.isFinite(gr.gi50.log10) && gr.gi50.bound === undefined).toBe(true);
    expect(result.flags).toEqual([]);
  });

  it('calls a flat GR curve flat, with GRinf = GRmax and GR50 beyond the range (GRmetrics’ +Inf)', () => {
    const result = fitGrowthRate(curve(() => 0.9, 3, 0.02))!;
    expect(result.flags).toContain('gr_flat');
    expect(result.flags).toContain('gr50_above_range');
    const gr = result.gr!;
    expect(gr.grInf.value).toBe(gr.grMax);
    expect(gr.log10Gec50.value).toBeNaN();
    expect(gr.log10Gr50.value).toBe(-5.5);
    expect(gr.log10Gr50.lower).toBeNaN();
  });

  it('gives GR50 as a bound where GR never falls to 0.5 (GRinf ≥ 0.5)', () => {
    const result = fitGrowthRate(curve((c) => 0.6 + 0.4 / (1 + (c / 1e-7) ** 2), 3, 0.002))!;
    expect(result.flags).toContain('gr50_above_range');
    expect(result.flags).not.toContain('gr_flat');
    expect(result.gr!.log10Gr50.value).toBe(-5.5);
    expect(result.gr!.grInf.value).toBeCloseTo(0.6, 2);
  });

  it('holds GRinf to −1 when the free fit would go below', () => {
    // A curve still falling at the highest dose whose extrapolated bottom lies below −1 (every
    // GR value is above −1): the free optimum is out of GRmetrics' box, the fit ends on GRinf = −1.
    const truth = (c: number) => -1.4 + 2.4 / (1 + c / 3e-6);
    const c = curve(truth, 3, 0);
    expect(Math.min(...Array.from(c.response))).toBeGreaterThan(0);
    const result = fitGrowthRate(c)!;
    expect(result.gr!.grInf.value).toBe(-1);
    expect(result.gr!.grInf.standardError).toBeNaN();
    expect(result.flags).toContain('gr_bound_hit');
    // The best fit in the box: any GRinf inside it fits worse.
    const gr = Array.from(c.response, (v, i) => growthRateValue(v, c.doublings![i]!));
    for (const bottom of [-0.99, -0.9, -0.5]) {
      const inside = fitCurve(c.log10Molar, gr, { model: pinned(GR_MODEL, { bottom }), bounds: GR_BOUNDS });
      expect(inside.rss).toBeGreaterThan(result.gr!.rss);
    }
  });

  it('says gr_incomplete, and gives no metrics, when some wells have no time-zero reference', () => {
    const c = curve((x) => 0.1 + 0.9 / (1 + (x / 1e-7) ** 1.5));
    const doublings = Array.from(c.doublings!);
    doublings[0] = Number.NaN;
    expect(fitGrowthRate({ ...c, doublings })).toEqual({ flags: ['gr_incomplete'] });
    expect(fitGrowthRate({ ...c, doublings: undefined })).toBeUndefined();
  });
});
