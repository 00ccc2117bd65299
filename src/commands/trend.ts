import type { ChalkInstance } from 'chalk';
import { Ic50Error, formatDiagnostic } from '../errors.js';
import { fileIdentity, namedPaths, readBytes, refuseClashingOutputs } from '../io/inputs.js';
import { writeOutput } from '../io/outputFile.js';
import { TREND_FORMATS, type Options } from '../options.js';
import { resistanceChecks } from '../compare/resistanceChecks.js';
import { resistanceHistories } from '../compare/resistanceHistory.js';
import { decodeText } from '../readers/decodeText.js';
import { readResultsTable, RESULTS_HINT, type ResultsTable } from '../readers/resultsFile.js';
import { terminalText } from '../writers/escape.js';
import { svgToPng } from '../io/renderPng.js';
import { trendPlotSvg } from '../writers/trendPlotSvg.js';
import { writeTrendDelimited, writeTrendJson, writeTrendNdjson } from '../writers/trendRecords.js';
import { mismatchText, trendReportHtml } from '../writers/trendReport.js';
import { writeTrendTable } from '../writers/trendTable.js';
import { chooseFormat, type CommandIo } from './fit.js';
import { checkOutputPlaces } from '../io/makeFolder.js';

/** The figure format of --plot, from its extension. */
function plotFormat(path: string): 'svg' | 'png' {
  const ending = path.match(/\.([a-z]+)$/i)?.[1]?.toLowerCase();
  if (ending === 'svg' || ending === 'png') return ending;
  throw new Ic50Error(`--plot ${path}: a plot is written as .svg or .png`, { code: 'usage', hint: 'e.g. --plot history.svg or --plot history.png' });
}

/** Reads every results file (any mix of CSV, TSV, JSON, NDJSON; - for standard input); the same file twice is refused. */
async function readTables(paths: readonly string[]): Promise<ResultsTable[]> {
  const seen = new Map<string, string>();
  const tables: ResultsTable[] = [];
  for (const path of paths) {
    const identity = path === '-' ? undefined : fileIdentity(path);
    const key = identity ? `${identity.dev}:${identity.ino}` : path;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new Ic50Error(`${path} is ${earlier} again: its checks would count twice`, { code: 'usage', hint: 'give each results file once' });
    seen.set(key, path);
    const bytes = await readBytes(path);
    const text = decodeText(bytes);
    if (text === null || bytes.length === 0) {
      throw new Ic50Error(bytes.length === 0 ? 'the file is empty' : 'a results file is text (CSV, TSV or JSON)', { code: 'results', location: { file: path }, hint: RESULTS_HINT });
    }
    tables.push(readResultsTable(text, path));
  }
  return tables;
}

/**
 * `ic50 trend RESULTS...`: the resistance history of each resistant line, compound and parental
 * in results saved by `ic50 fit` — every saved RF a check, ordered by --by (passage, date or
 * another label) — with the trend, where resistance was established (--resistant-at), the level
 * since, the latest check against it and the fading checks: a table on a terminal, CSV/TSV/JSON/
 * NDJSON otherwise; --plot and --report write figures. Warnings (checks that cannot be placed or
 * have no standard error, names that differ only in case or spacing) go to stderr. Every output
 * is written completely or not at all; a results file that cannot be read stops the run (exit 2)
 * before anything is written — a history missing a file would be a different history.
 */
export async function trendCommand(paths: readonly string[], options: Options, chalk: ChalkInstance, io: CommandIo): Promise<number> {
  if (paths.length === 0) throw new Ic50Error('no results to follow: give the results files of the checks', { code: 'usage', hint: 'ic50 trend p0.csv p2.csv … (saved by ic50 fit -o, with --label passage=N)' });
  const format = chooseFormat(options.format, options.output, io.stdoutIsTty);
  if (!(TREND_FORMATS as readonly string[]).includes(format)) {
    throw new Ic50Error(`ic50 trend writes ${TREND_FORMATS.join(', ')}, not ${format}`, { code: 'usage', hint: 'e.g. -o history.csv; --report history.html for a page to share' });
  }
  const plot = options.plot !== undefined ? plotFormat(options.plot) : undefined;
  const written = namedPaths([['-o', options.output], ['--plot', options.plot], ['--report', options.report]]);
  checkOutputPlaces(written);
  refuseClashingOutputs(written, []);
  for (const output of [options.output, options.plot, options.report]) {
    const identity = output === undefined ? undefined : fileIdentity(output);
    if (identity && paths.some((p) => p !== '-' && fileIdentity(p)?.ino === identity.ino && fileIdentity(p)?.dev === identity.dev)) {
      throw new Ic50Error(`the output ${output} is also an input: writing it would destroy the results`, { code: 'usage', hint: 'write to another file' });
    }
  }
  const tables = await readTables(paths);
  const found = resistanceChecks(tables, { by: options.by, line: options.line, compound: options.compound });
  if (found.checks.length === 0) {
    throw new Ic50Error('the results hold no resistance factor: nothing to follow', { code: 'no_data', hint: 'fit the checks with --parental NAME (or --pair RESISTANT=PARENTAL) so that each has an RF' });
  }
  const histories = resistanceHistories(found.checks, { fold: options.resistantAt, confidence: options.confidence, by: found.by, axis: found.axis, mismatches: found.mismatches });

  for (const mismatch of found.mismatches) io.stderr(`${chalk.dim('ic50:')} ${chalk.yellow(terminalText(`warning: ${mismatchText(mismatch)}`))}\n`);
  for (const warning of found.warnings) io.stderr(`${chalk.dim('ic50:')} ${chalk.yellow(terminalText(`warning: ${formatDiagnostic(warning.location, warning.message)}`))}\n`);

  const labels = found.labelColumns;
  const text =
    format === 'table'
      ? writeTrendTable(histories, labels, chalk, options.confidence)
      : format === 'json'
        ? writeTrendJson(histories, labels, found.warnings, found.mismatches)
        : format === 'ndjson'
          ? writeTrendNdjson(histories, labels)
          : writeTrendDelimited(histories, labels, format === 'csv' ? ',' : '\t', options.rawCells);
  // Figures first: the data output is the last thing written.
  if (options.plot !== undefined) {
    const svg = trendPlotSvg(histories, options.confidence);
    writeOutput(options.plot, plot === 'png' ? svgToPng(svg) : svg);
  }
  if (options.report !== undefined) {
    writeOutput(options.report, trendReportHtml({ histories, labelColumns: labels, confidence: options.confidence, files: tables.map((t) => t.file), warnings: found.warnings, mismatches: found.mismatches }));
  }
  if (options.output !== undefined) writeOutput(options.output, text);
  else await io.stdout(text);
  return 0;
}
