import { gatheringSink, type Sink } from '../engine/sink.js';
import { delimitedField, neutraliseFormula, terminalText } from './escape.js';
import { formatNumber, formatNumberDecimalComma } from './formatNumber.js';
import { recordOf, type FitRecord, type OutputOptions } from './records.js';

/** Output records as the matrix needs them: the per-curve output, read back or made now. */
export type MatrixRecord = Pick<FitRecord, 'cell_line' | 'compound' | 'unit' | 'ic50' | 'ic50_ci_low' | 'ic50_ci_high' | 'rf' | 'rf_ci_low' | 'rf_ci_high' | 'parental' | 'flags'> &
  Partial<Pick<FitRecord, 'experiment' | 'kind'>>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flagsOf = (r: MatrixRecord): string[] => (Array.isArray(r.flags) ? r.flags : text(r.flags).split(';').filter(Boolean));

/** A summary across experiments (results saved before summaries had their own kind said "mean"). */
const isSummary = (r: MatrixRecord) => text(r.kind) === 'summary' || text(r.experiment) === 'mean';

/** Records of the matrix: with experiments, only the summaries across them. */
function usable(records: readonly MatrixRecord[]): MatrixRecord[] {
  return records.some(isSummary) ? records.filter(isSummary) : [...records];
}

interface Axes {
  /** Matrix rows: a cell line with one of its parentals ("" when not compared), parental lines first. */
  readonly rows: { line: string; parental: string }[];
  readonly compounds: string[];
}

/** Rows (cell line × parental) in first-seen order, parental lines first; compounds in first-seen order. */
function axes(records: readonly MatrixRecord[]): Axes {
  const parentals = new Set(records.map((r) => text(r.parental)).filter((p) => p !== ''));
  const seen = new Map<string, { line: string; parental: string }>();
  for (const r of records) {
    const key = `${text(r.cell_line)}\u0000${text(r.parental)}`;
    if (!seen.has(key)) seen.set(key, { line: text(r.cell_line), parental: text(r.parental) });
  }
  const rows = [...seen.values()];
  rows.sort((a, b) => Number(parentals.has(b.line)) - Number(parentals.has(a.line)));
  return { rows, compounds: [...new Set(records.map((r) => text(r.compound)))] };
}

/**
 * The matrix's layout: the records it shows (summaries across experiments when there are any),
 * its rows (a cell line with one of its parentals, parental lines first) and compounds, and the
 * record of each cell. The text matrix, the CSV matrix and the HTML report's matrix all use it.
 */
export function matrixLayout(all: readonly MatrixRecord[]): Axes & { cell(line: string, parental: string, compound: string): MatrixRecord | undefined } {
  const records = usable(all);
  const cells = byKey(records);
  return { ...axes(records), cell: (line, parental, compound) => cells.get(`${line}\u0000${parental}\u0000${compound}`) };
}

function byKey(records: readonly MatrixRecord[]): Map<string, MatrixRecord> {
  return new Map(records.map((r) => [`${text(r.cell_line)}\u0000${text(r.parental)}\u0000${text(r.compound)}`, r]));
}

/**
 * The measures a matrix cell shows beyond IC50 and RF, from the columns its records have: ICx
 * (`ic20`, …, from --icx) and RFs at ICx levels (`rf_ic20`, from --rf-at), in column order. Each
 * has its value and interval columns (`<stem>_ci_low`, `<stem>_ci_high`).
 */
export function matrixMeasures(records: readonly MatrixRecord[]): { stem: string; label: string; rf: boolean }[] {
  const keys = new Set<string>();
  for (const r of records) for (const key of Object.keys(r)) keys.add(key);
  const out: { stem: string; label: string; rf: boolean }[] = [];
  for (const key of keys) {
    const icx = /^ic(\d+(?:\.\d+)?)$/.exec(key);
    if (icx && icx[1] !== '50') out.push({ stem: key, label: `IC${icx[1]}`, rf: false });
  }
  for (const key of keys) {
    const rf = /^rf_ic(\d+(?:\.\d+)?)$/.exec(key);
    if (rf) out.push({ stem: key, label: `RF IC${rf[1]}`, rf: true });
  }
  for (const { stem, label, rf } of MATRIX_EXTRA) if (keys.has(stem)) out.push({ stem, label, rf });
  return out;
}

/** Further measures a matrix shows when its records have them (the growth-rate columns). */
const MATRIX_EXTRA: readonly { stem: string; label: string; rf: boolean }[] = [
  { stem: 'gr50', label: 'GR50', rf: false },
  { stem: 'gr_rf', label: 'GR RF', rf: true },
];

/** "> 12" / "< 0.1" when a measure is only a bound (its flags say so), else "". */
function boundOf(stem: string, flags: readonly string[]): string {
  if (stem === 'ic50') return flags.includes('ic50_above_range') ? '>' : flags.includes('ic50_below_range') ? '<' : '';
  if (stem === 'rf') return flags.includes('rf_lower_bound') ? '>' : flags.includes('rf_upper_bound') ? '<' : '';
  if (stem === 'gr50') return flags.includes('gr50_above_range') ? '>' : flags.includes('gr50_below_range') ? '<' : '';
  if (stem === 'gr_rf') return flags.includes('gr_rf_lower_bound') ? '>' : flags.includes('gr_rf_upper_bound') ? '<' : '';
  return '';
}

function cellText(r: MatrixRecord | undefined, measures: readonly { stem: string; label: string; rf: boolean }[] = []): string {
  if (!r) return '';
  const flags = flagsOf(r);
  const n = (v: unknown) => formatNumber(num(v), 3);
  if (num(r.ic50) === null) return flags.includes('too_few_concentrations') ? 'not fitted' : '—';
  const bound = boundOf('ic50', flags);
  let cell = bound ? `${bound}${n(r.ic50)} ${text(r.unit)}` : `${n(r.ic50)} [${n(r.ic50_ci_low) || '?'}–${n(r.ic50_ci_high) || '?'}] ${text(r.unit)}`;
  if (text(r.parental) !== '' && num(r.rf) !== null) {
    const rfBound = boundOf('rf', flags);
    cell += rfBound ? `; RF ${rfBound}${n(r.rf)}` : `; RF ${n(r.rf)} [${n(r.rf_ci_low) || '?'}–${n(r.rf_ci_high) || '?'}]`;
  }
  const record = r as Record<string, unknown>;
  for (const { stem, label, rf } of measures) {
    const value = num(record[stem]);
    if (value === null || (rf && text(r.parental) === '')) continue;
    const low = n(record[`${stem}_ci_low`]);
    const high = n(record[`${stem}_ci_high`]);
    const measureBound = boundOf(stem, flags);
    cell += `; ${label} ${measureBound}${n(value)}${!measureBound && low && high ? ` [${low}–${high}]` : ''}`;
  }
  return flags.length > 0 ? `${cell} *` : cell;
}

/**
 * The cross-resistance matrix as labs publish it: one row per cell line (parental lines first;
 * a line compared with several parentals once per parental), one column per compound, each cell
 * "IC50 [CI] unit; RF [CI]" (">"/"<" where only a bound; "*" where the fit carries flags — see
 * the per-curve output for which). With independent experiments, the summaries across them.
 * Aligned text for people.
 */
export function writeMatrixTable(all: readonly MatrixRecord[]): string {
  const records = usable(all);
  const { rows, compounds } = axes(records);
  const cells = byKey(records);
  const measures = matrixMeasures(records);
  // A "vs" column only when some line is compared with more than one parental.
  const compared = new Set(rows.map((r) => r.line)).size < rows.length;
  const table = [
    ['cell line', ...(compared ? ['vs'] : []), ...compounds],
    ...rows.map(({ line, parental }) => [line, ...(compared ? [parental] : []), ...compounds.map((c) => cellText(cells.get(`${line}\u0000${parental}\u0000${c}`), measures))]),
  ].map((row) => row.map(terminalText));
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => [...row[c]!].length)));
  const out = table.map((row) => row.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ').trimEnd()).join('\n') + '\n';
  return records.some((r) => flagsOf(r).length > 0) ? `${out}* flagged fit: see the per-curve output\n` : out;
}

/**
 * The matrix for scripts as a table of values: a row per cell line (and parental: column
 * `parental`) and, per compound, the columns `<compound>.ic50`, `.ic50_ci_low`, `.ic50_ci_high`,
 * `.unit`, `.rf`, `.rf_ci_low`, `.rf_ci_high` (values as in the per-curve output; each compound in
 * its own unit; null where there is none), then for each further measure the records have (ICx,
 * RFs at ICx levels, GR50 and its RF: see matrixMeasures) `<compound>.<measure>`,
 * `.<measure>_ci_low`, `.<measure>_ci_high`. The CSV matrix and the workbook's matrix sheet.
 */
export function matrixValues(all: readonly MatrixRecord[]): { header: string[]; rows: (string | number | null)[][] } {
  const records = usable(all);
  const { rows, compounds } = axes(records);
  const cells = byKey(records);
  const fields = [
    ...(['ic50', 'ic50_ci_low', 'ic50_ci_high', 'unit', 'rf', 'rf_ci_low', 'rf_ci_high'] as const),
    ...matrixMeasures(records).flatMap(({ stem }) => [stem, `${stem}_ci_low`, `${stem}_ci_high`]),
  ];
  const header = ['cell_line', 'parental', ...compounds.flatMap((c) => fields.map((f) => `${c}.${f}`))];
  const values = rows.map(({ line, parental }) => [
    line,
    parental,
    ...compounds.flatMap((c) => {
      const r = cells.get(`${line}\u0000${parental}\u0000${c}`);
      if (!r) return fields.map(() => null);
      return fields.map((f) => (f === 'unit' ? text(r.unit) : num((r as Record<string, unknown>)[f])));
    }),
  ]);
  return { header, rows: values };
}

/**
 * The matrix for scripts: CSV of matrixValues (numbers as in the per-curve CSV, empty where
 * there is none). With `decimalComma`, numbers have a decimal comma and fields are separated by ";".
 */
export function writeMatrixCsv(all: readonly MatrixRecord[], rawCells = false, decimalComma = false): string {
  const { header, rows } = matrixValues(all);
  const separator = decimalComma ? ';' : ',';
  const numberText = decimalComma ? formatNumberDecimalComma : formatNumber;
  const field = (value: string | number | null) =>
    typeof value === 'number' ? numberText(value) : value === null ? '' : delimitedField(neutraliseFormula(value, rawCells), separator);
  return [header, ...rows].map((row) => row.map(field).join(separator)).join('\n') + '\n';
}

/** A sink that gathers the rows and writes the matrix (table or CSV) at the end. With `options.decimalComma`, a CSV matrix has decimal commas. */
export function matrixSink(write: (text: string) => void | Promise<void>, format: 'table' | 'csv', rawCells: boolean, given: OutputOptions = {}): Sink {
  return gatheringSink('the matrix', given, (rows, _tail, options) => {
    const records: MatrixRecord[] = rows.map((row) => recordOf(row, options));
    return write(format === 'table' ? writeMatrixTable(records) : writeMatrixCsv(records, rawCells, options.decimalComma ?? false));
  });
}
