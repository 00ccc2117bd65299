import quantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * Two-sided Student-t critical value for a confidence level: the (1 + level)/2 quantile of
 * t with `df` degrees of freedom (df may be fractional, as from Welch–Satterthwaite).
 * t(0.975, 10) = 2.228139. NaN when df ≤ 0.
 */
export function studentTCritical(level: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return quantile((1 + level) / 2, df);
}
