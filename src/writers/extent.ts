/**
 * [min, max] of the finite values ([NaN, NaN] when there are none), by a loop: Math.min(...values)
 * overflows the call stack beyond ~120,000 values.
 */
export function extent(values: Iterable<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return low <= high ? [low, high] : [Number.NaN, Number.NaN];
}
