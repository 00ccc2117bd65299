import { Chalk } from 'chalk';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { fitCommand, FORMATS, type CommandResult, type Format } from './commands/fit.js';
import { abandonOutputs } from './io/atomicOutput.js';
import { inspectCommand } from './commands/inspect.js';
import { matrixCommand } from './commands/matrix.js';
import type { AnalyzeOptions } from './options.js';
import { READERS } from './readers/index.js';
import { Ic50Error } from './errors.js';
import { DEFAULTS } from './options.js';
import { parseConcentrationUnit, UNIT_NAMES, type ConcentrationUnit } from './plate/concentrationUnit.js';

/** The package version, from the package.json above this module (dist/ or dist/bundle/). */
function version(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'ic50') return pkg.version;
    } catch {
      // not there: look further up
    }
  }
  return 'unknown';
}

function unitOption(text: string): ConcentrationUnit {
  const unit = parseConcentrationUnit(text);
  if (!unit) throw new InvalidArgumentError(`unknown unit; accepted: ${UNIT_NAMES}.`);
  return unit;
}

function pairOption(text: string, previous: [string, string][]): [string, string][] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new InvalidArgumentError('expected RESISTANT=PARENTAL.');
  return [...previous, [text.slice(0, at).trim(), text.slice(at + 1).trim()]];
}

function levelOption(text: string): number {
  const level = Number(text);
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError('expected a level between 0 and 1, e.g. 0.95.');
  return level;
}

/** Colour only for a terminal, and never with NO_COLOR set or --no-color. */
function useColour(stream: NodeJS.WriteStream, requested: boolean): boolean {
  return requested && Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

/** Output format from the option, else from -o's extension, else table on a terminal and csv in a pipe. */
function chooseFormat(explicit: Format | undefined, output: string | undefined): Format {
  if (explicit) return explicit;
  const ending = output?.match(/\.(csv|tsv|json|ndjson|txt)$/i)?.[1]?.toLowerCase();
  if (ending === 'txt') return 'table';
  if (ending) return ending as Format;
  if (output !== undefined) return 'csv';
  return process.stdout.isTTY ? 'table' : 'csv';
}

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** --experiment: plate, file, or the name of a tidy-CSV column. */
function experimentOption(value: string | undefined): AnalyzeOptions['experiment'] {
  if (value === undefined) return undefined;
  if (value === 'plate' || value === 'file') return value;
  return { column: value };
}

function numberOption(name: string, low: number, high: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!(value >= low && value <= high)) throw new InvalidArgumentError(`expected ${name} between ${low} and ${high}.`);
    return value;
  };
}

/** Options that `fit` and `inspect` share: how to read inputs. */
function addInputOptions(command: Command): Command {
  return command
    .option('--layout <file>', 'plate map for plate-reader exports: long well table, grid per variable, or dilution description')
    .option('--unit <unit>', `concentration unit when the input names none (${UNIT_NAMES})`, unitOption)
    .option('--cell-line <name>', 'cell line for inputs (or plate maps) without a cell-line column')
    .option('--reader <id>', `force a plate-reader format instead of detecting it (${READERS.map((r) => r.id).join(', ')})`)
    .option('--read <label>', 'which read of an export to use, by label or number (default: the raw read)')
    .option('--no-reference-subtract', 'MTT: do not subtract the 620–700 nm reference read from the 540–600 nm read')
    .option('--min-z-prime <z>', 'plate QC: fail plates whose Z′ is below this', numberOption('a Z′', -1000, 1), DEFAULTS.minZPrime)
    .option('--max-vehicle-cv <percent>', 'plate QC: fail plates whose vehicle CV is above this', numberOption('a CV', 0, 1000), DEFAULTS.maxVehicleCv)
    .option('--no-color', 'plain output even on a terminal');
}

function analyzeOptions(opts: Record<string, unknown>): AnalyzeOptions {
  return {
    unit: opts.unit as ConcentrationUnit | undefined,
    unitOut: opts.unitOut as ConcentrationUnit | undefined,
    cellLine: opts.cellLine as string | undefined,
    parental: opts.parental as string | undefined,
    pairs: (opts.pair as [string, string][] | undefined) ?? [],
    confidence: (opts.confidence as number | undefined) ?? DEFAULTS.confidence,
    normalize: (opts.normalize as boolean | undefined) ?? true,
    strict: (opts.strict as boolean | undefined) ?? false,
    reader: opts.reader as string | undefined,
    read: opts.read as string | undefined,
    referenceSubtract: opts.referenceSubtract as boolean,
    minZPrime: opts.minZPrime as number,
    maxVehicleCv: opts.maxVehicleCv as number,
    top: opts.top as number | undefined,
    bottom: opts.bottom as number | undefined,
    model: opts.model as 'll3' | 'll4' | 'll5',
    outliers: opts.outliers as 'off' | 'flag' | 'remove',
    outlierQ: (opts.outlierQ as number) / 100,
    flatAlpha: opts.flatAlpha as number | undefined,
    ci: opts.ci as 'wald' | 'profile' | undefined,
    weights: opts.weights as 'none' | '1/y2' | undefined,
    ambiguousWidth: opts.ambiguousWidth as number | undefined,
    experiment: experimentOption(opts.experiment as string | undefined),
    rfCi: opts.rfCi as 'delta' | 'fieller' | undefined,
    ...(opts.hillMin !== undefined || opts.hillMax !== undefined
      ? { bounds: { ...DEFAULTS.bounds, hillMin: (opts.hillMin as number | undefined) ?? DEFAULTS.bounds.hillMin, hillMax: (opts.hillMax as number | undefined) ?? DEFAULTS.bounds.hillMax } }
      : {}),
  };
}

function report(io: Io, result: CommandResult, colour: boolean): number {
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  for (const line of result.diagnostics) {
    io.stderr(`${chalk.dim('ic50:')} ${line.startsWith('warning:') ? chalk.yellow(line) : line}\n`);
  }
  io.stdout(result.stdout);
  return result.exitCode;
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('ic50')
    .description('Dose-response analysis of cell-viability plates: 4PL fits, IC50s with confidence intervals, resistance factors.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });

  const fit = program
    .command('fit')
    .description('fit four-parameter logistic curves to plate data and report IC50s')
    .argument('[files...]', 'tidy CSV files, plate-reader exports (with --layout), directories of them, or - for standard input', [])
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, csv otherwise)').choices(FORMATS))
    .option('-o, --output <file>', 'write results to FILE atomically (format from its extension)')
    .option('--unit-out <unit>', 'report IC50s in this unit instead of the input unit', unitOption)
    .option('--parental <name>', 'compare every other cell line with this one (resistance factors)')
    .option('--pair <resistant=parental>', 'compare RESISTANT with PARENTAL (repeatable)', pairOption, [])
    .option('--confidence <level>', 'confidence level of intervals', levelOption, DEFAULTS.confidence)
    .option('--no-normalize', 'signals are already % viability: do not normalize to controls')
    .option('--top <percent>', 'pin the top asymptote (response at zero dose), e.g. 100', numberOption('a viability', -1e6, 1e6))
    .option('--bottom <percent>', 'pin the bottom asymptote (response at infinite dose), e.g. 0', numberOption('a viability', -1e6, 1e6))
    .addOption(
      new Option('--model <model>', 'curve equation: ll4 (4PL), ll3 (bottom pinned at --bottom, else 0) or ll5 (asymmetric 5PL)')
        .choices(['ll3', 'll4', 'll5'])
        .default('ll4'),
    )
    .addOption(
      new Option('--outliers <mode>', 'ROUT outlier detection: off, flag (list them in the output) or remove (list them and refit without them)')
        .choices(['off', 'flag', 'remove'])
        .default('off'),
    )
    .option('--outlier-q <percent>', "ROUT's maximum false discovery rate Q, in %", numberOption('a rate in %', 1e-6, 50), 1)
    .option('--hill-min <h>', 'lower bound of the Hill slope', numberOption('a Hill slope', 1e-6, 1e6), DEFAULTS.bounds.hillMin)
    .option('--hill-max <h>', 'upper bound of the Hill slope', numberOption('a Hill slope', 1e-6, 1e6), DEFAULTS.bounds.hillMax)
    .addOption(new Option('--weights <scheme>', 'weighted least squares: none, or 1/y2 (relative, each point by 1/max(y², 1))').choices(['none', '1/y2']).default('none'))
    .addOption(new Option('--ci <method>', 'IC50 interval: Wald on log10 (fast) or profile likelihood').choices(['wald', 'profile']).default('wald'))
    .addOption(new Option('--rf-ci <method>', 'resistance-factor interval: delta method or Fieller').choices(['delta', 'fieller']).default('delta'))
    .option('--ambiguous-width <decades>', 'flag a fit ambiguous when its IC50 interval spans more decades than this', numberOption('a width', 0, 1000), 2)
    .option('--flat-alpha <p>', 'flag a curve flat when the F test against a constant gives p above this', levelOption, 0.05)
    .option('--strict', 'make an unusable signal (non-numeric, empty, overflow) an error instead of an excluded well', false)
    .option('-r, --recursive', 'read directories recursively', false)
    .option('--manifest <file>', 'CSV mapping each export to its layout, cell line and plate id (columns file, layout, cell_line, plate)')
    .option('-j, --jobs <n>', 'worker threads (default: the number of cores)', numberOption('a number of jobs', 1, 256))
    .option('-q, --quiet', 'no progress or summary on stderr (warnings and errors still)', false)
    .option('--plot <dir>', 'write one dose-response plot per compound (and a heat map per plate) into DIR')
    .addOption(new Option('--plot-format <format>', 'plot file format').choices(['svg', 'png']).default('svg'))
    .option('--report <file>', 'write a self-contained HTML report (summary, matrix, table, curves, plate QC)')
    .option('--experiment <by>', 'fit each independent experiment on its own, plus a geometric-mean summary row: by plate, by file, or by a COLUMN of a tidy CSV (e.g. day)')
    .option('--matrix', 'write the cross-resistance matrix (cell line × compound: IC50 [CI], RF [CI]) instead of one row per curve', false);
  addInputOptions(fit).action(async (files: string[], opts: Record<string, unknown>) => {
    const format = chooseFormat(opts.format as Format | undefined, opts.output as string | undefined);
    const colour = format === 'table' && opts.output === undefined && useColour(process.stdout, opts.color as boolean);
    const errColour = useColour(process.stderr, opts.color as boolean);
    const code = await fitCommand(
      files,
      {
        format,
        output: opts.output as string | undefined,
        layout: opts.layout as string | undefined,
        manifest: opts.manifest as string | undefined,
        recursive: opts.recursive as boolean,
        jobs: opts.jobs as number | undefined,
        progress: !(opts.quiet as boolean),
        plotDir: opts.plot as string | undefined,
        plotFormat: opts.plotFormat as 'svg' | 'png',
        reportPath: opts.report as string | undefined,
        matrix: opts.matrix as boolean,
        analyze: analyzeOptions(opts),
      },
      new Chalk({ level: colour ? 1 : 0 }),
      { stdout: io.stdout, stderr: (text) => io.stderr(errColour ? text : text.replace(/\u001b\[[0-9;]*m/g, '')), stderrStream: process.stderr },
    );
    setExit(code);
  });

  const inspectCmd = program
    .command('inspect')
    .description('show what an export holds: format, plates, reads, empty and excluded wells, a heat map; roles and QC with --layout')
    .argument('<file>', 'a plate-reader export (or - for standard input)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'));
  addInputOptions(inspectCmd).action(async (file: string, opts: Record<string, unknown>) => {
    const colour = opts.format === 'table' && useColour(process.stdout, opts.color as boolean);
    const result = await inspectCommand(
      file,
      { format: opts.format as 'table' | 'json', layout: opts.layout as string | undefined, analyze: analyzeOptions(opts) },
      new Chalk({ level: colour ? 1 : 0 }),
    );
    setExit(report(io, result, useColour(process.stderr, opts.color as boolean)));
  });
  program
    .command('matrix')
    .description('the cross-resistance matrix (cell line × compound: IC50 [CI], RF [CI]) of results saved by ic50 fit')
    .argument('<results>', 'a CSV, TSV or JSON written by ic50 fit (or - for standard input)')
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, csv otherwise)').choices(['table', 'csv']))
    .action(async (file: string, opts: Record<string, unknown>) => {
      const format = (opts.format as 'table' | 'csv' | undefined) ?? (process.stdout.isTTY ? 'table' : 'csv');
      setExit(report(io, await matrixCommand(file, format), false));
    });
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code: 0 done, 1 some
 * inputs failed (the rest were written), 2 bad usage or no usable input. The only place that
 * maps errors to exit codes; nothing here prints a stack trace for a user's mistake.
 */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      io.stderr(`ic50: ${error.message.replace(/^error: /, '')} (see ic50 --help)\n`);
      return 2;
    }
    if (error instanceof Ic50Error) {
      io.stderr(`ic50: ${error.describe()}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ic50: internal error: ${message}\n(this is a bug in ic50; please report it with the input that caused it)\n`);
    return 70;
  } finally {
    abandonOutputs();
  }
}

/**
 * Ctrl-C or a kill: remove half-written outputs, then leave with the conventional code. A reader
 * that closes our stdout early (`ic50 fit … | head`) ends the run quietly, as Unix tools do.
 */
export function handleSignals(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    abandonOutputs();
    process.exit(0);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      abandonOutputs();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function defaultIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
