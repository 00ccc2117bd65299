import { fromLog10Molar, unitOrMolar } from '../plate/concentrationUnit.js';
import type { ResultRow } from '../types.js';
import type { Cell, ColumnGroup, OutputOptions } from './columns.js';

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** `time` after `experiment`: hours from treatment to the read, when the data hold several end times. */
export const TIME_COLUMNS: ColumnGroup = {
  after: 'experiment',
  columns: (options: OutputOptions) => (options.detected?.times ? ['time'] : []),
  cells(row: ResultRow) {
    const time = row.kind === 'fit' ? row.fit.time : row.summary.time;
    return { time: finite(time) };
  },
};

/** The growth-rate and NCI-60 columns, in order. */
export const GROWTH_COLUMN_NAMES = [
  'control_doublings',
  'gr50',
  'gr50_ci_low',
  'gr50_ci_high',
  'gr_max',
  'gr_inf',
  'gec50',
  'h_gr',
  'gr_aoc',
  'gr_r2',
  'gr_flat_p',
  'gi50',
  'tgi',
  'lc50',
] as const;

/**
 * Growth-rate (GR) metrics and the NCI-60 measures, after `auc`, when some plate has a growth-rate
 * reference (time-zero reads or --doubling-time): concentrations (gr50 and its interval, gec50,
 * gi50, tgi, lc50) in the row's unit; GR50 and the NCI measures are the tested end itself where
 * only a bound (flags gr50_above_range, gi50_above_range, …). Empty on summaries and on curves
 * without a reference.
 */
export const GROWTH_COLUMNS: ColumnGroup = {
  after: 'auc',
  columns: (options: OutputOptions) => (options.detected?.growth ? [...GROWTH_COLUMN_NAMES] : []),
  cells(row: ResultRow) {
    const gr = row.kind === 'fit' ? row.fit.gr : undefined;
    const unit = unitOrMolar(row.kind === 'fit' ? row.fit.unit : row.summary.unit);
    const concentration = (log10: number | undefined) => finite(log10 === undefined ? undefined : fromLog10Molar(log10, unit));
    const cells: Record<string, Cell> = {
      control_doublings: finite(gr?.doublings),
      gr50: concentration(gr?.log10Gr50.value),
      gr50_ci_low: concentration(gr?.log10Gr50.lower),
      gr50_ci_high: concentration(gr?.log10Gr50.upper),
      gr_max: finite(gr?.grMax),
      gr_inf: finite(gr?.grInf.value),
      gec50: concentration(gr?.log10Gec50.value),
      h_gr: finite(gr?.hill.value),
      gr_aoc: finite(gr?.aoc),
      gr_r2: finite(gr?.rSquared),
      gr_flat_p: finite(gr?.flatP),
      gi50: concentration(gr?.gi50.log10),
      tgi: concentration(gr?.tgi.log10),
      lc50: concentration(gr?.lc50.log10),
    };
    return cells;
  },
};

/** The GR50 resistance factor after `rf_p` (and the RFs at ICx levels): `gr_rf`, `gr_rf_ci_low`, `gr_rf_ci_high`. */
export const GROWTH_RF_COLUMNS: ColumnGroup = {
  after: 'rf_p',
  columns: (options: OutputOptions) => (options.detected?.growth ? ['gr_rf', 'gr_rf_ci_low', 'gr_rf_ci_high'] : []),
  cells(row: ResultRow) {
    const rf = row.comparison?.grLog10Rf;
    const power = (x: number | undefined) => finite(x === undefined ? undefined : Math.pow(10, x));
    return { gr_rf: power(rf?.value), gr_rf_ci_low: power(rf?.lower), gr_rf_ci_high: power(rf?.upper) };
  },
};
