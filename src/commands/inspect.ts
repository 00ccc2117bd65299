import type { ChalkInstance } from 'chalk';
import { Ic50Error } from '../errors.js';
import { readSource } from '../io/readSources.js';
import { readLayout } from '../layouts/readLayout.js';
import { inspect } from '../inspection.js';
import type { AnalyzeOptions } from '../options.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { writeInspection, writeInspectionJson } from '../writers/inspectText.js';
import { writeLayoutJson, writeLayoutText } from '../writers/layoutText.js';
import { loadLayouts, type CommandResult } from './fit.js';

/** A stand-in unit for showing a map whose concentrations name none (never used to fit). */
const UNITLESS: ConcentrationUnit = { name: 'unitless', log10Molar: 0, isLog: false };

export interface InspectCommandOptions {
  readonly analyze: AnalyzeOptions;
  readonly format: 'table' | 'json';
  readonly layout?: string | undefined;
}

/**
 * `ic50 inspect FILE [--layout MAP]`: what was detected and read — format, plates, reads,
 * empty and excluded wells, a heat map per plate; with a layout, roles and plate QC. A plate map
 * given as FILE is shown as a map (roles, compounds, concentrations per compound). Errors
 * (unreadable file, unknown format) are thrown as Ic50Error for cli.ts to report (exit 2).
 */
export async function inspectCommand(path: string, options: InspectCommandOptions, chalk: ChalkInstance): Promise<CommandResult> {
  const layouts = loadLayouts(options.layout, options.analyze);
  const source = await readSource(path);
  let inspection;
  try {
    inspection = inspect(source, {
    reader: options.analyze.reader,
    read: options.analyze.read,
    referenceSubtract: options.analyze.referenceSubtract,
    layouts,
    cellLine: options.analyze.cellLine,
      qc: { minZPrime: options.analyze.minZPrime ?? 0.5, maxVehicleCv: options.analyze.maxVehicleCv ?? 20 },
    });
  } catch (error) {
    // Not an export: perhaps a plate map, which inspect can show too.
    if (!(error instanceof Ic50Error) || source.text === undefined || !/not a format ic50 recognises/.test(error.message)) throw error;
    let maps;
    let note = '';
    try {
      try {
        maps = readLayout(source.text, path, { unit: options.analyze.unit, cellLine: options.analyze.cellLine });
      } catch (unitError) {
        // Showing a map needs no unit (it counts concentrations, it does not convert them):
        // read it as unit-less numbers, and say that fitting will need --unit.
        if (!(unitError instanceof Ic50Error) || options.analyze.unit || !/no concentration unit/.test(unitError.message)) throw unitError;
        maps = readLayout(source.text, path, { unit: UNITLESS, cellLine: options.analyze.cellLine });
        note = 'note: the map names no concentration unit; give --unit when you fit with it\n';
      }
    } catch (layoutError) {
      if (!(layoutError instanceof Ic50Error)) throw layoutError;
      // Not map-shaped either: the list of export formats is the useful answer.
      if (/^(not a plate map|the plate map is empty)/.test(layoutError.message)) throw error;
      throw new Ic50Error(`not a plate-reader export ic50 knows, nor a readable plate map — as a map: ${layoutError.describe()}`, {
        location: { file: path },
      });
    }
    const stdout = options.format === 'json' ? writeLayoutJson(path, maps) : writeLayoutText(path, maps) + note;
    return { stdout, diagnostics: [], exitCode: 0 };
  }
  const stdout = options.format === 'json' ? writeInspectionJson(inspection) : writeInspection(inspection, chalk);
  return { stdout, diagnostics: [], exitCode: 0 };
}
