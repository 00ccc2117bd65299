import { Ic50Error } from '../errors.js';
import { tableFromText, type CellTable } from '../readers/cellTable.js';
import { decodeText } from '../readers/decodeText.js';
import { isSpreadsheetMl, tablesFromSpreadsheetMl } from '../readers/spreadsheetMl.js';
import { isZip, tablesFromXlsx } from '../readers/xlsxTables.js';
import { isD300Protocol, readD300Layout } from './d300Layout.js';
import { isD300Report, readD300Report } from './d300ReportLayout.js';
import { isEchoTransfers, readEchoLayout, readEchoStock, type EchoStock } from './echoLayout.js';
import { inferRole } from '../plate/roles.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';
import { detectShape, readLayoutTable, type Shape } from './readLayout.js';
import { readVariableGrids, variableSheets } from './variableSheetsLayout.js';

/** The bytes of a plate map, and of the files it needs beside it. */
export interface MapFiles {
  readonly bytes: Uint8Array;
  /** An Echo run's source plates (--echo-stock): CSV, TSV or .xlsx. */
  readonly echoStock?: { readonly name: string; readonly bytes: Uint8Array } | undefined;
}

/** How to read a plate map. */
export interface MapOptions extends LayoutOptions {
  /** The worksheet of an .xlsx map to read (--sheet); default: every sheet is a candidate. */
  readonly sheet?: string | undefined;
  /** The final volume of a well (--assay-volume), in litres: Echo transfers become concentrations with it. */
  readonly assayVolume?: number | undefined;
}

/** What kind of file a plate map was. */
export type MapKind = Shape | 'd300' | 'd300report' | 'echo';

/** A plate map read: its layouts, what it was, and notes for the user (what was set aside, and why). */
export interface MapReading {
  readonly layouts: PlateLayout[];
  readonly kind: MapKind;
  readonly notes: string[];
}

/**
 * Reads a plate map in any form ic50 knows, from its bytes: a text table (long, grid of grids,
 * dilution description, or a titled block per variable), an .xlsx workbook or Excel XML
 * spreadsheet (the same shapes on one sheet, or a sheet per variable as gDR's templates and D300
 * workbooks have), a D300 protocol (.tdd, XML) or the well table of its report (`Tabular
 * detail`), or an Echo transfer report (CSV, with the stock of its source plates).
 * The core of `--layout`, of a manifest's layout column, and of `ic50 inspect MAP`.
 */
export async function readPlateMap(source: string, files: MapFiles, options: MapOptions = {}): Promise<MapReading> {
  const { bytes } = files;
  if (bytes.length === 0) throw new Ic50Error('the plate map is empty', { code: 'no_data', location: { file: source } });
  if (isZip(bytes)) return readWorkbookMap(await tablesFromXlsx(bytes, source), source, files, options);
  const text = decodeText(bytes);
  if (text === null) {
    throw new Ic50Error('a plate map must be text (CSV, TSV), an .xlsx workbook or a D300 protocol (.tdd)', { code: 'format', location: { file: source }, hint: 'save the sheet as CSV or .xlsx' });
  }
  if (isD300Protocol(text)) return { ...readD300Layout(text, source, options), kind: 'd300' };
  if (isSpreadsheetMl(text)) return readWorkbookMap(tablesFromSpreadsheetMl(text, source), source, files, options);
  return readTableMap(tableFromText(text, source), files, options);
}

/** One table (a text file or a worksheet) as a plate map: an Echo report, or one of the table shapes. */
async function readTableMap(table: CellTable, files: MapFiles, options: MapOptions): Promise<MapReading> {
  if (isEchoTransfers(table)) {
    const stock = files.echoStock ? await readStock(files.echoStock, options) : undefined;
    return { ...readEchoLayout(table, stock, options.assayVolume, options), kind: 'echo' };
  }
  if (isD300Report(table)) return { ...readD300Report(table, options), kind: 'd300report' };
  const kind = detectShape(table);
  return { layouts: readLayoutTable(table, options), kind: kind ?? 'long', notes: [] };
}

async function readStock(file: { readonly name: string; readonly bytes: Uint8Array }, options: MapOptions): Promise<EchoStock> {
  if (file.bytes.length === 0) throw new Ic50Error('the Echo stock file is empty', { code: 'no_data', location: { file: file.name } });
  if (isZip(file.bytes)) {
    const sheets = await tablesFromXlsx(file.bytes, file.name);
    return readEchoStock(sheets.find((s) => s.rows.length > 0) ?? sheets[0]!, options);
  }
  const text = decodeText(file.bytes);
  if (text === null) throw new Ic50Error('the Echo stock file must be text (CSV, TSV) or .xlsx', { code: 'format', location: { file: file.name } });
  return readEchoStock(tableFromText(text, file.name), options);
}

/** true for a sheet whose every non-empty cell names a vehicle (an untreated template). */
function onlyVehicles(table: CellTable): boolean {
  let cells = 0;
  for (const row of table.rows) {
    for (const cell of row) {
      if (cell === '') continue;
      if (inferRole(cell, false) !== 'vehicle') return false;
      cells++;
    }
  }
  return cells > 0;
}

/** A worksheet as its own table, so that messages say `map.xlsx[Sheet1]:12`. */
function sheetTable(table: CellTable, source: string): CellTable {
  return { ...table, source: `${source}[${table.sheet}]` };
}

/**
 * A workbook as a plate map. With --sheet, that sheet (a sheet named after a variable is read as
 * that variable's grid). Otherwise the sheets named after variables (`Gnumber`, `Concentration`,
 * …) together; else the one sheet that holds a map in a table shape. Several such sheets are
 * ambiguous: an error listing them, pointing at --sheet.
 */
async function readWorkbookMap(tables: readonly CellTable[], source: string, files: MapFiles, options: MapOptions): Promise<MapReading> {
  const names = tables.map((t) => `"${t.sheet}"`).join(', ');
  if (options.sheet !== undefined) {
    const wanted = options.sheet.trim().toLowerCase();
    const table = tables.find((t) => (t.sheet ?? '').trim().toLowerCase() === wanted);
    if (!table) throw new Ic50Error(`the workbook has no sheet "${options.sheet}"`, { code: 'usage', location: { file: source }, hint: `its sheets: ${names}` });
    if (variableSheets([table]).length > 0 && detectShape(table) === null) {
      return { layouts: readVariableGrids(variableSheets([table]), source, options), kind: 'variables', notes: [] };
    }
    return readTableMap(sheetTable(table, source), files, options);
  }
  // A D300 report: its well table (`Tabular detail`), whatever its other sheets hold.
  const reports = tables.filter(isD300Report);
  if (reports.length === 1) {
    const unused = tables.filter((t) => t !== reports[0] && t.rows.some((row) => row.some((c) => c !== '')));
    const reading = await readTableMap(sheetTable(reports[0]!, source), files, options);
    return unused.length > 0 ? { ...reading, notes: [...reading.notes, `sheets not used: ${unused.map((t) => `"${t.sheet}"`).join(', ')} (the D300 report's wells are read from "${reports[0]!.sheet}")`] } : reading;
  }
  const variables = variableSheets(tables).filter((grid) => detectShape(grid.table) === null || detectShape(grid.table) === 'grid');
  if (variables.length > 0) {
    const unused = tables.filter((t) => !variables.some((v) => v.table === t) && t.rows.some((row) => row.some((c) => c !== '')));
    const notes = unused.length > 0 ? [`sheets not used: ${unused.map((t) => `"${t.sheet}"`).join(', ')} (a sheet is read when its name says its variable: compound, Gnumber, concentration, cell_line, role)`] : [];
    return { layouts: readVariableGrids(variables, source, options), kind: 'variables', notes };
  }
  const candidates = tables.filter((t) => isEchoTransfers(t) || isD300Report(t) || detectShape(t) !== null);
  if (candidates.length === 1) return readTableMap(sheetTable(candidates[0]!, source), files, options);
  if (candidates.length > 1) {
    throw new Ic50Error(`${candidates.length} sheets hold plate maps (${candidates.map((t) => `"${t.sheet}"`).join(', ')}): which one is meant is not certain`, {
      code: 'usage',
      location: { file: source },
      hint: `choose one with --sheet NAME`,
    });
  }
  // A grid on a sheet whose name says nothing (gDR templates are sometimes saved so): say what to name it.
  const grids = tables.filter((t) => t.rows.filter((row) => row.some((c) => c !== '')).length >= 2);
  // gDR's one exception, kept: an untreated template of one sheet, named anyhow, holding only
  // vehicle names (`vehicle`, `untreated`, `DMSO`) — what its cells are cannot be in doubt.
  if (grids.length === 1 && tables.filter((t) => t.rows.some((row) => row.some((c) => c !== ''))).length === 1 && onlyVehicles(grids[0]!)) {
    const sheet = grids[0]!;
    return {
      layouts: readVariableGrids([{ title: 'compound', table: sheet, first: 0, end: sheet.rows.length, sheet: sheet.sheet! }], source, options),
      kind: 'variables',
      notes: [`sheet "${sheet.sheet}" names no variable, but every cell is a vehicle name: read as the compound grid (an untreated template)`],
    };
  }
  if (grids.length > 0) {
    throw new Ic50Error(`no sheet holds a plate map: ${grids.map((t) => `"${t.sheet}"`).join(', ')} hold${grids.length === 1 ? 's' : ''} a grid, but a sheet's name must say its variable`, {
      code: 'layout',
      location: { file: source },
      hint: 'rename the sheet after what its cells are: compound (or Gnumber, drug), concentration (or "concentration (uM)"), cell_line, role — or give one sheet a long table',
    });
  }
  throw new Ic50Error(`no sheet holds a plate map (sheets: ${names})`, {
    code: 'format',
    location: { file: source },
    hint: 'a sheet named after a variable (compound, Gnumber, concentration, cell_line, role) holding a plate-shaped grid, or one sheet with a long table, a grid of grids or a dilution description',
  });
}
