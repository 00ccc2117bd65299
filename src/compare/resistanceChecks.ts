import { Ic50Error } from '../errors.js';
import { parseConcentrationUnit } from '../plate/concentrationUnit.js';
import { normalizeHeader } from '../plate/columns.js';
import { labelColumnsOfTable, type ResultsTable, type SavedRecord } from '../readers/resultsFile.js';
import type { Location, Warning } from '../types.js';
import { closestName, looseName } from './closestName.js';

/** A value with its interval, in a unit; NaN where the results have none. */
export interface IntervalValue {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** Where a check came from in the saved results. */
export interface CheckSource {
  readonly file: string;
  /** Line of a CSV/TSV/NDJSON file (undefined in a JSON object, where `index` says which record). */
  readonly line: number | undefined;
  readonly index: number;
}

/**
 * One check of a resistant line: one saved resistance factor against its parental, placed on the
 * history's axis by its label (passage, date, …), with both IC50s and the RF's standard error on
 * log10, SE = √(SE²(log10 IC50 line) + SE²(log10 IC50 parental)) — the delta method the fit used,
 * recomputed from the two saved rows (the saved RF interval may be Fieller's, or at another level).
 */
export interface ResistanceCheck {
  readonly cellLine: string;
  readonly compound: string;
  readonly parental: string;
  /** The label that orders the checks, as saved (e.g. "12", "2026-03-02"). */
  readonly at: string;
  /** Where the check lies: the label's number (P12 → 12), or for a date its days since 1970 / 30. */
  readonly x: number;
  /** Every label of the check (the label columns of its results file), by column. */
  readonly labels: Readonly<Record<string, string>>;
  readonly experiment: string;
  /** Hours from treatment to the read, as saved (the `time` column of results with several end times); "" when not said. */
  readonly time: string;
  /** `fit`, or `summary` (the mean of independent experiments). */
  readonly kind: string;
  /** Unit of both IC50s (the parental's converted to the line's when they differ). */
  readonly unit: string;
  readonly ic50: IntervalValue;
  readonly parentalIc50: IntervalValue;
  readonly rf: IntervalValue;
  /** log10 of the saved RF. */
  readonly log10Rf: number;
  /** Its standard error (NaN when the parental's saved row is missing or has none). */
  readonly log10RfSe: number;
  /** The saved flags of the line's row (its fit's and its comparison's). */
  readonly flags: readonly string[];
  /** The saved flags of the parental's fit. */
  readonly parentalFlags: readonly string[];
  readonly source: CheckSource;
}

/** How the checks lie along the history: numbers (passages) or dates (slopes per 30 days). */
export type HistoryAxis = 'number' | 'date';

/** Names that differ only in case, spacing or punctuation (looseName): probably one line or compound, kept apart. */
export interface NameMismatch {
  readonly what: 'cell line' | 'compound';
  /** The spellings, each with where it was first met. */
  readonly names: readonly { readonly name: string; readonly where: string }[];
}

/** The checks of saved results, and what was noticed on the way. */
export interface ResistanceChecks {
  /** The label that orders the checks (a column name of the results). */
  readonly by: string;
  readonly axis: HistoryAxis;
  /**
   * The columns that place a check, for the outputs: the label columns of the results (between
   * `experiment` and `kind`), `by` first, then `time` when some results have several end times.
   */
  readonly labelColumns: readonly string[];
  readonly checks: ResistanceCheck[];
  readonly mismatches: NameMismatch[];
  readonly warnings: Warning[];
}

export interface CheckOptions {
  /** The label that orders the checks; default `passage` when the results have it, else `date`. */
  readonly by?: string | undefined;
  /** Only this resistant line; only this compound. */
  readonly line?: string | undefined;
  readonly compound?: string | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A number, after letters if any ("12", "P12", "p 12.5"). */
const NUMBER = /^[A-Za-z]*\s*([-+]?\d+(?:\.\d+)?)$/;
const DAY_MS = 86_400_000;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined || v === '' ? Number.NaN : Number(v));
const flagsOf = (r: SavedRecord): string[] => (Array.isArray(r.values.flags) ? (r.values.flags as unknown[]).map(String) : []);

function where(file: string, record: SavedRecord): string {
  return record.line !== undefined ? `${file}:${record.line}` : `${file} (record ${record.index})`;
}

function locationOf(file: string, record: SavedRecord): Location {
  return record.line !== undefined ? { file, line: record.line } : { file };
}

/** Where a label value lies on the axis: a number (P12 → 12) or a date (days since 1970 / 30); NaN when it is neither. */
export function axisValue(value: string, axis: HistoryAxis): number {
  const trimmed = value.trim();
  if (axis === 'date') {
    const m = DATE.exec(trimmed);
    if (!m) return Number.NaN;
    const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const back = new Date(time);
    // 2026-02-30 is not a date.
    if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return Number.NaN;
    return time / DAY_MS / 30;
  }
  const m = NUMBER.exec(trimmed);
  return m ? Number(m[1]) : Number.NaN;
}

/** The column of the results that `by` names (compared as header names are), in the first table that has it. */
function findBy(tables: readonly ResultsTable[], by: string | undefined): string {
  const columns = [...new Set(tables.flatMap((t) => t.columns))];
  const labels = [...new Set(tables.flatMap(labelColumnsOfTable))];
  const find = (key: string) => columns.find((c) => normalizeHeader(c) === normalizeHeader(key));
  if (by !== undefined) {
    const found = find(by);
    if (found) return found;
    throw new Ic50Error(`--by ${by}: the results have no ${by} column`, {
      code: 'usage',
      hint: labels.length > 0 ? `their labels: ${labels.join(', ')}` : 'label each check when fitting it: ic50 fit … --label passage=12 (or a passage column)',
    });
  }
  const found = find('passage') ?? find('date');
  if (found) return found;
  throw new Ic50Error('the results say nothing of when each check was made: no passage or date column', {
    code: 'usage',
    hint: `label each check when fitting it: ic50 fit … --label passage=12 (or a passage or date column in the data)${labels.length > 0 ? `, or give --by with one of their labels: ${labels.join(', ')}` : ''}`,
  });
}

/** Groups of names equal after case, spacing and punctuation are folded but written differently. */
function mismatches(what: NameMismatch['what'], seen: Map<string, string>): NameMismatch[] {
  const groups = new Map<string, string[]>();
  for (const name of seen.keys()) {
    const key = looseName(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()].filter((names) => names.length > 1).map((names) => ({ what, names: names.map((name) => ({ name, where: seen.get(name)! })) }));
}

/**
 * The checks in saved results of `ic50 fit` (any mix of CSV, TSV, JSON, NDJSON): every row that
 * compares a line with its parental is a check, placed by its `by` label; where a check has
 * summaries across experiments, the summaries are its checks. The parental's row of the same
 * check (same file, compound, experiment, end time, kind and labels) gives the parental IC50 and the RF's
 * standard error; of several, the one whose IC50 reproduces the saved RF. Names join exactly;
 * names that differ only in case or spacing are reported in `mismatches`, never merged.
 *
 * Throws Ic50Error for results without the `by` label, labels that are neither numbers nor dates
 * (YYYY-MM-DD), the same check read twice, and a --line or --compound that no check has.
 */
export function resistanceChecks(tables: readonly ResultsTable[], options: CheckOptions = {}): ResistanceChecks {
  const by = findBy(tables, options.by);
  const warnings: Warning[] = [];
  const lines = new Map<string, string>();
  const compounds = new Map<string, string>();
  for (const table of tables) {
    for (const record of table.records) {
      for (const name of [text(record.values.cell_line), text(record.values.parental)]) if (name !== '' && !lines.has(name)) lines.set(name, where(table.file, record));
      const compound = text(record.values.compound);
      if (compound !== '' && !compounds.has(compound)) compounds.set(compound, where(table.file, record));
    }
  }
  const timed = tables.some((t) => t.columns.includes('time'));
  const labelColumns = [by, ...new Set(tables.flatMap(labelColumnsOfTable).filter((c) => c !== by)), ...(timed ? ['time'] : [])];

  // The checks' label values, and the axis they lie on.
  type Candidate = { table: ResultsTable; record: SavedRecord; labels: string[]; at: string };
  const candidates: Candidate[] = [];
  for (const table of tables) {
    const byColumn = table.columns.find((c) => normalizeHeader(c) === normalizeHeader(by));
    if (byColumn === undefined) {
      throw new Ic50Error(`no ${by} column: these results do not say which check they are`, {
        code: 'results',
        location: { file: table.file },
        hint: `fit them again with --label ${by}=VALUE (or a ${by} column in the data), or leave this file out`,
      });
    }
    const own = labelColumnsOfTable(table);
    for (const record of table.records) {
      if (text(record.values.parental) === '') continue;
      const at = text(record.values[byColumn]).trim();
      if (at === '') {
        warnings.push({ location: locationOf(table.file, record), message: `${text(record.values.cell_line)} on ${text(record.values.compound)}: no ${by}, so this RF is not part of the history` });
        continue;
      }
      candidates.push({ table, record, labels: own.map((c) => text(record.values[c])), at });
    }
  }
  const allDates = candidates.length > 0 && candidates.every((c) => DATE.test(c.at));
  const axis: HistoryAxis = allDates ? 'date' : 'number';
  for (const c of candidates) {
    if (Number.isNaN(axisValue(c.at, axis))) {
      throw new Ic50Error(`${by} "${c.at}" is neither a number nor a date (YYYY-MM-DD)${axis === 'number' && candidates.some((o) => DATE.test(o.at)) ? ', and other checks are dates' : ''}`, {
        code: 'value',
        location: locationOf(c.table.file, c.record),
        hint: `checks are placed in order by ${by}: give every one a number (passage 12, P12) or every one a date`,
      });
    }
  }

  // Summaries across experiments stand for their check's fits.
  const checkKey = (c: Candidate) =>
    [c.table.file, text(c.record.values.cell_line), text(c.record.values.compound), text(c.record.values.parental), text(c.record.values.time), ...c.labels].join('\u0000');
  const summarized = new Set(candidates.filter((c) => text(c.record.values.kind) === 'summary').map(checkKey));
  const used = candidates.filter((c) => text(c.record.values.kind) === 'summary' || !summarized.has(checkKey(c)));

  const selected = used.filter(
    (c) => (options.line === undefined || text(c.record.values.cell_line) === options.line) && (options.compound === undefined || text(c.record.values.compound) === options.compound),
  );
  for (const [option, value, known] of [
    ['--line', options.line, new Set(used.map((c) => text(c.record.values.cell_line)))],
    ['--compound', options.compound, new Set(used.map((c) => text(c.record.values.compound)))],
  ] as const) {
    if (value === undefined || known.has(value)) continue;
    const close = closestName(value, known);
    throw new Ic50Error(`${option} ${value}: no check of that ${option === '--line' ? 'resistant line' : 'compound'} in the results`, {
      code: 'usage',
      hint: `${close !== undefined ? `did you mean "${close}"? ` : ''}${option === '--line' ? 'resistant lines' : 'compounds'} with checks: ${[...known].map((k) => `"${k}"`).join(', ') || 'none'}`,
    });
  }

  const checks = selected.map((c) => checkOf(c.table, c.record, c.labels, c.at, axisValue(c.at, axis), warnings));
  rejectRepeats(checks);
  return { by, axis, labelColumns, checks, mismatches: [...mismatches('cell line', lines), ...mismatches('compound', compounds)], warnings };
}

/** A saved RF row as a check, with its parental's row of the same check. */
function checkOf(table: ResultsTable, record: SavedRecord, labels: string[], at: string, x: number, warnings: Warning[]): ResistanceCheck {
  const values = record.values;
  const own = labelColumnsOfTable(table);
  const parental = text(values.parental);
  const unit = text(values.unit);
  const rf = { value: num(values.rf), lower: num(values.rf_ci_low), upper: num(values.rf_ci_high) };
  const log10Rf = Math.log10(rf.value);
  const same = (other: SavedRecord) =>
    text(other.values.cell_line) === parental &&
    text(other.values.compound) === text(values.compound) &&
    text(other.values.experiment) === text(values.experiment) &&
    text(other.values.kind) === text(values.kind) &&
    text(other.values.time) === text(values.time) &&
    own.every((c, i) => text(other.values[c]) === labels[i]);
  // The parental's IC50 in the line's unit, and how far its ratio to the line's is from the saved RF.
  const shift = (other: SavedRecord): number => {
    const from = parseConcentrationUnit(text(other.values.unit));
    const to = parseConcentrationUnit(unit);
    return from && to ? from.log10Molar - to.log10Molar : Number.NaN;
  };
  const misfit = (other: SavedRecord) => Math.abs(Math.log10(num(values.ic50)) - Math.log10(num(other.values.ic50)) - shift(other) - log10Rf);
  const rows = table.records.filter(same);
  // The RF was made from exactly these two IC50s (6 significant digits each in CSV: < 1e-4 in log10).
  const match = rows.filter((r) => misfit(r) < 1e-4).sort((a, b) => misfit(a) - misfit(b))[0];
  const here = locationOf(table.file, record);
  if (!match && Number.isFinite(log10Rf)) {
    warnings.push({
      location: here,
      message: `${text(values.cell_line)} on ${text(values.compound)}: ${rows.length === 0 ? `no row of the parental ${parental} in this file` : `no row of ${parental} whose IC50 gives this RF`}, so the RF has no standard error and is left out of the trend`,
    });
  }
  const factor = match ? Math.pow(10, shift(match)) : Number.NaN;
  const parentalIc50 = match
    ? { value: num(match.values.ic50) * factor, lower: num(match.values.ic50_ci_low) * factor, upper: num(match.values.ic50_ci_high) * factor }
    : { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const log10RfSe = match ? Math.hypot(num(values.log10_ic50_se), num(match.values.log10_ic50_se)) : Number.NaN;
  return {
    cellLine: text(values.cell_line),
    compound: text(values.compound),
    parental,
    at,
    x,
    labels: Object.fromEntries(own.map((c, i) => [c, labels[i]!])),
    experiment: text(values.experiment),
    time: text(values.time),
    kind: text(values.kind) || 'fit',
    unit,
    ic50: { value: num(values.ic50), lower: num(values.ic50_ci_low), upper: num(values.ic50_ci_high) },
    parentalIc50,
    rf,
    log10Rf,
    log10RfSe,
    flags: flagsOf(record),
    parentalFlags: match ? flagsOf(match) : [],
    source: { file: table.file, line: record.line, index: record.index },
  };
}

/** The same check in two places (a file given twice, or copied): it would count twice in every statistic. */
function rejectRepeats(checks: readonly ResistanceCheck[]): void {
  const seen = new Map<string, ResistanceCheck>();
  // Numbers compared as CSV and TSV keep them, to 6 significant digits (JSON keeps every digit):
  // the same check saved in two formats differs in the last places, and counted twice it made a
  // trend "significant". Rounding to fewer digits would not do: a JSON 1.234549 and its CSV 1.23455
  // round to 1.2345 and 1.2346.
  const rounded = (value: number) => (Number.isFinite(value) ? value.toPrecision(6) : String(value));
  for (const check of checks) {
    const key = [check.cellLine, check.compound, check.parental, check.at, check.experiment, check.time, check.kind, rounded(check.ic50.value), rounded(check.parentalIc50.value), rounded(check.rf.value)].join('\u0000');
    const first = seen.get(key);
    if (first) {
      const at = (c: ResistanceCheck) => (c.source.line !== undefined ? `${c.source.file}:${c.source.line}` : `${c.source.file} (record ${c.source.index})`);
      throw new Ic50Error(`the same check (${check.cellLine} on ${check.compound}, ${check.at}, RF ${check.rf.value}) is in ${at(first)} and ${at(check)}: it would count twice`, {
        code: 'duplicate',
        location: check.source.line !== undefined ? { file: check.source.file, line: check.source.line } : { file: check.source.file },
        hint: 'give each results file once',
      });
    }
    seen.set(key, check);
  }
}
