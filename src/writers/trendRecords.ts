import type { NameMismatch } from '../compare/resistanceChecks.js';
import type { HistoryCheck, ResistanceHistory } from '../compare/resistanceHistory.js';
import type { Warning } from '../types.js';
import { formatDiagnostic } from '../errors.js';
import { delimitedHeader, delimitedRow } from './delimited.js';
import type { Cell, FitRecord } from './records.js';

/**
 * The records of `ic50 trend`: a `check` record per saved RF (in order along the history), then a
 * `trend` record per history (line, compound, parental). docs/trend.md defines every column.
 */
const IDENTITY = ['kind', 'cell_line', 'compound', 'parental'] as const;
export const CHECK_COLUMNS = [
  'status',
  'unit',
  'ic50',
  'ic50_ci_low',
  'ic50_ci_high',
  'parental_ic50',
  'parental_ic50_ci_low',
  'parental_ic50_ci_high',
  'rf',
  'rf_ci_low',
  'rf_ci_high',
  'log10_rf',
  'log10_rf_se',
  'file',
] as const;
export const HISTORY_COLUMNS = [
  'n_checks',
  'n_used',
  'first_at',
  'last_at',
  'slope_per',
  'log10_rf_slope',
  'log10_rf_slope_se',
  'log10_rf_slope_ci_low',
  'log10_rf_slope_ci_high',
  'slope_p',
  'dispersion',
  'resistant_at',
  'established_at',
  'level_n',
  'level_rf',
  'level_rf_ci_low',
  'level_rf_ci_high',
  'latest_at',
  'latest_rf',
  'latest_vs_level',
  'latest_vs_level_p',
] as const;

/** Every column name `ic50 trend` writes besides the labels: no label may be named like one (labelColumns.ts). */
export const TREND_COLUMN_NAMES: ReadonlySet<string> = new Set<string>([...IDENTITY, ...CHECK_COLUMNS, ...HISTORY_COLUMNS, 'time', 'flags']);

export type TrendRecord = Record<string, Cell>;

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
const power = (v: number | undefined): number | null => finite(v === undefined ? undefined : Math.pow(10, v));

/** The columns of a check record: identity, the check's labels (the ordering one first), the check. */
export function checkColumns(labelColumns: readonly string[]): string[] {
  return [...IDENTITY, ...labelColumns, ...CHECK_COLUMNS, 'flags'];
}

/** The columns of a trend record (with `time` when the checks have end times: a history is one end time's). */
export function historyColumns(labelColumns: readonly string[] = []): string[] {
  return [...IDENTITY, ...(labelColumns.includes('time') ? ['time'] : []), ...HISTORY_COLUMNS, 'flags'];
}

/** Every column of the trend output (CSV, TSV): checks' and trends', a record leaving the other kind's empty. */
export function trendColumns(labelColumns: readonly string[]): string[] {
  return [...IDENTITY, ...labelColumns, ...CHECK_COLUMNS, ...HISTORY_COLUMNS, 'flags'];
}

/** A check as a record: its saved values, the parental's IC50 in the same unit, log10 RF with its SE, where it stands. */
export function checkRecord(history: ResistanceHistory, check: HistoryCheck, labelColumns: readonly string[]): TrendRecord {
  const record: TrendRecord = { kind: 'check', cell_line: history.cellLine, compound: history.compound, parental: history.parental };
  for (const column of labelColumns) record[column] = column === history.by ? check.at : column === 'time' ? check.time : (check.labels[column] ?? '');
  Object.assign(record, {
    status: check.status,
    unit: check.unit,
    ic50: finite(check.ic50.value),
    ic50_ci_low: finite(check.ic50.lower),
    ic50_ci_high: finite(check.ic50.upper),
    parental_ic50: finite(check.parentalIc50.value),
    parental_ic50_ci_low: finite(check.parentalIc50.lower),
    parental_ic50_ci_high: finite(check.parentalIc50.upper),
    rf: finite(check.rf.value),
    rf_ci_low: finite(check.rf.lower),
    rf_ci_high: finite(check.rf.upper),
    log10_rf: finite(check.log10Rf),
    log10_rf_se: finite(check.log10RfSe),
    file: check.source.file,
    flags: [...new Set([...check.flags, ...check.historyFlags])],
  });
  return record;
}

/** A history's trend, established level and latest check as a record. */
export function historyRecord(history: ResistanceHistory): TrendRecord {
  const { trend, level, latestTest } = history;
  return {
    kind: 'trend',
    cell_line: history.cellLine,
    compound: history.compound,
    parental: history.parental,
    ...(history.time !== '' ? { time: history.time } : {}),
    n_checks: history.checks.length,
    n_used: history.used,
    first_at: history.checks[0]?.at ?? '',
    last_at: history.checks[history.checks.length - 1]?.at ?? '',
    slope_per: history.per,
    log10_rf_slope: finite(trend?.slope),
    log10_rf_slope_se: finite(trend?.standardError),
    log10_rf_slope_ci_low: finite(trend?.lower),
    log10_rf_slope_ci_high: finite(trend?.upper),
    slope_p: finite(trend?.p),
    dispersion: finite(trend?.dispersion),
    resistant_at: history.fold,
    established_at: history.established?.at ?? '',
    level_n: level?.n ?? null,
    level_rf: power(level?.mean),
    level_rf_ci_low: power(level?.lower),
    level_rf_ci_high: power(level?.upper),
    latest_at: history.latest?.at ?? '',
    latest_rf: finite(history.latest?.rf.value),
    latest_vs_level: power(latestTest?.difference),
    latest_vs_level_p: finite(latestTest?.p),
    flags: [...history.flags],
  };
}

/** The records of every history, in output order: its checks, then its trend. */
export function trendRecords(histories: readonly ResistanceHistory[], labelColumns: readonly string[]): TrendRecord[] {
  return histories.flatMap((h) => [...h.checks.map((c) => checkRecord(h, c, labelColumns)), historyRecord(h)]);
}

/** CSV or TSV: one header of every column, a row per record (numbers to 6 significant digits, flags joined with ";"). */
export function writeTrendDelimited(histories: readonly ResistanceHistory[], labelColumns: readonly string[], delimiter: ',' | '\t', rawCells: boolean): string {
  const columns = trendColumns(labelColumns);
  return delimitedHeader(columns, delimiter) + trendRecords(histories, labelColumns).map((r) => delimitedRow(r as FitRecord, columns, delimiter, rawCells)).join('');
}

function ordered(record: TrendRecord, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, record[c] ?? null]));
}

/**
 * JSON: `{"checks": [...], "trends": [...], "warnings": [...], "name_mismatches": [...]}`, each
 * record with its kind's columns, numbers at full precision; a mismatch is `{what, names: [{name, where}]}`.
 */
export function writeTrendJson(histories: readonly ResistanceHistory[], labelColumns: readonly string[], warnings: readonly Warning[], mismatches: readonly NameMismatch[] = []): string {
  const checks = histories.flatMap((h) => h.checks.map((c) => ordered(checkRecord(h, c, labelColumns), checkColumns(labelColumns))));
  const trends = histories.map((h) => ordered(historyRecord(h), historyColumns(labelColumns)));
  const notes = warnings.map((w) => ({ file: w.location.file, line: w.location.line ?? null, message: w.message, text: formatDiagnostic(w.location, w.message) }));
  return JSON.stringify({ checks, trends, warnings: notes, name_mismatches: mismatches }, null, 2) + '\n';
}

/** NDJSON: one record a line (checks, then their trend), each with its kind's columns. */
export function writeTrendNdjson(histories: readonly ResistanceHistory[], labelColumns: readonly string[]): string {
  return histories
    .flatMap((h) => [...h.checks.map((c) => ordered(checkRecord(h, c, labelColumns), checkColumns(labelColumns))), ordered(historyRecord(h), historyColumns(labelColumns))])
    .map((r) => JSON.stringify(r) + '\n')
    .join('');
}
