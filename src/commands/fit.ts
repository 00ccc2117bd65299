import type { ChalkInstance } from 'chalk';
import { Ic50Error, formatDiagnostic, toFileError } from '../errors.js';
import { expandPaths, readSource, readTextFile } from '../io/readSources.js';
import { readLayout } from '../layouts/readLayout.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { writeAtomic } from '../io/writeAtomic.js';
import type { AnalyzeOptions } from '../options.js';
import { analyze, type Source } from '../pipeline.js';
import type { FileError, Report } from '../types.js';
import { writeDelimited } from '../writers/delimited.js';
import { writeJson, writeNdjson } from '../writers/json.js';
import { writeTable } from '../writers/table.js';

export const FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface FitCommandOptions {
  readonly analyze: AnalyzeOptions;
  readonly format: Format;
  readonly output?: string | undefined;
  /** Plate map file (--layout). */
  readonly layout?: string | undefined;
}

/** Reads and parses the --layout file; its errors are usage errors (exit 2). */
export function loadLayouts(path: string | undefined, options: AnalyzeOptions): PlateLayout[] | undefined {
  if (path === undefined) return undefined;
  return readLayout(readTextFile(path), path, { unit: options.unit, cellLine: options.cellLine });
}

/** What a command hands back to cli.ts: text for stdout, lines for stderr, an exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly diagnostics: string[];
  readonly exitCode: number;
}

const MAX_WARNINGS = 100;

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
      return writeNdjson(report);
  }
}

/**
 * `ic50 fit FILE...`: read → analyze → write. Unreadable inputs are reported and the rest go on:
 * exit 0 when every input was used, 1 when some failed, 2 when none could be (then nothing is
 * written). With `output`, the result is written atomically to that file instead of stdout.
 */
export async function fitCommand(paths: readonly string[], options: FitCommandOptions, chalk: ChalkInstance): Promise<CommandResult> {
  const layouts = loadLayouts(options.layout, options.analyze);
  const expanded = expandPaths(paths.length ? paths : ['-']);
  const fileErrors: FileError[] = expanded.errors.map((e) => toFileError(e, '-'));
  const sources: Source[] = [];
  for (const path of expanded.paths) {
    try {
      sources.push(await readSource(path));
    } catch (error) {
      if (!(error instanceof Ic50Error)) throw error;
      fileErrors.push(toFileError(error, path));
    }
  }
  const analysed = analyze(sources, { ...options.analyze, layouts });
  const report: Report = { ...analysed, errors: [...fileErrors, ...analysed.errors] };

  const diagnostics: string[] = [];
  for (const warning of report.warnings.slice(0, MAX_WARNINGS)) {
    diagnostics.push(`warning: ${formatDiagnostic(warning.location, warning.message)}`);
  }
  if (report.warnings.length > MAX_WARNINGS) {
    diagnostics.push(`warning: … and ${report.warnings.length - MAX_WARNINGS} more warnings like these`);
  }
  for (const error of report.errors) diagnostics.push(formatDiagnostic(error, error.message));

  const inputs = expanded.paths.length + expanded.errors.length;
  const failedInputs = new Set(report.errors.map((e) => e.file)).size;
  if (report.fits.length === 0 && report.errors.length > 0) {
    return { stdout: '', diagnostics, exitCode: 2 };
  }
  const text = render(report, options.format, chalk);
  let stdout = text;
  if (options.output !== undefined) {
    try {
      writeAtomic(options.output, text);
    } catch (error) {
      throw new Ic50Error(`cannot write the output: ${(error as Error).message}`, { location: { file: options.output } });
    }
    stdout = '';
  }
  const exitCode = failedInputs === 0 ? 0 : failedInputs >= inputs ? 2 : 1;
  return { stdout, diagnostics, exitCode };
}
