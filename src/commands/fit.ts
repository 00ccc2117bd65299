import type { ChalkInstance } from 'chalk';
import { availableParallelism } from 'node:os';
import { Ic50Error, formatDiagnostic, toFileError } from '../errors.js';
import { analyze, type AnalyzeOutcome } from '../engine/analyze.js';
import type { InputSpec } from '../engine/inputs.js';
import { combineSinks, type Sink } from '../engine/sink.js';
import { InlineExecutor, type Executor } from '../engine/tasks.js';
import { fileReader } from '../io/fileContent.js';
import { expandPaths, fileIdentity, namedPaths, openInputs, readTextFile, refuseClashingOutputs, type InputGuard, type InputRequest } from '../io/inputs.js';
import { readManifest } from '../io/manifest.js';
import { labelColumnsOf } from '../engine/labelColumns.js';
import { OutputFile } from '../io/outputFile.js';
import { WorkerPool } from '../io/workerPool.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { layoutForBarcode } from '../layouts/layoutForBarcode.js';
import type { MapReading } from '../layouts/readPlateMap.js';
import { echoOptionsGiven, loadPlateMap } from '../io/plateMapFile.js';
import { readExclusionTable } from '../plate/exclusions.js';
import { reviewSettingsOf } from '../engine/reviewSettings.js';
import { reviewScript } from '../io/reviewScript.js';
import { DEFAULTS, FIT_FORMATS, type FitFormat, type Options } from '../options.js';
import type { FileError, Warning } from '../types.js';
import { delimitedSink } from '../writers/delimited.js';
import { terminalText } from '../writers/escape.js';
import { jsonSink, ndjsonSink } from '../writers/json.js';
import { matrixSink } from '../writers/matrix.js';
import { tableSink } from '../writers/table.js';
import { wellsFormat, wellsSink } from '../writers/wellRecords.js';
import type { Progress } from '../engine/analyze.js';
import { figureSink } from './writeFigures.js';
import { checkOutputPlaces } from '../io/makeFolder.js';

/** Where a command writes: data to stdout (a returned promise is waited for: backpressure), diagnostics to stderr. */
export interface CommandIo {
  readonly stdout: (text: string) => void | Promise<void>;
  /** Bytes to stdout (a workbook piped on); without it a workbook needs -o. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  /** Whether stdout / stderr are terminals (tables and colour, progress bars). */
  readonly stdinIsTty: boolean;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  /** A progress bar on stderr (only for a terminal). */
  readonly progress?: () => Promise<Progress>;
  /** true once the run is being stopped by a signal. */
  readonly stopped?: () => boolean;
}

const MAX_WARNINGS = 100;
/** Inputs this large in all (bytes), or this many, are read on worker threads; smaller runs stay on one thread (start-up matters for one plate). */
const THREADED_BYTES = 4 << 20;
const THREADED_INPUTS = 8;

/** Output format from the option, else from -o's extension, else table on a terminal and csv in a pipe. */
export function chooseFormat(explicit: string | undefined, output: string | undefined, isTty: boolean): FitFormat {
  if (explicit) return explicit as FitFormat;
  const ending = output?.match(/\.([a-z]+)$/i)?.[1]?.toLowerCase();
  if (ending === 'txt') return 'table';
  if (ending && (FIT_FORMATS as readonly string[]).includes(ending)) return ending as FitFormat;
  if (ending === 'xls') {
    throw new Ic50Error(`-o ${output}: the old Excel format (.xls) is not written`, { code: 'usage', hint: 'use -o results.xlsx (a workbook) or -o results.csv' });
  }
  if (output !== undefined) return 'csv';
  return isTty ? 'table' : 'csv';
}

/**
 * The plate maps of a run, read once each (a manifest's rows often share one): their layouts, and
 * notes on what they set aside, said once per map.
 */
class PlateMaps {
  private readonly read = new Map<string, Promise<MapReading>>();
  readonly notes: string[] = [];

  constructor(private readonly options: Options) {}

  async layouts(path: string): Promise<PlateLayout[]> {
    let reading = this.read.get(path);
    if (!reading) {
      reading = loadPlateMap(path, this.options);
      this.read.set(path, reading);
      this.notes.push(...(await reading).notes.map((n) => `${path}: ${n}`));
    }
    return (await reading).layouts;
  }
}

/** The inputs of a run: a manifest's rows, or the paths (directories, globs) expanded. */
async function requestsOf(
  paths: readonly string[],
  options: Options,
  io: CommandIo,
): Promise<{ requests: InputRequest[]; errors: Ic50Error[]; notes: string[]; manifestColumns: string[] }> {
  const maps = new PlateMaps(options);
  const layouts = options.layout !== undefined ? await maps.layouts(options.layout) : undefined;
  const expand = async () => {
    if (paths.length === 0 && io.stdinIsTty) {
      throw new Ic50Error('no input: give files or folders to fit, or pipe data into ic50 fit -', { code: 'usage', hint: 'ic50 fit plate.csv; see ic50 fit --help' });
    }
    return expandPaths(paths.length ? paths : ['-'], options.recursive);
  };
  if (options.manifest === undefined) {
    const expanded = await expand();
    return { requests: expanded.requests.map((r) => (layouts ? { ...r, layouts } : r)), errors: expanded.errors, notes: maps.notes, manifestColumns: [] };
  }
  const manifest = await readManifest(options.manifest, options.sheet, options.labelColumns);
  if (manifest.kind === 'plates') {
    // Each plate barcode with its own map and cell line; the exports come from the command line.
    if (paths.length === 0) {
      throw new Ic50Error('this manifest lists plates, not files: give the exports to read too', { code: 'usage', location: { file: options.manifest }, hint: 'ic50 fit EXPORT... --manifest MANIFEST (add a file column to the manifest to name the exports there)' });
    }
    // A map that cannot be read fails only the plates it maps (a manifest lists every plate of a
    // study; one bad day-0 template should not stop the treated plates): said in a note, and the
    // plate then has no map (an error of its own, if it is read).
    const byPlate: PlateLayout[] = [];
    const failed: string[] = [];
    let firstError: unknown;
    for (const entry of manifest.entries) {
      let entryLayouts = layouts;
      if (entry.layout !== undefined) {
        try {
          entryLayouts = await maps.layouts(entry.layout);
        } catch (error) {
          if (!(error instanceof Ic50Error)) throw error;
          firstError ??= error;
          failed.push(`line ${entry.line} (plate "${entry.plate}"): ${error.describe()}`);
          continue;
        }
      }
      if (!entryLayouts) continue;
      byPlate.push(layoutForBarcode(entryLayouts, entry.plate!, entry.cellLine ?? options.cellLine, { file: options.manifest, line: entry.line }, entry.time));
    }
    if (byPlate.length === 0 && firstError !== undefined) throw firstError;
    const mapNotes = [...new Set(failed.map((f) => f.replace(/^line \d+ \(plate "[^"]*"\): /, '')))].map(
      (reason) => `${options.manifest}: plates without a map (${failed.filter((f) => f.endsWith(reason)).map((f) => /plate "([^"]*)"/.exec(f)![1]).slice(0, 6).join(', ')}${failed.filter((f) => f.endsWith(reason)).length > 6 ? ', …' : ''}): ${reason}`,
    );
    const all = [...byPlate, ...(layouts ?? [])];
    const expanded = await expand();
    return { requests: expanded.requests.map((r) => (all.length ? { ...r, layouts: all } : r)), errors: expanded.errors, notes: [...manifest.notes, ...mapNotes, ...maps.notes], manifestColumns: [] };
  }
  if (paths.length > 0) throw new Ic50Error('give either --manifest or input files, not both', { code: 'usage', hint: 'a manifest with a file column names the files itself' });
  const requests: InputRequest[] = [];
  for (const entry of manifest.entries) {
    const entryLayouts = entry.layout !== undefined ? await maps.layouts(entry.layout) : layouts;
    requests.push({
      path: entry.path!,
      ...(entryLayouts ? { layouts: entryLayouts } : {}),
      ...(entry.cellLine !== undefined ? { cellLine: entry.cellLine } : {}),
      ...(entry.plate !== undefined ? { plate: entry.plate } : {}),
      ...(entry.experiment !== undefined ? { experiment: entry.experiment } : {}),
      ...(entry.labels !== undefined ? { labels: entry.labels } : {}),
      ...(entry.time !== undefined ? { time: entry.time } : {}),
    });
  }
  return { requests, errors: [], notes: [...manifest.notes, ...maps.notes], manifestColumns: manifest.columns };
}

/** The worker heap cap: well above what the largest input read whole needs (objects take ~15× the file's bytes). */
function heapMb(inputs: readonly InputSpec[]): number {
  let largest = 0;
  for (const input of inputs) if (input.data.kind === 'file' && (input.format === 'export' || input.wholeOnly)) largest = Math.max(largest, input.data.size);
  return Math.min(8192, Math.max(512, Math.ceil((24 * largest) / 2 ** 20) + 384));
}

/**
 * `ic50 fit FILE...`: read → analyze → write, for one plate or a whole screen (see
 * engine/analyze.ts for how). Unreadable inputs are reported and the rest go on: exit 0 when
 * every input was used, 1 when some failed, 2 when none could be (then nothing is written).
 * Outputs are written completely or not at all. Returns the exit code.
 */
export async function fitCommand(paths: readonly string[], given: Options, chalk: ChalkInstance, io: CommandIo): Promise<number> {
  const started = performance.now();
  // The exclusion table's rows join the --exclude values: the analysis and the writers see one list.
  let options: Options =
    given.excludeFile === undefined ? given : { ...given, exclude: [...(given.exclude ?? []), ...readExclusionTable(readTextFile(given.excludeFile, 'an exclusion table'), given.excludeFile)] };
  const format = chooseFormat(options.format, options.output, io.stdoutIsTty);
  if (options.matrix && format !== 'table' && format !== 'csv') {
    throw new Ic50Error(`--matrix writes an aligned table or CSV, not ${format}`, {
      code: 'usage',
      hint: format === 'xlsx' ? 'the workbook has the matrix as a sheet already: drop --matrix' : 'use --format table or --format csv',
    });
  }
  if (options.decimalComma && format !== 'csv' && format !== 'tsv') {
    throw new Ic50Error(`--decimal-comma is for CSV and TSV, not ${format}`, { code: 'usage', hint: format === 'xlsx' ? 'a workbook holds numbers, which Excel shows in its own locale' : 'use --format csv or tsv' });
  }
  if (format === 'xlsx' && options.output === undefined && (io.stdoutIsTty || !io.stdoutBytes)) {
    throw new Ic50Error('a workbook is a binary file: not for the terminal', { code: 'usage', hint: 'give -o results.xlsx' });
  }
  // Nothing is read when an output would overwrite an input, and the maps are never read as data.
  const written = namedPaths([['-o', options.output], ['--report', options.report], ['--wells', options.wells]]);
  const read = namedPaths([['--layout', options.layout], ['--manifest', options.manifest], ['--echo-stock', options.echoStock], ['--exclude-file', options.excludeFile]]);
  checkOutputPlaces([...written, ...namedPaths([['--plot', options.plot]]).map((o) => ({ ...o, folder: true }))]);
  refuseClashingOutputs(written, read);
  const guard: InputGuard = {
    outputs: written.flatMap(({ path }) => {
      const identity = fileIdentity(path);
      return identity ? [{ path, identity }] : [];
    }),
    others: read.flatMap(({ path }) => fileIdentity(path) ?? []),
  };
  const { requests, errors: pathErrors, notes: manifestNotes, manifestColumns } = await requestsOf(paths, options, io);
  const opened = await openInputs(requests, options.reader, guard);
  const inputs = opened.inputs;
  // Label columns (--label-column, and any passage or date column): part of every row's identity and output.
  const labelled = labelColumnsOf(inputs, options, manifestColumns);
  options = { ...options, labelColumns: labelled.keys };
  if (options.matrix && labelled.keys.length > 0) {
    throw new Ic50Error(`--matrix shows one result per cell line and compound, and these inputs hold several checks (${labelled.keys.join(', ')})`, {
      code: 'usage',
      hint: 'follow the checks with ic50 trend on the saved results, or fit one check at a time',
    });
  }
  const inputErrors = [...pathErrors, ...opened.errors].map((e) => toFileError(e, e.location?.file ?? '-'));
  const attempted = inputs.length + inputErrors.length;
  for (const note of [...manifestNotes, ...opened.notes, ...labelled.notes, ...unusedOptionNotes(options)]) io.stderr(`${chalk.dim('ic50:')} note: ${terminalText(note)}\n`);

  if (inputs.length === 0) {
    printDiagnostics(io, chalk, [], inputErrors);
    if (inputErrors.length === 0) throw new Ic50Error('no input to fit', { code: 'no_data', hint: 'the folders given hold no data files' });
    return 2;
  }
  const totalBytes = inputs.reduce((sum, input) => sum + (input.data.kind === 'file' ? input.data.size : 0), 0);
  // Worker threads when asked for (--jobs N > 1), or by default when the inputs are large.
  const threads = Math.max(1, options.jobs ?? availableParallelism());
  const threaded = options.jobs !== undefined ? options.jobs > 1 : threads > 1 && (totalBytes > THREADED_BYTES || inputs.length > THREADED_INPUTS);
  const executor: Executor = threaded ? new WorkerPool(threads, heapMb(inputs)) : new InlineExecutor(fileReader);

  const output = options.output !== undefined ? new OutputFile(options.output) : null;
  const write = (text: string) => (output ? output.write(text) : io.stdout(text));
  const writeBytes = (bytes: Uint8Array) => (output ? output.write(bytes) : io.stdoutBytes!(bytes));
  const sinks: Sink[] = [];
  if (options.matrix) sinks.push(matrixSink(write, format === 'table' ? 'table' : 'csv', options.rawCells, options));
  else if (format === 'table') sinks.push(tableSink(write, chalk, options.confidence, options));
  else if (format === 'csv' || format === 'tsv') sinks.push(delimitedSink(write, format === 'csv' ? ',' : '\t', options.rawCells, options));
  else if (format === 'json') sinks.push(jsonSink(write, options));
  // The workbook and Prism writers are loaded only when asked for (start-up matters for one plate).
  else if (format === 'xlsx') sinks.push((await import('../writers/xlsx.js')).xlsxSink(writeBytes, options));
  else if (format === 'pzfx') sinks.push((await import('../writers/pzfx.js')).prismSink(write, { x: options.pzfxX }));
  else sinks.push(ndjsonSink(write, options));
  const figures =
    options.plot !== undefined || options.report !== undefined
      ? figureSink({
          plotDir: options.plot,
          plotFormat: options.plotFormat,
          reportPath: options.report,
          title: options.title,
          style: {
            width: options.plotWidth,
            height: options.plotHeight,
            fontSize: options.fontSize,
            errorBars: options.errorBars,
            band: options.band,
            confidence: options.confidence,
          },
          stopped: io.stopped,
          review: reviewOf(options, io, chalk),
        })
      : null;
  if (figures) sinks.push(figures);
  // --wells: its own file, complete or not at all like -o.
  const wellsFile = options.wells !== undefined ? new OutputFile(options.wells) : null;
  if (wellsFile) sinks.push(wellsSink((text) => wellsFile.write(text), { format: wellsFormat(options.wells!), rawCells: options.rawCells }));

  const progress = io.progress && !options.quiet && io.stderrIsTty ? await io.progress() : undefined;
  let outcome: AnalyzeOutcome;
  try {
    outcome = await analyze(inputs, options, { executor, sink: combineSinks(sinks), progress });
  } catch (error) {
    output?.abort();
    wellsFile?.abort();
    printDiagnostics(io, chalk, [], inputErrors);
    throw error;
  } finally {
    progress?.stop();
    await executor.close();
  }
  const errors = [...inputErrors, ...outcome.errors];
  if (outcome.nothing || inputs.length === 0) {
    output?.abort();
    wellsFile?.abort();
    printDiagnostics(io, chalk, outcome.warnings, errors);
    if (errors.length === 0) throw new Ic50Error('no input to fit', { code: 'no_data' });
    return 2;
  }
  output?.commit();
  wellsFile?.commit();
  printDiagnostics(io, chalk, outcome.warnings, errors);
  if (format === 'table' && options.parental === undefined && options.pairs.length === 0 && outcome.cellLines.length > 1) {
    const lines = outcome.cellLines.slice(0, 3).map((l) => `"${terminalText(l)}"`).join(', ');
    io.stderr(`${chalk.dim('ic50:')} note: ${outcome.cellLines.length} cell lines (${lines}${outcome.cellLines.length > 3 ? ', …' : ''}): --parental NAME (or --pair RESISTANT=PARENTAL) adds resistance factors\n`);
  }
  const failed = new Set(errors.map((e) => e.file)).size;
  if (!options.quiet && io.stderrIsTty) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stderr(
      `ic50: ${plural(attempted, 'file')}, ${plural(outcome.plates, 'plate')}, ${plural(outcome.curves, 'curve')} (${outcome.flagged} flagged), ${failed} failed, ${seconds} s\n`,
    );
  }
  return failed === 0 ? 0 : failed >= attempted ? 2 : 1;
}

/** The report page's review (a click on a point refits), when a report is written and its script is there. */
function reviewOf(options: Options, io: CommandIo, chalk: ChalkInstance): { settings: ReturnType<typeof reviewSettingsOf>; script: string } | undefined {
  if (options.report === undefined) return undefined;
  const script = reviewScript();
  if (script === undefined) {
    io.stderr(`${chalk.dim('ic50:')} note: the report's page will not refit when a point is clicked: its script (dist/review.js) is missing; run npm run build\n`);
    return undefined;
  }
  return { settings: reviewSettingsOf(options), script };
}

function printDiagnostics(io: CommandIo, chalk: ChalkInstance, warnings: readonly Warning[], errors: readonly FileError[]): void {
  const lines: string[] = [];
  for (const warning of warnings.slice(0, MAX_WARNINGS)) lines.push(`warning: ${formatDiagnostic(warning.location, warning.message)}`);
  if (warnings.length > MAX_WARNINGS) lines.push(`warning: … and ${warnings.length - MAX_WARNINGS} more warnings like these`);
  for (const error of errors) lines.push(formatDiagnostic(error, error.message));
  for (const line of lines) io.stderr(`${chalk.dim('ic50:')} ${line.startsWith('warning:') ? chalk.yellow(terminalText(line)) : terminalText(line)}\n`);
}

/** Options given that shape nothing in this run: said, so that a user does not think they took effect. */
function unusedOptionNotes(options: Options): string[] {
  const notes: string[] = [];
  const figureOptions = [
    options.band ? '--band' : '',
    options.errorBars !== DEFAULTS.errorBars ? '--error-bars' : '',
    options.plotWidth !== DEFAULTS.plotWidth ? '--plot-width' : '',
    options.plotHeight !== undefined ? '--plot-height' : '',
    options.fontSize !== DEFAULTS.fontSize ? '--font-size' : '',
    options.title !== undefined ? '--title' : '',
  ].filter((o) => o !== '');
  if (figureOptions.length > 0 && options.plot === undefined && options.report === undefined) {
    notes.push(`${figureOptions.join(', ')} shape${figureOptions.length === 1 ? 's' : ''} figures, and this run draws none: add --plot DIR or --report FILE`);
  }
  const echo = echoOptionsGiven(options);
  if (echo !== undefined && options.layout === undefined && options.manifest === undefined) notes.push(`${echo} not used: they go with an Echo transfer report given as --layout (or in a manifest)`);
  return notes;
}
