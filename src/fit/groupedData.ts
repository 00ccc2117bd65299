/**
 * Points of one curve grouped by concentration. Replicate wells share a concentration, so the
 * residual sum of squares and its derivatives need the model only once per concentration:
 *
 *   RSS = Σ_k [ within_k + weight_k · (mean_k − f(u_k))² ]
 *
 * where weight_k is the summed point weight at concentration k, mean_k the weighted mean
 * response and within_k the weighted sum of squares about that mean. This is exact (not an
 * approximation) and 3× cheaper for triplicates.
 */
export interface GroupedData {
  /** log10 concentration of each group, ascending. */
  readonly u: Float64Array;
  /** summed weight (the number of points, unweighted). */
  readonly weight: Float64Array;
  /** weighted mean response. */
  readonly mean: Float64Array;
  /** Σ_k within_k: the part of the RSS no curve can remove (pure error). */
  readonly pureError: number;
  /** number of points. */
  readonly nPoints: number;
}

/**
 * Groups points by log10 concentration. Points whose concentration or response is not finite,
 * or whose weight is not positive, are skipped (callers report them before they get here).
 * Groups come out in ascending concentration, each group's points in their input order (as a
 * stable sort would give); a series already in ascending or descending order is not sorted.
 */
export function groupByConcentration(
  log10Concentration: ArrayLike<number>,
  response: ArrayLike<number>,
  weights?: ArrayLike<number>,
): GroupedData {
  const order: number[] = [];
  for (let i = 0; i < log10Concentration.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (Number.isFinite(log10Concentration[i]!) && Number.isFinite(response[i]!) && w > 0) order.push(i);
  }
  // Runs of equal concentration, in input order: [start, end) into `order`.
  const runStarts: number[] = [];
  let ascending = true;
  let descending = true;
  for (let k = 0; k < order.length; k++) {
    const key = log10Concentration[order[k]!]!;
    if (k > 0 && key === log10Concentration[order[k - 1]!]!) continue;
    if (runStarts.length > 0) {
      const previous = log10Concentration[order[runStarts[runStarts.length - 1]!]!]!;
      if (key < previous) ascending = false;
      else descending = false;
    }
    runStarts.push(k);
  }
  if (!ascending && !descending) {
    ascending = true;
    order.sort((a, b) => log10Concentration[a]! - log10Concentration[b]!);
    runStarts.length = 0;
    for (let k = 0; k < order.length; k++) {
      if (k === 0 || log10Concentration[order[k]!]! !== log10Concentration[order[k - 1]!]!) runStarts.push(k);
    }
  }
  const groups = runStarts.length;
  const u = new Float64Array(groups);
  const weight = new Float64Array(groups);
  const mean = new Float64Array(groups);
  let pureError = 0;
  for (let run = 0; run < groups; run++) {
    const begin = runStarts[run]!;
    const end = run + 1 < groups ? runStarts[run + 1]! : order.length;
    // Welford's update keeps the within-group sum of squares accurate.
    let sw = 0;
    let m = 0;
    let ss = 0;
    for (let k = begin; k < end; k++) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      const y = response[i]!;
      sw += w;
      const delta = y - m;
      m += (w / sw) * delta;
      ss += w * delta * (y - m);
    }
    // Descending input: the runs were met from the highest concentration down.
    const group = ascending ? run : groups - 1 - run;
    u[group] = log10Concentration[order[begin]!]!;
    weight[group] = sw;
    mean[group] = m;
    pureError += ss;
  }
  return { u, weight, mean, pureError, nPoints: order.length };
}
