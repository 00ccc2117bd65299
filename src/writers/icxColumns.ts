import { icxLevels } from '../icxLevels.js';
import { fromLog10Molar, unitOrMolar } from '../plate/concentrationUnit.js';
import type { ResultRow } from '../types.js';
import type { Cell, ColumnGroup, OutputOptions } from './columns.js';

/** "ic20", "ic12.5": the column stem of an ICx level. */
export function icxStem(level: number): string {
  return `ic${String(level)}`;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * ICx columns (--icx, and the levels of --rf-at), after `ic50_abs`, per level P: `icP`,
 * `icP_ci_low`, `icP_ci_high` (relative ICx and its interval) and `icP_abs` (absolute ICx), in
 * the row's unit; empty on summaries and where not estimated.
 */
export const ICX_COLUMNS: ColumnGroup = {
  after: 'ic50_abs',
  columns: (options: OutputOptions) => icxLevels({ icx: options.icx ?? [], rfAt: options.rfAt ?? [] }).flatMap((level) => {
    const stem = icxStem(level);
    return [stem, `${stem}_ci_low`, `${stem}_ci_high`, `${stem}_abs`];
  }),
  cells(row: ResultRow, options: OutputOptions) {
    const out: Record<string, Cell> = {};
    const fit = row.kind === 'fit' ? row.fit : undefined;
    const unit = unitOrMolar((fit ?? (row.kind === 'summary' ? row.summary : undefined))?.unit ?? '');
    const concentration = (log10: number | undefined) => finite(log10 === undefined ? undefined : fromLog10Molar(log10, unit));
    for (const level of icxLevels({ icx: options.icx ?? [], rfAt: options.rfAt ?? [] })) {
      const stem = icxStem(level);
      const x = fit?.icx?.find((e) => e.level === level);
      out[stem] = concentration(x?.log10Relative.value);
      out[`${stem}_ci_low`] = concentration(x?.log10Relative.lower);
      out[`${stem}_ci_high`] = concentration(x?.log10Relative.upper);
      out[`${stem}_abs`] = concentration(x?.log10Absolute.value);
    }
    return out;
  },
};

/** Resistance factors at ICx levels (--rf-at), after `rf_p`: `rf_icP`, `rf_icP_ci_low`, `rf_icP_ci_high`. */
export const RF_AT_COLUMNS: ColumnGroup = {
  after: 'rf_p',
  columns: (options: OutputOptions) => (options.rfAt ?? []).flatMap((level) => {
    const stem = `rf_${icxStem(level)}`;
    return [stem, `${stem}_ci_low`, `${stem}_ci_high`];
  }),
  cells(row: ResultRow, options: OutputOptions) {
    const out: Record<string, Cell> = {};
    const power = (x: number | undefined) => finite(x === undefined ? undefined : Math.pow(10, x));
    for (const level of options.rfAt ?? []) {
      const stem = `rf_${icxStem(level)}`;
      const rf = row.comparison?.rfAt?.find((r) => r.level === level)?.log10Rf;
      out[stem] = power(rf?.value);
      out[`${stem}_ci_low`] = power(rf?.lower);
      out[`${stem}_ci_high`] = power(rf?.upper);
    }
    return out;
  },
};
