import { Ic50Error } from '../errors.js';
import { extraSumOfSquaresTest } from '../fit/extraSumOfSquaresTest.js';
import { fitCurve, type CurveSolution } from '../fit/fitCurve.js';
import { fitGlobal } from '../fit/globalFit.js';
import { relativeWeights } from '../fit/relativeWeights.js';
import { studentTCritical } from '../fit/studentT.js';
import { MISSING, waldEstimate } from '../fit/waldEstimate.js';
import { DEFAULT_BOUNDS, type FitBounds } from '../models/fitBounds.js';
import type { DoseResponseModel } from '../models/model.js';
import { resolveModel } from '../models/resolveModel.js';
import type { CurveFit, Estimate, Flag, SharedFit, SharedFitLine } from '../types.js';

export type SharedParameter = 'hill' | 'top' | 'bottom';

/** How the shared fits of a run are made (plain data: it crosses to worker threads). */
export interface SharedFitOptions {
  readonly parameters: readonly SharedParameter[];
  /** Flag share_rejected when the F test gives p below this. */
  readonly alpha: number;
  readonly confidence: number;
  readonly bounds: FitBounds;
  /** The model as the options describe it (ll4 or ll3, with pinned asymptotes). */
  readonly model: 'll3' | 'll4';
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  readonly weights: 'none' | '1/y2';
}

/**
 * The shared-fit options of a run (undefined without --share), checked: a global fit is made for
 * the LL.4 family (LL.4, LL.3 and their pinned variants — what the drc references verify), and
 * an asymptote pinned with --top/--bottom (or LL.3's bottom) is the same on every line already,
 * so it cannot be "shared". Throws Ic50Error (usage).
 */
export function sharedFitOptionsOf(options: {
  readonly share?: readonly SharedParameter[] | undefined;
  readonly shareAlpha?: number | undefined;
  readonly confidence: number;
  readonly model: string;
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  readonly weights: 'none' | '1/y2';
  readonly bounds: FitBounds;
}): SharedFitOptions | undefined {
  const parameters = options.share ?? [];
  if (parameters.length === 0) return undefined;
  if (options.model !== 'll4' && options.model !== 'll3') {
    throw new Ic50Error(`--share fits the LL.4 family (ll4, ll3); not --model ${options.model}`, { code: 'usage', hint: 'use --model ll4 (or ll3) with --share' });
  }
  const model = resolveModel({ model: options.model, top: options.top, bottom: options.bottom });
  for (const name of parameters) {
    if (name === 'hill') continue;
    if (model.pinned[name] !== undefined) {
      throw new Ic50Error(`--share ${name}: the ${name} is pinned at ${model.pinned[name]} (${options.model === 'll3' && name === 'bottom' ? 'll3' : `--${name}`}): it is the same on every line already`, {
        code: 'usage',
        hint: `drop ${name} from --share, or the pin`,
      });
    }
  }
  return {
    parameters,
    alpha: options.shareAlpha ?? 0.05,
    confidence: options.confidence,
    bounds: options.bounds,
    model: options.model,
    top: options.top,
    bottom: options.bottom,
    weights: options.weights,
  };
}

/** A line enters a shared fit when its own fit has a dose response to share a shape with. */
function eligible(fit: CurveFit): boolean {
  return fit.converged && fit.points.log10Molar.length > 0 && !fit.flags.includes('flat') && !fit.flags.includes('too_few_concentrations');
}

/**
 * The global fit of the lines of one compound (and experiment) with `parameters` shared
 * (fitGlobal), and the extra-sum-of-squares F test of it against the lines' separate fits
 * (RSS and df summed; same model, points and weights):
 *
 *   F = ((RSS_shared − Σ RSS_separate)/(df_shared − Σ df_separate)) / (Σ RSS_separate/Σ df_separate),
 *
 * (drc's `anova(shared, separate)`, Prism's "compare: shared vs separate"); p < α flags
 * `share_rejected` on every row. Each line's log10 IC50 carries its Wald interval on the joint
 * fit's df. Lines whose own fit is flat or not fitted are left out; with fewer than two lines
 * left there is nothing to share (undefined). The fits must carry their points.
 */
export function sharedFitOf(fits: readonly CurveFit[], options: SharedFitOptions): SharedFit | undefined {
  const used = fits.filter(eligible);
  if (used.length < 2) return undefined;
  const model: DoseResponseModel = resolveModel({ model: options.model, top: options.top, bottom: options.bottom });
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const separate: CurveSolution[] = used.map((fit) => {
    const weights = options.weights === '1/y2' ? relativeWeights(fit.points.response) : undefined;
    return fitCurve(fit.points.log10Molar, fit.points.response, { bounds, model, ...(weights ? { weights } : {}) });
  });
  const rssSeparate = separate.reduce((s, f) => s + f.rss, 0);
  const dfSeparate = separate.reduce((s, f) => s + f.dfResidual, 0);
  const global = fitGlobal(
    separate.map((s) => s.data),
    separate.map((s) => s.parameters),
    { model, shared: new Set(options.parameters), bounds },
  );
  const identity = { compound: used[0]!.compound, experiment: used[0]!.experiment, parameters: [...options.parameters] };
  if (!global.converged || !separate.every((s) => s.converged)) {
    return { ...identity, lines: [], log10Ic50Covariance: [], rss: global.rss, dfResidual: global.dfResidual, rssSeparate, dfSeparate, f: Number.NaN, p: Number.NaN, converged: false, flags: ['share_failed'] };
  }
  const test = extraSumOfSquaresTest(global.rss, global.dfResidual, rssSeparate, dfSeparate);
  const critical = studentTCritical(options.confidence, global.dfResidual);
  const P = global.nParameters;
  const variance = (a: number, b: number): number => (a < 0 || b < 0 || !global.covariance ? Number.NaN : global.covariance[a * P + b]!);
  const estimate = (j: number, i: number): Estimate => {
    const at = global.index[j]![i]!;
    if (at < 0) return { ...MISSING, value: global.parameters[j]![i]! };
    return waldEstimate(global.parameters[j]![i]!, Math.sqrt(variance(at, at)), critical);
  };
  const lines: SharedFitLine[] = used.map((fit, j) => ({
    cellLine: fit.cellLine,
    log10Ic50: estimate(j, 0),
    hill: estimate(j, 1),
    top: estimate(j, 2),
    bottom: estimate(j, 3),
  }));
  const log10Ic50Covariance: number[] = [];
  for (let a = 0; a < used.length; a++) for (let b = 0; b < used.length; b++) log10Ic50Covariance.push(variance(global.index[a]![0]!, global.index[b]![0]!));
  const flags: Flag[] = test.p < options.alpha ? ['share_rejected'] : [];
  return { ...identity, lines, log10Ic50Covariance, rss: global.rss, dfResidual: global.dfResidual, rssSeparate, dfSeparate, f: test.f, p: test.p, converged: true, flags };
}

/**
 * The resistance factor of `line` against `parental` within one shared fit: log10 RF = θ_line −
 * θ_parental with se² = var θ_line + var θ_parental − 2 cov(θ_line, θ_parental) from the joint
 * covariance, and a Wald interval on the joint fit's df. With a shared hill this is the classic
 * parallel-line relative potency (Finney, Statistical Method in Biological Assay, 1978, ch. 4;
 * drc's `EDcomp`/`compParm`, which give the same ratio with a delta interval on the ratio scale).
 * MISSING when either line is not in the fit.
 */
export function sharedLog10Rf(shared: SharedFit, line: string, parental: string, confidence: number): Estimate {
  const a = shared.lines.findIndex((l) => l.cellLine === line);
  const b = shared.lines.findIndex((l) => l.cellLine === parental);
  if (a < 0 || b < 0 || a === b) return MISSING;
  const n = shared.lines.length;
  const cov = shared.log10Ic50Covariance;
  const value = shared.lines[a]!.log10Ic50.value - shared.lines[b]!.log10Ic50.value;
  const se = Math.sqrt(cov[a * n + a]! + cov[b * n + b]! - 2 * cov[a * n + b]!);
  return waldEstimate(value, se, studentTCritical(confidence, shared.dfResidual));
}
