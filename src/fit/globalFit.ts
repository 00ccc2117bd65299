import { DEFAULT_BOUNDS, type FitBounds } from '../models/fitBounds.js';
import type { DoseResponseModel } from '../models/model.js';
import type { GroupedData } from './groupedData.js';
import type { LeastSquaresStatus } from './levenbergMarquardt.js';
import { choleskyInPlace, choleskySolveInPlace, invertSymmetric } from './linearAlgebra.js';
import { dampedStep, newtonDecrement } from './activeSetSteps.js';

export interface GlobalFitOptions {
  /** The curve equation of every curve (a logistic-family model value, with its pinned asymptotes). */
  readonly model: DoseResponseModel;
  /** Parameter names shared by every curve: shape parameters (`hill`) and free asymptotes (`top`, `bottom`). */
  readonly shared: ReadonlySet<string>;
  readonly bounds?: FitBounds;
  /** Largest number of Levenberg–Marquardt steps of the final polish. Default 500. */
  readonly maxIterations?: number;
}

/** The least-squares fit of several curves with some parameters shared. */
export interface GlobalFitResult {
  /** Per curve, its full parameter vector [θ…, top, bottom] (a shared parameter repeated). */
  readonly parameters: Float64Array[];
  /**
   * Per curve and parameter (the model's parameterNames), the index into the joint vector of
   * free parameters — the same index for a shared parameter, −1 for a pinned one.
   */
  readonly index: number[][];
  /** Free parameters of the joint fit (shared ones once). */
  readonly nParameters: number;
  readonly rss: number;
  /** Σ points − free parameters. */
  readonly dfResidual: number;
  readonly converged: boolean;
  readonly status: LeastSquaresStatus;
  readonly iterations: number;
  /** s²·(JᵀWJ)⁻¹ of the joint free parameters (nParameters²), s² = RSS/df; null when singular. */
  readonly covariance: Float64Array | null;
}

/** Everything an evaluation at the nonlinear parameters φ yields. */
interface Evaluation {
  readonly rss: number;
  /** Joint free parameters: φ, then the solved asymptotes β. */
  readonly x: Float64Array;
  /** Reduced Gauss–Newton matrix (m×m) and gradient (m) onto φ. */
  readonly reduced: Float64Array;
  readonly gradient: Float64Array;
  /** The full matrix JᵀWJ (P×P), for the covariance. */
  readonly full: Float64Array;
}

const ROUGH = { tolerance: 1e-6, iterations: 30 };

/**
 * A global ("shared") least-squares fit of several dose-response curves with some parameters
 * shared: GraphPad Prism's "shared value for all data sets", drc's `drm(…, curveid, pmodels)`.
 * Each curve keeps its own log10 IC50; a shared hill is one parameter for every curve, a shared
 * top (bottom) one asymptote; the rest is per curve. RSS = Σ over curves of Σ w(y − f)².
 *
 * Variable projection as in the one-curve solver (levenbergMarquardt.ts; Golub & Pereyra 1973,
 * Kaufman's Jacobian as a Schur complement): the nonlinear parameters φ (every log10 IC50, the
 * hill or hills) are searched by box-constrained Levenberg–Marquardt; for each φ the asymptotes
 * — linear, possibly shared across curves — are the exact solution of a weighted linear least-
 * squares problem (normal equations, Cholesky). Starts: φ from the curves' separate fits, a
 * shared shape parameter from each curve's own value and their mean; each polished roughly, the
 * best to a Newton decrement of 1e-12·RSS. The covariance is the Gauss–Newton s²·(JᵀWJ)⁻¹ over
 * every free parameter, s² = RSS/(N − P) (what drc's `vcov` gives for a least-squares drm fit up
 * to its Hessian approximation).
 *
 * `data` are the curves grouped by concentration; `starts` their separate fits' full parameter
 * vectors. Never throws for expected outcomes: a failed fit has converged false.
 */
export function fitGlobal(data: readonly GroupedData[], starts: readonly ArrayLike<number>[], options: GlobalFitOptions): GlobalFitResult {
  const model = options.model;
  const window = options.bounds ?? DEFAULT_BOUNDS;
  const nShape = model.shapeParameterNames.length;
  const p = model.parameterNames.length;
  const k = data.length;
  const pinned = model.pinned;

  // The joint vector: φ (shape parameters, shared once), then β (free asymptotes, shared once).
  const index = data.map(() => new Array<number>(p).fill(-1));
  let m = 0;
  for (let i = 0; i < nShape; i++) {
    if (options.shared.has(model.shapeParameterNames[i]!)) {
      const at = m++;
      for (let j = 0; j < k; j++) index[j]![i] = at;
    } else for (let j = 0; j < k; j++) index[j]![i] = m++;
  }
  let size = m;
  for (const [i, name, value] of [[nShape, 'top', pinned.top], [nShape + 1, 'bottom', pinned.bottom]] as const) {
    if (value !== undefined) continue;
    if (options.shared.has(name)) {
      const at = size++;
      for (let j = 0; j < k; j++) index[j]![i] = at;
    } else for (let j = 0; j < k; j++) index[j]![i] = size++;
  }
  const q = size - m;
  const P = size;

  // Box of φ: each curve's own window for its log10 IC50; a shared parameter within every curve's.
  const lower = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  data.forEach((d, j) => {
    const box = model.bounds(d.u[0] ?? 0, d.u[d.u.length - 1] ?? 0, window);
    for (let i = 0; i < nShape; i++) {
      const at = index[j]![i]!;
      lower[at] = Math.max(lower[at]!, box.lower[i]!);
      upper[at] = Math.min(upper[at]!, box.upper[i]!);
    }
  });

  const groups = data.map((d) => d.u.length);
  const shape = data.map((_, j) => new Float64Array(groups[j]!));
  const complement = data.map((_, j) => new Float64Array(groups[j]!));
  const shapeGradient = data.map((_, j) => new Float64Array(groups[j]! * nShape));
  const theta = new Float64Array(nShape);
  const pureError = data.reduce((s, d) => s + d.pureError, 0);
  const nPoints = data.reduce((s, d) => s + d.nPoints, 0);

  /** The asymptotes of curve j from β (or pinned). */
  const topOf = (x: ArrayLike<number>, j: number) => (index[j]![nShape]! >= 0 ? x[index[j]![nShape]!]! : pinned.top!);
  const bottomOf = (x: ArrayLike<number>, j: number) => (index[j]![nShape + 1]! >= 0 ? x[index[j]![nShape + 1]!]! : pinned.bottom!);

  const evaluate = (phi: ArrayLike<number>): Evaluation | null => {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < nShape; i++) theta[i] = phi[index[j]![i]!]!;
      model.shapes(theta, data[j]!.u, groups[j]!, shape[j]!, complement[j]!, shapeGradient[j]!);
    }
    // β: weighted linear least squares of (ȳ − pinned part) on s (top) and 1 − s (bottom).
    const x = new Float64Array(P);
    for (let i = 0; i < m; i++) x[i] = phi[i]!;
    if (q > 0) {
      const normal = new Float64Array(q * q);
      const right = new Float64Array(q);
      for (let j = 0; j < k; j++) {
        const t = index[j]![nShape]! - m;
        const b = index[j]![nShape + 1]! - m;
        const d = data[j]!;
        for (let g = 0; g < groups[j]!; g++) {
          const s = shape[j]![g]!;
          const c = complement[j]![g]!;
          const w = d.weight[g]!;
          const y = d.mean[g]! - (t < 0 ? pinned.top! * s : 0) - (b < 0 ? pinned.bottom! * c : 0);
          if (t >= 0) {
            normal[t * q + t] = normal[t * q + t]! + w * s * s;
            right[t] = right[t]! + w * s * y;
          }
          if (b >= 0) {
            normal[b * q + b] = normal[b * q + b]! + w * c * c;
            right[b] = right[b]! + w * c * y;
          }
          if (t >= 0 && b >= 0) {
            normal[t * q + b] = normal[t * q + b]! + w * s * c;
            normal[b * q + t] = normal[t * q + b]!;
          }
        }
      }
      // A tiny ridge keeps the solution defined when an asymptote is not identified (a curve
      // whose IC50 lies far beyond its data).
      let diagonal = 0;
      for (let r = 0; r < q; r++) diagonal = Math.max(diagonal, normal[r * q + r]!);
      for (let r = 0; r < q; r++) normal[r * q + r] = normal[r * q + r]! + 1e-12 * diagonal + 1e-300;
      if (!choleskyInPlace(normal, q)) return null;
      choleskySolveInPlace(normal, q, right);
      for (let r = 0; r < q; r++) x[m + r] = right[r]!;
    }
    // RSS from residuals, the Jacobian's normal equations A = JᵀWJ and gradient g = JᵀW(f − ȳ).
    let rss = pureError;
    const full = new Float64Array(P * P);
    const gFull = new Float64Array(P);
    const row = new Float64Array(P);
    const used: number[] = [];
    for (let j = 0; j < k; j++) {
      const d = data[j]!;
      const top = topOf(x, j);
      const bottom = bottomOf(x, j);
      const amplitude = top - bottom;
      for (let g = 0; g < groups[j]!; g++) {
        const s = shape[j]![g]!;
        const c = complement[j]![g]!;
        const w = d.weight[g]!;
        const residual = top * s + bottom * c - d.mean[g]!;
        rss += w * residual * residual;
        used.length = 0;
        for (let i = 0; i < nShape; i++) {
          const at = index[j]![i]!;
          row[at] = row[at]! + amplitude * shapeGradient[j]![i * groups[j]! + g]!;
          used.push(at);
        }
        if (index[j]![nShape]! >= 0) {
          row[index[j]![nShape]!] = row[index[j]![nShape]!]! + s;
          used.push(index[j]![nShape]!);
        }
        if (index[j]![nShape + 1]! >= 0) {
          row[index[j]![nShape + 1]!] = row[index[j]![nShape + 1]!]! + c;
          used.push(index[j]![nShape + 1]!);
        }
        const distinct = [...new Set(used)];
        for (const a of distinct) {
          gFull[a] = gFull[a]! + w * row[a]! * residual;
          for (const b of distinct) full[a * P + b] = full[a * P + b]! + w * row[a]! * row[b]!;
        }
        for (const a of distinct) row[a] = 0;
      }
    }
    if (!Number.isFinite(rss)) return null;
    // Schur complement onto φ: A_φφ − A_φβ·A_ββ⁻¹·A_βφ, g_φ − A_φβ·A_ββ⁻¹·g_β.
    const reduced = new Float64Array(m * m);
    const gradient = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      gradient[a] = gFull[a]!;
      for (let b = 0; b < m; b++) reduced[a * m + b] = full[a * P + b]!;
    }
    if (q > 0) {
      const block = new Float64Array(q * q);
      for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) block[r * q + c] = full[(m + r) * P + m + c]!;
      let diagonal = 0;
      for (let r = 0; r < q; r++) diagonal = Math.max(diagonal, block[r * q + r]!);
      for (let r = 0; r < q; r++) block[r * q + r] = block[r * q + r]! + 1e-12 * diagonal + 1e-300;
      if (choleskyInPlace(block, q)) {
        const column = new Float64Array(q);
        for (let b = 0; b < m; b++) {
          for (let r = 0; r < q; r++) column[r] = full[(m + r) * P + b]!;
          choleskySolveInPlace(block, q, column);
          for (let a = 0; a < m; a++) {
            let sum = 0;
            for (let r = 0; r < q; r++) sum += full[a * P + m + r]! * column[r]!;
            reduced[a * m + b] = reduced[a * m + b]! - sum;
          }
        }
        for (let r = 0; r < q; r++) column[r] = gFull[m + r]!;
        choleskySolveInPlace(block, q, column);
        for (let a = 0; a < m; a++) {
          let sum = 0;
          for (let r = 0; r < q; r++) sum += full[a * P + m + r]! * column[r]!;
          gradient[a] = gradient[a]! - sum;
        }
      }
    }
    return { rss, x, reduced, gradient, full };
  };

  /** Box-constrained Levenberg–Marquardt on φ (the steps of levenbergMarquardt.ts, dense). */
  const polish = (start: ArrayLike<number>, tolerance: number, maxIterations: number): { phi: Float64Array; evaluation: Evaluation | null; status: LeastSquaresStatus; iterations: number } => {
    const phi = new Float64Array(m);
    for (let i = 0; i < m; i++) phi[i] = Math.min(upper[i]!, Math.max(lower[i]!, start[i]!));
    let current = evaluate(phi);
    if (!current) return { phi, evaluation: null, status: 'max_iterations', iterations: 0 };
    let mu = 1e-3;
    let nu = 2;
    let iterations = 0;
    let status: LeastSquaresStatus = 'max_iterations';
    const active: number[] = [];
    outer: while (iterations < maxIterations) {
      const { reduced, gradient, rss } = current;
      active.length = 0;
      for (let i = 0; i < m; i++) {
        if ((phi[i]! <= lower[i]! && gradient[i]! > 0) || (phi[i]! >= upper[i]! && gradient[i]! < 0)) continue;
        active.push(i);
      }
      const n = active.length;
      if (n === 0) {
        status = 'converged';
        break;
      }
      let maxDiagonal = 0;
      for (const i of active) maxDiagonal = Math.max(maxDiagonal, reduced[i * m + i]!);
      const sub = new Float64Array(n * n);
      const step = new Float64Array(n);
      // Optimality: the Newton decrement on the active set.
      if (newtonDecrement(reduced, m, active, n, gradient, maxDiagonal, sub, step, new Float64Array(n)) <= tolerance * rss) {
        status = 'converged';
        break;
      }
      for (;;) {
        if (iterations >= maxIterations) break outer;
        iterations++;
        if (!dampedStep(reduced, m, active, n, gradient, mu, maxDiagonal, sub, step)) {
          mu *= nu;
          nu *= 2;
          continue;
        }
        const trial = Float64Array.from(phi);
        for (let r = 0; r < n; r++) {
          const i = active[r]!;
          trial[i] = Math.min(upper[i]!, Math.max(lower[i]!, phi[i]! + step[r]!));
        }
        let predicted = 0;
        for (const i of active) {
          const di = trial[i]! - phi[i]!;
          let adi = 0;
          for (const c of active) adi += reduced[i * m + c]! * (trial[c]! - phi[c]!);
          predicted -= 2 * gradient[i]! * di + di * adi;
        }
        const next = evaluate(trial);
        const gain = next && predicted > 0 ? (rss - next.rss) / predicted : -1;
        if (next && next.rss < rss && gain > 0) {
          phi.set(trial);
          current = next;
          const t = 2 * gain - 1;
          mu *= Math.max(1 / 3, 1 - t * t * t);
          nu = 2;
          break;
        }
        mu *= nu;
        nu *= 2;
        if (mu > 1e16) {
          status = 'stalled';
          break outer;
        }
      }
    }
    return { phi, evaluation: current, status, iterations };
  };

  // Starts: every φ from the separate fits; a shared shape parameter from each curve's own value and their mean.
  const base = new Float64Array(m);
  const candidates: Float64Array[] = [];
  const sharedShape: number[] = [];
  for (let i = 0; i < nShape; i++) if (options.shared.has(model.shapeParameterNames[i]!)) sharedShape.push(i);
  data.forEach((_, j) => {
    for (let i = 0; i < nShape; i++) base[index[j]![i]!] = starts[j]![i]!;
  });
  if (sharedShape.length === 0) candidates.push(base);
  else {
    for (let j = 0; j <= k; j++) {
      const start = Float64Array.from(base);
      for (const i of sharedShape) {
        // log-mean for the positive scales (hill, asymmetry), else the plain mean.
        start[index[0]![i]!] = j < k ? starts[j]![i]! : Math.exp(starts.reduce((s, v) => s + Math.log(Math.max(v[i]!, 1e-12)), 0) / k);
      }
      candidates.push(start);
    }
  }
  let best: ReturnType<typeof polish> | null = null;
  for (const start of candidates) {
    const rough = polish(start, ROUGH.tolerance, ROUGH.iterations);
    if (rough.evaluation && (!best?.evaluation || rough.evaluation.rss < best.evaluation.rss)) best = rough;
  }
  const final = best?.evaluation ? polish(best.phi, 1e-12, options.maxIterations ?? 500) : null;
  const evaluation = final?.evaluation ?? null;
  const dfResidual = nPoints - P;
  const parameters = data.map((_, j) => {
    const v = new Float64Array(p).fill(Number.NaN);
    if (!evaluation) return v;
    for (let i = 0; i < p; i++) v[i] = index[j]![i]! >= 0 ? evaluation.x[index[j]![i]!]! : i === nShape ? pinned.top! : pinned.bottom!;
    return v;
  });
  const converged = final !== null && evaluation !== null && final.status !== 'max_iterations' && parameters.every((v) => v.every(Number.isFinite));
  let covariance: Float64Array | null = null;
  if (converged && dfResidual > 0) {
    const inverse = invertSymmetric(evaluation!.full, P);
    if (inverse) covariance = inverse.map((v) => (v * evaluation!.rss) / dfResidual);
    if (covariance && !covariance.every(Number.isFinite)) covariance = null;
  }
  return {
    parameters,
    index,
    nParameters: P,
    rss: evaluation ? evaluation.rss : Number.NaN,
    dfResidual,
    converged,
    status: final?.status ?? 'max_iterations',
    iterations: final?.iterations ?? 0,
    covariance,
  };
}
