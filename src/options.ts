import { DEFAULT_BOUNDS, type FitBounds } from './fit/fitCurve.js';
import { Ic50Error } from './errors.js';
import { parseVolume } from './layouts/volume.js';
import { parseConcentrationUnit, UNIT_NAMES, type ConcentrationUnit } from './plate/concentrationUnit.js';
import { parseExclusionList, type Exclusion } from './plate/exclusions.js';

/**
 * Every option of every command, declared once: its flag, value, choices, default, one-line
 * help and the docs' wording. The commander program (cli.ts), the help texts, docs/options.md's
 * option tables (`npm run docs:options`, checked by a test) and the defaults of the library all
 * come from OPTIONS; `resolveOptions` applies the defaults, once, at the boundary.
 */

export type CommandName = 'fit' | 'inspect' | 'matrix' | 'trend';

/** How wells are split into independent experiments (--experiment). */
export type ExperimentBy = 'plate' | 'file' | { readonly column: string };

export type FitFormat = 'table' | 'csv' | 'tsv' | 'json' | 'ndjson' | 'xlsx' | 'pzfx';
export const FIT_FORMATS: readonly FitFormat[] = ['table', 'csv', 'tsv', 'json', 'ndjson', 'xlsx', 'pzfx'];
/** What `ic50 trend` writes. */
export const TREND_FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;

/** The curve equations that can be fitted and compared by name. */
export type ModelName = 'll3' | 'll4' | 'll5';
export const MODEL_NAMES: readonly ModelName[] = ['ll3', 'll4', 'll5'];

/** Parameters a global fit can share across the cell lines of a compound (--share). */
export type SharedParameter = 'hill' | 'top' | 'bottom';
export const SHAREABLE: readonly SharedParameter[] = ['hill', 'top', 'bottom'];

/** Every option, resolved: what the commands and the analysis read. */
export interface Options {
  // Reading inputs
  readonly layout: string | undefined;
  readonly manifest: string | undefined;
  /** The worksheet of an .xlsx plate map (or manifest) to read. */
  readonly sheet: string | undefined;
  /** An Echo run's source plates: well → compound and stock concentration. */
  readonly echoStock: string | undefined;
  /** The final volume of a well, in litres (Echo transfers → concentrations). */
  readonly assayVolume: number | undefined;
  readonly unit: ConcentrationUnit | undefined;
  readonly cellLine: string | undefined;
  readonly reader: string | undefined;
  readonly read: string | undefined;
  readonly referenceSubtract: boolean;
  readonly normalize: boolean;
  readonly strict: boolean;
  readonly recursive: boolean;
  readonly experiment: ExperimentBy | undefined;
  /** --label KEY=VALUE: labels of every output row (the check: passage, date, …), in the order given. */
  readonly labels: readonly (readonly [key: string, value: string])[];
  /**
   * Label columns: a tidy CSV's or a manifest's columns whose values label each row's check
   * (--label-column, and any `passage` or `date` column the fit command finds), in order.
   */
  readonly labelColumns: readonly string[];
  /** Wells left out, with why (--exclude; --exclude-file's rows are added by the command). */
  readonly exclude: readonly Exclusion[];
  readonly excludeFile: string | undefined;
  // Plate QC
  readonly minZPrime: number;
  readonly maxVehicleCv: number;
  // The fit
  /** `auto`: the model --compare-models prefers, per curve. */
  readonly model: ModelName | 'auto';
  /** Models compared per curve (F test, AICc); empty: no comparison. */
  readonly compareModels: readonly ModelName[];
  readonly modelAlpha: number;
  readonly top: number | undefined;
  readonly bottom: number | undefined;
  readonly hillMin: number;
  readonly hillMax: number;
  readonly weights: 'none' | '1/y2';
  readonly outliers: 'off' | 'flag' | 'remove';
  /** ROUT's Q in percent. */
  readonly outlierQ: number;
  readonly ci: 'wald' | 'profile';
  readonly confidence: number;
  readonly flatAlpha: number;
  readonly ambiguousWidth: number;
  /** ICx levels in % besides IC50 (--icx 20,80,90), ascending. */
  readonly icx: readonly number[];
  // Growth rate (GR) without time-zero plates
  /** Doubling time in hours of each cell line (--doubling-time LINE=HOURS). */
  readonly doublingTimes: readonly (readonly [cellLine: string, hours: number])[];
  /** Length of the assay in hours, for --doubling-time. */
  readonly assayHours: number | undefined;
  // Comparisons
  readonly parental: string | undefined;
  readonly pairs: readonly (readonly [resistant: string, parental: string])[];
  readonly rfCi: 'delta' | 'fieller';
  // Resistance histories (ic50 trend)
  /** The label that orders the checks: passage, date or another label column. */
  readonly by: string | undefined;
  /** Only this resistant line / this compound. */
  readonly line: string | undefined;
  readonly compound: string | undefined;
  /** The fold a line's RF interval must lie wholly above to call it resistant. */
  readonly resistantAt: number;
  /** Parameters shared by the lines of a compound in a global fit; empty: none. */
  readonly share: readonly SharedParameter[];
  readonly shareAlpha: number;
  /** Resistance factors at these ICx levels too (--rf-at 20), ascending. */
  readonly rfAt: readonly number[];
  // Output
  readonly format: string | undefined;
  readonly output: string | undefined;
  /** Write every well after normalization to this file (format from its extension). */
  readonly wells: string | undefined;
  readonly unitOut: ConcentrationUnit | undefined;
  readonly matrix: boolean;
  readonly plot: string | undefined;
  readonly plotFormat: 'svg' | 'png';
  /** What the error bars of the figures show. */
  readonly errorBars: 'sd' | 'sem' | 'none';
  /** Draw each curve's confidence band in the figures. */
  readonly band: boolean;
  /** Figure width in pixels. */
  readonly plotWidth: number;
  /** Figure height in pixels; undefined: as the legend needs. */
  readonly plotHeight: number | undefined;
  /** Font size of the figures, in pixels. */
  readonly fontSize: number;
  /** Title of the figures and the report; "" for none on the figures. */
  readonly title: string | undefined;
  readonly report: string | undefined;
  readonly rawCells: boolean;
  /** CSV with ";" and decimal commas, TSV with decimal commas (European spreadsheets). */
  readonly decimalComma: boolean;
  /** X of the Prism tables: log10 of the concentration, or the concentration. */
  readonly pzfxX: 'log' | 'linear';
  readonly color: boolean;
  readonly quiet: boolean;
  readonly jobs: number | undefined;
  /**
   * Not an option: what the engine found in the data that decides output columns — several end
   * times (a `time` column) and growth-rate references (GR columns). Set by analyze, read by the writers.
   */
  readonly detected?: DetectedData | undefined;
}

/** What the data hold that decides the output's columns (set by the engine after its first pass). */
export interface DetectedData {
  /** Treated wells were read at more than one end time: curves are per time, with a `time` column. */
  readonly times: boolean;
  /** Some curve has growth-rate references (time-zero reads or a doubling time): GR and NCI-60 columns. */
  readonly growth: boolean;
}

export interface OptionSpec {
  readonly key: keyof Options;
  /** Commander's flag syntax, e.g. "-o, --output <file>", "--no-normalize", "--pair <resistant=parental>". */
  readonly flags: string;
  readonly commands: readonly CommandName[];
  /** One line for `--help`. */
  readonly help: string;
  /** The wording of docs/options.md (Markdown): what the option means, with its accepted values. */
  readonly doc: string;
  readonly choices?: readonly string[];
  /** Parses (and checks) a value given on the command line; throws Ic50Error with code usage. */
  readonly parse?: (text: string, previous: unknown) => unknown;
  /** Repeatable: each use adds to a list. */
  readonly repeatable?: boolean;
  /** The default, when it is a value; `defaultText` says it in words when it is computed. */
  readonly default?: unknown;
  readonly defaultText?: string;
}

function usage(message: string): Ic50Error {
  return new Ic50Error(message, { code: 'usage' });
}

function unitValue(text: string): ConcentrationUnit {
  const unit = parseConcentrationUnit(text);
  if (!unit) throw usage(`unknown unit "${text}"; accepted: ${UNIT_NAMES}`);
  return unit;
}

function numberIn(name: string, low: number, high: number) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !(value >= low && value <= high)) throw usage(`expected ${name} between ${low} and ${high}, got "${text}"`);
    return value;
  };
}

function levelValue(text: string): number {
  const level = Number(text);
  if (!(level > 0 && level < 1)) throw usage(`expected a level between 0 and 1 (e.g. 0.95), got "${text}"`);
  return level;
}

function pairValue(text: string, previous: unknown): (readonly [string, string])[] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw usage(`expected RESISTANT=PARENTAL, got "${text}"`);
  const list = Array.isArray(previous) ? (previous as (readonly [string, string])[]) : [];
  return [...list, [text.slice(0, at).trim(), text.slice(at + 1).trim()] as const];
}

function volumeValue(text: string): number {
  const litres = parseVolume(text);
  if (litres === null) throw usage(`expected a volume with its unit (e.g. 25uL, 50 µL, 40000 nL), got "${text}"`);
  return litres;
}

function wellsValue(text: string): string {
  if (!/\.(csv|tsv|json|ndjson)$/i.test(text)) throw usage(`--wells ${text}: the format comes from the extension: .csv, .tsv, .json or .ndjson`);
  return text;
}

/** A label's name: it becomes a column name, so a letter, then letters, digits, `_`, `.` or `-`. */
export const LABEL_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

function labelKey(text: string, option: string): string {
  const key = text.trim();
  if (!LABEL_KEY.test(key)) throw usage(`${option}: "${text}" cannot be a column name (a letter, then letters, digits, _ . -)`);
  return key;
}

function labelValue(text: string, previous: unknown): (readonly [string, string])[] {
  const at = text.indexOf('=');
  if (at <= 0) throw usage(`expected KEY=VALUE (e.g. passage=12), got "${text}"`);
  const key = labelKey(text.slice(0, at), '--label');
  const list = Array.isArray(previous) ? (previous as (readonly [string, string])[]) : [];
  if (list.some(([k]) => k === key)) throw usage(`--label ${key} is given twice`);
  return [...list, [key, text.slice(at + 1).trim()] as const];
}

function labelColumnValue(text: string, previous: unknown): string[] {
  const key = labelKey(text, '--label-column');
  const list = Array.isArray(previous) ? (previous as string[]) : [];
  return list.includes(key) ? list : [...list, key];
}

/** "20,80,90" → [20, 80, 90]: ICx levels in %, strictly between 0 and 100, not 50 (IC50 is always reported). */
function levelsValue(option: string) {
  return (text: string, previous: unknown): number[] => {
    const list = Array.isArray(previous) ? (previous as number[]) : [];
    const levels = text.split(/[,;\s]+/).filter((t) => t !== '').map((t) => {
      const level = Number(t.replace(/%$/, ''));
      if (!(level > 0 && level < 100)) throw usage(`${option}: expected levels in % between 0 and 100 (e.g. 20,80,90), got "${t}"`);
      if (level === 50) throw new Ic50Error(`${option}: 50 is the IC50, always reported (ic50, ic50_abs${option === '--rf-at' ? ', rf' : ''})`, { code: 'usage', hint: `give the other levels, e.g. ${option} 20,80` });
      return level;
    });
    if (levels.length === 0) throw usage(`${option} needs levels in %, e.g. 20,80,90`);
    return [...new Set([...list, ...levels])].sort((a, b) => a - b);
  };
}

/** LINE=HOURS of --doubling-time. */
function doublingTimeValue(text: string, previous: unknown): (readonly [string, number])[] {
  const at = text.lastIndexOf('=');
  const hours = Number(text.slice(at + 1));
  if (at <= 0 || !(hours > 0 && hours < 1e6)) throw usage(`--doubling-time: expected LINE=HOURS (e.g. "MM1S WT=24"), got "${text}"`);
  const line = text.slice(0, at).trim();
  const list = Array.isArray(previous) ? (previous as (readonly [string, number])[]) : [];
  if (list.some(([l]) => l === line)) throw usage(`--doubling-time: cell line "${line}" is given twice`);
  return [...list, [line, hours] as const];
}

function experimentValue(text: string): ExperimentBy {
  if (text === 'plate' || text === 'file') return text;
  if (text.trim() === '') throw usage('--experiment needs plate, file or a column name');
  return { column: text };
}

function modelList(text: string): ModelName[] {
  const names = text.split(/[,+\s]+/).map((m) => m.trim().toLowerCase()).filter((m) => m !== '');
  for (const name of names) if (!(MODEL_NAMES as readonly string[]).includes(name)) throw usage(`--compare-models: unknown model "${name}"; accepted: ${MODEL_NAMES.join(', ')}`);
  const unique = [...new Set(names)] as ModelName[];
  if (unique.length < 2) throw usage(`--compare-models needs two or more models, e.g. ll4,ll5 (got "${text}")`);
  return MODEL_NAMES.filter((m) => unique.includes(m));
}

function sharedList(text: string): SharedParameter[] {
  const names = text.split(/[,+\s]+/).map((m) => m.trim().toLowerCase()).filter((m) => m !== '');
  for (const name of names) if (!(SHAREABLE as readonly string[]).includes(name)) throw usage(`--share: "${name}" cannot be shared; accepted: ${SHAREABLE.join(', ')} (or a combination, e.g. hill,top)`);
  if (names.length === 0) throw usage('--share needs hill, top, bottom or a combination (hill,top)');
  return SHAREABLE.filter((m) => names.includes(m));
}

function exclusionValue(text: string, previous: unknown): Exclusion[] {
  const list = Array.isArray(previous) ? (previous as Exclusion[]) : [];
  return [...list, ...parseExclusionList(text)];
}

const INPUT: readonly CommandName[] = ['fit', 'inspect'];

export const OPTIONS: readonly OptionSpec[] = [
  // Output
  {
    key: 'format',
    flags: '-f, --format <format>',
    commands: ['fit'],
    choices: FIT_FORMATS,
    help: 'output format (default: table on a terminal, csv otherwise; with -o, from its extension: .xlsx a workbook, .pzfx a Prism project)',
    doc: 'output format; default `table` when stdout is a terminal, `csv` otherwise (with `-o`: from the file’s extension, else csv); `xlsx` is an Excel workbook (results, matrix, plate QC), `pzfx` a GraphPad Prism project (the data, one XY table per compound; see docs/prism.md)',
  },
  {
    key: 'format',
    flags: '-f, --format <format>',
    commands: ['inspect'],
    choices: ['table', 'json', 'csv'],
    default: 'table',
    help: 'output format (csv: a plate map as the long table ic50 understood)',
    doc: 'output format; `csv` prints a plate map, whatever its source, as the long table ic50 understood (`plate, well, role, cell_line, compound, concentration, unit`), `json` the same with a summary per plate',
  },
  {
    key: 'format',
    flags: '-f, --format <format>',
    commands: ['matrix'],
    choices: ['table', 'csv'],
    help: 'output format (default: table on a terminal, csv otherwise)',
    doc: 'output format; default `table` on a terminal, `csv` otherwise',
  },
  {
    key: 'format',
    flags: '-f, --format <format>',
    commands: ['trend'],
    choices: TREND_FORMATS,
    help: 'output format (default: table on a terminal, csv otherwise; with -o, from its extension)',
    doc: 'output format; default `table` when stdout is a terminal, `csv` otherwise (with `-o`: from the file’s extension, else csv)',
  },
  {
    key: 'output',
    flags: '-o, --output <file>',
    commands: ['fit', 'matrix', 'trend'],
    help: 'write the results to FILE, completely or not at all (format from its extension)',
    doc: 'write the results to FILE instead of stdout: complete or not at all (temporary file, flushed, renamed); a device or FIFO is written through; an input file is refused',
  },
  {
    key: 'wells',
    flags: '--wells <file>',
    commands: ['fit'],
    parse: wellsValue,
    help: 'also write every well after normalization to FILE (.csv, .tsv, .json or .ndjson)',
    doc: 'also write every well the plate maps and tidy rows define, after normalization, to FILE (format from its extension: `.csv`, `.tsv`, `.json`, `.ndjson`): `file, plate, well, role, cell_line, compound, concentration, unit, signal, viability, excluded, outlier`; complete or not at all, streamed at screen scale',
  },
  {
    key: 'unitOut',
    flags: '--unit-out <unit>',
    commands: ['fit'],
    parse: unitValue,
    help: 'report IC50s in this unit instead of the input’s',
    doc: 'report IC50s in this unit (default: the input’s unit; `log10 M` input is reported in M); converts only within molar or within mass units (a compound dosed in µg/mL stays in a mass unit)',
  },
  // Comparisons
  {
    key: 'parental',
    flags: '--parental <name>',
    commands: ['fit'],
    help: 'compare every other cell line with this one (resistance factors)',
    doc: 'compare every other cell line with NAME (resistance factors)',
  },
  {
    key: 'pairs',
    flags: '--pair <resistant=parental>',
    commands: ['fit'],
    parse: pairValue,
    repeatable: true,
    default: [],
    help: 'compare RESISTANT with PARENTAL (repeatable; a line may have several parentals)',
    doc: 'compare one line with another; repeatable, and a line may be compared with several parentals (one row each)',
  },
  {
    key: 'share',
    flags: '--share <parameters>',
    commands: ['fit'],
    parse: sharedList,
    default: [],
    help: 'global fit per compound with these parameters shared by its cell lines: hill, top, bottom or a combination (hill,top)',
    doc: 'global fit: fit the cell lines of each compound together with `hill`, `top` or `bottom` (or a combination, `hill,top`) shared, as Prism’s “shared value for all data sets” and drc’s `pmodels`; adds the shared fit’s IC50s and RFs (`shared_*` columns) and the F test of shared against separate fits (`share_p`, flag `share_rejected`)',
  },
  {
    key: 'shareAlpha',
    flags: '--share-alpha <p>',
    commands: ['fit'],
    parse: levelValue,
    default: 0.05,
    help: 'flag share_rejected when the F test of shared against separate fits gives p below this',
    doc: 'flag `share_rejected` when the F test of the shared fit against separate fits gives p below P',
  },
  {
    key: 'rfCi',
    flags: '--rf-ci <method>',
    commands: ['fit'],
    choices: ['delta', 'fieller'],
    default: 'delta',
    help: 'resistance-factor interval: delta method on log10, or Fieller',
    doc: 'RF interval: `delta` method on log10, or `fieller`’s (`rf_ci_open` when a side is unbounded)',
  },
  {
    key: 'rfAt',
    flags: '--rf-at <levels>',
    commands: ['fit'],
    parse: levelsValue('--rf-at'),
    repeatable: true,
    default: [],
    help: 'resistance factors at these ICx levels (%) too, e.g. 20 (implies --icx for them)',
    doc: 'resistance factors at these ICx levels too (e.g. `20`): `rf_icP`, `rf_icP_ci_low`, `rf_icP_ci_high` (delta method on log10; `icx_rf_lower_bound`/`icx_rf_upper_bound` when an ICx is beyond its range); implies `--icx` for them',
  },
  // The fit
  {
    key: 'confidence',
    flags: '--confidence <level>',
    commands: ['fit'],
    parse: levelValue,
    default: 0.95,
    help: 'confidence level of every interval',
    doc: 'confidence level of every interval',
  },
  {
    key: 'normalize',
    flags: '--no-normalize',
    commands: ['fit'],
    default: true,
    help: 'signals are already % viability: do not normalize to controls',
    doc: 'signals are already % viability; no controls needed',
  },
  {
    key: 'model',
    flags: '--model <model>',
    commands: ['fit'],
    choices: ['ll4', 'll3', 'll5', 'auto'],
    default: 'll4',
    help: 'curve equation: ll4 (4PL), ll3 (bottom pinned at --bottom, else 0), ll5 (asymmetric 5PL) or auto (the one --compare-models prefers)',
    doc: 'the curve equation: `ll4` (four parameters), `ll3` (the bottom pinned at `--bottom`, else 0: drc’s LL.3), `ll5` (asymmetric five-parameter logistic, needs 5 concentrations) or `auto` (per curve, the model `--compare-models` prefers; `ll3,ll4,ll5` unless given); the `model` column names what was fitted',
  },
  {
    key: 'compareModels',
    flags: '--compare-models <models>',
    commands: ['fit'],
    parse: modelList,
    default: [],
    help: 'compare these models per curve (two or more of ll3, ll4, ll5): F test and AICc',
    doc: 'compare models per curve — two or more of `ll3`, `ll4`, `ll5`, e.g. `ll4,ll5`: the extra-sum-of-squares F test of each nested pair and AICc (columns `preferred_model`, `model_p`, `aicc_<model>`)',
  },
  {
    key: 'modelAlpha',
    flags: '--model-alpha <p>',
    commands: ['fit'],
    parse: levelValue,
    default: 0.05,
    help: 'model comparison: the larger model is preferred when its F test gives p below this',
    doc: 'model comparison: a larger model is preferred when the F test against the smaller gives p below P',
  },
  {
    key: 'top',
    flags: '--top <percent>',
    commands: ['fit'],
    parse: numberIn('a viability', -1e6, 1e6),
    help: 'pin the top asymptote (response at zero dose), e.g. 100',
    doc: 'pin the top asymptote instead of fitting it (`--top 100 --bottom 0` is drc’s LL.2); a pinned parameter has no standard error',
  },
  {
    key: 'bottom',
    flags: '--bottom <percent>',
    commands: ['fit'],
    parse: numberIn('a viability', -1e6, 1e6),
    help: 'pin the bottom asymptote (response at infinite dose), e.g. 0',
    doc: 'pin the bottom asymptote (`--bottom 0` is drc’s LL.3)',
  },
  {
    key: 'hillMin',
    flags: '--hill-min <h>',
    commands: ['fit'],
    parse: numberIn('a Hill slope', 1e-6, 1e6),
    default: DEFAULT_BOUNDS.hillMin,
    help: 'lower bound of the Hill slope',
    doc: 'lower bound of the Hill slope',
  },
  {
    key: 'hillMax',
    flags: '--hill-max <h>',
    commands: ['fit'],
    parse: numberIn('a Hill slope', 1e-6, 1e6),
    default: DEFAULT_BOUNDS.hillMax,
    help: 'upper bound of the Hill slope',
    doc: 'upper bound of the Hill slope',
  },
  {
    key: 'weights',
    flags: '--weights <scheme>',
    commands: ['fit'],
    choices: ['none', '1/y2'],
    default: 'none',
    help: 'weighted least squares: none, or 1/y2 (relative, each point by 1/max(y², 1))',
    doc: 'weighted least squares: `none`, or relative weights `1/y2` = 1/max(y², 1) on the observed % viability (Prism’s “weight by 1/Y²”, floored at 1 %²)',
  },
  {
    key: 'outliers',
    flags: '--outliers <mode>',
    commands: ['fit'],
    choices: ['off', 'flag', 'remove'],
    default: 'off',
    help: 'ROUT outlier detection: off, flag (list them) or remove (list them and refit without them)',
    doc: 'ROUT outlier detection: `off`, `flag` (outlier wells listed in `outliers`, the fit unchanged) or `remove` (listed, and the curve refitted without them)',
  },
  {
    key: 'outlierQ',
    flags: '--outlier-q <percent>',
    commands: ['fit'],
    parse: numberIn('a rate in %', 1e-6, 50),
    default: 1,
    help: 'ROUT’s maximum false discovery rate Q, in %',
    doc: 'ROUT’s maximum false discovery rate Q, in %',
  },
  {
    key: 'ci',
    flags: '--ci <method>',
    commands: ['fit'],
    choices: ['wald', 'profile'],
    default: 'wald',
    help: 'IC50 interval: Wald on log10 (fast) or profile likelihood',
    doc: 'IC50 interval: `wald` on log10 (fast) or `profile` likelihood (asymmetric; `ci_open` when a side is unbounded)',
  },
  {
    key: 'ambiguousWidth',
    flags: '--ambiguous-width <decades>',
    commands: ['fit'],
    parse: numberIn('a width', 0, 1000),
    default: 2,
    help: 'flag a fit ambiguous when its IC50 interval spans more decades than this',
    doc: 'flag `ambiguous` when the IC50 interval spans more than D decades',
  },
  {
    key: 'flatAlpha',
    flags: '--flat-alpha <p>',
    commands: ['fit'],
    parse: levelValue,
    default: 0.05,
    help: 'flag a curve flat when the F test against a constant gives p above this',
    doc: 'flag `flat` when the F test against a constant gives p above P',
  },
  {
    key: 'experiment',
    flags: '--experiment <by>',
    commands: ['fit'],
    parse: experimentValue,
    help: 'fit each independent experiment on its own, plus a summary per line and compound: by plate, file or COLUMN',
    doc: 'independent experiments: fit each plate, file, or value of a tidy CSV’s COLUMN (e.g. `day`) on its own, and add per cell line and compound a summary row (`kind` = `summary`) with the geometric-mean IC50 and its t-interval across experiments',
  },
  {
    key: 'labels',
    flags: '--label <key=value>',
    commands: ['fit'],
    parse: labelValue,
    repeatable: true,
    default: [],
    help: 'add a column KEY with VALUE to every output row (e.g. passage=12, date=2026-12-01); repeatable',
    doc: 'label every output row with a column KEY = VALUE — the check a run is, e.g. `--label passage=12 --label date=2026-12-01`; repeatable; saved results keep it for `ic50 trend`',
  },
  {
    key: 'labelColumns',
    flags: '--label-column <column>',
    commands: ['fit'],
    parse: labelColumnValue,
    repeatable: true,
    default: [],
    help: 'a tidy CSV’s or manifest’s COLUMN labels each row’s check (passage and date columns always do); repeatable',
    doc: 'a tidy CSV’s (or a manifest’s) COLUMN labels each row’s check, like `--label` per row: an output column, and curves of different checks are fitted and compared apart; columns named `passage` or `date` always do; repeatable',
  },
  // Resistance histories
  {
    key: 'by',
    flags: '--by <key>',
    commands: ['trend'],
    help: 'order the checks by this label: passage, date or another (default: passage, else date)',
    doc: 'the label that orders the checks: `passage`, `date` (slopes per 30 days) or another numeric label; default `passage` when the results have it, else `date`',
  },
  {
    key: 'line',
    flags: '--line <name>',
    commands: ['trend'],
    help: 'only this resistant cell line',
    doc: 'only the histories of this resistant cell line',
  },
  {
    key: 'compound',
    flags: '--compound <name>',
    commands: ['trend'],
    help: 'only this compound',
    doc: 'only the histories of this compound',
  },
  {
    key: 'resistantAt',
    flags: '--resistant-at <fold>',
    commands: ['trend'],
    parse: numberIn('a fold', 1, 1e6),
    default: 5,
    help: 'a check is resistant when its whole RF interval lies above this fold',
    doc: 'resistance is established at the first check whose RF interval lies wholly above FOLD; later checks whose interval does not are `resistance_fading`',
  },
  {
    key: 'confidence',
    flags: '--confidence <level>',
    commands: ['trend'],
    parse: levelValue,
    default: 0.95,
    help: 'confidence level of the trend’s intervals (each check keeps the interval it was saved with)',
    doc: 'confidence level of the slope’s and the established level’s intervals (each check’s IC50 and RF intervals are as saved)',
  },
  {
    key: 'exclude',
    flags: '--exclude <wells>',
    commands: ['fit'],
    parse: exclusionValue,
    repeatable: true,
    default: [],
    help: 'leave wells out: PLATE:WELL, a block PLATE:A1-A3, or WELL when there is one plate; comma-separated, repeatable',
    doc: 'leave wells out of the analysis: `PLATE:WELL`, a block `PLATE:A1-A3`, or `WELL` alone when there is one plate; comma-separated and repeatable. Excluded treated wells are listed on their curve (`excluded` column) and drawn hollow and crossed; excluded controls do not count as controls. A well that is not in the data is an error',
  },
  {
    key: 'excludeFile',
    flags: '--exclude-file <file>',
    commands: ['fit'],
    help: 'leave out the wells of a CSV with columns plate, well, reason',
    doc: 'leave out the wells listed in a CSV with columns `plate`, `well` (or a block, `A1-A3`) and `reason`: the reasons go into the output and the report',
  },
  {
    key: 'icx',
    flags: '--icx <levels>',
    commands: ['fit'],
    parse: levelsValue('--icx'),
    repeatable: true,
    default: [],
    help: 'report ICx at these levels (%) besides IC50, e.g. 20,80,90',
    doc: 'ICx at these levels in % besides IC50 (e.g. `20,80,90`): per level `icP` with its interval (where the curve has fallen P % of the way from top to bottom, drc’s relative ED; Wald on log10 by the delta method, or the profile with `--ci profile`) and `icP_abs` (where it crosses 100 − P % viability); shown in the table, matrix and report',
  },
  {
    key: 'doublingTimes',
    flags: '--doubling-time <line=hours>',
    commands: ['fit'],
    parse: doublingTimeValue,
    repeatable: true,
    default: [],
    help: 'growth rate (GR) without time-zero plates: the doubling time of LINE in hours (repeatable; needs --assay-hours)',
    doc: 'GR metrics without time-zero plates (the weaker route: the division rate is assumed, not measured): LINE’s doubling time in hours, repeatable; with `--assay-hours`, GR(c) = 2^(1 + log2(x/x_ctrl)·Td/T) − 1 (see docs/growth.md)',
  },
  {
    key: 'assayHours',
    flags: '--assay-hours <h>',
    commands: ['fit'],
    parse: numberIn('hours', 1e-6, 1e6),
    help: 'length of the assay in hours (with --doubling-time)',
    doc: 'the assay’s length in hours, from treatment to read, for `--doubling-time` (a `time` column gives it per well)',
  },
  // Reading
  {
    key: 'layout',
    flags: '--layout <map>',
    commands: INPUT,
    help: 'plate map for plate-reader exports: a long well table, a grid per variable, a dilution description (CSV or .xlsx), a D300 protocol (.tdd) or report, or an Echo transfer report',
    doc: 'plate map for plate-reader exports: a table (CSV or `.xlsx`), a D300 protocol (`.tdd`) or report (`.xlsx`, `.xml`), or an Echo transfer report (see docs/formats.md)',
  },
  {
    key: 'manifest',
    flags: '--manifest <file>',
    commands: ['fit'],
    help: 'CSV or .xlsx mapping each export (or each plate barcode) to its plate map, cell line, plate id and experiment',
    doc: 'a CSV or `.xlsx` mapping each export to its plate map, cell line, plate id, experiment and time (columns `file`, `layout`, `cell_line`, `plate`, `experiment`, `time`, under any name of the column vocabulary: `fileName`, `barcode`, `template`, …); without a file column, each row maps a plate barcode to its map, cell line and time, for the exports given as arguments (time `0`: a time-zero plate)',
  },
  {
    key: 'sheet',
    flags: '--sheet <name>',
    commands: INPUT,
    help: 'the worksheet of an .xlsx plate map or manifest to read (default: every sheet is a candidate)',
    doc: 'the worksheet of an `.xlsx` plate map or manifest to read; by default every sheet is a candidate (sheets named after variables — `Gnumber`, `Concentration`, … — are read together)',
  },
  {
    key: 'echoStock',
    flags: '--echo-stock <file>',
    commands: INPUT,
    help: 'Echo plate maps: what each source well holds (CSV/xlsx: source_plate, well, compound, concentration with unit)',
    doc: 'for an Echo transfer report as the plate map: a CSV or `.xlsx` of the source wells — `source_plate` (optional), `well`, `compound`, `concentration` with its unit (`concentration_mM`) — so that each transfer has a compound and a stock concentration',
  },
  {
    key: 'assayVolume',
    flags: '--assay-volume <volume>',
    commands: INPUT,
    parse: volumeValue,
    help: 'Echo plate maps: the final volume of a well, e.g. 25uL (final = stock × transferred volume / assay volume)',
    doc: 'for an Echo transfer report as the plate map: the final volume of a well with its unit (`25uL`, `40000 nL`); final concentration = stock × transferred volume / assay volume, summed over repeated transfers',
  },
  {
    key: 'unit',
    flags: '--unit <unit>',
    commands: INPUT,
    parse: unitValue,
    help: `concentration unit when the input names none (${UNIT_NAMES})`,
    doc: 'concentration unit when the input names none: `pM`, `nM`, `uM` (`µM`, `μM`), `mM`, `M`, `log10 M`; by mass (biologics): `ng/mL`, `ug/mL` (`µg/mL`), `mg/mL`, `g/L`',
  },
  {
    key: 'cellLine',
    flags: '--cell-line <name>',
    commands: INPUT,
    help: 'cell line for inputs (or plate maps) without a cell-line column',
    doc: 'cell line for inputs without a cell-line column',
  },
  {
    key: 'reader',
    flags: '--reader <id>',
    commands: INPUT,
    help: 'force a plate-reader format instead of detecting it (the file must still look like it)',
    doc: 'force a format instead of detecting it (`tidy`, `softmaxpro`, `gen5`, `tecan`, `bmg`, `envision`, `kaleido`, `glomax`, `skanit`, `grid`, `well-table`); a file that does not look like it is an error',
  },
  {
    key: 'read',
    flags: '--read <label>',
    commands: INPUT,
    help: 'which read of an export to use, by label or number (default: the raw read)',
    doc: 'which read of an export to fit, by label (or a unique part of it) or number; default the raw read',
  },
  {
    key: 'referenceSubtract',
    flags: '--no-reference-subtract',
    commands: INPUT,
    default: true,
    help: 'MTT: do not subtract the 620–700 nm reference read from the 540–600 nm read',
    doc: 'MTT: fit the 540–600 nm read as it is, without subtracting the 620–700 nm reference',
  },
  {
    key: 'strict',
    flags: '--strict',
    commands: ['fit'],
    default: false,
    help: 'make an unusable signal (non-numeric, empty, overflow) an error instead of an excluded well',
    doc: 'a non-numeric, empty or overflow signal is an error instead of an excluded well',
  },
  {
    key: 'recursive',
    flags: '-r, --recursive',
    commands: ['fit'],
    default: false,
    help: 'read directories recursively',
    doc: 'read directories recursively',
  },
  {
    key: 'minZPrime',
    flags: '--min-z-prime <z>',
    commands: INPUT,
    parse: numberIn('a Z′', -1000, 1),
    default: 0.5,
    help: 'plate QC: fail plates whose Z′ is below this',
    doc: 'plate QC: a plate fails below this Z′',
  },
  {
    key: 'maxVehicleCv',
    flags: '--max-vehicle-cv <percent>',
    commands: INPUT,
    parse: numberIn('a CV', 0, 1000),
    default: 20,
    help: 'plate QC: fail plates whose vehicle CV is above this',
    doc: 'plate QC: a plate fails above this vehicle CV (%)',
  },
  // Figures, batches and the terminal
  {
    key: 'matrix',
    flags: '--matrix',
    commands: ['fit'],
    default: false,
    help: 'write the cross-resistance matrix (cell line × compound) instead of one row per curve',
    doc: 'write the cross-resistance matrix instead of one row per curve (see docs/outputs.md)',
  },
  {
    key: 'plot',
    flags: '--plot <dir>',
    commands: ['fit'],
    help: 'write one dose-response plot per compound (and a heat map per plate) into DIR',
    doc: 'one plot per compound (every cell line overlaid) and one heat map per plate, into DIR',
  },
  {
    key: 'plot',
    flags: '--plot <file>',
    commands: ['trend'],
    help: 'plot RF over the checks into FILE (.svg or .png)',
    doc: 'RF over the checks (log scale, intervals, the `--resistant-at` fold as a line) into FILE, SVG or PNG by its extension',
  },
  {
    key: 'plotFormat',
    flags: '--plot-format <format>',
    commands: ['fit'],
    choices: ['svg', 'png'],
    default: 'svg',
    help: 'plot file format',
    doc: 'plot files as SVG or PNG (PNG at twice the pixels, for print)',
  },
  {
    key: 'errorBars',
    flags: '--error-bars <what>',
    commands: ['fit'],
    choices: ['sd', 'sem', 'none'],
    default: 'sd',
    help: 'error bars of the figures’ points: SD, SEM or none',
    doc: 'what the error bars of the figures’ points show: `sd`, `sem` (SD/√n) or `none`; the figure’s caption says which and n (replicate wells, or experiments with `--experiment`)',
  },
  {
    key: 'band',
    flags: '--band',
    commands: ['fit'],
    default: false,
    help: 'draw each curve’s confidence band (delta method, at --confidence)',
    doc: 'draw each fitted curve’s confidence band (delta method, at `--confidence`) in the figures and the report',
  },
  {
    key: 'plotWidth',
    flags: '--plot-width <pixels>',
    commands: ['fit'],
    parse: numberIn('a width in pixels', 240, 4000),
    default: 640,
    help: 'figure width in pixels',
    doc: 'width of each dose-response figure in pixels (SVG units); the legend wraps to it',
  },
  {
    key: 'plotHeight',
    flags: '--plot-height <pixels>',
    commands: ['fit'],
    parse: numberIn('a height in pixels', 160, 4000),
    defaultText: 'a 280-pixel plot area and what the legend needs',
    help: 'figure height in pixels (default: a 280-pixel plot area and the legend)',
    doc: 'height of each dose-response figure in pixels, legend included (a figure too short for its legend and a 100-pixel plot area grows)',
  },
  {
    key: 'fontSize',
    flags: '--font-size <pixels>',
    commands: ['fit'],
    parse: numberIn('a font size in pixels', 6, 40),
    default: 12,
    help: 'font size of the figures in pixels',
    doc: 'font size of the figures’ axes, caption and legend in pixels (the title is 1.25×)',
  },
  {
    key: 'title',
    flags: '--title <text>',
    commands: ['fit'],
    help: 'title of the figures and the report ("" for figures without one)',
    doc: 'title of the report and of the dose-response figures (a figure of one of several compounds adds “: compound”); `--title ""` leaves the figures untitled',
  },
  {
    key: 'report',
    flags: '--report <file>',
    commands: ['fit'],
    help: 'write a self-contained HTML report (summary, matrix, table, curves, residuals, plate QC); click a point to exclude its well',
    doc: 'one self-contained HTML file (no network): summary, cross-resistance matrix, sortable results table, every curve and its residuals, plate QC and heat maps; click a point to exclude its well and refit, then save the exclusions for `--exclude-file` (docs/report.md)',
  },
  {
    key: 'report',
    flags: '--report <file>',
    commands: ['trend'],
    help: 'write a self-contained HTML report of the histories (plot, checks, trend)',
    doc: 'one self-contained HTML file (no network): per history what was found, the plot and the checks',
  },
  {
    key: 'rawCells',
    flags: '--raw-cells',
    commands: ['fit', 'matrix', 'trend'],
    default: false,
    help: 'CSV/TSV: do not neutralise cells that a spreadsheet would run as a formula',
    doc: 'CSV/TSV for machines: write names starting with `=`, `+`, `-`, `@` as they are (by default such a text cell gets a leading `\'` so that a spreadsheet does not run it as a formula)',
  },
  {
    key: 'decimalComma',
    flags: '--decimal-comma',
    commands: ['fit', 'matrix'],
    default: false,
    help: 'CSV with ";" between fields and decimal commas, TSV with decimal commas (as European Excel opens them)',
    doc: 'numbers with a decimal comma for spreadsheets in European locales: CSV then separates fields with `;`, TSV keeps tabs',
  },
  {
    key: 'pzfxX',
    flags: '--pzfx-x <scale>',
    commands: ['fit'],
    choices: ['log', 'linear'],
    default: 'log',
    help: 'X of the Prism (.pzfx) tables: log10 of the concentration or the concentration',
    doc: 'X of the Prism tables (`-o results.pzfx`): `log` (log10 of the concentration, for Prism’s “log(inhibitor) vs. response”) or `linear`',
  },
  {
    key: 'jobs',
    flags: '-j, --jobs <n>',
    commands: ['fit'],
    parse: numberIn('a number of jobs', 1, 256),
    defaultText: 'the number of cores',
    help: 'worker threads (default: the number of cores)',
    doc: 'worker threads; the output is byte for byte the same for any N',
  },
  {
    key: 'quiet',
    flags: '-q, --quiet',
    commands: ['fit'],
    default: false,
    help: 'no progress or summary on stderr (warnings and errors still)',
    doc: 'no progress bar or closing summary (both appear only on a terminal anyway)',
  },
  {
    key: 'color',
    flags: '--no-color',
    commands: ['fit', 'inspect', 'matrix', 'trend'],
    default: true,
    help: 'plain output even on a terminal',
    doc: 'no colour (colour is also off when `NO_COLOR` is set or the output is not a terminal)',
  },
];

/** The options of one command, in declaration order. */
export function optionsOf(command: CommandName): OptionSpec[] {
  return OPTIONS.filter((o) => o.commands.includes(command));
}

/** Defaults of a command's options (those declared with a value). */
export function defaultsOf(command: CommandName): Options {
  return Object.freeze(Object.fromEntries(optionsOf(command).filter((o) => 'default' in o).map((o) => [o.key, o.default]))) as unknown as Options;
}

/** Defaults of `ic50 fit` (and of the library's analyze). */
export const DEFAULTS: Options = defaultsOf('fit');

/**
 * The options with every default applied: the one place defaults are set, for the CLI (from the
 * flags given) and the library (from what the caller passed) alike.
 */
export function resolveOptions(given: Partial<Options> = {}, command: CommandName = 'fit'): Options {
  const out: Record<string, unknown> = { ...defaultsOf(command) };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) out[key] = value;
  return out as unknown as Options;
}

// Kept where callers import it from; its own module keeps the option table out of the report's page script.
export { icxLevels } from './icxLevels.js';

/** The search window of the fit the options ask for. */
export function fitBounds(options: Pick<Options, 'hillMin' | 'hillMax'>): FitBounds {
  return { ...DEFAULT_BOUNDS, hillMin: options.hillMin, hillMax: options.hillMax };
}

/** The table of a command's options in docs/options.md (Markdown), generated from OPTIONS. */
export function optionsMarkdown(command: CommandName): string {
  const rows = optionsOf(command).map((o) => {
    const flag = o.flags.replace(/</g, '').replace(/>/g, '').replace(/ ([a-z=]+)$/i, (_, v: string) => ` ${v.toUpperCase()}`);
    // The choices, unless the wording already names every one.
    const named = o.choices?.every((c) => o.doc.includes(`\`${c}\``)) ?? true;
    const choices = named ? '' : ` (${o.choices!.map((c) => `\`${c}\``).join(', ')})`;
    const value = o.defaultText ?? (o.default === undefined || typeof o.default === 'boolean' || Array.isArray(o.default) ? '' : String(o.default));
    const fallback = value ? `; default ${value.includes(' ') ? value : `\`${value}\``}` : '';
    return `| \`${flag}\` | ${o.doc}${choices}${fallback} |`;
  });
  return ['| option | meaning |', '|---|---|', ...rows].join('\n');
}
