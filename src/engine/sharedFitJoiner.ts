import type { CurveFit, ResultRow, SharedFit } from '../types.js';
import type { PlannedCurves } from './curveTable.js';
import type { PendingRow } from './results.js';

/** A compound's group: within its experiment and, with label columns, its check (lines of different checks are never fitted together). */
function groupKey(compound: string, experiment: string, labels?: readonly string[]): string {
  return labels && labels.length > 0 ? `${compound}\u0000${experiment}\u0000${labels.join('\u0001')}` : `${compound}\u0000${experiment}`;
}

/**
 * Holds the rows of each compound (and experiment) until every one of its curves is fitted, then
 * has the compound's shared fit made (--share) and releases the rows with it attached. Which
 * curves make a compound is known from the plan, so rows come out in the order their compound's
 * last curve completes — the same for any number of threads. Memory holds the fits of the
 * compounds still open.
 */
export class SharedFitJoiner {
  private readonly groups = new Map<string, { planned: number; fits: CurveFit[]; rows: PendingRow[] }>();

  constructor(
    curves: PlannedCurves,
    private readonly fitShared: (fits: readonly CurveFit[]) => Promise<SharedFit | undefined>,
  ) {
    for (const curve of curves.identities()) {
      const key = groupKey(curve.compound, curve.experiment, curve.labels);
      const group = this.groups.get(key) ?? { planned: 0, fits: [], rows: [] };
      group.planned++;
      this.groups.set(key, group);
    }
  }

  /** The rows ready once `fit` (whose rows, and those it completed, are `rows`) is in. */
  complete(fit: CurveFit, rows: readonly PendingRow[]): PendingRow[] {
    const key = groupKey(fit.compound, fit.experiment, fit.labels);
    const group = this.groups.get(key);
    if (!group) return [...rows];
    group.fits.push(fit);
    group.rows.push(...rows);
    if (group.fits.length < group.planned) return [];
    this.groups.delete(key);
    const shared = this.fitShared(group.fits);
    return group.rows.map(async (pending): Promise<ResultRow> => {
      const [row, fitted] = await Promise.all([pending, shared]);
      return row.kind === 'fit' && fitted ? { ...row, shared: fitted } : row;
    });
  }
}
