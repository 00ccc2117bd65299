import { DEFAULT_BOUNDS, type FitBounds } from './fit/fitCurve.js';
import type { PlateLayout } from './layouts/plateLayout.js';
import type { ConcentrationUnit } from './plate/concentrationUnit.js';
import { DEFAULT_QC } from './plate/plateQc.js';

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
  /** Pinned asymptotes in % viability (--top, --bottom): LL.3 with --bottom 0, LL.2 with both. */
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  /**
   * The curve equation (--model): ll4 (default), ll3 (LL.4 with the bottom pinned: at --bottom,
   * else 0, as drc's LL.3) or ll5 (asymmetric five-parameter logistic).
   */
  readonly model?: 'll3' | 'll4' | 'll5' | undefined;
  /**
   * ROUT outlier detection (--outliers): off (default), flag (list them, fit unchanged) or
   * remove (list them and refit without them).
   */
  readonly outliers?: 'off' | 'flag' | 'remove' | undefined;
  /** ROUT's maximum false discovery rate Q as a fraction (--outlier-q, in %). Default 0.01. */
  readonly outlierQ?: number | undefined;
  /** Weighting (--weights): none (default) or relative, 1/y². */
  readonly weights?: 'none' | '1/y2' | undefined;
  /** IC50 interval (--ci): Wald on log10 (default) or profile likelihood. */
  readonly ci?: 'wald' | 'profile' | undefined;
  /** RF interval (--rf-ci): delta method (default) or Fieller's. */
  readonly rfCi?: 'delta' | 'fieller' | undefined;
  /** Flag a curve `flat` when the F test against a constant gives p above this (--flat-alpha). Default 0.05. */
  readonly flatAlpha?: number | undefined;
  /** Flag `ambiguous` when the IC50 interval spans more than this many decades (--ambiguous-width). Default 2. */
  readonly ambiguousWidth?: number | undefined;
  /**
   * Separate independent experiments (--experiment): by plate, by file, by a column of a tidy CSV
   * (`{ column }`), or a fixed label for this input (a manifest's experiment column). Each
   * experiment is fitted on its own; the summary row "mean" gives the geometric-mean IC50 across
   * experiments.
   */
  readonly experiment?: 'plate' | 'file' | { readonly label: string } | { readonly column: string } | undefined;
  /** Plate id for the input's plate, replacing the one the file gives (a manifest's plate column). */
  readonly plateId?: string | undefined;
  /** Plate maps for plate-reader exports (--layout), already parsed. */
  readonly layouts?: readonly PlateLayout[] | undefined;
  /** Force a plate reader by id instead of detecting the format (--reader). */
  readonly reader?: string | undefined;
  /** Which read of an export to fit, by label or number (--read). Default: the raw read. */
  readonly read?: string | undefined;
  /** MTT: subtract the 620–700 nm reference read from the 540–600 nm signal. Default true. */
  readonly referenceSubtract?: boolean | undefined;
  /** Keep each plate's well map (signal, roles) in the report, for heat maps. Default false. */
  readonly plateMaps?: boolean | undefined;
  /** Plate QC: a plate fails below this Z′ (--min-z-prime). Default 0.5. */
  readonly minZPrime?: number | undefined;
  /** Plate QC: a plate fails above this vehicle CV in % (--max-vehicle-cv). Default 20. */
  readonly maxVehicleCv?: number | undefined;
}

export const DEFAULTS = {
  strict: false,
  normalize: true,
  confidence: 0.95,
  bounds: DEFAULT_BOUNDS,
  referenceSubtract: true,
  minZPrime: DEFAULT_QC.minZPrime,
  maxVehicleCv: DEFAULT_QC.maxVehicleCv,
} as const;

/**
 * The curve equation and pinned asymptotes that `options` ask for: --model ll3 is LL.4 with the
 * bottom pinned (at --bottom, else 0).
 */
export function fitModelOf(options: AnalyzeOptions): { model: 'll4' | 'll5'; top: number | undefined; bottom: number | undefined } {
  const bottom = options.model === 'll3' ? (options.bottom ?? 0) : options.bottom;
  return { model: options.model === 'll5' ? 'll5' : 'll4', top: options.top, bottom };
}
