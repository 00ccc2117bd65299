import { Chalk } from 'chalk';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { fitCommand, type CommandIo } from './commands/fit.js';
import { inspectCommand, type CommandResult } from './commands/inspect.js';
import { matrixCommand } from './commands/matrix.js';
import { trendCommand } from './commands/trend.js';
import { createProgress } from './commands/progress.js';
import { Ic50Error, systemError } from './errors.js';
import { OutputFile } from './io/outputFile.js';
import { removeTemporaries } from './io/temporaryFiles.js';
import { optionsOf, resolveOptions, type CommandName, type Options } from './options.js';
import { terminalText } from './writers/escape.js';

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

/** Where the CLI reads and writes: the process's streams, or a test's buffers. */
export interface Io {
  stdout: (text: string) => void | Promise<void>;
  /** Bytes to stdout (a workbook written to a pipe); absent: only text can go to stdout. */
  stdoutBytes?: (bytes: Uint8Array) => void | Promise<void>;
  stderr: (text: string) => void;
  readonly stdinIsTty?: boolean;
  readonly stdoutIsTty?: boolean;
  readonly stderrIsTty?: boolean;
  /** The environment (NO_COLOR). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Colour only for a terminal, and never with NO_COLOR set or --no-color. */
function useColour(isTty: boolean, requested: boolean, env: Io['env']): boolean {
  return requested && isTty && !(env?.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** Commander options from the one options table (options.ts); defaults are applied by resolveOptions, not here. */
function addOptions(command: Command, name: CommandName): Command {
  for (const spec of optionsOf(name)) {
    const shown = spec.defaultText ?? (spec.default === undefined || typeof spec.default === 'boolean' || Array.isArray(spec.default) ? undefined : String(spec.default));
    const option = new Option(spec.flags, shown !== undefined ? `${spec.help} (default: ${shown})` : spec.help);
    if (spec.choices) option.choices(spec.choices);
    if (spec.parse) {
      const parse = spec.parse;
      option.argParser((value: string, previous: unknown) => {
        try {
          return parse(value, previous);
        } catch (error) {
          if (error instanceof Ic50Error) throw new InvalidArgumentError(`${error.message}.`);
          throw error;
        }
      });
    }
    command.addOption(option);
  }
  return command;
}

/**
 * The options a command was given, as the resolved Options (the one cast, at the boundary).
 * Commander names a value after its flag (`--pair` → `pair`); the options table by its key
 * (`pairs`): values are moved to their key, or a repeatable --pair would be silently lost.
 */
function given(opts: Record<string, unknown>, command: CommandName): Options {
  const values: Record<string, unknown> = { ...opts };
  for (const spec of optionsOf(command)) {
    const attribute = new Option(spec.flags).attributeName();
    if (attribute === spec.key || !(attribute in values)) continue;
    values[spec.key] = values[attribute];
    delete values[attribute];
  }
  return resolveOptions(values as Partial<Options>, command);
}

function report(io: Io, result: CommandResult): number {
  for (const line of result.diagnostics) io.stderr(`ic50: ${terminalText(line)}\n`);
  void io.stdout(result.stdout);
  return result.exitCode;
}

/** Writes a command's text to -o (completely or not at all) or stdout. */
async function deliver(io: Io, text: string, output: string | undefined): Promise<void> {
  if (output === undefined) {
    await io.stdout(text);
    return;
  }
  const file = new OutputFile(output);
  file.write(text);
  file.commit();
}

function buildProgram(io: Io, setExit: (code: number) => void, stopped: () => boolean): Command {
  const program = new Command('ic50')
    .description('Dose-response analysis of cell-viability plates: logistic fits, IC50s with confidence intervals, resistance factors.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout(text), writeErr: io.stderr, outputError: () => undefined });

  const fit = program
    .command('fit')
    .description('fit dose-response curves to plate data and report IC50s (and resistance factors)')
    .argument('[files...]', 'tidy CSV files, plate-reader exports (with --layout), directories of them, or - for standard input');
  addOptions(fit, 'fit').action(async (files: string[], opts: Record<string, unknown>) => {
    const options = given(opts, 'fit');
    const stdoutIsTty = io.stdoutIsTty ?? false;
    const stderrIsTty = io.stderrIsTty ?? false;
    const colour = options.output === undefined && useColour(stdoutIsTty, options.color, io.env);
    const errColour = useColour(stderrIsTty, options.color, io.env);
    const commandIo: CommandIo = {
      stdout: io.stdout,
      ...(io.stdoutBytes ? { stdoutBytes: io.stdoutBytes } : {}),
      stderr: (text) => io.stderr(errColour ? text : text.replace(/\u001b\[[0-9;]*m/g, '')),
      stdinIsTty: io.stdinIsTty ?? false,
      stdoutIsTty,
      stderrIsTty,
      progress: () => createProgress(process.stderr, true),
      stopped,
    };
    setExit(await fitCommand(files, options, new Chalk({ level: colour ? 1 : 0 }), commandIo));
  });

  const inspectCmd = program
    .command('inspect')
    .description('show what an export holds: format, plates, reads, empty and excluded wells, a heat map; roles and QC with --layout; a plate map as FILE is shown as a map')
    .argument('<file>', 'a plate-reader export or a plate map (or - for standard input)');
  addOptions(inspectCmd, 'inspect').action(async (file: string, opts: Record<string, unknown>) => {
    const options = given(opts, 'inspect');
    const colour = options.format === 'table' && useColour(io.stdoutIsTty ?? false, options.color, io.env);
    setExit(report(io, await inspectCommand(file, options, new Chalk({ level: colour ? 1 : 0 }))));
  });

  const matrix = program
    .command('matrix')
    .description('the cross-resistance matrix (cell line × compound: IC50 [CI], RF [CI]) of results saved by ic50 fit')
    .argument('<results>', 'a CSV, TSV, JSON or NDJSON written by ic50 fit (or - for standard input)');
  addOptions(matrix, 'matrix').action(async (file: string, opts: Record<string, unknown>) => {
    const options = given(opts, 'matrix');
    const format = (options.format as 'table' | 'csv' | undefined) ?? (options.output === undefined && io.stdoutIsTty ? 'table' : 'csv');
    const result = await matrixCommand(file, format, options.rawCells, options.decimalComma);
    await deliver(io, result.stdout, options.output);
    setExit(result.exitCode);
  });
  const trend = program
    .command('trend')
    .description('follow each resistant line’s IC50 and RF across the checks (passages, dates) of results saved by ic50 fit')
    .argument('<results...>', 'CSV, TSV, JSON or NDJSON files written by ic50 fit (any mix; - for standard input), each check labelled (--label passage=N)');
  addOptions(trend, 'trend').action(async (files: string[], opts: Record<string, unknown>) => {
    const options = given(opts, 'trend');
    const colour = options.output === undefined && useColour(io.stdoutIsTty ?? false, options.color, io.env);
    const errColour = useColour(io.stderrIsTty ?? false, options.color, io.env);
    const commandIo: CommandIo = {
      stdout: io.stdout,
      stderr: (text) => io.stderr(errColour ? text : text.replace(/\u001b\[[0-9;]*m/g, '')),
      stdinIsTty: io.stdinIsTty ?? false,
      stdoutIsTty: io.stdoutIsTty ?? false,
      stderrIsTty: io.stderrIsTty ?? false,
    };
    setExit(await trendCommand(files, options, new Chalk({ level: colour ? 1 : 0 }), commandIo));
  });
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code: 0 done, 1 some
 * inputs failed (the rest were written), 2 bad usage, unusable input or an environment failure
 * (no space, permission denied), 70 a bug in ic50. The only place that maps errors to exit codes;
 * nothing here prints a stack trace for a user's mistake.
 */
export async function main(argv: readonly string[], io: Io = defaultIo(), stopped: () => boolean = () => false): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code), stopped);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      io.stderr(`ic50: ${terminalText(error.message.replace(/^error: /, ''))} (see ic50 --help)\n`);
      return 2;
    }
    const known = error instanceof Ic50Error ? error : systemError(error, (error as { path?: string }).path ?? 'ic50');
    if (known) {
      io.stderr(`ic50: ${terminalText(known.describe())}\n`);
      return known.exitCode;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`ic50: internal error: ${message}\n(this is a bug in ic50; please report it with the input that caused it)\n`);
    return 70;
  } finally {
    removeTemporaries();
  }
}

/** The signals ic50 stops on (the shell then reports 128 + the signal's number: 129, 130, 143). */
const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

/**
 * Ctrl-C, a kill or a hang-up: remove temporary files (half-written outputs, standard input
 * copied to disk), then die of the same signal, as Unix tools do — at once, whatever is
 * running, even a read of a FIFO nobody writes to (process.exit would wait for it). A reader
 * that closes our stdout early (`ic50 fit … | head`) ends the run quietly. Returns a function
 * that says whether a stop has begun.
 */
export function handleSignals(): () => boolean {
  let stopping = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    removeTemporaries();
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`ic50: cannot write to standard output: ${error.message}\n`);
    process.exit(1);
  });
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping = true;
      removeTemporaries();
      // With no listener left, the signal's default action ends the process.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  }
  process.once('exit', removeTemporaries);
  return () => stopping;
}

function defaultIo(): Io {
  return {
    stdout: (text) => {
      if (process.stdout.write(text)) return;
      return new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    },
    stdoutBytes: (bytes) => {
      if (process.stdout.write(bytes)) return;
      return new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    },
    stderr: (text) => void process.stderr.write(text),
    stdinIsTty: Boolean(process.stdin.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}
