import quantile from '@stdlib/stats-base-dists-t-quantile';

/** Critical values already computed: a screen asks for the same few (level, df) pairs again and again. */
const cache = new Map<string, number>();

/**
 * Two-sided Student-t critical value for a confidence level: the (1 + level)/2 quantile of
 * t with `df` degrees of freedom (df may be fractional, as from Welch–Satterthwaite).
 * t(0.975, 10) = 2.228139. NaN when df ≤ 0.
 */
export function studentTCritical(level: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  const key = `${level}:${df}`;
  let value = cache.get(key);
  if (value === undefined) {
    value = quantile((1 + level) / 2, df);
    if (cache.size > 10000) cache.clear();
    cache.set(key, value);
  }
  return value;
}
