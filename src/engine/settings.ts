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
  /** Report IC50s in this unit (a canonical unit name). */
  readonly unitOut?: string | undefined;
  /** Collect where each point came from (to name ROUT outliers). */
  readonly wellLabels: boolean;
  /** The options as given (plain data): what the output's column groups read. */
  readonly options: Options;
  /** Growth rate without time-zero reads: doubling times by cell line (hours) and the assay's length. */
  readonly growth: { readonly doublingTimes: readonly (readonly [string, number])[]; readonly assayHours: number | undefined };
}

/** The settings of an analysis from its options. */
export function settingsOf(options: Options, plateMaps: boolean): EngineSettings {
  return {
    read: {
      unit: options.unit,
      cellLine: options.cellLine,
      strict: options.strict,
      reader: options.reader,
      read: options.read,
      referenceSubtract: options.referenceSubtract,
      experiment: options.experiment,
      plateMaps,
    },
    normalize: options.normalize,
    qc: { minZPrime: options.minZPrime, maxVehicleCv: options.maxVehicleCv },
    fit: {
      confidence: options.confidence,
      bounds: fitBounds(options),
      model: options.model,
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
    unitOut: options.unitOut?.name,
    wellLabels: options.outliers !== 'off',
    options,
    growth: { doublingTimes: options.doublingTimes ?? [], assayHours: options.assayHours },
  };
}
