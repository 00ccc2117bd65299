import type { ChalkInstance } from 'chalk';
import { Ic50Error } from '../errors.js';
import { decodeInput } from '../engine/memoryContent.js';
import { readBytes } from '../io/inputs.js';
import { readManifest } from '../io/manifest.js';
import { loadPlateMap } from '../io/plateMapFile.js';
import { isD300Protocol } from '../layouts/d300Layout.js';
import { isD300Report } from '../layouts/d300ReportLayout.js';
import { isEchoTransfers } from '../layouts/echoLayout.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import type { MapKind, MapReading } from '../layouts/readPlateMap.js';
import { variableSheets } from '../layouts/variableSheetsLayout.js';
import { tableFromText, type CellTable } from '../readers/cellTable.js';
import { isSpreadsheetMl } from '../readers/spreadsheetMl.js';
import { inspect } from '../inspection.js';
import type { Options } from '../options.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { writeInspection, writeInspectionJson } from '../writers/inspectText.js';
import { writeLayoutCsv, writeLayoutJson, writeLayoutText } from '../writers/layoutText.js';
import { writeManifestCsv, writeManifestJson, writeManifestText, type ManifestView } from '../writers/manifestText.js';

/** A stand-in unit for showing a map whose concentrations name none (never used to fit). */
const UNITLESS: ConcentrationUnit = { name: 'unitless', log10Molar: 0, isLog: false };

/** What a command hands back to cli.ts: text for stdout, lines for stderr, an exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly diagnostics: string[];
  readonly exitCode: number;
}

/** How the sources of a map are called in the summary line. */
const KIND_NAMES: Partial<Record<MapKind, string>> = {
  d300: 'a D300 protocol',
  d300report: 'a D300 report',
  echo: 'an Echo transfer report',
  variables: 'a grid per variable',
  long: 'a long table',
  grid: 'a grid of grids',
  dilution: 'a dilution description',
};

/**
 * A plate map as inspect shows it: read with --unit when given; without a unit it is read as
 * unit-less numbers (showing a map counts concentrations, it does not convert them), and the
 * note says what fitting with it will need — every missing setting at once.
 */
async function readMapForShow(path: string, options: Options, bytes?: Uint8Array): Promise<MapReading> {
  try {
    return await loadPlateMap(path, options, bytes);
  } catch (error) {
    if (!(error instanceof Ic50Error) || options.unit || error.code !== 'unit') throw error;
    const reading = await loadPlateMap(path, { ...options, unit: UNITLESS }, bytes);
    return { ...reading, notes: [...reading.notes, 'the map names no concentration unit: give --unit when you fit with it'] };
  }
}

/** Notes on what fitting with these maps will need (all at once, not one per run). */
function mapNeeds(maps: readonly PlateLayout[], options: Options, notes: readonly string[]): string[] {
  const out = [...notes];
  const samples = maps.flatMap((m) => [...m.wells.values()]).filter((w) => w.role === 'sample');
  if (samples.some((w) => w.cellLine === '') && !options.cellLine) out.push('the map names no cell line for its treated wells: give --cell-line (or a manifest cell_line column) when you fit with it');
  return out;
}

/** A map as inspect prints it: a summary with a role grid per plate, the long table (csv), or both as JSON. */
function showMap(path: string, reading: MapReading, options: Options): CommandResult {
  const notes = mapNeeds(reading.layouts, options, reading.notes);
  const kind = KIND_NAMES[reading.kind];
  if (options.format === 'csv') return { stdout: writeLayoutCsv(reading.layouts), diagnostics: notes.map((n) => `note: ${n}`), exitCode: 0 };
  if (options.format === 'json') return { stdout: writeLayoutJson(path, reading.layouts, reading.kind), diagnostics: notes.map((n) => `note: ${n}`), exitCode: 0 };
  return { stdout: writeLayoutText(path, reading.layouts, kind) + notes.map((n) => `note: ${n}\n`).join(''), diagnostics: [], exitCode: 0 };
}

/** The manifest a file is, or null when it is none. */
async function manifestOf(path: string, options: Options): Promise<ManifestView | null> {
  try {
    return await readManifest(path, options.sheet, options.labelColumns);
  } catch (error) {
    if (error instanceof Ic50Error) return null;
    throw error;
  }
}

function showManifest(path: string, manifest: ManifestView, options: Options): CommandResult {
  if (options.format === 'csv') return { stdout: writeManifestCsv(manifest), diagnostics: manifest.notes.map((n) => `note: ${n}`), exitCode: 0 };
  if (options.format === 'json') return { stdout: writeManifestJson(path, manifest), diagnostics: manifest.notes.map((n) => `note: ${n}`), exitCode: 0 };
  return { stdout: writeManifestText(path, manifest), diagnostics: [], exitCode: 0 };
}

/** true for a file that can only be a plate map: a D300 protocol or report, an Echo transfer report, a workbook with a sheet per variable. */
function plainlyMap(source: { text?: string; tables?: readonly CellTable[] }, path: string): boolean {
  if (source.tables) return variableSheets(source.tables).length > 0 || source.tables.some(isD300Report);
  if (source.text === undefined) return false;
  if (isD300Protocol(source.text) || isSpreadsheetMl(source.text)) return true;
  const head = tableFromText(source.text.slice(0, 1 << 16), path);
  return isEchoTransfers(head) || isD300Report(head);
}

/**
 * `ic50 inspect FILE [--layout MAP]`: what was detected and read — format, plates, reads,
 * empty and excluded wells, a heat map per plate; with a layout, roles and plate QC. A plate map
 * given as FILE (a table, a workbook, a D300 protocol, an Echo report) is shown as a map: roles,
 * compounds, concentrations per compound — or, with --format csv, as the long table ic50
 * understood. Errors (unreadable file, unknown format) are thrown as Ic50Error for cli.ts to
 * report (exit 2).
 */
export async function inspectCommand(path: string, options: Options, chalk: ChalkInstance): Promise<CommandResult> {
  let notes: string[] = [];
  let layouts: PlateLayout[] | undefined;
  if (options.layout !== undefined) {
    const read = await readMapForShow(options.layout, options);
    layouts = read.layouts;
    notes = mapNeeds(layouts, options, read.notes);
  }
  const bytes = await readBytes(path);
  const decoded = await decodeInput(bytes, path);
  if (layouts === undefined && options.reader === undefined && plainlyMap(decoded, path)) return showMap(path, await readMapForShow(path, options, bytes), options);
  const source = { name: path, ...decoded };
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
    if (!(error instanceof Ic50Error) || error.code !== 'format' || options.reader !== undefined || layouts !== undefined) throw error;
    let reading;
    try {
      reading = await readMapForShow(path, options, bytes);
    } catch (layoutError) {
      if (!(layoutError instanceof Ic50Error)) throw layoutError;
      // A manifest (gDR's Barcode, Duration, Template, clid; a table of files): say so, and what it says.
      const manifest = await manifestOf(path, options);
      if (manifest) return showManifest(path, manifest, options);
      // Not map-shaped either: the list of export formats is the useful answer.
      if (layoutError.code === 'format' || layoutError.code === 'no_data') throw error;
      throw new Ic50Error(`not a plate-reader export ic50 knows, nor a readable plate map — as a map: ${layoutError.describe()}`, { code: 'format', location: { file: path } });
    }
    return showMap(path, reading, options);
  }
  if (options.format === 'csv') {
    const labels = inspection.format.map((f) => f.label).join(', ');
    const table = inspection.format.some((f) => f.id === 'well-table' || f.id === 'tidy');
    throw new Ic50Error(`--format csv prints a plate map; this is ${table ? 'a table of wells' : 'a plate-reader export'}${labels ? ` (${labels})` : ''}, not a map`, {
      code: 'usage',
      location: { file: path },
      hint: 'inspect the map itself (ic50 inspect MAP --format csv); for the wells of an export after normalization, ic50 fit EXPORT --layout MAP --wells wells.csv',
    });
  }
  const stdout = options.format === 'json' ? writeInspectionJson(inspection) : writeInspection(inspection, chalk) + notes.map((n) => `note: ${n}\n`).join('');
  return { stdout, diagnostics: [], exitCode: 0 };
}
