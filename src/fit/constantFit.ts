/** The no-response model of a curve: one level at every dose. */
export interface ConstantFit {
  /** Σw, the summed point weights (the number of points, unweighted). */
  readonly weightSum: number;
  /** Weighted mean response ȳ. */
  readonly mean: number;
  /** Total sum of squares Σw(y − ȳ)², the denominator of r². */
  readonly total: number;
  /** The no-response level: ȳ, or the pinned top. */
  readonly level: number;
  /** RSS₀ = Σw(y − level)²: the RSS of "no dose response", the flat test's constant. */
  readonly rss: number;
  /** Parameters of the constant: 1 (a fitted level), 0 (the pinned top). */
  readonly parameters: 0 | 1;
  /**
   * RSS₀ is negligible against the responses themselves — √(RSS₀/Σw) ≤ 1e-9·max|y|, a spread
   * below a billionth of the largest response, far below any measurement and far above rounding:
   * the data are constant, and there is no dose response to fit. (Never for an RSS₀ that
   * overflowed: responses near ±1e308 are not constant data.)
   */
  readonly negligible: boolean;
}

/** Spread below this fraction of the largest |response| is no spread at all. */
const NEGLIGIBLE = 1e-9;

/**
 * The constant that stands for "no dose response": the curve's own limit with the IC50 beyond
 * every dose. With the top fitted that is a free level, the weighted mean (RSS₀ = Σw(y − ȳ)²,
 * one parameter); with the top pinned it is the pinned top at every dose (RSS₀ = Σw(y − top)²,
 * no parameter). Sums over the points in their order (no cancellation).
 */
export function constantFit(responses: readonly number[], weights: readonly number[] | undefined, pinnedTop: number | undefined): ConstantFit {
  let weightSum = 0;
  let mean = 0;
  let largest = 0;
  responses.forEach((y, i) => {
    const w = weights ? weights[i]! : 1;
    weightSum += w;
    mean += w * y;
    largest = Math.max(largest, Math.abs(y));
  });
  mean /= weightSum;
  let total = 0;
  responses.forEach((y, i) => (total += (weights ? weights[i]! : 1) * (y - mean) ** 2));
  let rss = total;
  if (pinnedTop !== undefined) {
    rss = 0;
    responses.forEach((y, i) => (rss += (weights ? weights[i]! : 1) * (y - pinnedTop) ** 2));
    largest = Math.max(largest, Math.abs(pinnedTop));
  }
  return {
    weightSum,
    mean,
    total,
    level: pinnedTop ?? mean,
    rss,
    parameters: pinnedTop === undefined ? 1 : 0,
    negligible: Number.isFinite(rss) && Math.sqrt(rss / weightSum) <= NEGLIGIBLE * largest,
  };
}
