import type { Curve, Flag } from '../types.js';
import type { CurveSolution } from './fitCurve.js';
import type { FitStatistics } from './fitStatistics.js';
import { isFlat } from './isFlat.js';

/** Everything a flag rule may look at: the curve, the fit, its statistics and the thresholds. */
export interface FlagContext {
  readonly curve: Pick<Curve, 'noBlank' | 'qcFailed'>;
  /** ROUT found outliers and left them in the fit (--outliers flag). */
  readonly outliersFlagged: boolean;
  readonly solution: CurveSolution;
  readonly statistics: FitStatistics;
  /** Flag `ambiguous` when the IC50 interval spans more than this many decades. */
  readonly ambiguousWidth: number;
  /** The flat test's threshold. */
  readonly flatAlpha: number;
}

type FlagRule = (context: FlagContext) => boolean;

/** The IC50 interval (Wald or profile) of the fit. */
const ic50 = (context: FlagContext) => context.statistics.estimates[context.solution.model.parameterNames[0]!]!;

/** Rules about the curve's shape (IC50, bounds, interval) say nothing when there is no curve, only a level. */
const shaped = (rule: FlagRule): FlagRule => (context) => !context.statistics.noResponse && rule(context);

/** The fitted IC50 lies above the highest tested concentration: an extrapolation. */
const ic50AboveRange: FlagRule = (context) => ic50(context).value > context.solution.log10Range[1];
/** The fitted IC50 lies below the lowest tested concentration. */
const ic50BelowRange: FlagRule = (context) => ic50(context).value < context.solution.log10Range[0];
/** A shape parameter ended on its search bound: the unconstrained optimum lies beyond. */
const boundHit: FlagRule = (context) => context.solution.boundsHit.length > 0;
/**
 * The data do not pin the IC50 down: no covariance (singular, or no residual df), an open
 * profile interval (wider than any width), or an interval wider than `ambiguousWidth` decades.
 */
const ambiguous: FlagRule = (context) => {
  const interval = ic50(context);
  return !context.solution.covariance || context.statistics.ciOpen || interval.upper - interval.lower > context.ambiguousWidth;
};
/** No dose response worth an IC50 (isFlat: the F test, or the size of the effect where the test has too few df). */
const flat: FlagRule = (context) => {
  const { flatP, rSquared, responseSpan, noResponse } = context.statistics;
  return isFlat({ flatP, rSquared, responseSpan, noResponse, dfResidual: context.solution.dfResidual }, context.flatAlpha);
};
/** The fitted curve never crosses 50 % viability: no absolute IC50. */
const noAbsoluteIc50: FlagRule = (context) => context.solution.converged && Number.isNaN(context.statistics.metrics.log10AbsoluteIc50);

/** The fitted curve never crosses 100 − P % viability at some ICx level asked for: that icP_abs is empty. */
const noAbsoluteIcx: FlagRule = (context) => context.solution.converged && (context.statistics.icx ?? []).some((x) => Number.isNaN(x.log10Absolute.value));
/** An ICx asked for lies beyond the tested concentrations: an extrapolation (a bound in the table). */
const icxBeyondRange: FlagRule = (context) => {
  const [low, high] = context.solution.log10Range;
  return (context.statistics.icx ?? []).some((x) => x.log10Relative.value < low || x.log10Relative.value > high);
};

/** The flag rules of a fitted curve, in the order flags are reported. */
const FLAG_RULES: readonly (readonly [Flag, FlagRule])[] = [
  ['no_blank', (context) => context.curve.noBlank],
  ['plate_qc_failed', (context) => context.curve.qcFailed === true],
  ['outliers', (context) => context.outliersFlagged],
  ['ci_open', (context) => context.statistics.ciOpen],
  ['not_converged', (context) => !context.solution.converged],
  ['ic50_above_range', shaped(ic50AboveRange)],
  ['ic50_below_range', shaped(ic50BelowRange)],
  ['bound_hit', shaped(boundHit)],
  ['ambiguous', shaped(ambiguous)],
  ['flat', flat],
  ['no_absolute_ic50', shaped(noAbsoluteIc50)],
  ['icx_beyond_range', shaped(icxBeyondRange)],
  ['no_absolute_icx', shaped(noAbsoluteIcx)],
];

/** The flags of a fitted curve: every rule of FLAG_RULES that holds, in that order. */
export function fitFlags(context: FlagContext): Flag[] {
  const flags: Flag[] = [];
  for (const [flag, holds] of FLAG_RULES) if (holds(context)) flags.push(flag);
  return flags;
}
