import { fUpperTail } from './fDistribution.js';

/**
 * Is there a dose response at all? The extra-sum-of-squares F test of the fitted curve against a
 * constant, as drc's noEffect and Prism's "compare with a horizontal line":
 *
 *   F = ((RSS_constant − RSS_curve) / (p − q)) / (RSS_curve / (n − p)),
 *
 * with p the curve's free parameters, n the points and q the constant's: 1 for a fitted level
 * (RSS_constant = Σ(y − ȳ)²), 0 when the top is pinned and "no response" means the pinned top
 * everywhere (RSS_constant = Σ(y − top)²) — in both cases the constant is the curve's limit with
 * the IC50 beyond every dose, so the models are nested. p-value from the F(p − q, n − p)
 * distribution; NaN when there are no residual degrees of freedom, 1 when the curve fits worse.
 * Example: RSS_constant 900, RSS_curve 300, n 30, p 4 → F = (600/3)/(300/26) = 17.33, p = 2.18e-6.
 */
export function flatTestPValue(rssConstant: number, rssCurve: number, nPoints: number, freeParameters: number, constantParameters = 1): number {
  const df1 = freeParameters - constantParameters;
  const df2 = nPoints - freeParameters;
  if (!(df1 > 0 && df2 > 0) || !(rssCurve >= 0) || !(rssConstant >= rssCurve)) {
    return df1 > 0 && df2 > 0 && rssConstant < rssCurve ? 1 : Number.NaN;
  }
  if (rssCurve === 0) return 0;
  const f = (rssConstant - rssCurve) / df1 / (rssCurve / df2);
  return fUpperTail(f, df1, df2);
}
