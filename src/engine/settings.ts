import { sharedFitOptionsOf, type SharedFitOptions } from '../compare/sharedFit.js';
import { modelComparisonOf, type ModelComparisonOptions } from '../fit/compareModels.js';
import type { DoseResponseOptions } from '../fit/fitDoseResponse.js';
import { fitBounds, icxLevels, type Options } from '../options.js';
import type { QcThresholds } from '../plate/plateQc.js';
import type { ReadSettings } from './chunkWells.js';

/** How result rows are written where they are made (a worker renders its rows as text). */
export interface RenderSettings {
  readonly format: 'csv' | 'tsv' | 'ndjson' | 'json';
  /** CSV/TSV: write text cells as they are, without neutralising spreadsheet formulas. */
  readonly rawCells: boolean;
  /** The output's columns, in order (outputColumns of the options). */
  readonly columns: readonly string[];
  /** CSV/TSV: numbers with a decimal comma (CSV then separated by ";"). */
  readonly decimalComma?: boolean | undefined;
}

/** How wells are written where they are made (a worker renders its chunk's wells as text). */
export interface WellsRenderSettings {
  readonly format: 'csv' | 'tsv' | 'json' | 'ndjson';
  /** CSV/TSV: write text cells as they are, without neutralising spreadsheet formulas. */
  readonly rawCells: boolean;
  /** Add the `time` and `gr_value` columns (GROWTH_WELL_COLUMNS): set when the data hold growth-rate references or several end times. */
  readonly growth?: boolean;
}

/**
 * Everything a task needs to know of the options, as plain data (it crosses to worker threads):
 * how to read, normalize, fit and write.
 */
export interface EngineSettings {
  readonly read: ReadSettings;
  readonly normalize: boolean;
  readonly qc: QcThresholds;
  readonly fit: DoseResponseOptions;
  /** Models compared per curve (--compare-models, --model auto); undefined: none. */
  readonly compareModels?: ModelComparisonOptions | undefined;
  /** Global fits per compound with shared parameters (--share); undefined: none. */
  readonly share?: SharedFitOptions | undefined;
  /** Report IC50s in this unit (a canonical unit name). */
  readonly unitOut?: string | undefined;
  /** Collect where each point came from (to name ROUT outliers; for the report's page). */
  readonly wellLabels: boolean;
  /** Keep on each fit the curve it was fitted to (CurveFit.curve): the HTML report's page refits it. */
  readonly keepCurves?: boolean | undefined;
  /** The options as given (plain data): what the output's column groups read. */
  readonly options: Options;
  /** Growth rate without time-zero reads: doubling times by cell line (hours) and the assay's length. */
  readonly growth: { readonly doublingTimes: readonly (readonly [string, number])[]; readonly assayHours: number | undefined };
}

/** The settings of an analysis from its options (`keepCurves`: a sink wants the curves, see EngineSettings). */
export function settingsOf(options: Options, plateMaps: boolean, keepCurves = false): EngineSettings {
  return {
    read: {
      unit: options.unit,
      cellLine: options.cellLine,
      strict: options.strict,
      reader: options.reader,
      read: options.read,
      referenceSubtract: options.referenceSubtract,
      experiment: options.experiment,
      labelColumns: options.labelColumns,
      plateMaps,
      exclusions: options.exclude,
    },
    normalize: options.normalize,
    qc: { minZPrime: options.minZPrime, maxVehicleCv: options.maxVehicleCv },
    fit: {
      confidence: options.confidence,
      bounds: fitBounds(options),
      // --model auto fits what the comparison prefers, per curve (compareModels).
      model: options.model === 'auto' ? 'll4' : options.model,
      top: options.top,
      bottom: options.bottom,
      flatAlpha: options.flatAlpha,
      ci: options.ci,
      weights: options.weights,
      ambiguousWidth: options.ambiguousWidth,
      outliers: options.outliers,
      outlierQ: options.outlierQ / 100,
      icx: icxLevels(options),
    },
    compareModels: modelComparisonOf(options),
    share: sharedFitOptionsOf({ ...options, bounds: fitBounds(options) }),
    unitOut: options.unitOut?.name,
    wellLabels: options.outliers !== 'off' || keepCurves,
    ...(keepCurves ? { keepCurves } : {}),
    options,
    growth: { doublingTimes: options.doublingTimes ?? [], assayHours: options.assayHours },
  };
}
