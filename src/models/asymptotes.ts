import type { GroupedData } from '../fit/groupedData.js';
import type { PinnedAsymptotes } from './model.js';

export interface AsymptoteSolution {
  top: number;
  bottom: number;
  /** RSS of the curve with these asymptotes (pure error included). */
  rss: number;
}

/**
 * Best asymptotes for a fixed curve shape: with s_k the shape at each concentration,
 * y = top·s + bottom·(1 − s) is linear in (top, bottom), so they follow from a 2×2 weighted
 * least-squares problem (or 1×1 when one is pinned). When the shape is constant over the data
 * (the midpoint far outside the tested range), top and bottom cannot be told apart: one level
 * serves both. Writes into and returns `out`.
 */
export function solveAsymptotes(
  data: GroupedData,
  shape: Float64Array,
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
    const c = 1 - s;
    const w = data.weight[k]!;
    const y = data.mean[k]!;
    sss += w * s * s;
    ssc += w * s * c;
    scc += w * c * c;
    sys += w * y * s;
    syc += w * y * c;
    syy += w * y * y;
  }
  let top: number;
  let bottom: number;
  if (pinned.top !== undefined && pinned.bottom !== undefined) {
    top = pinned.top;
    bottom = pinned.bottom;
  } else if (pinned.top !== undefined) {
    top = pinned.top;
    bottom = scc > 1e-300 ? (syc - top * ssc) / scc : top;
  } else if (pinned.bottom !== undefined) {
    bottom = pinned.bottom;
    top = sss > 1e-300 ? (sys - bottom * ssc) / sss : bottom;
  } else {
    const det = sss * scc - ssc * ssc;
    if (det > 1e-10 * sss * scc) {
      top = (sys * scc - syc * ssc) / det;
      bottom = (syc * sss - sys * ssc) / det;
    } else {
      const level = (sys + syc) / (sss + 2 * ssc + scc);
      top = level;
      bottom = level;
    }
  }
  // The expanded quadratic form is cheap but loses digits to cancellation: good enough to rank
  // grid cells; the solver, which compares RSS values that differ in the 12th digit, asks for
  // the sum over residuals.
  let lack = 0;
  if (precise) {
    for (let k = 0; k < data.u.length; k++) {
      const r = data.mean[k]! - bottom - (top - bottom) * shape[k]!;
      lack += data.weight[k]! * r * r;
    }
  } else {
    lack = syy - 2 * (top * sys + bottom * syc) + top * top * sss + 2 * top * bottom * ssc + bottom * bottom * scc;
  }
  out.top = top;
  out.bottom = bottom;
  out.rss = data.pureError + lack;
  return out;
}
