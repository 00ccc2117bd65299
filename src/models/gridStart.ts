import type { GroupedData } from '../fit/groupedData.js';
import { asymptotesFromSums, type AsymptoteSolution } from './asymptotes.js';
import type { PinnedAsymptotes, ShapeBounds } from './model.js';

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
  /**
   * When every start returned has a hill above this, the best cell at or below it is added: the
   * best of a moderate-hill basin that the coarse grid merged into a steep one. Default none.
   */
  readonly moderateHill?: number;
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
  const u = data.u;
  const weight = data.weight;
  const mean = data.mean;
  const solution: AsymptoteSolution = { top: 0, bottom: 0, rss: 0 };
  let syy = 0; // Σ w ȳ², the same for every cell
  for (let k = 0; k < groups; k++) syy += weight[k]! * mean[k]! * mean[k]!;
  // s = 1/(1 + 10^(h(u − θ))) = 1/(1 + a_k·b_j) with a_k = 10^(h(u_k − c)), b_j = 10^(h(c − θ_j)):
  // one power per concentration and per grid column instead of one per cell. Centring at the
  // middle c of the tested range keeps both factors far from overflow.
  const pinnedTop = options.top;
  const pinnedBottom = options.bottom;
  const centre = groups ? u[0]! / 2 + u[groups - 1]! / 2 : 0;
  const a = scratchPowers(groups);
  const uniform = isUniform(options.log10Ic50);
  for (let b = 0; b < nh; b++) {
    const hill = options.hill[b]!;
    for (let k = 0; k < groups; k++) a[k] = Math.exp(Math.LN10 * hill * (u[k]! - centre));
    // On a uniform grid b_j follows from b_0 by a constant ratio: no power per cell.
    const ratio = uniform && nu > 1 ? Math.exp(-Math.LN10 * hill * (options.log10Ic50[1]! - options.log10Ic50[0]!)) : 0;
    let factor = 0;
    for (let j = 0; j < nu; j++) {
      factor = j > 0 && uniform ? factor * ratio : Math.exp(Math.LN10 * hill * (centre - options.log10Ic50[j]!));
      // The sums of solveAsymptotes, inline: this loop is most of the grid's time.
      let sss = 0;
      let ssc = 0;
      let scc = 0;
      let sys = 0;
      let syc = 0;
      for (let k = 0; k < groups; k++) {
        const e = a[k]! * factor;
        // 1 − s = e/(1 + e), without cancellation when s is near 1.
        const s = e === Infinity ? 0 : 1 / (1 + e);
        const c = e === Infinity ? 1 : e * s;
        const w = weight[k]!;
        const y = mean[k]!;
        sss += w * s * s;
        ssc += w * s * c;
        scc += w * c * c;
        sys += w * y * s;
        syc += w * y * c;
      }
      asymptotesFromSums(sss, ssc, scc, sys, syc, pinnedTop, pinnedBottom, solution);
      const top = solution.top;
      const bottom = solution.bottom;
      // The expanded quadratic form: cheap, and exact enough to rank cells.
      const lack = syy - 2 * (top * sys + bottom * syc) + top * top * sss + 2 * top * bottom * ssc + bottom * bottom * scc;
      const index = j * nh + b;
      rssGrid[index] = data.pureError + lack;
      tops[index] = top;
      bottoms[index] = bottom;
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
  const starts = minima.slice(0, options.count);
  const moderate = options.moderateHill;
  if (moderate !== undefined && starts.length > 0 && starts.every((start) => start.parameters[1] > moderate)) {
    let bestIndex = -1;
    for (let j = 0; j < nu; j++) {
      for (let b = 0; b < nh; b++) {
        const index = j * nh + b;
        if (options.hill[b]! <= moderate && (bestIndex < 0 || rssGrid[index]! < rssGrid[bestIndex]!)) bestIndex = index;
      }
    }
    if (bestIndex >= 0) {
      const j = Math.floor(bestIndex / nh);
      const b = bestIndex % nh;
      starts.push({ parameters: [options.log10Ic50[j]!, options.hill[b]!, tops[bestIndex]!, bottoms[bestIndex]!], rss: rssGrid[bestIndex]! });
    }
  }
  return starts;
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
let powers = new Float64Array(0);
function scratchPowers(size: number): Float64Array {
  if (powers.length < size) powers = new Float64Array(Math.max(size, 2 * powers.length));
  return powers;
}

/**
 * Hill slopes of the starting grid (those inside the box), each about twice the last. With
 * GRID_STEP this grid has half the cells of the earlier one (a quarter decade × ten hills 0.3, 0.5,
 * 0.8 … 20, 300 cells for ten 3-fold concentrations, against 154). On 20,000 normal curves a rough
 * run starts a little farther from its optimum (8.2 evaluations against 7.9) but fewer grid minima
 * become starts (1.72 a curve against 1.85), and the fit loop is 15 % faster. Local
 * minima missed (test/fit/searchLocalMinima.ts, 30,000 normal curves on each of six seeds): 1 in
 * 180,000, against 2 with the finer grid; the 1,000 peer curves as before (0 off the optimum with
 * the window opened).
 */
const HILL_GRID = [0.3, 0.6, 1.2, 2.4, 5, 10, 20];
/**
 * Hill 10 and 20 on the grid are steps between adjacent concentrations of a 3-fold or half-log
 * series. When the grid's only minima are such steps, its best cell at hill ≤ 6 is a start too.
 */
const MODERATE_HILL = 6;
/** Spacing of the starting grid's log10 IC50 values, in decades. */
const GRID_STEP = 1 / 3;
/** Most log10 IC50 grid points (a 66-decade range at GRID_STEP). */
const MAX_GRID = 200;

/**
 * The log-logistic self-starter: starting (log10 IC50, hill) pairs for data tested over the box's
 * range, from gridStart over log10 IC50 every third of a decade from 1.5 decades below the lowest
 * concentration to 1.5 above the highest (inside the box) and hills 0.3 … 20, with the model's
 * pinned asymptotes held and the others solved. The `count` best grid minima, best first — and,
 * when every one of them is a step (hill 10 or 20), also the best cell at hill ≤ 6 (5 on the grid). On the coarse
 * grid a moderate-hill basin next to a steep one has no local minimum of its own (its cells
 * have a steeper neighbour with a lower RSS, e.g. a step through one concentration); polished
 * from the step alone, the fit stopped at hill ≈ 20.7 on 6 of 30,000 normal curves where the
 * least-squares optimum has hill 4–7 (test/fit/searchLocalMinima.ts).
 */
export function logisticGridStarts(data: GroupedData, box: ShapeBounds, pinned: PinnedAsymptotes, count: number): number[][] {
  const uMin = data.u.length ? data.u[0]! : 0;
  const uMax = data.u.length ? data.u[data.u.length - 1]! : 0;
  const thetaGrid: number[] = [];
  const gridLow = Math.max(box.lower[0]!, uMin - 1.5);
  const gridHigh = Math.min(box.upper[0]!, uMax + 1.5);
  if ((gridHigh - gridLow) / GRID_STEP < MAX_GRID) {
    // (Counted too: near ±1e300 a step of GRID_STEP no longer changes t.)
    for (let t = gridLow; t <= gridHigh + 1e-9 && thetaGrid.length < MAX_GRID; t += GRID_STEP) thetaGrid.push(t);
  } else {
    // A range of hundreds of decades (log10 M values that are not logarithms): a coarser grid of
    // MAX_GRID points, interpolated so that neither a huge span nor a tiny step can loop forever.
    for (let i = 0; i < MAX_GRID; i++) {
      const f = i / (MAX_GRID - 1);
      thetaGrid.push(gridLow * (1 - f) + gridHigh * f);
    }
  }
  const hillMin = box.lower[1]!;
  const hillMax = box.upper[1]!;
  const hillGrid = HILL_GRID.filter((h) => h >= hillMin && h <= hillMax);
  if (hillGrid.length === 0) hillGrid.push(Math.sqrt(hillMin * hillMax));
  const starts = gridStart(data, {
    log10Ic50: thetaGrid,
    hill: hillGrid,
    count,
    moderateHill: MODERATE_HILL,
    ...(pinned.top !== undefined ? { top: pinned.top } : {}),
    ...(pinned.bottom !== undefined ? { bottom: pinned.bottom } : {}),
  });
  return starts.map((start) => [start.parameters[0], start.parameters[1]]);
}
