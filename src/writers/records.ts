import { fromLog10Molar, unitKind, unitOrMolar } from '../plate/concentrationUnit.js';
import type { CurveFit, Estimate, ResultRow } from '../types.js';
import { COLUMN_GROUPS } from './columnGroups.js';
import { COLUMNS, type ColumnGroup, type FitRecord, type OutputOptions } from './columns.js';

export { COLUMNS, type Cell, type FitRecord, type OutputOptions } from './columns.js';

/** The output columns for these options: COLUMNS with every group that applies inserted after its anchor. */
export function outputColumns(options: OutputOptions = {}, groups: readonly ColumnGroup[] = COLUMN_GROUPS): string[] {
  const out: string[] = [];
  for (const column of COLUMNS) {
    out.push(column);
    for (const group of groups) if (group.after === column) out.push(...group.columns(options));
  }
  return out;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

const NONE: Estimate = { value: Number.NaN, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN };

/**
 * One output row as a record, in the curve's unit: ic50 and its interval are 10^(log10 bounds)
 * converted from molar; log10_ic50 is log10 of the ic50 column's value (in `unit`). A fit's row
 * carries its shape and quality; a summary's row (kind `summary`) only its mean IC50, interval
 * and how many experiments it averages; either carries its comparison when it has one.
 */
export function recordOf(row: ResultRow, options: OutputOptions = {}): FitRecord {
  const fit = row.kind === 'fit' ? row.fit : undefined;
  const summary = row.kind === 'summary' ? row.summary : undefined;
  const base = (fit ?? summary)!;
  const unit = unitOrMolar(base.unit);
  // An interval bound so far out that 10^bound underflows to 0 is no number to print (bounds are never 0).
  const concentration = (log10Molar: number): number | null => {
    const value = fromLog10Molar(log10Molar, unit);
    return value === 0 && !unit.isLog ? null : finite(value);
  };
  const ic50 = concentration(base.log10Ic50.value);
  const power = (x: number): number | null => {
    const value = Math.pow(10, x);
    return value === 0 ? null : finite(value);
  };
  const estimate = (e: Estimate | undefined) => e ?? NONE;
  const comparison = row.comparison;
  const rf = comparison?.log10Rf ?? NONE;
  const record: FitRecord = {
    cell_line: base.cellLine,
    compound: base.compound,
    experiment: fit ? fit.experiment : '',
    kind: row.kind,
    n_experiments: summary ? summary.nExperiments : null,
    model: fit ? (fit.model ?? 'll4') : '',
    plate: [...base.plates],
    n_points: base.nPoints,
    n_concentrations: base.nConcentrations,
    unit: unit.name,
    ic50,
    ic50_ci_low: concentration(base.log10Ic50.lower),
    ic50_ci_high: concentration(base.log10Ic50.upper),
    log10_ic50: ic50 === null ? null : finite(base.log10Ic50.value - unit.log10Molar),
    log10_ic50_se: finite(base.log10Ic50.standardError),
    // pIC50 is −log10 of a molarity: not defined for a compound dosed by mass (µg/mL).
    pic50: unitKind(unit) === 'mass' ? null : fit ? finite(fit.metrics.pIc50) : finite(-base.log10Ic50.value),
    ic50_abs: fit ? concentration(fit.metrics.log10AbsoluteIc50) : null,
    hill: finite(fit?.hill.value),
    hill_se: finite(fit?.hill.standardError),
    hill_ci_low: finite(fit?.hill.lower),
    hill_ci_high: finite(fit?.hill.upper),
    top: finite(fit?.top.value),
    top_se: finite(fit?.top.standardError),
    top_ci_low: finite(fit?.top.lower),
    top_ci_high: finite(fit?.top.upper),
    bottom: finite(fit?.bottom.value),
    bottom_se: finite(fit?.bottom.standardError),
    bottom_ci_low: finite(fit?.bottom.lower),
    bottom_ci_high: finite(fit?.bottom.upper),
    asymmetry: finite(estimate(fit?.asymmetry).value),
    asymmetry_se: finite(estimate(fit?.asymmetry).standardError),
    asymmetry_ci_low: finite(estimate(fit?.asymmetry).lower),
    asymmetry_ci_high: finite(estimate(fit?.asymmetry).upper),
    emax: finite(fit?.metrics.emax),
    auc: finite(fit?.metrics.auc),
    r2: finite(fit?.rSquared),
    rss: finite(fit?.rss),
    flat_p: finite(fit?.flatP),
    converged: fit ? fit.converged : null,
    status: fit?.status ?? '',
    iterations: fit?.iterations ?? null,
    n_outliers: fit ? (fit.outliers?.wells.length ?? 0) : null,
    outliers: fit?.outliers ? [...fit.outliers.wells] : [],
    parental: comparison?.parental ?? '',
    rf: power(rf.value),
    rf_ci_low: power(rf.lower),
    rf_ci_high: power(rf.upper),
    rf_p: finite(comparison?.rfP),
    flags: [...base.flags, ...(comparison?.flags ?? []), ...(row.kind === 'fit' ? (row.shared?.flags ?? []) : [])],
  };
  for (const group of COLUMN_GROUPS) if (group.columns(options).length > 0) Object.assign(record, group.cells(row, options));
  return record;
}

/** One fit's record, without a comparison. */
export function toRecord(fit: CurveFit, options: OutputOptions = {}): FitRecord {
  return recordOf({ kind: 'fit', fit }, options);
}
