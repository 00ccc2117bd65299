import type { GroupedData } from '../fit/groupedData.js';
import type { PinnedAsymptotes } from './model.js';

export interface AsymptoteSolution {
  top: number;
  bottom: number;
  /** RSS of the curve with these asymptotes (pure error included). */
  rss: number;
}

/**
 * Best asymptotes for a fixed curve shape: with s_k the shape at each concentration (and its
 * complement 1 − s_k, as the model computes it),
 * y = top·s + bottom·(1 − s) is linear in (top, bottom), so they follow from a 2×2 weighted
 * least-squares problem (or 1×1 when one is pinned). When the shape is constant over the data
 * (the midpoint far outside the tested range), top and bottom cannot be told apart: one level
 * serves both. Writes into and returns `out`.
 */
export function solveAsymptotes(
  data: GroupedData,
  shape: Float64Array,
  complement: Float64Array,
  pinned: PinnedAsymptotes,
  out: AsymptoteSolution,
  precise = true,
): AsymptoteSolution {
  let sss = 0; // Σ w s²
  let ssc = 0; // Σ w s(1−s)
  let scc = 0; // Σ w (1−s)²
  let sys = 0; // Σ w ȳ s
  let syc = 0; // Σ w ȳ (1−s)
  let syy = 0; // Σ w ȳ²
  for (let k = 0; k < data.u.length; k++) {
    const s = shape[k]!;
    const c = complement[k]!;
    const w = data.weight[k]!;
    const y = data.mean[k]!;
    sss += w * s * s;
    ssc += w * s * c;
    scc += w * c * c;
    sys += w * y * s;
    syc += w * y * c;
    syy += w * y * y;
  }
  asymptotesFromSums(sss, ssc, scc, sys, syc, pinned.top, pinned.bottom, out);
  const top = out.top;
  const bottom = out.bottom;
  // The expanded quadratic form is cheap but loses digits to cancellation: good enough to rank
  // grid cells; the solver, which compares RSS values that differ in the 12th digit, asks for
  // the sum over residuals.
  let lack = 0;
  if (precise) {
    for (let k = 0; k < data.u.length; k++) {
      // top·s + bottom·(1 − s), not bottom + (top − bottom)·s: no cancellation with huge asymptotes.
      const r = data.mean[k]! - top * shape[k]! - bottom * complement[k]!;
      lack += data.weight[k]! * r * r;
    }
  } else {
    lack = syy - 2 * (top * sys + bottom * syc) + top * top * sss + 2 * top * bottom * ssc + bottom * bottom * scc;
  }
  out.rss = data.pureError + lack;
  return out;
}

/**
 * The least-squares asymptotes from the weighted sums of solveAsymptotes (Σw s², Σw s(1−s),
 * Σw (1−s)², Σw ȳ s, Σw ȳ (1−s)), with pinned ones held: the normal equations of
 * y = top·s + bottom·(1 − s), solved by Cramer's rule (2×2), or for the one free asymptote (1×1).
 * A singular system (the shape constant over the data) gives one level for both. Writes
 * out.top and out.bottom.
 */
export function asymptotesFromSums(
  sss: number,
  ssc: number,
  scc: number,
  sys: number,
  syc: number,
  pinnedTop: number | undefined,
  pinnedBottom: number | undefined,
  out: AsymptoteSolution,
): void {
  if (pinnedTop !== undefined && pinnedBottom !== undefined) {
    out.top = pinnedTop;
    out.bottom = pinnedBottom;
  } else if (pinnedTop !== undefined) {
    out.top = pinnedTop;
    out.bottom = scc > 1e-300 ? (syc - pinnedTop * ssc) / scc : pinnedTop;
  } else if (pinnedBottom !== undefined) {
    out.bottom = pinnedBottom;
    out.top = sss > 1e-300 ? (sys - pinnedBottom * ssc) / sss : pinnedBottom;
  } else {
    const det = sss * scc - ssc * ssc;
    if (det > 1e-10 * sss * scc) {
      out.top = (sys * scc - syc * ssc) / det;
      out.bottom = (syc * sss - sys * ssc) / det;
    } else {
      const level = (sys + syc) / (sss + 2 * ssc + scc);
      out.top = level;
      out.bottom = level;
    }
  }
}
