import type { GroupedData } from './groupedData.js';
import { solveAsymptotes, type AsymptoteSolution } from './asymptotes.js';

/** A starting point for the logistic family: [log10 IC50, hill, top, bottom] and its RSS. */
export interface StartingPoint {
  readonly parameters: [number, number, number, number];
  readonly rss: number;
}

export interface GridOptions {
  /** Candidate log10 IC50 values. */
  readonly log10Ic50: readonly number[];
  /** Candidate Hill slopes (> 0). */
  readonly hill: readonly number[];
  /** Pinned top / bottom (undefined = solved). */
  readonly top?: number;
  readonly bottom?: number;
  /** How many starts to return at most (grid local minima, best first). */
  readonly count: number;
}

/**
 * Starting values by a grid over the nonlinear parameters (log10 IC50, hill) with the linear
 * ones solved exactly (variable projection; the trick behind drda's reliability). At fixed
 * log10 IC50 and hill, y = top·s + bottom·(1 − s) is linear in (top, bottom): a 2×2 weighted
 * least-squares problem whose minimum RSS is known in closed form. Returns the grid's local
 * minima (no better neighbour among the 8 around it; on ties the first cell), best first. Specific to the log-logistic
 * shape (LL.4 and its pinned variants).
 */
export function gridStart(data: GroupedData, options: GridOptions): StartingPoint[] {
  const nu = options.log10Ic50.length;
  const nh = options.hill.length;
  const { rssGrid, tops, bottoms } = scratch(nu * nh);
  const groups = data.u.length;
  const shape = new Float64Array(groups);
  const solution: AsymptoteSolution = { top: 0, bottom: 0, rss: 0 };
  // s = 1/(1 + 10^(h(u − θ))) = 1/(1 + a_k·b_j) with a_k = 10^(h(u_k − c)), b_j = 10^(h(c − θ_j)):
  // one power per concentration and per grid column instead of one per cell. Centring at the
  // middle c of the tested range keeps both factors far from overflow.
  const pinned = { top: options.top, bottom: options.bottom };
  const centre = groups ? data.u[0]! / 2 + data.u[groups - 1]! / 2 : 0;
  const a = new Float64Array(groups);
  const uniform = isUniform(options.log10Ic50);
  for (let b = 0; b < nh; b++) {
    const hill = options.hill[b]!;
    for (let k = 0; k < groups; k++) a[k] = Math.exp(Math.LN10 * hill * (data.u[k]! - centre));
    // On a uniform grid b_j follows from b_0 by a constant ratio: no power per cell.
    const ratio = uniform && nu > 1 ? Math.exp(-Math.LN10 * hill * (options.log10Ic50[1]! - options.log10Ic50[0]!)) : 0;
    let factor = 0;
    for (let j = 0; j < nu; j++) {
      factor = j > 0 && uniform ? factor * ratio : Math.exp(Math.LN10 * hill * (centre - options.log10Ic50[j]!));
      for (let k = 0; k < groups; k++) {
        const e = a[k]! * factor;
        shape[k] = e === Infinity ? 0 : 1 / (1 + e);
      }
      solveAsymptotes(data, shape, pinned, solution, false);
      const index = j * nh + b;
      rssGrid[index] = solution.rss;
      tops[index] = solution.top;
      bottoms[index] = solution.bottom;
    }
  }
  const minima: StartingPoint[] = [];
  for (let j = 0; j < nu; j++) {
    for (let b = 0; b < nh; b++) {
      const value = rssGrid[j * nh + b]!;
      let isMinimum = true;
      for (let dj = -1; dj <= 1 && isMinimum; dj++) {
        for (let db = -1; db <= 1; db++) {
          if (dj === 0 && db === 0) continue;
          const jj = j + dj;
          const bb = b + db;
          if (jj < 0 || jj >= nu || bb < 0 || bb >= nh) continue;
          // Ties go to the lower index, so a plateau yields one start, not hundreds.
          const other = rssGrid[jj * nh + bb]!;
          if (other < value || (other === value && jj * nh + bb < j * nh + b)) {
            isMinimum = false;
            break;
          }
        }
      }
      if (isMinimum) {
        const index = j * nh + b;
        minima.push({
          parameters: [options.log10Ic50[j]!, options.hill[b]!, tops[index]!, bottoms[index]!],
          rss: value,
        });
      }
    }
  }
  minima.sort((p, q) => p.rss - q.rss);
  return minima.slice(0, options.count);
}

/** True when the values are equally spaced (to 1e-9), so grid factors can be chained. */
function isUniform(values: readonly number[]): boolean {
  if (values.length < 3) return true;
  const step = values[1]! - values[0]!;
  for (let i = 2; i < values.length; i++) {
    if (Math.abs(values[i]! - values[i - 1]! - step) > 1e-9 * Math.max(1, Math.abs(step))) return false;
  }
  return true;
}

/** Grid buffers reused from call to call (a screen fits hundreds of thousands of curves). */
let buffers = { rssGrid: new Float64Array(0), tops: new Float64Array(0), bottoms: new Float64Array(0) };
function scratch(size: number): typeof buffers {
  if (buffers.rssGrid.length < size) buffers = { rssGrid: new Float64Array(size), tops: new Float64Array(size), bottoms: new Float64Array(size) };
  return buffers;
}
