import type { CurveFit } from '../types.js';
import { formatNumber } from './formatNumber.js';
import { toRecord } from './records.js';

/** Cell lines in first-seen order, parental lines first; compounds in first-seen order. */
function axes(fits: readonly CurveFit[]): { lines: string[]; compounds: string[] } {
  const parentals = new Set(fits.map((f) => f.parental).filter((p) => p !== ''));
  const lines = [...new Set(fits.map((f) => f.cellLine))];
  lines.sort((a, b) => Number(parentals.has(b)) - Number(parentals.has(a)));
  return { lines, compounds: [...new Set(fits.map((f) => f.compound))] };
}

function cellText(fit: CurveFit | undefined): string {
  if (!fit) return '';
  const r = toRecord(fit);
  const n = (v: unknown) => formatNumber(v as number | null, 3);
  if (r.ic50 === null) return fit.flags.includes('too_few_concentrations') ? 'not fitted' : '—';
  const bound = fit.flags.includes('ic50_above_range') ? '>' : fit.flags.includes('ic50_below_range') ? '<' : '';
  let text = `${bound}${n(r.ic50)} [${n(r.ic50_ci_low) || '?'}–${n(r.ic50_ci_high) || '?'}] ${r.unit}`;
  if (fit.parental !== '' && r.rf !== null) {
    const rfBound = fit.flags.includes('rf_lower_bound') ? '>' : fit.flags.includes('rf_upper_bound') ? '<' : '';
    text += `; RF ${rfBound}${n(r.rf)} [${n(r.rf_ci_low) || '?'}–${n(r.rf_ci_high) || '?'}]`;
  }
  return fit.flags.length > 0 ? `${text} *` : text;
}

/**
 * The cross-resistance matrix as labs publish it: one row per cell line (parental lines first),
 * one column per compound, each cell "IC50 [CI] unit; RF [CI]" (">"/"<" where only a bound; "*"
 * where the fit carries flags — see the per-curve output for which). Aligned text for people.
 */
export function writeMatrixTable(fits: readonly CurveFit[]): string {
  const { lines, compounds } = axes(fits);
  const byKey = new Map(fits.map((f) => [`${f.cellLine}\u0000${f.compound}`, f]));
  const rows = [['cell line', ...compounds], ...lines.map((line) => [line, ...compounds.map((c) => cellText(byKey.get(`${line}\u0000${c}`)))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  const text = rows.map((row) => row.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ').trimEnd()).join('\n') + '\n';
  return fits.some((f) => f.flags.length > 0) ? `${text}* flagged fit: see the per-curve output\n` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The matrix for scripts: CSV with a row per cell line and, per compound, the columns
 * `<compound>.ic50`, `<compound>.ic50_ci_low`, `<compound>.ic50_ci_high`, `<compound>.rf`,
 * `<compound>.rf_ci_low`, `<compound>.rf_ci_high` (values as in the per-curve CSV, in each
 * fit's unit, given in `unit`).
 */
export function writeMatrixCsv(fits: readonly CurveFit[]): string {
  const { lines, compounds } = axes(fits);
  const byKey = new Map(fits.map((f) => [`${f.cellLine}\u0000${f.compound}`, f]));
  const fields = ['ic50', 'ic50_ci_low', 'ic50_ci_high', 'rf', 'rf_ci_low', 'rf_ci_high'] as const;
  const header = ['cell_line', 'unit', ...compounds.flatMap((c) => fields.map((f) => `${c}.${f}`))].map(quote).join(',');
  const rows = lines.map((line) => {
    const units = new Set<string>();
    const cells = compounds.flatMap((c) => {
      const fit = byKey.get(`${line}\u0000${c}`);
      if (!fit) return fields.map(() => '');
      const r = toRecord(fit);
      units.add(String(r.unit));
      return fields.map((f) => formatNumber(r[f] as number | null));
    });
    return [line, [...units].join(';'), ...cells].map(quote).join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}
