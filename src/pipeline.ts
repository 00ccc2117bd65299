import { summarizeExperiments } from './compare/experiments.js';
import { attachResistanceFactors } from './compare/resistanceFactors.js';
import { Ic50Error, toFileError } from './errors.js';
import { fitDoseResponse } from './fit/fitDoseResponse.js';
import type { PlateLayout } from './layouts/plateLayout.js';
import { DEFAULTS, fitModelOf, type AnalyzeOptions } from './options.js';
import { applyLayout, layoutForPlate } from './plate/applyLayout.js';
import { exportPlateMap, tidyPlateMaps } from './plate/plateMaps.js';
import { groupCurves } from './plate/groupCurves.js';
import { normalizePlates } from './plate/normalize.js';
import { selectSignal } from './plate/selectSignal.js';
import { tableFromText, type CellTable } from './readers/cellTable.js';
import { chooseReader } from './readers/index.js';
import type { PlateReader, RawPlate } from './readers/rawPlate.js';
import { looksTidy, readTidyCsv } from './readers/tidyCsv.js';
import type { Curve, CurveFit, FileError, PlateMap, PlateQc, Report, Warning, WellRecord } from './types.js';

/** One input: its name (for messages and the default plate id) and its text, or its sheets (xlsx). */
export interface Source {
  readonly name: string;
  readonly text?: string;
  readonly tables?: readonly CellTable[];
}

/** The plates of a plate-reader export, and which reader read each sheet. */
export interface ReadPlates {
  readonly readers: PlateReader[];
  readonly plates: RawPlate[];
}

/** Reads a plate-reader export (every sheet of a workbook) with the detected or forced reader. */
export function readPlates(source: Source, forcedReader?: string): ReadPlates {
  const tables = source.tables ?? [tableFromText(source.text ?? '', source.name)];
  const readers: PlateReader[] = [];
  const plates: RawPlate[] = [];
  for (const table of tables) {
    if (table.rows.every((row) => row.every((c) => c === ''))) continue;
    const reader = chooseReader(table, forcedReader);
    readers.push(reader);
    plates.push(...reader.read(table));
  }
  if (plates.length === 0) throw new Ic50Error('no plate found in the file', { location: { file: source.name } });
  return { readers, plates };
}

/** Wells of one source: a tidy CSV as it is, a plate-reader export joined with its plate map. */
function wellsOf(
  source: Source,
  options: AnalyzeOptions,
): { wells: WellRecord[]; warnings: Warning[]; signals: Map<string, string>; maps: PlateMap[] } {
  if (source.text !== undefined && looksTidy(source.text)) {
    const read = readTidyCsv(source.text, source.name, {
      unit: options.unit,
      cellLine: options.cellLine,
      strict: options.strict ?? DEFAULTS.strict,
      plate: options.plateId,
      experimentColumn: typeof options.experiment === 'object' && 'column' in options.experiment ? options.experiment.column : undefined,
    });
    // A tidy file says what every well is: a plate map given too is not used, and we say so.
    const unused: Warning[] = options.layouts?.length
      ? [{ location: { file: source.name }, message: 'a tidy CSV names compound and concentration per well: the --layout map is not used for it' }]
      : [];
    return { wells: read.wells, warnings: [...unused, ...read.warnings], signals: new Map(), maps: options.plateMaps ? tidyPlateMaps(read.wells) : [] };
  }
  if (typeof options.experiment === 'object' && 'column' in options.experiment) {
    throw new Ic50Error(`--experiment ${options.experiment.column}: a column can only be read from a tidy CSV, and this is a plate-reader export`, {
      location: { file: source.name },
      hint: 'give each export its experiment in a --manifest (column experiment), or use --experiment plate|file',
    });
  }
  const read = readPlates(source, options.reader);
  const readers = read.readers;
  const plateId = options.plateId;
  const plates = plateId === undefined ? read.plates : read.plates.map((p, i, all) => ({ ...p, id: all.length === 1 ? plateId : `${plateId}#${i + 1}` }));
  const layouts: readonly PlateLayout[] = options.layouts ?? [];
  if (layouts.length === 0) {
    throw new Ic50Error(`this is a plate-reader export (${readers[0]!.label}); it needs a plate map`, {
      location: { file: source.name },
      hint: 'give --layout MAP (a long well table, a grid per variable, or a dilution description); see ic50 inspect to check what was read',
    });
  }
  const wells: WellRecord[] = [];
  // What a reader had to skip or guess is said, never silent (--strict makes it an error).
  const warnings: Warning[] = plates.flatMap((plate) => plate.notes.map((note) => ({ location: { file: plate.source }, message: `plate "${plate.id}": ${note}` })));
  if (options.strict && warnings.length > 0) {
    throw new Ic50Error(warnings[0]!.message, { location: warnings[0]!.location, hint: 'drop --strict to go on with a warning' });
  }
  const signals = new Map<string, string>();
  const maps: PlateMap[] = [];
  for (const plate of plates) {
    const signal = selectSignal(plate, { read: options.read, referenceSubtract: options.referenceSubtract });
    const joined = applyLayout(plate, signal, layoutForPlate(plate, layouts), options.cellLine);
    if (options.strict && joined.warnings.length > 0) {
      const first = joined.warnings[0]!;
      throw new Ic50Error(first.message.replace(': well excluded', ''), { location: first.location, hint: 'drop --strict to exclude such wells' });
    }
    wells.push(...joined.wells);
    warnings.push(...joined.warnings);
    signals.set(plate.id, `${plate.reader}: ${signal.description}`);
    if (options.plateMaps) maps.push(exportPlateMap(plate, signal, joined.wells));
  }
  return { wells, warnings, signals, maps };
}

/** What one input contributes: its curve fragments (its wells, normalized, per cell line and compound), plate QC, warnings — or its error. */
export interface SourceResult {
  readonly file: string;
  readonly curves: Curve[];
  readonly plates: PlateQc[];
  readonly warnings: Warning[];
  /** Well maps of its plates, when options.plateMaps asks for them. */
  readonly plateMaps: PlateMap[];
  readonly error?: FileError;
}

/**
 * Stage 1, one input at a time (so inputs can be read in parallel): read, join with the plate
 * map, normalize each plate to its controls with plate QC, and group the wells into curve
 * fragments. An unusable input gives its `error` instead, never a throw.
 */
export function analyzeSource(source: Source, options: AnalyzeOptions = {}): SourceResult {
  try {
    const read = wellsOf(source, options);
    const result = normalizePlates(read.wells, {
      normalized: !(options.normalize ?? DEFAULTS.normalize),
      qc: { minZPrime: options.minZPrime ?? DEFAULTS.minZPrime, maxVehicleCv: options.maxVehicleCv ?? DEFAULTS.maxVehicleCv },
      signals: read.signals,
    });
    return {
      file: source.name,
      curves: groupCurves(result.wells, options.unitOut?.name, experimentOf(options), (options.outliers ?? 'off') !== 'off'),
      plates: result.plates,
      warnings: [...read.warnings, ...result.warnings],
      plateMaps: read.maps,
    };
  } catch (error) {
    if (!(error instanceof Ic50Error)) throw error;
    return { file: source.name, curves: [], plates: [], warnings: [], plateMaps: [], error: toFileError(error, source.name) };
  }
}

/**
 * The curves an input contributes to, as keys (cell line, compound), in first-seen order: its
 * wells read and joined with the plate map, not normalized — the cheap first pass of a screen
 * streamed in bounded memory. Throws Ic50Error for an unusable input.
 */
export function sourceKeys(source: Source, options: AnalyzeOptions = {}): string[] {
  const keys = new Set<string>();
  const experiment = experimentOf(options);
  for (const well of wellsOf(source, options).wells) {
    if (well.role === 'sample') keys.add(`${well.cellLine}\u0000${well.compound}\u0000${experiment ? experiment(well) : ''}`);
  }
  return [...keys];
}

/**
 * Stage 2: pools the fragments of all inputs into one curve per (cell line, compound), in input
 * order — replicate plates from several files make one curve, each well one point.
 */
export function mergeCurves(results: readonly SourceResult[]): Curve[] {
  const merged = new Map<string, Curve>();
  for (const result of results) {
    for (const curve of result.curves) {
      const key = `${curve.cellLine}\u0000${curve.compound}\u0000${curve.experiment ?? ''}`;
      const previous = merged.get(key);
      merged.set(key, previous ? mergeCurve(previous, curve) : curve);
    }
  }
  return [...merged.values()];
}

/** Two fragments of one curve as one: points appended, plates and flags joined. */
export function mergeCurve(previous: Curve, curve: Curve): Curve {
  return {
    ...previous,
    plates: [...previous.plates, ...curve.plates.filter((p) => !previous.plates.includes(p))],
    log10Molar: concat(previous.log10Molar, curve.log10Molar),
    response: concat(previous.response, curve.response),
    ...(previous.wells && curve.wells ? { wells: [...previous.wells, ...curve.wells] } : {}),
    noBlank: previous.noBlank || curve.noBlank,
    qcFailed: (previous.qcFailed ?? false) || (curve.qcFailed ?? false),
  };
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Stage 3: fits every curve (independent: any subset can be fitted anywhere, in any order). */
export function fitCurves(curves: readonly Curve[], options: AnalyzeOptions = {}, keepPoints = true): CurveFit[] {
  const confidence = options.confidence ?? DEFAULTS.confidence;
  const bounds = options.bounds ?? DEFAULTS.bounds;
  return curves.map((curve) => {
    const fit = fitDoseResponse(curve, { confidence, bounds, ...fitModelOf(options), flatAlpha: options.flatAlpha, ci: options.ci, weights: options.weights, ambiguousWidth: options.ambiguousWidth, outliers: options.outliers, outlierQ: options.outlierQ });
    return keepPoints ? fit : { ...fit, points: { log10Molar: [], response: [] } };
  });
}

/** How wells are assigned to independent experiments, from options.experiment (none: undefined). */
export function experimentOf(options: AnalyzeOptions): ((well: WellRecord) => string) | undefined {
  const experiment = options.experiment;
  if (experiment === undefined) return undefined;
  if (experiment === 'plate') return (well) => well.plate;
  if (experiment === 'file') return (well) => well.location.file;
  if ('column' in experiment) return (well) => well.experiment ?? '';
  const label = experiment.label;
  return () => label;
}

/** Stage 4: resistance factors against parental lines (throws Ic50Error for a name not in the data). */
export function compareFits(fits: readonly CurveFit[], options: AnalyzeOptions = {}): CurveFit[] {
  if (fits.length === 0) return [...fits];
  if (options.experiment !== undefined) fits = [...fits, ...summarizeExperiments(fits, options.confidence ?? DEFAULTS.confidence)];
  return attachResistanceFactors(
    fits,
    {
      parental: options.parental,
      pairs: options.pairs,
      rfCi: options.rfCi,
      bounds: options.bounds ?? DEFAULTS.bounds,
      ...fitModelOf(options),
      weights: options.weights,
    },
    options.confidence ?? DEFAULTS.confidence,
  );
}

/**
 * The whole analysis: read every source (tidy CSV, or plate-reader export + plate map),
 * normalize each plate to its controls with plate QC, pool wells into curves per (cell line,
 * compound), fit, and compare with parental lines — the four stages above, one after another.
 *
 * A source that cannot be read or normalized becomes an entry in `errors` and the others go on;
 * an Ic50Error that is not about one file (an unknown --parental name) is thrown.
 */
export function analyze(sources: readonly Source[], options: AnalyzeOptions = {}): Report {
  const results = sources.map((source) => analyzeSource(source, options));
  return reportOf(results, compareFits(fitCurves(mergeCurves(results), options), options));
}

/** The Report of stage results and final fits. */
export function reportOf(results: readonly SourceResult[], fits: CurveFit[]): Report {
  return {
    fits,
    plates: results.flatMap((r) => r.plates),
    warnings: results.flatMap((r) => r.warnings),
    errors: results.flatMap((r) => (r.error ? [r.error] : [])),
    plateMaps: results.flatMap((r) => r.plateMaps),
  };
}
