import { fUpperTail } from './fDistribution.js';

/** An extra-sum-of-squares F test: statistic, degrees of freedom and p. */
export interface ExtraSumOfSquaresTest {
  readonly f: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
}

/**
 * The extra-sum-of-squares F test of a reduced model nested in a full one (Bates & Watts 1988,
 * §3.5; Motulsky & Christopoulos 2004, ch. 22; drc's `anova`, Prism's "extra sum-of-squares F
 * test"):
 *
 *   F = ((RSS_reduced − RSS_full)/(df_reduced − df_full)) / (RSS_full/df_full),
 *
 * on (df_reduced − df_full, df_full) degrees of freedom (df: residual degrees of freedom), p =
 * P(F > f) computed directly (a p of 1e-40 stays 1e-40; drc prints 1 − pf, 0 below ~1e-16).
 * A full model that fits worse than the reduced (a local minimum) gives F = 0, p = 1. NaN when
 * either RSS is not finite or df_full ≤ 0 or df_reduced ≤ df_full.
 * Example: RSS 878.967 on 170 df against 873.376 on 168 → F(2, 168) = 0.5377, p = 0.5851.
 */
export function extraSumOfSquaresTest(rssReduced: number, dfReduced: number, rssFull: number, dfFull: number): ExtraSumOfSquaresTest {
  const df1 = dfReduced - dfFull;
  const df2 = dfFull;
  if (!(Number.isFinite(rssReduced) && Number.isFinite(rssFull) && rssFull >= 0 && df1 > 0 && df2 > 0)) {
    return { f: Number.NaN, df1, df2, p: Number.NaN };
  }
  if (rssFull === 0) return rssReduced > 0 ? { f: Number.POSITIVE_INFINITY, df1, df2, p: 0 } : { f: Number.NaN, df1, df2, p: Number.NaN };
  const f = Math.max(0, (rssReduced - rssFull) / df1 / (rssFull / df2));
  return { f, df1, df2, p: fUpperTail(f, df1, df2) };
}
