import { parse } from 'csv-parse/sync';
import { Ic50Error } from '../errors.js';
import {
  concentrationRangeError,
  parseConcentrationUnit,
  toLog10Molar,
  UNIT_NAMES,
  type ConcentrationUnit,
} from '../plate/concentrationUnit.js';
import { inferRole, parseRole, ROLE_NAMES } from '../plate/roles.js';
import type { Warning, WellRecord, WellRole } from '../types.js';
import { parseNumber } from './parseNumber.js';
import { sniffDelimiter } from './sniffDelimiter.js';

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
}

export interface TidyCsvResult {
  readonly wells: WellRecord[];
  readonly warnings: Warning[];
}

type Field = 'cellLine' | 'compound' | 'concentration' | 'signal' | 'plate' | 'well' | 'replicate' | 'role' | 'unit';

/** Accepted header names per field, compared after lower-casing and removing spaces, dashes, underscores. */
const ALIASES: Record<Field, readonly string[]> = {
  cellLine: ['cellline', 'line', 'cells', 'sample', 'cell', 'celltype'],
  compound: ['compound', 'drug', 'treatment', 'agent'],
  concentration: ['concentration', 'conc', 'dose'],
  signal: ['signal', 'value', 'rlu', 'luminescence', 'lum', 'absorbance', 'abs', 'od', 'response', 'viability'],
  plate: ['plate', 'plateid', 'barcode', 'platebarcode'],
  well: ['well', 'wellid', 'position'],
  replicate: ['replicate', 'rep'],
  role: ['role', 'type', 'welltype', 'wellrole'],
  unit: ['unit', 'units', 'concentrationunit', 'concunit'],
};

const FIELD_LABEL: Record<Field, string> = {
  cellLine: 'cell line',
  compound: 'compound',
  concentration: 'concentration',
  signal: 'signal',
  plate: 'plate',
  well: 'well',
  replicate: 'replicate',
  role: 'role',
  unit: 'unit',
};

function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/**
 * Splits a header into its name and a unit suffix: `concentration_nM`, `conc (µM)`, `dose [uM]`,
 * `log10 conc (M)`. A leading "log"/"log10" on a concentration header makes the unit log10.
 */
export function splitHeaderUnit(header: string): { name: string; unit: ConcentrationUnit | null } {
  const bracket = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]\s*$/.exec(header);
  let name = header;
  let unitText: string | null = null;
  if (bracket) {
    name = bracket[1]!;
    unitText = bracket[2]!;
  } else {
    const suffix = /^(.*?)[\s_-]+([A-Za-zµμ]{1,2}|log10\s*M|logM)$/.exec(header);
    if (suffix && parseConcentrationUnit(suffix[2]!)) {
      name = suffix[1]!;
      unitText = suffix[2]!;
    }
  }
  let unit = unitText ? parseConcentrationUnit(unitText) : null;
  const logPrefix = /^log\s*(10)?[\s_-]*/i;
  if (logPrefix.test(name) && ALIASES.concentration.includes(normalizeHeader(name.replace(logPrefix, '')))) {
    name = name.replace(logPrefix, '');
    if (unit && !unit.isLog && unit.name === 'M') unit = parseConcentrationUnit('log10 M');
  }
  return { name, unit };
}

/** A cell like "12.5 µM": value and unit, or null when it has no unit. */
function splitValueUnit(cell: string): { value: string; unit: ConcentrationUnit } | null {
  const m = /^\s*([-+0-9.,eE]+)\s*([A-Za-zµμ][A-Za-zµμ0-9 ]*)\s*$/.exec(cell);
  if (!m) return null;
  const unit = parseConcentrationUnit(m[2]!);
  return unit ? { value: m[1]!, unit } : null;
}

/**
 * true when the first non-empty line of `text` is a tidy-CSV header: it names a compound or a
 * concentration column. Plate-reader exports never do; this decides which path a file takes.
 */
export function looksTidy(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  if (first === undefined) return false;
  const delimiter = sniffDelimiter([first]);
  const keys = first.split(delimiter).map((h) => normalizeHeader(splitHeaderUnit(h.replace(/^"|"$/g, '').trim()).name));
  const has = (field: Field) => keys.some((k) => ALIASES[field].includes(k));
  // A compound or concentration column means tidy data (no export has one); a tidy file
  // missing a column still takes this path, to be told precisely what is missing.
  return has('compound') || has('concentration');
}

/**
 * Reads a tidy CSV — one row per well — into well records. Columns are found by name
 * (see ALIASES); the delimiter is sniffed (comma, semicolon, tab); a UTF-8 byte-order mark is
 * skipped; with `;` or tab as the delimiter, decimal commas are accepted.
 *
 * Throws Ic50Error (with file and line) for anything that would make a number wrong: a missing
 * concentration or signal column, no unit, a non-numeric or negative concentration, a ragged
 * row, an unknown role. An unusable signal only excludes its well, with a warning (an error with
 * `strict`).
 */
export function readTidyCsv(text: string, file: string, options: TidyCsvOptions = {}): TidyCsvResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  if (lines.every((l) => l.trim() === '')) {
    throw new Ic50Error('the file is empty', { location: { file }, hint: 'expected a header row and one row per well' });
  }
  const delimiter = sniffDelimiter(lines);
  const decimalComma = delimiter !== ',';

  let records: { record: string[]; line: number }[];
  if (!body.includes('"')) {
    // No quotes anywhere: a plain split gives exactly what csv-parse would, and reading plus
    // normalizing a screen takes 2.5× less time (large tidy files are the common case).
    records = lines.map((text, i) => ({ record: text.split(delimiter).map((c) => c.trim()), line: i + 1 }));
  } else {
    try {
      // on_record keeps just the line number: csv-parse's `info` objects cost more than the data.
      records = parse(body, {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        on_record: ((record: string[], context: { lines: number }) => ({ record, line: context.lines })) as never,
      }) as unknown as { record: string[]; line: number }[];
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw new Ic50Error(`cannot parse the file as delimited text: ${(error as Error).message.replace(/^Invalid [^:]*: /, '')}`, {
        location: line !== undefined ? { file, line } : { file },
      });
    }
  }
  records = records.filter((r) => !(r.record.length === 1 && r.record[0] === ''));
  if (records.length === 0) throw new Ic50Error('the file is empty', { location: { file } });

  const header = records[0]!;
  const columns = new Map<Field, number>();
  let headerUnit: ConcentrationUnit | null = null;
  header.record.forEach((raw, index) => {
    const { name, unit } = splitHeaderUnit(raw);
    const key = normalizeHeader(name);
    for (const field of Object.keys(ALIASES) as Field[]) {
      if (!columns.has(field) && ALIASES[field].includes(key)) {
        columns.set(field, index);
        if (field === 'concentration' && unit) headerUnit = unit;
        break;
      }
    }
  });

  const headerLine = header.line;
  const named = header.record.filter((h) => h !== '');
  const found =
    named.length === 0
      ? 'no column names'
      : `found: ${named.slice(0, 12).map((h) => `"${h}"`).join(', ')}${named.length > 12 ? `, … (${named.length} in all)` : ''}`;
  for (const required of ['concentration', 'signal', 'compound'] as const) {
    if (!columns.has(required)) {
      throw new Ic50Error(`no ${FIELD_LABEL[required]} column in the header (${found})`, {
        location: { file, line: headerLine },
        hint: `accepted names: ${ALIASES[required].join(', ')} — case, spaces, dashes and underscores are ignored`,
      });
    }
  }
  if (!columns.has('cellLine') && !options.cellLine) {
    throw new Ic50Error(`no cell line column in the header (${found})`, {
      location: { file, line: headerLine },
      hint: `accepted names: cell_line, ${ALIASES.cellLine.slice(1).join(', ')}; or give --cell-line NAME`,
    });
  }

  let experimentIndex = -1;
  if (options.experimentColumn !== undefined) {
    const wanted = normalizeHeader(options.experimentColumn);
    experimentIndex = header.record.findIndex((raw) => normalizeHeader(splitHeaderUnit(raw).name) === wanted);
    if (experimentIndex < 0) {
      throw new Ic50Error(`no column "${options.experimentColumn}" for --experiment in the header (${found})`, {
        location: { file, line: headerLine },
        hint: '--experiment takes plate, file, or the name of a column that says which experiment (day, run) each well belongs to',
      });
    }
  }

  const column = (record: string[], field: Field): string => {
    const index = columns.get(field);
    return index === undefined ? '' : (record[index] ?? '');
  };

  const wells: WellRecord[] = [];
  const warnings: Warning[] = [];
  const width = header.record.length;
  const defaultPlate = options.plate ?? file;
  for (let r = 1; r < records.length; r++) {
    const { record, line } = records[r]!;
    if (record.length !== width) {
      throw new Ic50Error(`row has ${record.length} fields, the header has ${width}`, {
        location: { file, line },
        hint: `is a delimiter ("${delimiter === '\t' ? '\\t' : delimiter}") missing, extra, or inside an unquoted value?`,
      });
    }
    const wellId = column(record, 'well');
    const location = wellId ? { file, line, well: wellId } : { file, line };
    const compound = column(record, 'compound');
    const concentrationText = column(record, 'concentration');

    // Role: an explicit column wins; otherwise inferred from the compound name.
    let role: WellRole;
    const roleText = column(record, 'role');
    const roleInferred = !(columns.has('role') && roleText !== '');
    if (!roleInferred) {
      const parsed = parseRole(roleText);
      if (!parsed) {
        throw new Ic50Error(`unknown role "${roleText}"`, { location, hint: `accepted roles: ${ROLE_NAMES}` });
      }
      role = parsed;
    } else {
      // "0" and "0 nM" alike: a well at concentration zero is a vehicle control.
      const zero = concentrationText !== '' && parseNumber(splitValueUnit(concentrationText)?.value ?? concentrationText, decimalComma) === 0;
      role = inferRole(compound, zero);
    }

    // Concentration and unit: only samples need one.
    let log10Molar = Number.NaN;
    let unitName = '';
    if (role === 'sample') {
      if (compound === '') {
        throw new Ic50Error('no compound for a treated well', { location, hint: 'name the compound, or give the well a control role' });
      }
      if (concentrationText === '') {
        throw new Ic50Error(`no concentration for ${compound ? `"${compound}"` : 'this well'}`, {
          location,
          hint: 'a treated well needs a concentration; mark controls with a role column or a control name (DMSO, blank, …)',
        });
      }
      let valueText = concentrationText;
      let unit: ConcentrationUnit | null = headerUnit;
      const inCell = splitValueUnit(concentrationText);
      if (inCell) {
        valueText = inCell.value;
        unit = inCell.unit;
      }
      if (!unit && columns.has('unit')) {
        const unitText = column(record, 'unit');
        unit = parseConcentrationUnit(unitText);
        if (!unit && unitText !== '') {
          throw new Ic50Error(`unknown concentration unit "${unitText}"`, { location, hint: `accepted units: ${UNIT_NAMES}` });
        }
      }
      unit ??= options.unit ?? null;
      if (!unit) {
        throw new Ic50Error('no concentration unit', {
          location,
          hint: `put it in the header (concentration_nM, "conc (uM)"), in a unit column, or give --unit; accepted: ${UNIT_NAMES}`,
        });
      }
      const value = parseNumber(valueText, decimalComma);
      if (!Number.isFinite(value)) {
        throw new Ic50Error(`concentration "${concentrationText}" is not a number`, { location });
      }
      if (!unit.isLog && value < 0) {
        throw new Ic50Error(`concentration ${concentrationText} is negative`, { location });
      }
      log10Molar = toLog10Molar(value, unit);
      const range = concentrationRangeError(concentrationText, log10Molar);
      if (range) throw new Ic50Error(range.message, { location, hint: range.hint });
      unitName = unit.name;
    }

    const signalText = column(record, 'signal');
    let signal = parseNumber(signalText, decimalComma);
    if (role !== 'exclude' && !Number.isFinite(signal)) {
      const what = signalText === '' ? 'empty signal' : `signal "${signalText}" is not a number`;
      if (options.strict) throw new Ic50Error(what, { location, hint: 'fix the value, or drop --strict to exclude the well' });
      warnings.push({ location, message: `${what}: well excluded` });
      role = 'exclude';
      signal = Number.NaN;
    }

    const cellLine = columns.has('cellLine') ? column(record, 'cellLine') : (options.cellLine ?? '');
    if (role === 'sample' && cellLine === '') {
      throw new Ic50Error('no cell line for a treated well', { location, hint: 'fill the cell line column, or give --cell-line NAME' });
    }
    const plate = column(record, 'plate') || defaultPlate;
    let experiment: string | undefined;
    if (experimentIndex >= 0) {
      experiment = record[experimentIndex] ?? '';
      if (experiment.toLowerCase() === 'mean') {
        throw new Ic50Error('the experiment name "mean" is reserved for the summary row across experiments', { location, hint: 'rename that experiment (e.g. day 1, run A)' });
      }
      if (role === 'sample' && experiment === '') {
        throw new Ic50Error(`no experiment for a treated well (column "${header.record[experimentIndex]}")`, {
          location,
          hint: 'every treated well needs the experiment (day, run) it belongs to',
        });
      }
    }
    wells.push({ location, plate, role, roleInferred, cellLine, compound, log10Molar, unit: unitName, signal, ...(experiment !== undefined ? { experiment } : {}) });
  }
  if (wells.length === 0) {
    throw new Ic50Error('the file has a header but no data rows', { location: { file, line: headerLine } });
  }
  return { wells, warnings };
}
