import type { ExclusionRow } from '../engine/review.js';

/** A cell of the table: quoted when it holds a delimiter or a quote (the reader sniffs `,` `;` and tab, outside quotes). */
function cell(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  return /[",;\t]/.test(line) ? `"${line.replace(/"/g, '""')}"` : line;
}

/**
 * An exclusion table as `--exclude-file` reads it (readExclusionTable): a `plate,well,reason`
 * header, then one row per well. What the report's "Save exclusions" downloads.
 */
export function exclusionTableCsv(rows: readonly ExclusionRow[]): string {
  return ['plate,well,reason', ...rows.map((r) => [r.plate, r.well, r.reason].map(cell).join(','))].join('\n') + '\n';
}
