import { Ic50Error } from '../errors.js';
import { DEFAULT_BOUNDS } from '../models/fitBounds.js';
import { resolveModel } from '../models/resolveModel.js';
import type { Curve, CurveFit, ModelComparison, ModelFitSummary, ModelTest } from '../types.js';
import { extraSumOfSquaresTest } from './extraSumOfSquaresTest.js';
import { fitCurve } from './fitCurve.js';
import { finitePoints, fitDoseResponse, type DoseResponseOptions } from './fitDoseResponse.js';
import { relativeWeights } from './relativeWeights.js';

/** The curve equations compared by name, simplest first: LL.3 ⊂ LL.4 ⊂ LL.5. */
export type ComparedModel = 'll3' | 'll4' | 'll5';
const ORDER: readonly ComparedModel[] = ['ll3', 'll4', 'll5'];

/** What --compare-models and --model auto ask for. */
export interface ModelComparisonOptions {
  /** Two or more models, compared per curve. */
  readonly models: readonly ComparedModel[];
  /** A larger model is preferred when the F test against the current one gives p below this. */
  readonly alpha: number;
  /** Fit the preferred model (--model auto) instead of the one --model names. */
  readonly auto: boolean;
}

/** The models --model auto compares when --compare-models names none. */
export const AUTO_MODELS: readonly ComparedModel[] = ['ll3', 'll4', 'll5'];

/**
 * The model comparison the options ask for (undefined: none), checked: with an asymptote pinned
 * (--top, --bottom) the models must still differ in their free parameters — with --bottom pinned,
 * ll3 and ll4 are one model. Throws Ic50Error (usage).
 */
export function modelComparisonOf(options: {
  readonly model: ComparedModel | 'auto';
  readonly compareModels?: readonly ComparedModel[] | undefined;
  readonly modelAlpha?: number | undefined;
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
}): ModelComparisonOptions | undefined {
  const auto = options.model === 'auto';
  const listed = options.compareModels ?? [];
  if (!auto && listed.length === 0) return undefined;
  const models = ORDER.filter((m) => (listed.length > 0 ? listed : AUTO_MODELS).includes(m));
  const names = models.map((m) => resolveModel({ model: m, top: options.top, bottom: options.bottom }).name);
  for (let i = 1; i < names.length; i++) {
    if (names[i] === names[i - 1]) {
      throw new Ic50Error(`--compare-models: with --bottom pinned, ${models[i - 1]} and ${models[i]} are the same model (${names[i]})`, {
        code: 'usage',
        hint: 'drop --bottom to compare them, or compare ll4,ll5',
      });
    }
  }
  return { models, alpha: options.modelAlpha ?? 0.05, auto };
}

/**
 * Akaike's information criterion with the small-sample correction, for a least-squares fit with
 * Gaussian errors (Burnham & Anderson 2002, §2.4; Motulsky & Christopoulos 2004, ch. 22):
 *
 *   AIC  = n·ln(2π·RSS/n) + n − Σ ln wᵢ + 2k,   AICc = AIC + 2k(k + 1)/(n − k − 1),
 *
 * with k = p + 1 — the p curve parameters and the residual variance — as R's logLik (and drc's
 * AIC) count them; unweighted, Σ ln wᵢ = 0 and the value is drc's `AIC(fit)` plus the correction.
 * NaN when n − k − 1 ≤ 0 or RSS ≤ 0.
 */
export function aicc(rss: number, n: number, parameters: number, logWeightSum = 0): number {
  const k = parameters + 1;
  if (!(rss > 0) || !(n - k - 1 > 0)) return Number.NaN;
  return n * Math.log((2 * Math.PI * rss) / n) + n - logWeightSum + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}

/**
 * Per curve, which of several nested models the data support (GraphPad Prism's "compare models",
 * drc's anova and mselect). Each model is fitted to the same points (after exclusions, before
 * any ROUT removal, weighted as the fit is); then, from the simplest, a larger model replaces the
 * current one when the extra-sum-of-squares F test of the current against it,
 *
 *   F = ((RSS_small − RSS_large)/(p_large − p_small)) / (RSS_large/(n − p_large)),
 *
 * on (p_large − p_small, n − p_large) degrees of freedom, gives p < α. Where the F test cannot be
 * made (no residual df) AICc decides between the two; a model that could not be fitted (too few
 * concentrations for LL.5, not converged) is never preferred. `p` is the p of the test that made
 * the preferred model preferred; when the simplest is kept, of its test against the next larger.
 */
export function compareModels(curve: Curve, options: DoseResponseOptions, comparison: ModelComparisonOptions): ModelComparison {
  const { u, y } = finitePoints(curve);
  const weights = options.weights === '1/y2' ? relativeWeights(y) : undefined;
  const logWeightSum = weights ? weights.reduce((s, w) => s + Math.log(w), 0) : 0;
  const nConcentrations = new Set(u.map((v) => Math.round(v * 1e4))).size;
  const models: ModelFitSummary[] = comparison.models.map((name) => {
    const model = resolveModel({ model: name, top: options.top, bottom: options.bottom });
    const parameters = model.free.filter(Boolean).length;
    if (nConcentrations < model.minConcentrations) {
      return { model: name, fitted: model.name, parameters, rss: Number.NaN, dfResidual: u.length - parameters, aicc: Number.NaN, converged: false };
    }
    const solution = fitCurve(u, y, { bounds: options.bounds ?? DEFAULT_BOUNDS, model, ...(weights ? { weights } : {}) });
    const usable = solution.converged && Number.isFinite(solution.rss);
    return {
      model: name,
      fitted: model.name,
      parameters,
      rss: usable ? solution.rss : Number.NaN,
      dfResidual: solution.dfResidual,
      aicc: usable ? aicc(solution.rss, u.length, parameters, logWeightSum) : Number.NaN,
      converged: usable,
    };
  });
  const tests: ModelTest[] = [];
  const testOf = (small: ModelFitSummary, large: ModelFitSummary): ModelTest => {
    const known = tests.find((t) => t.reduced === small.model && t.full === large.model);
    if (known) return known;
    const test = extraSumOfSquaresTest(small.rss, small.dfResidual, large.rss, large.dfResidual);
    const made: ModelTest = { reduced: small.model, full: large.model, ...test };
    tests.push(made);
    return made;
  };
  let current = models.find((m) => m.converged);
  let p = Number.NaN;
  let decided = false;
  if (current) {
    for (const candidate of models.slice(models.indexOf(current) + 1)) {
      if (!candidate.converged) continue;
      const test = testOf(current, candidate);
      const larger = Number.isFinite(test.p) ? test.p < comparison.alpha : candidate.aicc < current.aicc;
      if (larger) {
        current = candidate;
        p = test.p;
        decided = true;
      } else if (!decided && Number.isNaN(p)) p = test.p;
    }
  }
  return { models, tests, preferred: current?.model, p };
}

/**
 * A curve's fit with its model comparison attached: the model --model names, or with --model auto
 * the preferred one (the first listed when none could be fitted).
 */
export function fitComparingModels(curve: Curve, options: DoseResponseOptions, comparison: ModelComparisonOptions): CurveFit {
  const result = compareModels(curve, options, comparison);
  const model = comparison.auto ? (result.preferred ?? comparison.models[0]!) : options.model;
  const fit = fitDoseResponse(curve, { ...options, model });
  return { ...fit, modelComparison: result };
}
