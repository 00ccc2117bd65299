import { parse } from 'csv-parse/sync';
import { Ic50Error } from '../errors.js';
import { acceptedNames, COLUMN_ALIASES, COLUMN_LABEL, describeHeader, headerColumns, normalizeHeader, splitHeaderUnit, type ColumnField } from '../plate/columns.js';
import {
  concentrationRangeError,
  parseConcentrationUnit,
  toLog10Molar,
  UNIT_NAMES,
  type ConcentrationUnit,
} from '../plate/concentrationUnit.js';
import { readTime } from '../plate/readTime.js';
import { inferRole, parseRole, roleAtTime, ROLE_NAMES } from '../plate/roles.js';
import type { Location, Warning, WellRecord, WellRole } from '../types.js';
import { checkLineLength, MAX_LINE_CHARS } from './lineLimit.js';
import { isWrittenZero, parseConcentration, parseNumber } from './parseNumber.js';
import { sniffDelimiter, type Delimiter } from './sniffDelimiter.js';

export { splitHeaderUnit } from '../plate/columns.js';

export interface TidyCsvOptions {
  /** Unit for concentrations when neither a header suffix nor a unit column gives one. */
  readonly unit?: ConcentrationUnit | undefined;
  /** Cell line for every row when the file has no cell-line column. */
  readonly cellLine?: string | undefined;
  /** Make an unusable signal an error instead of an excluded well. */
  readonly strict?: boolean | undefined;
  /** Plate id for rows without a plate column value (default: the file name). */
  readonly plate?: string | undefined;
  /**
   * A column naming each well's independent experiment (--experiment COLUMN); its name compared
   * as header names are (case, spaces, dashes, underscores ignored). Required on treated wells.
   */
  readonly experimentColumn?: string | undefined;
  /**
   * Label columns (passage, date, …; names compared as header names are): each row's values
   * become its well's `labels`, in this order ("" where the file has no such column or the cell
   * is empty, unless `labelDefaults` gives a value).
   */
  readonly labelColumns?: readonly string[] | undefined;
  /** The input's own values of the label columns (a manifest's row), aligned with labelColumns; a row may repeat them, not contradict them. */
  readonly labelDefaults?: readonly (string | undefined)[] | undefined;
  /** Hours from treatment to the read for rows that do not say (a manifest's `time`). */
  readonly time?: number | undefined;
}

export interface TidyCsvResult {
  readonly wells: WellRecord[];
  readonly warnings: Warning[];
}

/** The fields a tidy CSV's columns can name. */
const TIDY_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['cellLine', 'compound', 'concentration', 'signal', 'plate', 'well', 'replicate', 'role', 'unit', 'time', 'days']);

/** Columns ic50's own results have and no table of wells does: a results file given as data. */
const RESULT_COLUMNS = ['ic50', 'ic50_ci_low', 'n_points', 'log10_ic50'];

/** How a tidy CSV is laid out: its delimiter and which column holds what. */
export interface TidyHeader {
  readonly file: string;
  readonly delimiter: Delimiter;
  readonly decimalComma: boolean;
  /** Fields per row. */
  readonly width: number;
  readonly columns: ReadonlyMap<ColumnField, number>;
  /** Concentration unit from the header suffix (`concentration_nM`). */
  readonly headerUnit: ConcentrationUnit | null;
  /** Index of the --experiment column, or -1. */
  readonly experimentIndex: number;
  readonly experimentName: string;
  /** Index of each label column (TidyCsvOptions.labelColumns), or -1 where the file has none. */
  readonly labelIndexes: readonly number[];
  /** Index of the time column (hours from treatment to the read), or -1; its name and hours per unit (1, or 24 for days). */
  readonly timeIndex: number;
  readonly timeName: string;
  readonly hoursPerUnit: number;
  /** 1-based line of the header row. */
  readonly line: number;
  /** A note for the user about the header (e.g. --unit overruled by the header's unit). */
  readonly notes: readonly string[];
  /** Index of each field's column, −1 when absent (read once per row, so kept as plain numbers). */
  readonly at: Readonly<Record<'well' | 'compound' | 'concentration' | 'role' | 'unit' | 'signal' | 'cellLine' | 'plate', number>>;
  /**
   * Concentrations already read, by their text (and unit cell): a screen writes the same few
   * dilutions millions of times, so each text is parsed, checked and converted once per file.
   */
  readonly readings: Map<string, ConcentrationReading>;
  /** The last row's concentration text (and unit cell) and its reading. */
  readonly lastReading: { key: string; reading: ConcentrationReading | undefined };
}

/** What one concentration text (with its unit cell) means: whether it is a written zero, and as a sample's dose. */
interface ConcentrationReading {
  readonly zero: boolean;
  /** log10 molar and unit name, once read for a treated well (a control's text need not be a dose). */
  dose?: { readonly log10Molar: number; readonly unit: string };
}

/** Concentration texts remembered per file at most (a screen has a few dozen). */
const MAX_READINGS = 4096;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** One line of delimited text as fields (csv-parse when it holds quotes), trimmed. */
function splitLine(line: string, delimiter: Delimiter): string[] {
  if (line.indexOf('"') < 0) return line.split(delimiter).map((c) => c.trim());
  try {
    const parsed = parse(line, { delimiter, relax_quotes: true, relax_column_count: true, trim: true }) as string[][];
    return parsed[0] ?? [''];
  } catch {
    return line.split(delimiter).map((c) => c.trim());
  }
}

/** The names in the header of a tidy CSV (its first non-empty line), as written; [] for none. */
export function tidyHeaderNames(text: string): string[] {
  const first = stripBom(text.slice(0, 1 << 20)).split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  return first === undefined ? [] : splitLine(first, sniffDelimiter([first]));
}

/** Whether a header name is the label `key` (compared as header names are: case, spaces, dashes, underscores ignored). */
export function isLabelColumn(headerName: string, key: string): boolean {
  return normalizeHeader(splitHeaderUnit(headerName).name) === normalizeHeader(key);
}

/**
 * true when the first non-empty line of `text` is a tidy-CSV header: it names a compound or a
 * concentration column. Plate-reader exports never do; this decides which reader a file gets.
 */
export function looksTidy(text: string): boolean {
  const head = stripBom(text.slice(0, 65536));
  const first = head.split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  if (first === undefined || first.length > 65536) return false;
  const delimiter = sniffDelimiter([first]);
  const keys = splitLine(first, delimiter).map((h) => normalizeHeader(splitHeaderUnit(h).name));
  const has = (field: ColumnField) => keys.some((k) => COLUMN_ALIASES[field].includes(k));
  // A compound or concentration column means tidy data (no export has one); a tidy file
  // missing a column still takes this path, to be told precisely what is missing.
  return has('compound') || has('concentration');
}

/**
 * The header of a tidy CSV from the first lines of the file (a BOM is skipped): its delimiter
 * (sniffed on those lines: comma, semicolon or tab), which column holds what (see the column
 * vocabulary, plate/columns.ts) and the unit in a concentration header. Throws Ic50Error (with
 * file and line) when a required column is missing, listing what was found and what is accepted.
 */
export function readTidyHeader(headText: string, file: string, options: TidyCsvOptions = {}): TidyHeader {
  const lines = stripBom(headText).split(/\r\n|\n|\r/);
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) throw new Ic50Error('the file is empty', { code: 'format', location: { file }, hint: 'expected a header row and one row per well' });
  checkLineLength(lines[index]!, file, index + 1);
  const delimiter = sniffDelimiter(lines.slice(index, index + 20));
  const line = index + 1;
  const record = splitLine(lines[index]!, delimiter);
  const location: Location = { file, line };
  if (record.length > 10000) {
    throw new Ic50Error(`the header has ${record.length} fields: not a table of wells`, { code: 'limit', location, hint: 'a tidy CSV has one column per field (cell line, compound, concentration, signal, …)' });
  }
  const matched = headerColumns(record, location, TIDY_FIELDS);
  const columns = matched.index;
  const found = describeHeader(matched.names);
  const keys = record.map((h) => h.trim().toLowerCase());
  if (RESULT_COLUMNS.every((c) => keys.includes(c))) {
    throw new Ic50Error('this is a results file written by ic50 fit, not plate data', {
      code: 'results',
      location,
      hint: 'to tabulate saved results use ic50 matrix RESULTS; to fit, give the plate data (a tidy CSV or an export with --layout)',
    });
  }
  for (const required of ['concentration', 'signal', 'compound'] as const) {
    if (!columns.has(required)) {
      throw new Ic50Error(`no ${COLUMN_LABEL[required]} column in the header (${found})`, { code: 'header', location, hint: acceptedNames(required) });
    }
  }
  if (!columns.has('cellLine') && !options.cellLine) {
    throw new Ic50Error(`no cell line column in the header (${found})`, {
      code: 'header',
      location,
      hint: `accepted names: ${COLUMN_ALIASES.cellLine.join(', ')}; or give --cell-line NAME`,
    });
  }
  let experimentIndex = -1;
  if (options.experimentColumn !== undefined) {
    const wanted = normalizeHeader(options.experimentColumn);
    experimentIndex = record.findIndex((raw) => normalizeHeader(splitHeaderUnit(raw).name) === wanted);
    if (experimentIndex < 0) {
      throw new Ic50Error(`no column "${options.experimentColumn}" for --experiment in the header (${found})`, {
        code: 'header',
        location,
        hint: '--experiment takes plate, file, or the name of a column that says which experiment (day, run) each well belongs to',
      });
    }
  }
  const labelIndexes = (options.labelColumns ?? []).map((key) => record.findIndex((raw) => isLabelColumn(raw, key)));
  const headerUnit = matched.units.get('concentration') ?? null;
  const notes: string[] = [];
  // The time of each read: a `time` column in hours (time, time_h, hours), else one in days (days,
  // day) — unless --experiment names that column.
  let timeIndex = columns.get('time') ?? -1;
  let hoursPerUnit = 1;
  if (timeIndex < 0 && columns.has('days') && columns.get('days') !== experimentIndex) {
    timeIndex = columns.get('days')!;
    hoursPerUnit = 24;
    if (normalizeHeader(record[timeIndex]!) === 'day') {
      notes.push(`column "${record[timeIndex]!}" is read as the time of each read, in days (a time-zero plate is day 0); if it names independent experiments, give --experiment ${record[timeIndex]!}`);
    }
  }
  // A column named as the experiment or as a label (--label-column) is not also the time.
  if (timeIndex === experimentIndex || labelIndexes.includes(timeIndex)) timeIndex = -1;
  if (options.unit && headerUnit && options.unit.name !== headerUnit.name) {
    notes.push(`--unit ${options.unit.name} is not used: the header says the concentrations are in ${headerUnit.name}`);
  }
  return {
    file,
    delimiter,
    decimalComma: delimiter !== ',',
    width: record.length,
    columns,
    headerUnit,
    experimentIndex,
    experimentName: experimentIndex >= 0 ? record[experimentIndex]! : '',
    labelIndexes,
    timeIndex,
    timeName: timeIndex >= 0 ? record[timeIndex]! : '',
    hoursPerUnit,
    line,
    notes,
    readings: new Map(),
    lastReading: { key: '', reading: undefined },
    at: {
      well: columns.get('well') ?? -1,
      compound: columns.get('compound') ?? -1,
      concentration: columns.get('concentration') ?? -1,
      role: columns.get('role') ?? -1,
      unit: columns.get('unit') ?? -1,
      signal: columns.get('signal') ?? -1,
      cellLine: columns.get('cellLine') ?? -1,
      plate: columns.get('plate') ?? -1,
    },
  };
}

/** A cell like "12.5 µM": value and unit, or null when it has no unit. */
function splitValueUnit(cell: string): { value: string; unit: ConcentrationUnit } | null {
  // Most cells are bare numbers: no letter, no unit (the regex is the slow part of a row).
  if (!/[A-Za-zµμ]/.test(cell) || /^[-+]?[\d.]*[eE][-+]?\d+$/.test(cell)) return null;
  const m = /^\s*([-+0-9.,eE]+)\s*([A-Za-zµμ][A-Za-zµμ0-9 /]*)\s*$/.exec(cell);
  if (!m) return null;
  const unit = parseConcentrationUnit(m[2]!);
  return unit ? { value: m[1]!, unit } : null;
}

/** A field as csv-parse's `trim` gives it: without surrounding spaces or tabs (checked first: most fields have none). */
function trimmed(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  const a = text.charCodeAt(0);
  const b = text.charCodeAt(n - 1);
  return a === 32 || a === 9 || b === 32 || b === 9 || a === 13 || b === 13 ? text.trim() : text;
}

/**
 * Hands each record of a block of delimited text (whole lines, the first being line `firstLine`
 * of the file) to `visit`: fields trimmed, blank lines skipped. The record array is reused from
 * one call to the next (copy what you keep). Without quotes the lines are split directly — the
 * same records csv-parse would give, several times faster on a screen; with quotes, csv-parse
 * (RFC 4180). Throws Ic50Error for a line beyond the length limit or quoting csv-parse cannot read.
 */
export function forEachTidyRecord(text: string, delimiter: Delimiter, file: string, firstLine: number, visit: (record: string[], line: number) => void): void {
  if (text.indexOf('"') >= 0 || (text.indexOf('\r') >= 0 && text.indexOf('\n') < 0)) {
    for (const { record, line } of quotedRecords(text, delimiter, file, firstLine)) visit(record, line);
    return;
  }
  const record: string[] = [];
  let line = firstLine;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop - start > MAX_LINE_CHARS) checkLineLength(text.slice(start, stop), file, line);
    let fields = 0;
    let blank = true;
    for (let at = start; ; ) {
      let next = text.indexOf(delimiter, at);
      if (next < 0 || next > stop) next = stop;
      const field = trimmed(text.slice(at, next));
      if (field !== '') blank = false;
      record[fields++] = field;
      if (next >= stop) break;
      at = next + 1;
    }
    // Setting an array's length is a builtin call even when it does not change: most rows have the header's width.
    if (record.length !== fields) record.length = fields;
    // A line of nothing but spaces is no record (",,," is one: it has fields, all empty).
    if (!(fields === 1 && blank)) visit(record, line);
    start = end + 1;
  }
}

/** Records of text with quotes, by csv-parse. */
function quotedRecords(text: string, delimiter: Delimiter, file: string, firstLine: number): { record: string[]; line: number }[] {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) checkLineLength(lines[i]!, file, firstLine + i);
  try {
    // on_record keeps just the line number: csv-parse's `info` objects cost more than the data.
    const records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: ((record: string[], context: { lines: number }) => ({ record, line: context.lines + firstLine - 1 })) as never,
    }) as unknown as { record: string[]; line: number }[];
    return records.filter((r) => !(r.record.length === 1 && r.record[0] === ''));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new Ic50Error(`cannot parse the file as delimited text: ${(error as Error).message.replace(/^Invalid [^:]*: /, '')}`, {
      code: 'format',
      location: line !== undefined ? { file, line: line + firstLine - 1 } : { file },
    });
  }
}

/** A treated well's concentration text (and unit cell) as log10 molar, or an Ic50Error saying what is wrong with it. */
function readDose(header: TidyHeader, compound: string, concentrationText: string, unitText: string, options: TidyCsvOptions, location: Location): { log10Molar: number; unit: string } {
  if (concentrationText === '') {
    throw new Ic50Error(`no concentration for "${compound}"`, {
      location,
      hint: 'a treated well needs a concentration; mark controls with a role column or a control name (DMSO, blank, …)',
    });
  }
  let valueText = concentrationText;
  let unit: ConcentrationUnit | null = header.headerUnit;
  const inCell = splitValueUnit(concentrationText);
  if (inCell) {
    valueText = inCell.value;
    unit = inCell.unit;
  }
  if (!unit && header.at.unit >= 0) {
    unit = parseConcentrationUnit(unitText);
    if (!unit && unitText !== '') throw new Ic50Error(`unknown concentration unit "${unitText}"`, { code: 'unit', location, hint: `accepted units: ${UNIT_NAMES}` });
  }
  unit ??= options.unit ?? null;
  if (!unit) {
    throw new Ic50Error('no concentration unit', {
      code: 'unit',
      location,
      hint: `put it in the header (concentration_nM, "conc (uM)"), in a unit column, or give --unit; accepted: ${UNIT_NAMES}`,
    });
  }
  const value = parseConcentration(valueText, header.decimalComma, concentrationText, location);
  if (!unit.isLog && value < 0) throw new Ic50Error(`concentration ${concentrationText} is negative`, { location });
  const log10Molar = toLog10Molar(value, unit);
  const range = concentrationRangeError(concentrationText, log10Molar);
  if (range) throw new Ic50Error(range.message, { location, hint: range.hint });
  return { log10Molar, unit: unit.name };
}

/**
 * One record of a tidy CSV as a well. Throws Ic50Error (with file and line) for anything that
 * would make a number wrong: a ragged row, no unit, a non-numeric or negative concentration, an
 * unknown role; an unusable signal only excludes its well, with a warning (an error with
 * `strict`).
 */
export function tidyWell(header: TidyHeader, record: readonly string[], line: number, options: TidyCsvOptions, warnings: Warning[]): WellRecord {
  const file = header.file;
  if (record.length !== header.width) {
    throw new Ic50Error(`row has ${record.length} fields, the header has ${header.width}`, {
      location: { file, line },
      hint: `is a delimiter ("${header.delimiter === '\t' ? '\\t' : header.delimiter}") missing, extra, or inside an unquoted value?`,
    });
  }
  const at = header.at;
  const wellId = at.well >= 0 ? record[at.well]! : '';
  const location: Location = wellId ? { file, line, well: wellId } : { file, line };
  const compound = at.compound >= 0 ? record[at.compound]! : '';
  const concentrationText = at.concentration >= 0 ? record[at.concentration]! : '';

  const unitText = at.unit >= 0 ? record[at.unit]! : '';
  const readingKey = unitText === '' ? concentrationText : `${concentrationText}\u0000${unitText}`;
  // Replicates follow each other: the last row's reading is most often this one's (no hash of a new string).
  let reading = readingKey === header.lastReading.key ? header.lastReading.reading : header.readings.get(readingKey);
  if (reading === undefined) {
    // "0" and "0 nM" alike: a well at concentration zero is a vehicle control.
    reading = { zero: concentrationText !== '' && isWrittenZero(splitValueUnit(concentrationText)?.value ?? concentrationText, header.decimalComma) };
    if (header.readings.size >= MAX_READINGS) header.readings.clear();
    header.readings.set(readingKey, reading);
  }
  header.lastReading.key = readingKey;
  header.lastReading.reading = reading;

  // Role: an explicit column wins; otherwise inferred from the compound name.
  let role: WellRole;
  const roleText = at.role >= 0 ? record[at.role]! : '';
  const roleInferred = roleText === '';
  if (!roleInferred) {
    const parsed = parseRole(roleText);
    if (!parsed) throw new Ic50Error(`unknown role "${roleText}"`, { location, hint: `accepted roles: ${ROLE_NAMES}` });
    role = parsed;
  } else role = inferRole(compound, reading.zero);

  // The time of the read: at time 0, wells with cells are the time-zero reads of their line.
  const time = (header.timeIndex >= 0 ? readTime(record[header.timeIndex]!, { name: header.timeName, hoursPerUnit: header.hoursPerUnit }, header.decimalComma, location) : undefined) ?? options.time;
  role = roleAtTime(role, time);

  // Concentration and unit: only samples need one.
  let log10Molar = Number.NaN;
  let unitName = '';
  if (role === 'sample') {
    if (compound === '') throw new Ic50Error('no compound for a treated well', { location, hint: 'name the compound, or give the well a control role' });
    reading.dose ??= readDose(header, compound, concentrationText, unitText, options, location);
    log10Molar = reading.dose.log10Molar;
    unitName = reading.dose.unit;
  }

  const signalText = at.signal >= 0 ? record[at.signal]! : '';
  let signal = parseNumber(signalText, header.decimalComma);
  if (role !== 'exclude' && !Number.isFinite(signal)) {
    const what = signalText === '' ? 'empty signal' : `signal "${signalText}" is not a number`;
    if (options.strict) throw new Ic50Error(what, { location, hint: 'fix the value, or drop --strict to exclude the well' });
    warnings.push({ location, message: `${what}: well excluded` });
    role = 'exclude';
    signal = Number.NaN;
  }

  const cellLine = at.cellLine >= 0 ? record[at.cellLine]! : (options.cellLine ?? '');
  if (role === 'sample' && cellLine === '') {
    throw new Ic50Error('no cell line for a treated well', { location, hint: 'fill the cell line column, or give --cell-line NAME' });
  }
  const plate = (at.plate >= 0 ? record[at.plate]! : '') || (options.plate ?? file);
  let experiment: string | undefined;
  if (header.experimentIndex >= 0) {
    experiment = record[header.experimentIndex]!;
    if (role === 'sample' && experiment === '') {
      throw new Ic50Error(`no experiment for a treated well (column "${header.experimentName}")`, {
        location,
        hint: 'every treated well needs the experiment (day, run) it belongs to',
      });
    }
  }
  if (role === 'time0' && cellLine === '') {
    throw new Ic50Error('no cell line for a time-zero well', { location, hint: 'a time-zero read is the cell count of one line at treatment: fill the cell line column' });
  }
  const labels = header.labelIndexes.length > 0 ? rowLabels(header, record, location, options) : undefined;
  // One object shape for every row (no spread): the engine reads millions of these.
  return { location, plate, role, roleInferred, cellLine, compound, log10Molar, unit: unitName, signal, experiment, labels, time };
}

/** A row's label values: its cells, or the input's own value where a cell is empty; a cell that contradicts the input's value is an error. */
function rowLabels(header: TidyHeader, record: readonly string[], location: Location, options: TidyCsvOptions): string[] {
  return header.labelIndexes.map((index, k) => {
    const cell = index >= 0 ? record[index]! : '';
    const given = options.labelDefaults?.[k];
    if (cell !== '' && given !== undefined && given !== '' && cell !== given) {
      const key = options.labelColumns?.[k] ?? '';
      throw new Ic50Error(`${key} is "${cell}" here, but the manifest says "${given}" for this file`, { location, hint: `give ${key} in one place, or make them agree` });
    }
    return cell !== '' ? cell : (given ?? '');
  });
}

/**
 * Reads a whole tidy CSV — one row per well — into well records (the engine reads large files
 * in chunks with readTidyHeader, tidyRecords and tidyWell; this is the same for one text).
 * Columns are found by name (see the column vocabulary); the delimiter is sniffed (comma,
 * semicolon, tab); a UTF-8 byte-order mark is skipped; with `;` or tab as the delimiter,
 * decimal commas are accepted.
 */
export function readTidyCsv(text: string, file: string, options: TidyCsvOptions = {}): TidyCsvResult {
  const body = stripBom(text);
  const header = readTidyHeader(body.slice(0, 1 << 20), file, options);
  const lines = body.split(/\r\n|\n|\r/);
  const rest = lines.slice(header.line).join('\n');
  const warnings: Warning[] = header.notes.map((message) => ({ location: { file }, message }));
  const wells: WellRecord[] = [];
  forEachTidyRecord(rest, header.delimiter, file, header.line + 1, (record, line) => wells.push(tidyWell(header, record, line, options, warnings)));
  if (wells.length === 0) throw new Ic50Error('the file has a header but no data rows', { code: 'no_data', location: { file, line: header.line } });
  return { wells, warnings };
}
