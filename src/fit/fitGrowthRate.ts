import type { FitBounds } from '../models/fitBounds.js';
import { ll4 } from '../models/ll4.js';
import { asymptoteIndex } from '../models/model.js';
import { pinned } from '../models/pinned.js';
import { growthRateValue } from '../plate/growthReference.js';
import type { Curve, Estimate, Flag, GrowthFit, NciEstimate } from '../types.js';
import { fitCurve } from './fitCurve.js';
import { flatTestPValue } from './flatTest.js';
import { log10Crossing } from './icxEstimates.js';
import { nciMeasures } from './nciMeasures.js';
import { studentTCritical } from './studentT.js';
import { MISSING, waldEstimate } from './waldEstimate.js';

/**
 * GRmetrics' search box for the GR curve: GEC50 within 1e-2 × the lowest … 1e2 × the highest
 * tested concentration (2 decades), h_GR in [0.1, 5], GRinf in [−1, 1].
 */
export const GR_BOUNDS: FitBounds = { log10Ic50Margin: 2, hillMin: 0.1, hillMax: 5, asymptotes: [-1, 1] };

/** The GR curve: LL.4 with the top pinned at 1 (drc's LL.3u, as GRmetrics fits it). */
export const GR_MODEL = pinned(ll4, { top: 1 });

export interface GrowthRateOptions {
  /** Confidence level of the intervals. Default 0.95. */
  readonly confidence?: number | undefined;
  /** A GR curve whose flat-test p exceeds this is flat. Default 0.05 (GRmetrics' cut-off). */
  readonly flatAlpha?: number | undefined;
  /** Keep the GR values on the result (plots). */
  readonly keepPoints?: boolean;
}

/** What a curve's growth-rate analysis gives: the metrics and the flags they raise, or only a flag. */
export interface GrowthRateResult {
  readonly gr?: GrowthFit;
  readonly flags: Flag[];
}

/** Mean GR per distinct concentration (to 1e-4 decades), ascending. */
function meansByConcentration(u: readonly number[], gr: readonly number[]): { u: number; mean: number }[] {
  const groups = new Map<number, { u: number; sum: number; n: number }>();
  u.forEach((x, i) => {
    const key = Math.round(x * 1e4);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { u: x, sum: 0, n: 0 }));
    group.sum += gr[i]!;
    group.n++;
  });
  return [...groups.values()].map((g) => ({ u: g.u, mean: g.sum / g.n })).sort((a, b) => a.u - b.u);
}

function rangeFlags(name: 'gi50' | 'tgi' | 'lc50', measure: NciEstimate): Flag[] {
  if (measure.bound === 'above') return [`${name}_above_range`];
  if (measure.bound === 'below') return [`${name}_below_range`];
  return [];
}

/**
 * Growth-rate inhibition metrics of a curve (Hafner, Niepel, Chung & Sorger, "Growth rate
 * inhibition metrics correct for confounders in measuring sensitivity to cancer drugs", Nat
 * Methods 2016, 13:521), computed as the GRmetrics Bioconductor package computes them:
 *
 * - each well's GR value from its % viability and its plate's control doublings
 *   (growthRateValue: GR = 2^(log2(x/x₀)/log2(x_ctrl/x₀)) − 1);
 * - every well fitted (not the means) with GR(c) = GRinf + (1 − GRinf)/(1 + (c/GEC50)^h_GR), the
 *   top pinned at 1, in GRmetrics' box (GR_BOUNDS) — the solver and model of the viability fit;
 * - GR50, where the curve crosses 0.5 (its interval our own: GRmetrics gives none — the delta
 *   method on log10, as for the absolute ICx); GRinf ≥ 0.5 never crosses: a bound, above the
 *   range when the mean GR is above 0.5, else below (GRmetrics' ±Inf);
 * - GRmax, the lower of the mean GR at the two highest concentrations; GR_AOC, the trapezoid of
 *   1 − mean GR over log10 concentration divided by the range; r² against the mean of all GR
 *   values; the F test against that flat line, F = ((RSS₀ − RSS)/2)/(RSS/(n − 3)) on (2, n − 3)
 *   df (GRmetrics uses n − 2 for the second df); p above `flatAlpha` is flat, and then, as in
 *   GRmetrics, GRinf is GRmax, GEC50 and h_GR are not given and GR50 is a bound;
 * - GI50, TGI and LC50 of the NCI-60 screen from the same reads (nciMeasures).
 *
 * Every point of the curve needs its plate's doublings; when only some have them the result is
 * the flag `gr_incomplete` alone (a GR curve of part of the wells would silently differ from the
 * viability curve beside it). Undefined when no point has them.
 */
export function fitGrowthRate(curve: Curve, options: GrowthRateOptions = {}): GrowthRateResult | undefined {
  const doublings = curve.doublings;
  if (!doublings) return undefined;
  const u: number[] = [];
  const gr: number[] = [];
  const v: number[] = [];
  const d: number[] = [];
  let missing = 0;
  for (let i = 0; i < curve.log10Molar.length; i++) {
    const x = curve.log10Molar[i]!;
    const y = curve.response[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (!(doublings[i]! > 0)) {
      missing++;
      continue;
    }
    u.push(x);
    v.push(y);
    d.push(doublings[i]!);
    gr.push(growthRateValue(y, doublings[i]!));
  }
  if (missing > 0) return { flags: ['gr_incomplete'] };
  if (u.length === 0) return undefined;

  const confidence = options.confidence ?? 0.95;
  const alpha = options.flatAlpha ?? 0.05;
  const flags: Flag[] = [];
  const means = meansByConcentration(u, gr);
  const last = means.slice(-2).map((m) => m.mean);
  const grMax = last.length > 0 ? Math.min(...last) : Number.NaN;
  let area = 0;
  for (let k = 1; k < means.length; k++) area += ((2 - means[k - 1]!.mean - means[k]!.mean) / 2) * (means[k]!.u - means[k - 1]!.u);
  const width = means.length > 1 ? means[means.length - 1]!.u - means[0]!.u : 0;
  const aoc = width > 0 ? area / width : Number.NaN;
  const meanGr = gr.reduce((a, b) => a + b, 0) / gr.length;
  const rssMean = gr.reduce((a, b) => a + (b - meanGr) ** 2, 0);
  const low = means[0]?.u ?? Number.NaN;
  const high = means[means.length - 1]?.u ?? Number.NaN;
  const nci = nciMeasures(u, v, d);
  const nciFlags = [...rangeFlags('gi50', nci.gi50), ...rangeFlags('tgi', nci.tgi), ...rangeFlags('lc50', nci.lc50)];

  const enough = means.length >= GR_MODEL.minConcentrations;
  const solution = enough ? fitCurve(u, gr, { model: GR_MODEL, bounds: GR_BOUNDS }) : undefined;
  const fitted = solution?.converged === true;
  // GRmetrics' three parameters (GEC50, h_GR, GRinf), also when GRinf ended on a bound.
  const flatP = fitted ? (rssMean > 0 ? flatTestPValue(rssMean, solution!.rss, gr.length, 3, 1) : 1) : Number.NaN;
  const critical = solution ? studentTCritical(confidence, solution.dfResidual) : Number.NaN;
  const n = GR_MODEL.parameterNames.length;
  const estimate = (i: number): Estimate => {
    if (!solution) return MISSING;
    const se = solution.covariance && solution.free[i] ? Math.sqrt(solution.covariance[i * n + i]!) : Number.NaN;
    return waldEstimate(solution.parameters[i]!, se, critical);
  };
  const { bottom } = asymptoteIndex(GR_MODEL);
  // Where GR never crosses 0.5, GR50 is the tested end it lies beyond (GRmetrics' ±Inf, by the mean GR).
  const beyond: Estimate = { ...MISSING, value: meanGr > 0.5 ? high : low };

  let log10Gr50: Estimate = MISSING;
  let grInf: Estimate = MISSING;
  let log10Gec50: Estimate = MISSING;
  let hill: Estimate = MISSING;
  let never = false;
  if (fitted && !(flatP <= alpha)) {
    flags.push('gr_flat');
    grInf = { ...MISSING, value: grMax };
    log10Gr50 = beyond;
    never = true;
  } else if (fitted) {
    grInf = estimate(bottom);
    log10Gec50 = estimate(0);
    hill = estimate(1);
    if (solution!.boundsHit.length > 0) flags.push('gr_bound_hit');
    const crossing = log10Crossing(solution!, 0.5, confidence);
    never = !Number.isFinite(crossing.value);
    log10Gr50 = never ? beyond : crossing;
  }
  if (never) flags.push(log10Gr50.value === high ? 'gr50_above_range' : 'gr50_below_range');
  else if (log10Gr50.value > high) flags.push('gr50_above_range');
  else if (log10Gr50.value < low) flags.push('gr50_below_range');
  flags.push(...nciFlags);

  const rss = solution ? solution.rss : Number.NaN;
  return {
    flags,
    gr: {
      nPoints: gr.length,
      doublings: d.reduce((a, b) => a + b, 0) / d.length,
      log10Gr50,
      grMax,
      grInf,
      log10Gec50,
      hill,
      aoc,
      rSquared: fitted && rssMean > 0 ? 1 - rss / rssMean : Number.NaN,
      flatP,
      rss,
      dfResidual: solution ? solution.dfResidual : gr.length - 3,
      gi50: nci.gi50,
      tgi: nci.tgi,
      lc50: nci.lc50,
      points: options.keepPoints === false ? { log10Molar: [], gr: [] } : { log10Molar: u, gr },
    },
  };
}
