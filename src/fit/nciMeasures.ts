import { percentGrowth } from '../plate/growthReference.js';

/** One NCI-60 measure: the log10 concentration where percentage growth crosses its level, or a bound. */
export interface NciMeasure {
  /** log10 concentration (molar, or g/L for mass units); the tested end itself when only a bound. */
  readonly log10: number;
  /** 'below': the level was passed already at the lowest concentration (<min); 'above': never reached (>max). */
  readonly bound?: 'below' | 'above';
}

/** GI50, TGI and LC50 of a curve, and the percentage growth they come from. */
export interface NciResult {
  readonly gi50: NciMeasure;
  readonly tgi: NciMeasure;
  readonly lc50: NciMeasure;
  /** Percentage growth at each tested concentration, ascending. */
  readonly percentGrowth: readonly { readonly log10: number; readonly pg: number }[];
}

/**
 * The concentration where percentage growth crosses `level`, by the NCI DTP's rule: concentrations
 * ascending, the first adjacent pair with PGᵢ ≥ level ≥ PGᵢ₊₁ (PGᵢ ≠ PGᵢ₊₁) brackets it, and
 * log10 c is interpolated linearly in PG; already below the level at the lowest concentration:
 * "<" the lowest; never reached: ">" the highest.
 */
export function nciCrossing(points: readonly { readonly log10: number; readonly pg: number }[], level: number): NciMeasure {
  if (points.length === 0) return { log10: Number.NaN };
  if (points[0]!.pg < level) return { log10: points[0]!.log10, bound: 'below' };
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (a.pg >= level && level >= b.pg && a.pg !== b.pg) return { log10: a.log10 + ((a.pg - level) / (a.pg - b.pg)) * (b.log10 - a.log10) };
  }
  return { log10: points[points.length - 1]!.log10, bound: 'above' };
}

/**
 * NCI-60 growth measures (NCI Developmental Therapeutics Program, "NCI-60 Screening Methodology";
 * Monks et al., J Natl Cancer Inst 1991, 83:757) from each well's % viability v = 100·T/C and its
 * plate's control doublings d (so T₀/C = 2^(−d)): per tested concentration the mean v and the mean
 * T₀/C give the percentage growth (percentGrowth: 100·(T − T₀)/(C − T₀), or 100·(T − T₀)/T₀ below
 * T₀), and GI50, TGI and LC50 are where it crosses 50, 0 and −50 (nciCrossing). Points without a
 * finite concentration, viability or doublings are left out.
 */
export function nciMeasures(log10Molar: ArrayLike<number>, viability: ArrayLike<number>, doublings: ArrayLike<number>): NciResult {
  const groups = new Map<number, { u: number; v: number; r: number; n: number }>();
  for (let i = 0; i < log10Molar.length; i++) {
    const u = log10Molar[i]!;
    const v = viability[i]!;
    const d = doublings[i]!;
    if (!Number.isFinite(u) || !Number.isFinite(v) || !(d > 0)) continue;
    // Distinct concentrations to 1e-4 decades (as the fit counts them).
    const key = Math.round(u * 1e4);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { u, v: 0, r: 0, n: 0 }));
    group.v += v;
    group.r += Math.pow(2, -d);
    group.n++;
  }
  const points = [...groups.values()].map((g) => ({ log10: g.u, pg: percentGrowth(g.v / g.n, g.r / g.n) })).sort((a, b) => a.log10 - b.log10);
  return { gi50: nciCrossing(points, 50), tgi: nciCrossing(points, 0), lc50: nciCrossing(points, -50), percentGrowth: points };
}
