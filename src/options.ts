import { DEFAULT_BOUNDS, type FitBounds } from './fit/fitCurve.js';
import type { ConcentrationUnit } from './plate/concentrationUnit.js';

/** Everything `analyze` can be told, with its default. The CLI maps flags onto this, one to one. */
export interface AnalyzeOptions {
  /** Concentration unit when the input names none (--unit). */
  readonly unit?: ConcentrationUnit | undefined;
  /** Report IC50 in this unit instead of the input's (--unit-out). */
  readonly unitOut?: ConcentrationUnit | undefined;
  /** Cell line for inputs without a cell-line column (--cell-line). */
  readonly cellLine?: string | undefined;
  /** Unusable signals are errors, not excluded wells (--strict). Default false. */
  readonly strict?: boolean | undefined;
  /** Normalize to vehicle and blank controls (--no-normalize turns it off). Default true. */
  readonly normalize?: boolean | undefined;
  /** Compare every other line with this one (--parental). */
  readonly parental?: string | undefined;
  /** Explicit comparisons (--pair RESISTANT=PARENTAL). */
  readonly pairs?: readonly (readonly [string, string])[] | undefined;
  /** Confidence level of every interval. Default 0.95. */
  readonly confidence?: number | undefined;
  /** Search window of the fit. Default DEFAULT_BOUNDS. */
  readonly bounds?: FitBounds | undefined;
}

export const DEFAULTS = {
  strict: false,
  normalize: true,
  confidence: 0.95,
  bounds: DEFAULT_BOUNDS,
} as const;
