import type { ChalkInstance } from 'chalk';
import { readSource } from '../io/readSources.js';
import { inspect } from '../inspection.js';
import type { AnalyzeOptions } from '../options.js';
import { writeInspection, writeInspectionJson } from '../writers/inspectText.js';
import { loadLayouts, type CommandResult } from './fit.js';

export interface InspectCommandOptions {
  readonly analyze: AnalyzeOptions;
  readonly format: 'table' | 'json';
  readonly layout?: string | undefined;
}

/**
 * `ic50 inspect FILE [--layout MAP]`: what was detected and read — format, plates, reads,
 * empty and excluded wells, a heat map per plate; with a layout, roles and plate QC. Errors
 * (unreadable file, unknown format) are thrown as Ic50Error for cli.ts to report (exit 2).
 */
export async function inspectCommand(path: string, options: InspectCommandOptions, chalk: ChalkInstance): Promise<CommandResult> {
  const layouts = loadLayouts(options.layout, options.analyze);
  const source = await readSource(path);
  const inspection = inspect(source, {
    reader: options.analyze.reader,
    read: options.analyze.read,
    referenceSubtract: options.analyze.referenceSubtract,
    layouts,
    cellLine: options.analyze.cellLine,
    qc: { minZPrime: options.analyze.minZPrime ?? 0.5, maxVehicleCv: options.analyze.maxVehicleCv ?? 20 },
  });
  const stdout = options.format === 'json' ? writeInspectionJson(inspection) : writeInspection(inspection, chalk);
  return { stdout, diagnostics: [], exitCode: 0 };
}
