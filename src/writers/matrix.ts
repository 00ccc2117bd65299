import { formatNumber } from './formatNumber.js';
import type { FitRecord } from './records.js';

/** Output records as the matrix needs them: the per-curve output, read back or made now. */
export type MatrixRecord = Pick<FitRecord, 'cell_line' | 'compound' | 'unit' | 'ic50' | 'ic50_ci_low' | 'ic50_ci_high' | 'rf' | 'rf_ci_low' | 'rf_ci_high' | 'parental' | 'flags'> &
  Partial<Pick<FitRecord, 'experiment'>>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flagsOf = (r: MatrixRecord): string[] => (Array.isArray(r.flags) ? r.flags : text(r.flags).split(';').filter(Boolean));

/** Records of the matrix: with experiments, only the summary rows ("mean"). */
function usable(records: readonly MatrixRecord[]): MatrixRecord[] {
  const withExperiments = records.some((r) => text(r.experiment) !== '');
  return withExperiments ? records.filter((r) => text(r.experiment) === 'mean') : [...records];
}

/** Cell lines in first-seen order, parental lines first; compounds in first-seen order. */
function axes(records: readonly MatrixRecord[]): { lines: string[]; compounds: string[] } {
  const parentals = new Set(records.map((r) => text(r.parental)).filter((p) => p !== ''));
  const lines = [...new Set(records.map((r) => text(r.cell_line)))];
  lines.sort((a, b) => Number(parentals.has(b)) - Number(parentals.has(a)));
  return { lines, compounds: [...new Set(records.map((r) => text(r.compound)))] };
}

function cellText(r: MatrixRecord | undefined): string {
  if (!r) return '';
  const flags = flagsOf(r);
  const n = (v: unknown) => formatNumber(num(v), 3);
  if (num(r.ic50) === null) return flags.includes('too_few_concentrations') ? 'not fitted' : '—';
  const bound = flags.includes('ic50_above_range') ? '>' : flags.includes('ic50_below_range') ? '<' : '';
  let cell = `${bound}${n(r.ic50)} [${n(r.ic50_ci_low) || '?'}–${n(r.ic50_ci_high) || '?'}] ${text(r.unit)}`;
  if (text(r.parental) !== '' && num(r.rf) !== null) {
    const rfBound = flags.includes('rf_lower_bound') ? '>' : flags.includes('rf_upper_bound') ? '<' : '';
    cell += `; RF ${rfBound}${n(r.rf)} [${n(r.rf_ci_low) || '?'}–${n(r.rf_ci_high) || '?'}]`;
  }
  return flags.length > 0 ? `${cell} *` : cell;
}

/**
 * The cross-resistance matrix as labs publish it: one row per cell line (parental lines first),
 * one column per compound, each cell "IC50 [CI] unit; RF [CI]" (">"/"<" where only a bound; "*"
 * where the fit carries flags — see the per-curve output for which). With independent
 * experiments, the summaries across experiments. Aligned text for people.
 */
export function writeMatrixTable(all: readonly MatrixRecord[]): string {
  const records = usable(all);
  const { lines, compounds } = axes(records);
  const byKey = new Map(records.map((r) => [`${text(r.cell_line)}\u0000${text(r.compound)}`, r]));
  const rows = [['cell line', ...compounds], ...lines.map((line) => [line, ...compounds.map((c) => cellText(byKey.get(`${line}\u0000${c}`)))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  const out = rows.map((row) => row.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ').trimEnd()).join('\n') + '\n';
  return records.some((r) => flagsOf(r).length > 0) ? `${out}* flagged fit: see the per-curve output\n` : out;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The matrix for scripts: CSV with a row per cell line and, per compound, the columns
 * `<compound>.ic50`, `<compound>.ic50_ci_low`, `<compound>.ic50_ci_high`, `<compound>.rf`,
 * `<compound>.rf_ci_low`, `<compound>.rf_ci_high` (values as in the per-curve CSV, in the
 * `unit` given per row).
 */
export function writeMatrixCsv(all: readonly MatrixRecord[]): string {
  const records = usable(all);
  const { lines, compounds } = axes(records);
  const byKey = new Map(records.map((r) => [`${text(r.cell_line)}\u0000${text(r.compound)}`, r]));
  const fields = ['ic50', 'ic50_ci_low', 'ic50_ci_high', 'rf', 'rf_ci_low', 'rf_ci_high'] as const;
  const header = ['cell_line', 'unit', ...compounds.flatMap((c) => fields.map((f) => `${c}.${f}`))].map(quote).join(',');
  const rows = lines.map((line) => {
    const units = new Set<string>();
    const cells = compounds.flatMap((c) => {
      const r = byKey.get(`${line}\u0000${c}`);
      if (!r) return fields.map(() => '');
      units.add(text(r.unit));
      return fields.map((f) => formatNumber(num(r[f])));
    });
    return [line, [...units].join(';'), ...cells].map(quote).join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}
