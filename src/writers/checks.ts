import type { ResultRow } from '../types.js';

/** A row's check: the values of its label columns (passage, date, …) joined, "" without labels. */
export function checkOf(row: ResultRow): string {
  return ((row.kind === 'fit' ? row.fit.labels : row.summary.labels) ?? []).filter((v) => v !== '').join(', ');
}

/**
 * Whether rows hold several checks (their labels differ): one cell per cell line and compound —
 * a cross-resistance matrix — would then show one check and hide the others, so the matrix is
 * left out and `ic50 trend` follows the checks (`fit --matrix` goes further: it refuses any label
 * column, even with one check).
 */
export function holdsSeveralChecks(rows: readonly ResultRow[]): boolean {
  return new Set(rows.map(checkOf)).size > 1;
}
