import type { ChalkInstance } from 'chalk';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Ic50Error, formatDiagnostic, toFileError } from '../errors.js';
import { AtomicOutput } from '../io/atomicOutput.js';
import { readManifest } from '../io/manifest.js';
import { expandPaths, readTextFile } from '../io/readSources.js';
import { WorkerPool } from '../io/workerPool.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { readLayout } from '../layouts/readLayout.js';
import type { AnalyzeOptions } from '../options.js';
import { compareFits, mergeCurves, reportOf, type SourceResult } from '../pipeline.js';
import type { CurveFit, FileError, Report, Warning } from '../types.js';
import { delimitedHeader, writeDelimited } from '../writers/delimited.js';
import { ndjsonErrors, ndjsonLine, writeJson } from '../writers/json.js';
import type { RenderedBatch } from '../io/workerTasks.js';
import { writeMatrixCsv, writeMatrixTable } from '../writers/matrix.js';
import { toRecord } from '../writers/records.js';
import { writeTable } from '../writers/table.js';
import { packCurves } from '../plate/groupCurves.js';
import { createProgress } from './progress.js';
import { streamScreen } from './streamScreen.js';

export const FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface FitCommandOptions {
  readonly analyze: AnalyzeOptions;
  readonly format: Format;
  readonly output?: string | undefined;
  /** Plate map file (--layout). */
  readonly layout?: string | undefined;
  /** Manifest CSV mapping exports to maps, cell lines and plate ids (--manifest). */
  readonly manifest?: string | undefined;
  /** Walk directories recursively (-r). */
  readonly recursive?: boolean | undefined;
  /** Worker threads (--jobs); default the number of cores. */
  readonly jobs?: number | undefined;
  /** Progress and the closing summary on stderr (a terminal, not --quiet). */
  readonly progress?: boolean | undefined;
  /** One plot per compound into this directory (--plot). */
  readonly plotDir?: string | undefined;
  readonly plotFormat?: 'svg' | 'png' | undefined;
  /** Self-contained HTML report (--report). */
  readonly reportPath?: string | undefined;
  /** Write the cross-resistance matrix instead of one row per curve (--matrix). */
  readonly matrix?: boolean | undefined;
}

/** What a command hands back to cli.ts: text for stdout, lines for stderr, an exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly diagnostics: string[];
  readonly exitCode: number;
}

/** Where the fit command writes: data to stdout, diagnostics to stderr. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrStream: NodeJS.WriteStream;
}

const MAX_WARNINGS = 100;
/** Curves per fitting task: big enough to amortise messaging, small enough to spread. */
const FIT_BATCH = 500;
/** Below this many curves, fitting on the main thread beats starting workers. */
const PARALLEL_FIT_MINIMUM = 2000;

/** Renders a report in one format. */
export function render(report: Report, format: Format, chalk: ChalkInstance): string {
  switch (format) {
    case 'table':
      return writeTable(report, chalk);
    case 'csv':
      return writeDelimited(report.fits, ',');
    case 'tsv':
      return writeDelimited(report.fits, '\t');
    case 'json':
      return writeJson(report);
    case 'ndjson':
      return report.fits.map(ndjsonLine).join('') + ndjsonErrors(report);
  }
}

/** Reads and parses a plate-map file; its errors are usage errors (exit 2). */
export function loadLayouts(path: string | undefined, options: AnalyzeOptions): PlateLayout[] | undefined {
  if (path === undefined) return undefined;
  return readLayout(readTextFile(path), path, { unit: options.unit, cellLine: options.cellLine });
}

interface Input {
  readonly path: string;
  readonly options: AnalyzeOptions;
}

/** The inputs and their options: a manifest's rows, or the paths (directories, globs) expanded. */
async function inputsOf(paths: readonly string[], options: FitCommandOptions): Promise<{ inputs: Input[]; errors: Ic50Error[] }> {
  const base = options.analyze;
  const layouts = loadLayouts(options.layout, base);
  if (options.manifest === undefined) {
    const expanded = await expandPaths(paths.length ? paths : ['-'], options.recursive ?? false);
    return { inputs: expanded.paths.map((path) => ({ path, options: { ...base, layouts } })), errors: expanded.errors };
  }
  if (paths.length > 0) throw new Ic50Error('give either --manifest or input files, not both');
  const maps = new Map<string, PlateLayout[]>();
  const inputs = readManifest(options.manifest).map((entry): Input => {
    let entryLayouts = layouts;
    if (entry.layout !== undefined) {
      if (!maps.has(entry.layout)) maps.set(entry.layout, loadLayouts(entry.layout, { ...base, cellLine: entry.cellLine ?? base.cellLine })!);
      entryLayouts = maps.get(entry.layout);
    }
    return {
      path: entry.path,
      options: {
        ...base,
        layouts: entryLayouts,
        cellLine: entry.cellLine ?? base.cellLine,
        plateId: entry.plate ?? base.plateId,
        ...(entry.experiment !== undefined ? { experiment: { label: entry.experiment } } : {}),
      },
    };
  });
  return { inputs, errors: [] };
}

/**
 * `ic50 fit FILE...`: read → analyze → write, for one plate or a whole screen. Inputs are read and
 * curves fitted on worker threads (--jobs), yet output is the same byte for byte whatever the
 * number of workers: results are gathered in input order. Unreadable inputs are reported and
 * the rest go on: exit 0 when every input was used, 1 when some failed, 2 when none could be (then
 * nothing is written). With `output`, the result is written atomically; NDJSON without
 * comparisons streams records as batches finish. Returns the exit code.
 */
export async function fitCommand(paths: readonly string[], options: FitCommandOptions, chalk: ChalkInstance, io: CommandIo): Promise<number> {
  const started = performance.now();
  if (options.matrix && options.format !== 'table' && options.format !== 'csv') {
    throw new Ic50Error(`--matrix writes an aligned table or CSV, not ${options.format}`, { hint: 'use --format table or --format csv' });
  }
  const figures = options.plotDir !== undefined || options.reportPath !== undefined;
  if (figures) options = { ...options, analyze: { ...options.analyze, plateMaps: true } };
  const { inputs, errors: pathErrors } = await inputsOf(paths, options);
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const progress = await createProgress(io.stderrStream, options.progress ?? false);
  // Batches run on worker threads, with their heaps capped well above what the largest input
  // needs (objects take ~15× the file's bytes): the main thread then holds little but results.
  let largest = 0;
  for (const input of inputs) {
    try {
      largest = Math.max(largest, input.path === '-' ? 0 : statSync(input.path).size);
    } catch {
      // reported when read
    }
  }
  const heapMb = Math.min(8192, Math.max(384, Math.ceil((24 * largest) / 2 ** 20) + 256));
  let pool: WorkerPool | null = null;
  const poolOf = () => (pool ??= new WorkerPool(jobs, heapMb));

  /** The end of every run: warnings and errors, the summary on a terminal, the exit code. */
  const finish = (done: { warnings: Warning[]; errors: FileError[]; plates: number; fitted: number; flagged: number }): number => {
    printDiagnostics(io, chalk, diagnosticsOf({ warnings: done.warnings, errors: done.errors }));
    const failed = new Set(done.errors.map((e) => e.file)).size;
    if (options.progress && io.stderrStream.isTTY) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      io.stderr(
        `ic50: ${inputs.length} file${inputs.length === 1 ? '' : 's'}, ${done.plates} plates, ` +
          `${done.fitted} curves (${done.flagged} flagged), ${failed} failed, ${seconds} s\n`,
      );
    }
    return failed === 0 ? 0 : failed >= inputs.length + pathErrors.length ? 2 : 1;
  };

  try {
    // A screen streamed in bounded memory: see streamScreen.
    const compared = options.analyze.parental !== undefined || (options.analyze.pairs?.length ?? 0) > 0;
    const experiments = options.analyze.experiment !== undefined || inputs.some((input) => input.options.experiment !== undefined);
    const streamable = (options.format === 'csv' || options.format === 'tsv' || options.format === 'ndjson') && !compared && !figures && !options.matrix && !experiments;
    if (streamable && inputs.length > 1) {
      const output = options.output !== undefined ? new AtomicOutput(options.output) : null;
      let outcome;
      try {
        outcome = await streamScreen(
          inputs,
          pathErrors,
          poolOf(),
          options.analyze,
          options.format as 'csv' | 'tsv' | 'ndjson',
          (text) => (output ? output.write(text) : io.stdout(text)),
          progress,
          FIT_BATCH,
          Math.max(2, 2 * jobs),
        );
        progress.stop();
        if (outcome.nothing) output?.abort();
        else output?.commit();
      } catch (error) {
        output?.abort();
        throw error;
      }
      if (outcome.nothing) {
        printDiagnostics(io, chalk, diagnosticsOf({ warnings: outcome.warnings, errors: outcome.fileErrors }));
        return 2;
      }
      return finish({ warnings: outcome.warnings, errors: outcome.fileErrors, plates: outcome.plates, fitted: outcome.fitted, flagged: outcome.flagged });
    }

    // Stage 1: every input, in parallel; results awaited in input order.
    const readPool = inputs.length > 1 ? poolOf() : new WorkerPool(0);
    progress.start('reading', inputs.length);
    let read = 0;
    const pending = inputs.map((input) =>
      readPool.run({ kind: 'source', path: input.path, options: input.options }).then((result) => {
        progress.update(++read);
        return result as SourceResult;
      }),
    );
    const results: SourceResult[] = [];
    for (const promise of pending) results.push(await promise);
    const fileErrors = [...pathErrors.map((e) => toFileError(e, '-')), ...results.flatMap((r) => (r.error ? [r.error] : []))];

    const report = reportOf(results, []);
    const withErrors: Report = { ...report, errors: fileErrors };

    // Stage 2: pool the fragments into curves. No curve and a failed input: nothing to write.
    let curves = mergeCurves(results);
    for (let i = 0; i < results.length; i++) results[i] = { ...results[i]!, curves: [] };
    if (curves.length === 0 && fileErrors.length > 0) {
      progress.stop();
      printDiagnostics(io, chalk, diagnosticsOf(withErrors));
      return 2;
    }

    // Stage 3: fit in batches, in parallel, gathered in order. Without comparisons, CSV, TSV and
    // NDJSON stream: each batch is written as soon as it and those before it are done.
    const streaming = streamable;
    const fitPool = curves.length >= PARALLEL_FIT_MINIMUM ? poolOf() : new WorkerPool(0);
    const output = options.output !== undefined ? new AtomicOutput(options.output) : null;
    const emit = (text: string) => (output ? output.write(text) : io.stdout(text));
    const delimiter = options.format === 'tsv' ? '\t' : ',';
    const total = curves.length;
    progress.start('fitting', total);
    // At most a few batches in flight: results are taken in order as they come, so neither the
    // fits nor their rendered text pile up ahead of the output.
    const batchCount = Math.ceil(curves.length / FIT_BATCH);
    const inFlight = Math.max(2, 2 * jobs);
    const startBatch = (k: number): Promise<CurveFit[] | RenderedBatch> => {
      const batch = packCurves(curves.slice(k * FIT_BATCH, (k + 1) * FIT_BATCH));
      return (streaming
        ? fitPool.run({ kind: 'fit-rows', curves: batch, options: options.analyze, format: options.format as 'csv' | 'tsv' | 'ndjson' })
        : fitPool.run({ kind: 'fit', curves: batch, options: options.analyze, keepPoints: figures || compared })) as Promise<CurveFit[] | RenderedBatch>;
    };
    const batches: Promise<CurveFit[] | RenderedBatch>[] = [];
    for (let k = 0; k < Math.min(inFlight, batchCount); k++) batches.push(startBatch(k));
    if (streaming && options.format !== 'ndjson') emit(delimitedHeader(delimiter));
    let fits: CurveFit[] = [];
    let fitted = 0;
    let flagged = 0;
    try {
      for (let k = 0; k < batchCount; k++) {
        const done = await batches[k]!;
        delete batches[k];
        if (k + inFlight < batchCount) batches[k + inFlight] = startBatch(k + inFlight);
        if (k === batchCount - 1) curves = [];
        if (Array.isArray(done)) {
          fits.push(...done);
          fitted += done.length;
          flagged += done.filter((f) => f.flags.length > 0).length;
        } else {
          emit(done.text);
          fitted += done.fitted;
          flagged += done.flagged;
        }
        progress.update(fitted);
      }
      progress.stop();
      // Stage 4 and the rest of the output.
      if (!streaming) {
        fits = compareFits(fits, experiments && options.analyze.experiment === undefined ? { ...options.analyze, experiment: 'file' } : options.analyze);
        if (options.matrix) emit(options.format === 'table' ? writeMatrixTable(fits.map(toRecord)) : writeMatrixCsv(fits.map(toRecord)));
        else emit(render({ ...withErrors, fits }, options.format, chalk));
      } else if (options.format === 'ndjson') emit(ndjsonErrors(withErrors));
      output?.commit();
      if (figures) {
        // The plotting code is loaded only when figures are asked for.
        const [{ plateHeatmapSvg }, { writeFigures }] = await Promise.all([import('../writers/plateHeatmapSvg.js'), import('./writeFigures.js')]);
        const heatmaps = new Map((report.plateMaps ?? []).map((map) => [map.id, plateHeatmapSvg(map)] as const));
        writeFigures({ ...withErrors, fits }, { plotDir: options.plotDir, plotFormat: options.plotFormat, reportPath: options.reportPath, heatmaps });
      }
    } catch (error) {
      output?.abort();
      throw error;
    }

    return finish({ warnings: report.warnings, errors: fileErrors, plates: report.plates.length, fitted, flagged });
  } finally {
    progress.stop();
    if (pool) await (pool as WorkerPool).close();
  }
}

function printDiagnostics(io: CommandIo, chalk: ChalkInstance, lines: readonly string[]): void {
  for (const line of lines) io.stderr(`${chalk.dim('ic50:')} ${line.startsWith('warning:') ? chalk.yellow(line) : line}\n`);
}

function diagnosticsOf(report: Pick<Report, 'warnings' | 'errors'>): string[] {
  const diagnostics: string[] = [];
  for (const warning of report.warnings.slice(0, MAX_WARNINGS)) {
    diagnostics.push(`warning: ${formatDiagnostic(warning.location, warning.message)}`);
  }
  if (report.warnings.length > MAX_WARNINGS) {
    diagnostics.push(`warning: … and ${report.warnings.length - MAX_WARNINGS} more warnings like these`);
  }
  for (const error of report.errors) diagnostics.push(formatDiagnostic(error, error.message));
  return diagnostics;
}
