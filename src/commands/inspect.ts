import type { ChalkInstance } from 'chalk';
import { Ic50Error } from '../errors.js';
import { decodeInput } from '../engine/memoryContent.js';
import { readBytes } from '../io/inputs.js';
import { readLayout } from '../layouts/readLayout.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { inspect } from '../inspection.js';
import type { Options } from '../options.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { writeInspection, writeInspectionJson } from '../writers/inspectText.js';
import { writeLayoutJson, writeLayoutText } from '../writers/layoutText.js';
import { readTextFile } from '../io/inputs.js';

/** A stand-in unit for showing a map whose concentrations name none (never used to fit). */
const UNITLESS: ConcentrationUnit = { name: 'unitless', log10Molar: 0, isLog: false };

/** What a command hands back to cli.ts: text for stdout, lines for stderr, an exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly diagnostics: string[];
  readonly exitCode: number;
}

/**
 * A plate map as inspect shows it: read with --unit when given; without a unit it is read as
 * unit-less numbers (showing a map counts concentrations, it does not convert them), and the
 * note says what fitting with it will need — every missing setting at once.
 */
function readMapForShow(text: string, path: string, options: Options): { maps: PlateLayout[]; notes: string[] } {
  try {
    return { maps: readLayout(text, path, { unit: options.unit }), notes: [] };
  } catch (error) {
    if (!(error instanceof Ic50Error) || options.unit || error.code !== 'unit') throw error;
    return { maps: readLayout(text, path, { unit: UNITLESS }), notes: ['the map names no concentration unit: give --unit when you fit with it'] };
  }
}

/** Notes on what fitting with these maps will need (all at once, not one per run). */
function mapNeeds(maps: readonly PlateLayout[], options: Options, notes: string[]): string[] {
  const out = [...notes];
  const samples = maps.flatMap((m) => [...m.wells.values()]).filter((w) => w.role === 'sample');
  if (samples.some((w) => w.cellLine === '') && !options.cellLine) out.push('the map names no cell line for its treated wells: give --cell-line (or a manifest cell_line column) when you fit with it');
  return out;
}

/**
 * `ic50 inspect FILE [--layout MAP]`: what was detected and read — format, plates, reads,
 * empty and excluded wells, a heat map per plate; with a layout, roles and plate QC. A plate map
 * given as FILE is shown as a map (roles, compounds, concentrations per compound). Errors
 * (unreadable file, unknown format) are thrown as Ic50Error for cli.ts to report (exit 2).
 */
export async function inspectCommand(path: string, options: Options, chalk: ChalkInstance): Promise<CommandResult> {
  let notes: string[] = [];
  let layouts: PlateLayout[] | undefined;
  if (options.layout !== undefined) {
    const read = readMapForShow(readTextFile(options.layout), options.layout, options);
    layouts = read.maps;
    notes = mapNeeds(layouts, options, read.notes);
  }
  const source = { name: path, ...(await decodeInput(await readBytes(path), path)) };
  let inspection;
  try {
    inspection = inspect(source, {
      reader: options.reader,
      read: options.read,
      referenceSubtract: options.referenceSubtract,
      layouts,
      cellLine: options.cellLine,
      qc: { minZPrime: options.minZPrime, maxVehicleCv: options.maxVehicleCv },
    });
  } catch (error) {
    // Not an export: perhaps a plate map, which inspect can show too.
    if (!(error instanceof Ic50Error) || source.text === undefined || error.code !== 'format' || options.reader !== undefined) throw error;
    let maps;
    try {
      const read = readMapForShow(source.text, path, options);
      maps = read.maps;
      notes = mapNeeds(maps, options, read.notes);
    } catch (layoutError) {
      if (!(layoutError instanceof Ic50Error)) throw layoutError;
      // Not map-shaped either: the list of export formats is the useful answer.
      if (layoutError.code === 'format' || layoutError.code === 'no_data') throw error;
      throw new Ic50Error(`not a plate-reader export ic50 knows, nor a readable plate map — as a map: ${layoutError.describe()}`, { code: 'format', location: { file: path } });
    }
    const stdout = options.format === 'json' ? writeLayoutJson(path, maps) : writeLayoutText(path, maps) + notes.map((n) => `note: ${n}\n`).join('');
    return { stdout, diagnostics: [], exitCode: 0 };
  }
  const stdout = options.format === 'json' ? writeInspectionJson(inspection) : writeInspection(inspection, chalk) + notes.map((n) => `note: ${n}\n`).join('');
  return { stdout, diagnostics: [], exitCode: 0 };
}
