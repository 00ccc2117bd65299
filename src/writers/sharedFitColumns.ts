import { sharedLog10Rf } from '../compare/sharedFit.js';
import { fromLog10Molar, unitOrMolar } from '../plate/concentrationUnit.js';
import type { Cell, ColumnGroup } from './columns.js';

const COLUMNS = [
  'shared',
  'shared_ic50',
  'shared_ic50_ci_low',
  'shared_ic50_ci_high',
  'shared_hill',
  'shared_hill_se',
  'shared_top',
  'shared_bottom',
  'shared_rf',
  'shared_rf_ci_low',
  'shared_rf_ci_high',
  'share_f',
  'share_p',
] as const;

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * The columns of a global fit (--share), after `rf_p`: `shared` (the parameters shared), the
 * line's IC50 in the shared fit with its interval (in the row's unit), its hill and asymptotes
 * there, the RF against the row's parental from the same fit with its interval (with a shared
 * hill: the parallel-line relative potency), and the F test of shared against separate fits
 * (`share_f`, `share_p`, the same on every row of the compound). Empty on summaries and for
 * lines left out of the shared fit.
 */
export const SHARED_FIT_COLUMNS: ColumnGroup = {
  after: 'rf_p',
  columns: (options) => ((options.share?.length ?? 0) > 0 ? [...COLUMNS] : []),
  cells(row, options) {
    const cells: Record<string, Cell> = Object.fromEntries(COLUMNS.map((c) => [c, null]));
    cells.shared = [...(options.share ?? [])];
    if (row.kind !== 'fit' || !row.shared) return cells;
    const shared = row.shared;
    cells.share_f = finite(shared.f);
    cells.share_p = finite(shared.p);
    const line = shared.lines.find((l) => l.cellLine === row.fit.cellLine);
    if (!line) return cells;
    const unit = unitOrMolar(row.fit.unit);
    const concentration = (log10Molar: number) => finite(fromLog10Molar(log10Molar, unit));
    cells.shared_ic50 = concentration(line.log10Ic50.value);
    cells.shared_ic50_ci_low = concentration(line.log10Ic50.lower);
    cells.shared_ic50_ci_high = concentration(line.log10Ic50.upper);
    cells.shared_hill = finite(line.hill.value);
    cells.shared_hill_se = finite(line.hill.standardError);
    cells.shared_top = finite(line.top.value);
    cells.shared_bottom = finite(line.bottom.value);
    if (row.comparison) {
      const rf = sharedLog10Rf(shared, row.fit.cellLine, row.comparison.parental, options.confidence ?? 0.95);
      cells.shared_rf = finite(10 ** rf.value);
      cells.shared_rf_ci_low = finite(10 ** rf.lower);
      cells.shared_rf_ci_high = finite(10 ** rf.upper);
    }
    return cells;
  },
};
