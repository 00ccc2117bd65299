import type { Options } from '../options.js';
import type { ResultRow } from '../types.js';

/**
 * The output columns, in order — identity, IC50 and its interval, the curve's shape, fit
 * quality, the comparison, flags — the one place their names are defined. Every data format
 * (csv, tsv, json, ndjson) uses exactly these names; docs/outputs.md defines each.
 */
export const COLUMNS = [
  // identity
  'cell_line',
  'compound',
  'experiment',
  'kind',
  'n_experiments',
  'model',
  'plate',
  'n_points',
  'n_concentrations',
  // IC50
  'unit',
  'ic50',
  'ic50_ci_low',
  'ic50_ci_high',
  'log10_ic50',
  'log10_ic50_se',
  'pic50',
  'ic50_abs',
  // shape
  'hill',
  'hill_se',
  'hill_ci_low',
  'hill_ci_high',
  'top',
  'top_se',
  'top_ci_low',
  'top_ci_high',
  'bottom',
  'bottom_se',
  'bottom_ci_low',
  'bottom_ci_high',
  'asymmetry',
  'asymmetry_se',
  'asymmetry_ci_low',
  'asymmetry_ci_high',
  'emax',
  'auc',
  // quality
  'r2',
  'rss',
  'flat_p',
  'converged',
  'status',
  'iterations',
  'n_outliers',
  'outliers',
  // comparison
  'parental',
  'rf',
  'rf_ci_low',
  'rf_ci_high',
  'rf_p',
  // flags
  'flags',
] as const;

export type Column = (typeof COLUMNS)[number];

/** A value of a record: numbers that are not finite become null, never "NaN" in an output. */
export type Cell = string | number | boolean | null | string[];
export type FitRecord = Record<Column, Cell> & Record<string, Cell>;

/** The options that decide which columns an output has (the groups features add: see columnGroups.ts). */
export type OutputOptions = Partial<Options>;

/**
 * A group of columns a feature adds to the output when the options ask for it: where it goes
 * (after which base column), its column names, and its cells of a row.
 */
export interface ColumnGroup {
  readonly after: Column;
  columns(options: OutputOptions): readonly string[];
  cells(row: ResultRow, options: OutputOptions): Record<string, Cell>;
}
