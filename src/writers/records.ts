import { fromLog10Molar, parseConcentrationUnit } from '../plate/concentrationUnit.js';
import type { CurveFit } from '../types.js';

/**
 * The output columns, in order: the one place their names are defined. Every data format
 * (csv, tsv, json, ndjson) uses exactly these names; README.md defines each.
 */
export const COLUMNS = [
  'cell_line',
  'compound',
  'plate',
  'n_points',
  'n_concentrations',
  'unit',
  'ic50',
  'ic50_ci_low',
  'ic50_ci_high',
  'log10_ic50',
  'hill',
  'top',
  'bottom',
  'r2',
  'rss',
  'converged',
  'flags',
  'parental',
  'rf',
  'rf_ci_low',
  'rf_ci_high',
  'pic50',
  'ic50_abs',
  'emax',
  'auc',
  'flat_p',
  'log10_ic50_se',
  'hill_se',
  'top_se',
  'bottom_se',
  'rf_p',
  'experiment',
  'n_experiments',
  'model',
  'asymmetry',
  'asymmetry_se',
  'n_outliers',
  'outliers',
  'hill_ci_low',
  'hill_ci_high',
  'top_ci_low',
  'top_ci_high',
  'bottom_ci_low',
  'bottom_ci_high',
  'asymmetry_ci_low',
  'asymmetry_ci_high',
] as const;

export type Column = (typeof COLUMNS)[number];

/** A value of a record: numbers that are not finite become null, never "NaN" in an output. */
export type Cell = string | number | boolean | null | string[];
export type FitRecord = Record<Column, Cell>;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * One fit as an output record, in the curve's unit: ic50 and its interval are 10^(log10 bounds)
 * converted from molar; log10_ic50 is log10 of the ic50 column's value (in `unit`).
 */
export function toRecord(fit: CurveFit): FitRecord {
  const unit = parseConcentrationUnit(fit.unit) ?? parseConcentrationUnit('M')!;
  const concentration = (log10Molar: number): number | null => finite(fromLog10Molar(log10Molar, unit));
  const ic50 = concentration(fit.log10Ic50.value);
  const rf = (x: number): number | null => finite(Math.pow(10, x));
  return {
    cell_line: fit.cellLine,
    compound: fit.compound,
    plate: [...fit.plates],
    n_points: fit.nPoints,
    n_concentrations: fit.nConcentrations,
    unit: unit.name,
    ic50,
    ic50_ci_low: concentration(fit.log10Ic50.lower),
    ic50_ci_high: concentration(fit.log10Ic50.upper),
    log10_ic50: ic50 === null ? null : finite(fit.log10Ic50.value - unit.log10Molar),
    hill: finite(fit.hill.value),
    top: finite(fit.top.value),
    bottom: finite(fit.bottom.value),
    r2: finite(fit.rSquared),
    rss: finite(fit.rss),
    converged: fit.converged,
    flags: [...fit.flags],
    parental: fit.parental,
    rf: rf(fit.log10Rf.value),
    rf_ci_low: rf(fit.log10Rf.lower),
    rf_ci_high: rf(fit.log10Rf.upper),
    pic50: finite(fit.metrics.pIc50),
    ic50_abs: concentration(fit.metrics.log10AbsoluteIc50),
    emax: finite(fit.metrics.emax),
    auc: finite(fit.metrics.auc),
    flat_p: finite(fit.flatP),
    log10_ic50_se: finite(fit.log10Ic50.standardError),
    hill_se: finite(fit.hill.standardError),
    top_se: finite(fit.top.standardError),
    bottom_se: finite(fit.bottom.standardError),
    rf_p: finite(fit.rfP ?? Number.NaN),
    experiment: fit.experiment ?? '',
    n_experiments: fit.nExperiments ?? null,
    model: fit.model ?? 'll4',
    asymmetry: finite(fit.asymmetry?.value ?? Number.NaN),
    asymmetry_se: finite(fit.asymmetry?.standardError ?? Number.NaN),
    n_outliers: fit.outliers ? fit.outliers.wells.length : 0,
    outliers: fit.outliers ? [...fit.outliers.wells] : [],
    hill_ci_low: finite(fit.hill.lower),
    hill_ci_high: finite(fit.hill.upper),
    top_ci_low: finite(fit.top.lower),
    top_ci_high: finite(fit.top.upper),
    bottom_ci_low: finite(fit.bottom.lower),
    bottom_ci_high: finite(fit.bottom.upper),
    asymmetry_ci_low: finite(fit.asymmetry?.lower ?? Number.NaN),
    asymmetry_ci_high: finite(fit.asymmetry?.upper ?? Number.NaN),
  };
}
