import { solveAsymptotes, type AsymptoteSolution } from '../models/asymptotes.js';
import type { DoseResponseModel, PinnedAsymptotes } from '../models/model.js';
import type { GroupedData } from './groupedData.js';
import { choleskyInPlace, choleskySolveInPlace, choleskySolveTwoByTwo, choleskyTwoByTwo } from './linearAlgebra.js';
import { dampedStep, newtonDecrement } from './activeSetSteps.js';
import { secantUpdate } from './secantUpdate.js';

export interface LeastSquaresProblem {
  readonly model: DoseResponseModel;
  readonly data: GroupedData;
  /** Bounds of each shape parameter θ (±Infinity for none). */
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** false for a held shape parameter (a profile's log10 IC50): it keeps its starting value. */
  readonly free: ArrayLike<boolean>;
  /** Pinned asymptotes; absent ones are solved. Default: the model's own (model.pinned). */
  readonly pinned?: PinnedAsymptotes;
}

export interface LeastSquaresOptions {
  /** Largest number of steps tried (accepted or not). Default 500. */
  readonly maxIterations?: number;
  /**
   * Converged when a Gauss–Newton step would lower the RSS by less than this fraction of it
   * (the Newton decrement: a scale-free optimality test). Default 1e-12.
   */
  readonly relativeTolerance?: number;
  /**
   * A run from a point already in its optimum's basin (the final polish of fitCurve): the search
   * runs on 1/hill and adds a secant estimate of the curvature Gauss–Newton leaves out (see
   * levenbergMarquardt). Faster to the optimum at the end of a long valley; not for choosing
   * among basins, where the plain search decides as it was validated to. Default false.
   */
  readonly polish?: boolean;
}

export type LeastSquaresStatus = 'converged' | 'max_iterations' | 'stalled';

/** How a least-squares run ended, in the manner of scipy.optimize.least_squares. */
export interface LeastSquaresResult {
  /** Full parameter vector: shape parameters, then top, bottom. */
  readonly parameters: Float64Array;
  readonly rss: number;
  readonly status: LeastSquaresStatus;
  readonly converged: boolean;
  readonly iterations: number;
}

/**
 * Residual sum of squares of a full parameter vector on grouped data,
 * RSS = pureError + Σ_k weight_k·(mean_k − top·s_k − bottom·(1 − s_k))², summed from residuals
 * (no cancellation, also with huge asymptotes).
 */
export function residualSumOfSquares(model: DoseResponseModel, data: GroupedData, parameters: ArrayLike<number>): number {
  const n = model.shapeParameterNames.length;
  const top = parameters[n]!;
  const bottom = parameters[n + 1]!;
  const groups = data.u.length;
  const shape = new Float64Array(groups);
  const complement = new Float64Array(groups);
  model.shapes(parameters, data.u, groups, shape, complement);
  let rss = data.pureError;
  for (let k = 0; k < groups; k++) {
    const r = data.mean[k]! - top * shape[k]! - bottom * complement[k]!;
    rss += data.weight[k]! * r * r;
  }
  return rss;
}

/**
 * Buffers of one Levenberg–Marquardt run, reused from run to run (a screen runs millions): sized
 * for `groups` concentrations and `nShape` shape parameters, grown when a curve needs more.
 */
class Workspace {
  readonly p: number;
  readonly trial: Float64Array;
  shape: Float64Array;
  complement: Float64Array;
  /** ∂shape/∂θ by column: [i·groups + k]. */
  shapeGradient: Float64Array;
  trialShape: Float64Array;
  trialComplement: Float64Array;
  trialGradient: Float64Array;
  readonly a: Float64Array;
  readonly gFull: Float64Array;
  readonly reduced: Float64Array;
  readonly g: Float64Array;
  readonly active: Int32Array;
  readonly sub: Float64Array;
  readonly step: Float64Array;
  readonly scratch: Float64Array;
  /** The secant correction S of the Gauss–Newton matrix, and the matrix a step is solved with. */
  readonly secant: Float64Array;
  readonly stepMatrix: Float64Array;
  readonly previousGradient: Float64Array;
  readonly previousX: Float64Array;
  readonly secantScratch: Float64Array;
  /** Shape parameters the search runs on as reciprocals (the Hill slope: see levenbergMarquardt). */
  readonly reciprocal: Uint8Array;
  /** The shape parameters in the model's own terms, for model.shapes. */
  readonly external: Float64Array;
  readonly lowerInternal: Float64Array;
  readonly upperInternal: Float64Array;
  readonly linearBlock = new Float64Array(4);
  readonly jacobian: Float64Array;
  readonly weightedResidual: Float64Array;
  readonly column = new Float64Array(2);
  readonly linear = new Int32Array(2);
  readonly solution: AsymptoteSolution = { top: 0, bottom: 0, rss: 0 };

  constructor(
    readonly groups: number,
    readonly nShape: number,
  ) {
    const p = nShape + 2;
    this.p = p;
    this.trial = new Float64Array(p);
    this.shape = new Float64Array(groups);
    this.complement = new Float64Array(groups);
    this.shapeGradient = new Float64Array(groups * nShape);
    this.trialShape = new Float64Array(groups);
    this.trialComplement = new Float64Array(groups);
    this.trialGradient = new Float64Array(groups * nShape);
    this.a = new Float64Array(p * p);
    this.gFull = new Float64Array(p);
    this.reduced = new Float64Array(nShape * nShape);
    this.g = new Float64Array(nShape);
    this.active = new Int32Array(nShape);
    this.sub = new Float64Array(nShape * nShape);
    this.step = new Float64Array(nShape);
    this.scratch = new Float64Array(nShape);
    this.secant = new Float64Array(nShape * nShape);
    this.stepMatrix = new Float64Array(nShape * nShape);
    this.previousGradient = new Float64Array(nShape);
    this.previousX = new Float64Array(nShape);
    this.secantScratch = new Float64Array(2 * nShape);
    this.reciprocal = new Uint8Array(nShape);
    this.external = new Float64Array(nShape);
    this.lowerInternal = new Float64Array(nShape);
    this.upperInternal = new Float64Array(nShape);
    this.jacobian = new Float64Array(p * groups);
    this.weightedResidual = new Float64Array(groups);
  }
}

const workspaces = new Map<number, Workspace>();
/** A workspace for at least `groups` concentrations and exactly `nShape` shape parameters. */
function workspaceFor(groups: number, nShape: number): Workspace {
  let workspace = workspaces.get(nShape);
  if (!workspace || workspace.groups < groups) {
    workspace = new Workspace(Math.max(groups, 2 * (workspace?.groups ?? 8)), nShape);
    workspaces.set(nShape, workspace);
  }
  return workspace;
}

/**
 * Gauss–Newton matrix A = Σ w·J·Jᵀ and gradient g = Σ w·J·(f − mean) (the gradient of RSS/2)
 * of the full model at `parameters`, over all parameters, written into `a` (p×p) and `g` (p).
 * (Uses the solver's workspace: not to be called from inside a Levenberg–Marquardt run.)
 */
export function normalEquations(
  model: DoseResponseModel,
  data: GroupedData,
  parameters: ArrayLike<number>,
  a: Float64Array,
  g: Float64Array,
): void {
  const nShape = model.shapeParameterNames.length;
  const groups = data.u.length;
  const workspace = workspaceFor(groups, nShape);
  const { shape, complement, shapeGradient } = workspace;
  model.shapes(parameters, data.u, groups, shape, complement, shapeGradient);
  accumulateNormalEquations(data, parameters, nShape, shape, complement, shapeGradient, a, g, workspace.jacobian, workspace.weightedResidual);
}

/**
 * normalEquations from the shape and its gradient already evaluated at every concentration:
 * the Jacobian is laid out by column (J[i·groups + k]), then every entry of A and g is one dot
 * product over the concentrations.
 */
function accumulateNormalEquations(
  data: GroupedData,
  parameters: ArrayLike<number>,
  nShape: number,
  shape: Float64Array,
  complement: Float64Array,
  shapeGradient: Float64Array,
  a: Float64Array,
  g: Float64Array,
  jacobian: Float64Array,
  weightedResidual: Float64Array,
): void {
  const p = nShape + 2;
  const groups = data.u.length;
  const weight = data.weight;
  const mean = data.mean;
  const top = parameters[nShape]!;
  const bottom = parameters[nShape + 1]!;
  const amplitude = top - bottom;
  if (nShape === 2) {
    accumulateTwoShapes(groups, weight, mean, top, bottom, shape, complement, shapeGradient, a, g);
    return;
  }
  const topColumn = nShape * groups;
  const bottomColumn = topColumn + groups;
  for (let i = 0; i < nShape * groups; i++) jacobian[i] = amplitude * shapeGradient[i]!;
  for (let k = 0; k < groups; k++) {
    const s = shape[k]!;
    const c = complement[k]!;
    jacobian[topColumn + k] = s;
    jacobian[bottomColumn + k] = c;
    weightedResidual[k] = weight[k]! * (top * s + bottom * c - mean[k]!);
  }
  for (let i = 0; i < p; i++) {
    const columnI = i * groups;
    let gradient = 0;
    for (let k = 0; k < groups; k++) gradient += jacobian[columnI + k]! * weightedResidual[k]!;
    g[i] = gradient;
    for (let j = 0; j <= i; j++) {
      const columnJ = j * groups;
      let sum = 0;
      for (let k = 0; k < groups; k++) sum += weight[k]! * jacobian[columnI + k]! * jacobian[columnJ + k]!;
      a[i * p + j] = sum;
      a[j * p + i] = sum;
    }
  }
}

/**
 * accumulateNormalEquations for two shape parameters (the log-logistic family, LL.4 and its
 * pinned variants: nearly every fit): the same sums in the same order, in one pass over the
 * concentrations with the ten entries of A and the four of g in locals, no Jacobian written.
 */
function accumulateTwoShapes(
  groups: number,
  weight: Float64Array,
  mean: Float64Array,
  top: number,
  bottom: number,
  shape: Float64Array,
  complement: Float64Array,
  shapeGradient: Float64Array,
  a: Float64Array,
  g: Float64Array,
): void {
  const amplitude = top - bottom;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
  let a00 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a22 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
  for (let k = 0; k < groups; k++) {
    const s = shape[k]!;
    const c = complement[k]!;
    const w = weight[k]!;
    const j0 = amplitude * shapeGradient[k]!;
    const j1 = amplitude * shapeGradient[groups + k]!;
    const r = w * (top * s + bottom * c - mean[k]!);
    g0 += j0 * r;
    g1 += j1 * r;
    g2 += s * r;
    g3 += c * r;
    a00 += w * j0 * j0;
    a10 += w * j1 * j0;
    a11 += w * j1 * j1;
    a20 += w * s * j0;
    a21 += w * s * j1;
    a22 += w * s * s;
    a30 += w * c * j0;
    a31 += w * c * j1;
    a32 += w * c * s;
    a33 += w * c * c;
  }
  g[0] = g0;
  g[1] = g1;
  g[2] = g2;
  g[3] = g3;
  a[0] = a00;
  a[1] = a10;
  a[2] = a20;
  a[3] = a30;
  a[4] = a10;
  a[5] = a11;
  a[6] = a21;
  a[7] = a31;
  a[8] = a20;
  a[9] = a21;
  a[10] = a22;
  a[11] = a32;
  a[12] = a30;
  a[13] = a31;
  a[14] = a32;
  a[15] = a33;
}

/**
 * Profile RSS at the shape parameters in `v`: the shape, its complement and its gradient at every
 * concentration go into `s`, `c` and `ds` (for reduce), the best asymptotes into v[nShape],
 * v[nShape + 1].
 */
function profileRss(
  model: DoseResponseModel,
  data: GroupedData,
  pinned: PinnedAsymptotes,
  workspace: Workspace,
  v: Float64Array,
  s: Float64Array,
  c: Float64Array,
  ds: Float64Array,
): number {
  const nShape = workspace.nShape;
  const groups = data.u.length;
  const { external, reciprocal } = workspace;
  for (let i = 0; i < nShape; i++) external[i] = reciprocal[i] ? 1 / v[i]! : v[i]!;
  model.shapes(external, data.u, groups, s, c, ds);
  // ∂s/∂(1/h) = −h²·∂s/∂h.
  for (let i = 0; i < nShape; i++) {
    if (!reciprocal[i]) continue;
    const factor = -external[i]! * external[i]!;
    for (let k = i * groups; k < (i + 1) * groups; k++) ds[k] = ds[k]! * factor;
  }
  const solution = solveAsymptotes(data, s, c, pinned, workspace.solution);
  v[nShape] = solution.top;
  v[nShape + 1] = solution.bottom;
  return solution.rss;
}

/**
 * The reduced Gauss–Newton matrix and gradient at x (the Schur complement onto θ of the full
 * matrix: A_θθ − A_θβ·A_ββ⁻¹·A_βθ, and g_θ − A_θβ·A_ββ⁻¹·g_β), into workspace.reduced and .g.
 */
function reduce(data: GroupedData, workspace: Workspace, x: Float64Array, linearCount: number): void {
  const { nShape, p, a, gFull, reduced, g, linear, linearBlock, column } = workspace;
  accumulateNormalEquations(data, x, nShape, workspace.shape, workspace.complement, workspace.shapeGradient, a, gFull, workspace.jacobian, workspace.weightedResidual);
  const m = linearCount;
  if (nShape === 2 && m === 2 && linear[0] === 2) {
    reduceTwoByTwo(a, gFull, reduced, g, linearBlock, column);
    return;
  }
  for (let i = 0; i < nShape; i++) {
    g[i] = gFull[i]!;
    for (let j = 0; j < nShape; j++) reduced[i * nShape + j] = a[i * p + j]!;
  }
  if (m === 0) return;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) linearBlock[r * m + c] = a[linear[r]! * p + linear[c]!]!;
  // A tiny ridge keeps the elimination defined when top and bottom are not separable.
  let diag = 0;
  for (let r = 0; r < m; r++) diag = Math.max(diag, linearBlock[r * m + r]!);
  for (let r = 0; r < m; r++) linearBlock[r * m + r] = linearBlock[r * m + r]! + 1e-12 * diag + 1e-300;
  if (!choleskyInPlace(linearBlock, m)) return;
  for (let j = 0; j < nShape; j++) {
    for (let r = 0; r < m; r++) column[r] = a[linear[r]! * p + j]!;
    choleskySolveInPlace(linearBlock, m, column); // A_ββ⁻¹·A_βj
    for (let i = 0; i < nShape; i++) {
      let sum = 0;
      for (let r = 0; r < m; r++) sum += a[i * p + linear[r]!]! * column[r]!;
      reduced[i * nShape + j] = reduced[i * nShape + j]! - sum;
    }
  }
  // Gradient: g_θ − A_θβ·A_ββ⁻¹·g_β (g_β is ~0 at solved asymptotes, kept for exactness).
  for (let r = 0; r < m; r++) column[r] = gFull[linear[r]!]!;
  choleskySolveInPlace(linearBlock, m, column);
  for (let i = 0; i < nShape; i++) {
    let sum = 0;
    for (let r = 0; r < m; r++) sum += a[i * p + linear[r]!]! * column[r]!;
    g[i] = g[i]! - sum;
  }
}

/**
 * reduce for two shape parameters and both asymptotes solved (LL.4, most fits): the generic
 * code for these sizes, with the 2×2 Cholesky written out — the same operations in the same
 * order, so the same bits. `factor` (3) and `column` (2) are scratch.
 */
function reduceTwoByTwo(a: Float64Array, gFull: Float64Array, reduced: Float64Array, g: Float64Array, factor: Float64Array, column: Float64Array): void {
  g[0] = gFull[0]!;
  g[1] = gFull[1]!;
  reduced[0] = a[0]!;
  reduced[1] = a[1]!;
  reduced[2] = a[4]!;
  reduced[3] = a[5]!;
  // The linear block [[a22, a23], [a32, a33]] with its ridge.
  const diag = Math.max(Math.max(0, a[10]!), a[15]!);
  if (!choleskyTwoByTwo(a[10]! + 1e-12 * diag + 1e-300, a[14]!, a[15]! + 1e-12 * diag + 1e-300, factor)) return;
  for (let j = 0; j < 2; j++) {
    // A_θβ·A_ββ⁻¹·A_βj off column j.
    choleskySolveTwoByTwo(factor, a[8 + j]!, a[12 + j]!, column);
    reduced[j] = reduced[j]! - (0 + a[2]! * column[0]! + a[3]! * column[1]!);
    reduced[2 + j] = reduced[2 + j]! - (0 + a[6]! * column[0]! + a[7]! * column[1]!);
  }
  // Gradient: g_θ − A_θβ·A_ββ⁻¹·g_β.
  choleskySolveTwoByTwo(factor, gFull[2]!, gFull[3]!, column);
  g[0] = g[0]! - (0 + a[2]! * column[0]! + a[3]! * column[1]!);
  g[1] = g[1]! - (0 + a[6]! * column[0]! + a[7]! * column[1]!);
}

/** In a polish, one step changes 1/hill at most this factor (see levenbergMarquardt). */
const HILL_STEP = 3;

/**
 * Box-constrained Levenberg–Marquardt with variable projection, for logistic-family models.
 *
 * The search runs over the free shape parameters θ only; for every θ tried, the asymptotes are
 * solved exactly (solveAsymptotes), so the RSS being minimised is the profile RSS(θ) — the
 * approach of Golub & Pereyra (1973) with Kaufman's Jacobian, here as the Schur complement of
 * the full Gauss–Newton matrix: A_θ = A_θθ − A_θβ·A_ββ⁻¹·A_βθ. Eliminating top and bottom removes
 * the long curved valleys (IC50 against bottom) in which a plain 4-parameter LM crawls.
 *
 * Steps follow Madsen, Nielsen & Tingleff, "Methods for non-linear least squares problems"
 * (2004), §3.2: Marquardt's diagonal scaling, Nielsen's damping update, and only steps that
 * lower the RSS are taken. Bounds use an active set: a parameter on its bound whose gradient
 * points outward is held for that step, and trial points are projected onto the box.
 * Convergence is tested on the Newton decrement gᵀA⁻¹g (the RSS reduction a full Gauss–Newton
 * step predicts) relative to the RSS.
 *
 * A polish (options.polish: fitCurve's final run, from the best start's rough optimum) differs
 * in two ways, both for the long valleys where plain Gauss–Newton creeps (on 20,000 simulated
 * curves, 3 % took 40–500 steps and 0.9 % stopped at 500 unconverged):
 * - the search runs on 1/hill. A steep curve's valley — log10 IC50 = u − K/hill beside the
 *   concentration u its step passes — is straight there, and its end (hill → ∞) a finite
 *   point. One step changes 1/hill at most HILL_STEP-fold (the step shortened, not turned);
 * - each step is solved with the Gauss–Newton matrix plus a secant estimate of the curvature it
 *   leaves out (secantUpdate, NL2SOL's augmented model) whenever that estimate predicted the
 *   last step's fall better than Gauss–Newton did: on noisy data near an optimum beyond the
 *   tested range the RSS falls almost linearly, twice what Gauss–Newton predicts, step after step.
 * Both change the path, not the optimality test. The rough runs that choose among the starts'
 * basins stay plain: a 1/hill search from a moderate start slides more readily into a steep
 * basin (test/fit/searchLocalMinima.ts).
 */
export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  start: ArrayLike<number>,
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  const { model, data, free } = problem;
  const pinned = problem.pinned ?? model.pinned;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.relativeTolerance ?? 1e-12;
  const polish = options.polish ?? false;
  const nShape = model.shapeParameterNames.length;
  const p = nShape + 2;
  const workspace = workspaceFor(data.u.length, nShape);
  const { trial, reduced, g, active, sub, step, scratch, linear, reciprocal } = workspace;
  // A polish searches on 1/hill (see above): x, trial and the box are in the search's terms.
  const lower = workspace.lowerInternal;
  const upper = workspace.upperInternal;
  for (let i = 0; i < nShape; i++) {
    reciprocal[i] = polish && model.shapeParameterNames[i] === 'hill' && problem.lower[i]! > 0 ? 1 : 0;
    lower[i] = reciprocal[i] ? 1 / problem.upper[i]! : problem.lower[i]!;
    upper[i] = reciprocal[i] ? 1 / problem.lower[i]! : problem.upper[i]!;
  }

  let linearCount = 0;
  if (pinned.top === undefined) linear[linearCount++] = nShape;
  if (pinned.bottom === undefined) linear[linearCount++] = nShape + 1;

  const x = new Float64Array(p);
  for (let i = 0; i < nShape; i++) {
    const value = Math.min(problem.upper[i]!, Math.max(problem.lower[i]!, start[i]!));
    x[i] = reciprocal[i] ? 1 / value : value;
  }

  let rss = profileRss(model, data, pinned, workspace, x, workspace.shape, workspace.complement, workspace.shapeGradient);
  reduce(data, workspace, x, linearCount);
  let mu = 1e-3;
  let nu = 2;
  let iterations = 0;
  let status: LeastSquaresStatus = 'max_iterations';
  const { secant, stepMatrix, previousGradient, previousX } = workspace;
  secant.fill(0);
  // Which quadratic model the next step is solved with: Gauss–Newton (A) or A + S.
  let useSecant = false;

  outer: while (iterations < maxIterations) {
    let m = 0;
    for (let i = 0; i < nShape; i++) {
      if (!free[i]) continue;
      if ((x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0)) continue;
      active[m++] = i;
    }
    if (m === 0) {
      status = 'converged';
      break;
    }
    let maxDiagonal = 0;
    for (let r = 0; r < m; r++) maxDiagonal = Math.max(maxDiagonal, reduced[active[r]! * nShape + active[r]!]!);

    // Optimality: the Newton decrement on the active set.
    if (newtonDecrement(reduced, nShape, active, m, g, maxDiagonal, sub, step, scratch) <= tolerance * rss) {
      status = 'converged';
      break;
    }
    let matrix = useSecant ? stepMatrix : reduced;
    if (useSecant) for (let i = 0; i < nShape * nShape; i++) stepMatrix[i] = reduced[i]! + secant[i]!;

    // Damped step: (A + μ·diag(A))·h = −g on the active set.
    for (;;) {
      if (iterations >= maxIterations) break outer;
      iterations++;
      if (!dampedStep(matrix, nShape, active, m, g, mu, maxDiagonal, sub, step, reduced)) {
        if (useSecant) {
          // A + S is no quadratic model with a minimum here: this step is Gauss–Newton's.
          useSecant = false;
          matrix = reduced;
          continue;
        }
        mu *= nu;
        nu *= 2;
        continue;
      }
      // A step changes 1/hill at most HILL_STEP-fold (the step shortened, not turned): a basin at
      // a moderate Hill slope is not jumped over on the way to a steep one.
      let scale = 1;
      for (let r = 0; r < m; r++) {
        const i = active[r]!;
        if (!reciprocal[i]) continue;
        const to = x[i]! + step[r]!;
        if (to < x[i]! / HILL_STEP) scale = Math.min(scale, (x[i]! - x[i]! / HILL_STEP) / -step[r]!);
        else if (to > HILL_STEP * x[i]!) scale = Math.min(scale, ((HILL_STEP - 1) * x[i]!) / step[r]!);
      }
      trial.set(x);
      for (let r = 0; r < m; r++) {
        const i = active[r]!;
        trial[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + scale * step[r]!));
      }
      // Predicted RSS reduction of the projected step d: −(2gᵀd + dᵀAd), by each model.
      let linearTerm = 0;
      let gaussNewton = 0;
      let correction = 0;
      for (let r = 0; r < m; r++) {
        const i = active[r]!;
        const di = trial[i]! - x[i]!;
        let adi = 0;
        let sdi = 0;
        for (let c = 0; c < m; c++) {
          const dc = trial[active[c]!]! - x[active[c]!]!;
          adi += reduced[i * nShape + active[c]!]! * dc;
          if (polish) sdi += secant[i * nShape + active[c]!]! * dc;
        }
        linearTerm += 2 * g[i]! * di;
        gaussNewton += di * adi;
        correction += di * sdi;
      }
      const predicted: number = -(linearTerm + gaussNewton + (useSecant ? correction : 0));
      const trialRss = profileRss(model, data, pinned, workspace, trial, workspace.trialShape, workspace.trialComplement, workspace.trialGradient);
      const gain: number = predicted > 0 ? (rss - trialRss) / predicted : -1;
      if (trialRss < rss && gain > 0) {
        // The next step's model: the one that predicted this step's fall better.
        const fall = rss - trialRss;
        if (polish) {
          useSecant = Math.abs(fall + linearTerm + gaussNewton + correction) < Math.abs(fall + linearTerm + gaussNewton);
          for (let i = 0; i < nShape; i++) previousX[i] = x[i]!;
          previousGradient.set(g);
        }
        x.set(trial);
        // The trial's shape and gradient become the current ones: swap, no copy.
        const shape = workspace.shape;
        workspace.shape = workspace.trialShape;
        workspace.trialShape = shape;
        const complement = workspace.complement;
        workspace.complement = workspace.trialComplement;
        workspace.trialComplement = complement;
        const gradient = workspace.shapeGradient;
        workspace.shapeGradient = workspace.trialGradient;
        workspace.trialGradient = gradient;
        rss = trialRss;
        reduce(data, workspace, x, linearCount);
        if (polish) secantUpdate(secant, reduced, nShape, x, previousX, g, previousGradient, workspace.secantScratch);
        const t = 2 * gain - 1;
        mu *= Math.max(1 / 3, 1 - t * t * t);
        nu = 2;
        break;
      }
      if (useSecant) {
        // The secant model's step failed: try Gauss–Newton's at the same damping before
        // damping more (so a run only ever stalls on Gauss–Newton steps, as without a polish).
        useSecant = false;
        matrix = reduced;
        continue;
      }
      mu *= nu;
      nu *= 2;
      if (mu > 1e16) {
        // No damped step lowers the RSS: a minimum to machine precision.
        status = 'stalled';
        break outer;
      }
    }
  }
  // rss is the profile RSS at x, summed from residuals: exactly the RSS of the full vector x.
  for (let i = 0; i < nShape; i++) if (reciprocal[i]) x[i] = 1 / x[i]!;
  return {
    parameters: x,
    rss,
    status,
    converged: status !== 'max_iterations',
    iterations,
  };
}
