import betainc from '@stdlib/math-base-special-betainc';

/**
 * Upper tail P(X > f) of the F(d1, d2) distribution, as the regularized incomplete beta
 * I_{d2/(d2 + d1·f)}(d2/2, d1/2) — computed directly, so a p-value of 1e-40 is 1e-40, not the 0
 * that 1 − cdf rounds it to. scipy.stats.f.sf(17.3333, 3, 26) = 2.180648705495e-06.
 */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0) || Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, true, false);
}
