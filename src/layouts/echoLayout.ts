import { Ic50Error } from '../errors.js';
import { describeHeader, headerColumns, normalizeHeader, type ColumnField } from '../plate/columns.js';
import { parseConcentrationUnit, toLog10Molar, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import { inferRole } from '../plate/roles.js';
import { canonicalWellId, PLATE_SIZES } from '../plate/wellId.js';
import { isBlankRow, type CellTable } from '../readers/cellTable.js';
import { parseNumber } from '../readers/parseNumber.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { layoutConcentration } from './layoutConcentration.js';
import { layoutWellId } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';
import { volumeText } from './volume.js';
import { wellFromAgents, type AgentCells } from './wellFromAgents.js';

/** What a source well of an Echo run holds: a compound and its stock concentration. */
export interface EchoStockWell {
  readonly compound: string;
  /** log10 molar of the stock; NaN for controls (DMSO), whose concentration is not used. */
  readonly log10Molar: number;
  /** Where the stock file says it, for messages. */
  readonly location: Location;
}

/** The source plates of an Echo run (--echo-stock): source plate and well → compound and stock. */
export interface EchoStock {
  readonly source: string;
  /** By `plate\0well` (plate "" when the stock file has no plate column). */
  readonly wells: ReadonlyMap<string, EchoStockWell>;
  /** true when the stock file names source plates. */
  readonly byPlate: boolean;
}

/** Column names of a stock file beyond the vocabulary's: the Echo's own "Source Plate …" and "Source Well". */
const STOCK_NAMES: Readonly<Record<string, ColumnField>> = {
  sourceplate: 'plate',
  sourceplatebarcode: 'plate',
  sourceplatename: 'plate',
  sourcewell: 'well',
  sourceconcentration: 'concentration',
};

const STOCK_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['plate', 'well', 'compound', 'concentration', 'unit']);

/**
 * Reads an Echo source-plate file (--echo-stock): one row per source well, with its compound and
 * stock concentration — columns `well` (or `Source Well`), `compound` (`drug`, `name`, …),
 * `concentration` with a unit (`concentration_mM`, a `unit` column, `10 mM` in the cell, or
 * --unit) and optionally `plate` (`Source Plate Barcode`, `Source Plate Name`). Controls (DMSO)
 * need no concentration. Throws Ic50Error naming the line for a missing column, a bad well or
 * concentration, or a source well given twice.
 */
export function readEchoStock(table: CellTable, options: LayoutOptions = {}): EchoStock {
  const file = table.source;
  let headerRow = -1;
  let index = new Map<ColumnField, number>();
  let units = new Map<ColumnField, ConcentrationUnit>();
  for (let r = 0; r < Math.min(table.rows.length, 30) && headerRow < 0; r++) {
    const row = table.rows[r]!;
    const found = new Map<ColumnField, number>();
    row.forEach((cell, i) => {
      const own = STOCK_NAMES[normalizeHeader(cell)];
      if (own && !found.has(own)) found.set(own, i);
    });
    const vocabulary = headerColumns(row.map((c, i) => ([...found.values()].includes(i) ? '' : c)), { file, line: table.lines[r]! }, STOCK_FIELDS);
    for (const [field, i] of vocabulary.index) if (!found.has(field)) found.set(field, i);
    if (found.has('well') && found.has('compound')) {
      headerRow = r;
      index = found;
      units = new Map(vocabulary.units);
    }
  }
  if (headerRow < 0) {
    const first = table.rows.findIndex((row) => !isBlankRow(row));
    throw new Ic50Error(`not an Echo stock file: no well and compound columns (${describeHeader(first < 0 ? [] : table.rows[first]!.filter((c) => c !== ''))})`, {
      code: 'header',
      location: { file, ...(first >= 0 ? { line: table.lines[first]! } : {}) },
      hint: 'one row per source well: source_plate (optional), well, compound, concentration_mM (or a unit column)',
    });
  }
  const byPlate = index.has('plate');
  const wells = new Map<string, EchoStockWell>();
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (isBlankRow(row)) continue;
    const line = table.lines[r]!;
    const cell = (field: ColumnField) => {
      const i = index.get(field);
      return i === undefined ? '' : (row[i] ?? '');
    };
    const position = layoutWellId(cell('well'), { file, line });
    const location = { file, line, well: position.id };
    const compound = cell('compound');
    if (compound === '') throw new Ic50Error('no compound for this source well', { location, hint: 'name what the well holds (a compound, or DMSO)' });
    let log10Molar = Number.NaN;
    if (inferRole(compound, false) === 'sample') {
      log10Molar = layoutConcentration(cell('concentration'), { header: units.get('concentration'), column: cell('unit'), option: options.unit }, table.decimalComma, location, 'stock concentration').log10Molar;
    }
    const key = `${byPlate ? cell('plate') : ''}\u0000${position.id}`;
    const previous = wells.get(key);
    if (previous) {
      throw new Ic50Error(`source well ${position.id}${byPlate ? ` of plate "${cell('plate')}"` : ''} is given twice (also on line ${previous.location.line})`, { location, hint: 'give each source well once' });
    }
    wells.set(key, { compound, log10Molar, location });
  }
  if (wells.size === 0) throw new Ic50Error('the Echo stock file lists no source wells', { code: 'no_data', location: { file } });
  return { source: file, wells, byPlate };
}

/** The columns of an Echo transfer report (or pick list) a plate map needs, by their normalized names. */
const REPORT_COLUMNS = {
  sourcePlateBarcode: 'sourceplatebarcode',
  sourcePlateName: 'sourceplatename',
  sourceWell: 'sourcewell',
  destinationPlateBarcode: 'destinationplatebarcode',
  destinationPlateName: 'destinationplatename',
  destinationPlateType: 'destinationplatetype',
  destinationWell: 'destinationwell',
  transferVolume: 'transfervolume',
  actualVolume: 'actualvolume',
  status: 'transferstatus',
  compound: 'compoundname',
  sourceConcentration: 'sourceconcentration',
  sourceUnits: 'sourceconcentrationunits',
} as const;

type ReportColumn = keyof typeof REPORT_COLUMNS;

function reportHeader(row: readonly string[]): Map<ReportColumn, number> | null {
  const found = new Map<ReportColumn, number>();
  const names = row.map(normalizeHeader);
  for (const [column, name] of Object.entries(REPORT_COLUMNS) as [ReportColumn, string][]) {
    const i = names.indexOf(name);
    if (i >= 0) found.set(column, i);
  }
  const volume = found.has('transferVolume') || found.has('actualVolume');
  return found.has('sourceWell') && found.has('destinationWell') && volume ? found : null;
}

/** true for an Echo transfer report or pick list: a header with Source Well, Destination Well and a transfer volume. */
export function isEchoTransfers(table: CellTable): boolean {
  for (let r = 0; r < Math.min(table.rows.length, 60); r++) if (reportHeader(table.rows[r]!)) return true;
  return false;
}

/** What the Echo put into one destination well. */
interface DestinationWell {
  /** Moles per compound (stock M × litres), in order of first transfer; controls count as 0. */
  readonly moles: Map<string, number>;
  failed: boolean;
  readonly line: number;
}

/**
 * An Echo (Labcyte/Beckman) transfer report — or a pick list — as plate maps, one per destination
 * plate (by `Destination Plate Barcode`, else `Destination Plate Name`). Each transfer moves a
 * volume (nL, as the Echo writes it) from a source well, which `stock` says holds a compound at a
 * stock concentration (or, without --echo-stock, the report's own `Compound Name` and
 * `Source Concentration` with its units, when every transfer has them). The final concentration of
 * a compound in a destination well is
 *
 *   final = Σ stock × transferred volume / assay volume
 *
 * over every transfer of it into the well (repeated transfers are summed), with the assay volume
 * (--assay-volume) the well's final volume. The transferred volume is `Actual Volume` where the
 * report gives it, else `Transfer Volume`. Wells that receive only DMSO (or another control) are
 * vehicle; several compounds make a co-treatment (wellFromAgents). A transfer listed under
 * [EXCEPTIONS] or with a `Transfer Status` (a fault) leaves its well's dose unknown: the well is
 * excluded, with a note. Concentrations are given in µM.
 *
 * Throws Ic50Error naming the report's line for a source well the stock does not list, a bad well
 * or volume, and when the stock or the assay volume is needed but missing.
 */
export function readEchoLayout(table: CellTable, stock: EchoStock | undefined, assayVolumeLitres: number | undefined, options: LayoutOptions = {}): { layouts: PlateLayout[]; notes: string[] } {
  const file = table.source;
  const notes: string[] = [];
  const plates = new Map<string, Map<string, DestinationWell>>();
  const plateFormats = new Map<string, readonly [number, number]>();
  let section = '';
  let sawSection = false;
  let header: Map<ReportColumn, number> | null = null;
  let transfers = 0;
  const failures: string[] = [];
  const missingStock: { line: number; plate: string; well: string }[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const line = table.lines[r]!;
    const marker = /^\[(.+)\]$/.exec(row[0] ?? '');
    if (marker) {
      section = marker[1]!.toUpperCase();
      sawSection = true;
      header = null;
      continue;
    }
    const found = reportHeader(row);
    if (found) {
      header = found;
      continue;
    }
    // A table ends at a blank line or a line that is not a transfer (the report's footer).
    if (!header || isBlankRow(row) || row.filter((c) => c !== '').length < 3) {
      if (isBlankRow(row) || row.filter((c) => c !== '').length < 3) header = null;
      continue;
    }
    const h = header;
    const cell = (column: ReportColumn) => {
      const i = h.get(column);
      return i === undefined ? '' : (row[i] ?? '');
    };
    const at = { file, line };
    const sourcePlate = cell('sourcePlateBarcode') || cell('sourcePlateName');
    const sourceWell = canonicalWellId(cell('sourceWell'));
    if (!sourceWell) throw new Ic50Error(`source well "${cell('sourceWell')}" is not a well id`, { location: at });
    const destinationPlate = cell('destinationPlateBarcode') || cell('destinationPlateName');
    const destination = layoutWellId(cell('destinationWell'), at);
    const location = { file, line, well: destination.id };
    const volumeText = cell('actualVolume') !== '' ? cell('actualVolume') : cell('transferVolume');
    const volume = parseNumber(volumeText, table.decimalComma);
    if (!(Number.isFinite(volume) && volume >= 0)) throw new Ic50Error(`transfer volume "${volumeText}" is not a number of at least 0`, { location, hint: 'Echo volumes are in nL' });
    transfers++;
    let wells = plates.get(destinationPlate);
    if (!wells) plates.set(destinationPlate, (wells = new Map()));
    // The plate's format from its type (Greiner_384, 1536LDV; Echo names the type in Destination
    // Plate Type, or as the plate's name): a map of a few wells is still a map of that plate.
    if (!plateFormats.has(destinationPlate)) {
      const format = /(1536|384|96)/.exec(cell('destinationPlateType') || cell('destinationPlateName'))?.[1];
      if (format !== undefined) plateFormats.set(destinationPlate, PLATE_SIZES.get(Number(format))!);
    }
    let well = wells.get(destination.id);
    if (!well) wells.set(destination.id, (well = { moles: new Map(), failed: false, line }));
    if (section === 'EXCEPTIONS' || cell('status') !== '') {
      well.failed = true;
      failures.push(`${destinationPlate ? `${destinationPlate}:` : ''}${destination.id}`);
    }
    // What the source well holds: the stock file, else the report's own columns.
    let content: { compound: string; log10Molar: number } | undefined;
    if (stock) {
      content = stock.wells.get(`${stock.byPlate ? sourcePlate : ''}\u0000${sourceWell}`);
      if (!content) missingStock.push({ line, plate: sourcePlate, well: sourceWell });
    } else {
      const compound = cell('compound');
      const unit = parseConcentrationUnit(cell('sourceUnits'));
      const value = parseNumber(cell('sourceConcentration'), table.decimalComma);
      if (compound !== '' && !/^n\/?a$/i.test(compound) && inferRole(compound, false) !== 'sample') content = { compound, log10Molar: Number.NaN };
      else if (compound !== '' && !/^n\/?a$/i.test(compound) && unit && !unit.isLog && value > 0 && Number.isFinite(value)) content = { compound, log10Molar: toLog10Molar(value, unit) };
      else {
        throw new Ic50Error(`the report does not say what source well ${sourceWell}${sourcePlate ? ` of "${sourcePlate}"` : ''} holds (Compound Name "${compound}", Source Concentration "${cell('sourceConcentration')}" ${cell('sourceUnits')})`, {
          code: 'usage',
          location,
          hint: 'give --echo-stock FILE: one row per source well with its compound and stock concentration (e.g. source_plate,well,compound,concentration_mM)',
        });
      }
    }
    if (!content) continue;
    const moles = Number.isNaN(content.log10Molar) ? 0 : Math.pow(10, content.log10Molar) * volume * 1e-9;
    well.moles.set(content.compound, (well.moles.get(content.compound) ?? 0) + moles);
  }
  if (missingStock.length > 0) {
    const first = missingStock[0]!;
    const listed = [...new Set(missingStock.map((m) => `${m.plate ? `${m.plate}:` : ''}${m.well}`))];
    throw new Ic50Error(`the stock file ${stock!.source} does not list source well ${first.well}${first.plate ? ` of plate "${first.plate}"` : ''}${listed.length > 1 ? ` (nor ${listed.length - 1} more: ${listed.slice(1, 6).join(', ')}${listed.length > 6 ? ', …' : ''})` : ''}`, {
      code: 'value',
      location: { file, line: first.line },
      hint: stock!.byPlate ? 'add the well to the stock file; its source plate column must match the report’s Source Plate Barcode (or Name)' : 'add the well to the stock file',
    });
  }
  if (transfers === 0) throw new Ic50Error('the Echo report lists no transfers', { code: 'no_data', location: { file } });
  if (!sawSection) notes.push('no [DETAILS] section: read as a pick list — the volumes asked for, not those the Echo reports it transferred');
  if (failures.length > 0) {
    notes.push(`${failures.length} transfer${failures.length === 1 ? '' : 's'} failed or reported under [EXCEPTIONS] (${failures.slice(0, 6).join(', ')}${failures.length > 6 ? ', …' : ''}): those wells are excluded`);
  }
  const dosed = [...plates.values()].some((wells) => [...wells.values()].some((w) => [...w.moles.values()].some((m) => m > 0)));
  if (dosed && assayVolumeLitres === undefined) {
    throw new Ic50Error('--assay-volume is needed to turn transferred volumes into concentrations', {
      code: 'usage',
      location: { file },
      hint: 'give the final volume of each well, e.g. --assay-volume 25uL',
    });
  }
  const micromolar = parseConcentrationUnit('uM')!;
  const layouts: PlateLayout[] = [];
  const single = plates.size === 1;
  for (const [plate, wells] of plates) {
    const key = single ? '' : plate;
    const builder = new LayoutBuilder(file);
    const format = plateFormats.get(plate);
    if (format) builder.cover(key, format[0] - 1, format[1] - 1);
    for (const [id, well] of wells) {
      const location = { file, line: well.line, well: id };
      const position = layoutWellId(id, location);
      const named = [...well.moles.keys()];
      if (well.failed) {
        const compound = named.find((c) => inferRole(c, false) === 'sample') ?? named[0] ?? '';
        builder.add(key, position, { role: 'exclude', roleInferred: false, cellLine: options.cellLine ?? '', compound, log10Molar: Number.NaN, unit: '', line: well.line });
        continue;
      }
      // Controls carry no dose; a compound's is moles / litres, written in µM (a transfer of 0 nL gives none).
      const agents: AgentCells[] = [...well.moles]
        .filter(([compound, moles]) => moles > 0 || inferRole(compound, false) !== 'sample')
        .map(([compound, moles]) => ({ compound, concentration: moles > 0 ? String((moles / assayVolumeLitres!) * 1e6) : '', units: { option: micromolar }, location }));
      const agentsWell = agents.length > 0 ? wellFromAgents('', agents, false, location) : null;
      if (!agentsWell) continue;
      builder.add(key, position, { ...agentsWell, cellLine: options.cellLine ?? '', line: well.line });
    }
    const [layout] = builder.build();
    layouts.push({ ...layout!, ...(single && plate !== '' ? { aliases: [plate] } : {}) });
  }
  if (assayVolumeLitres !== undefined) notes.push(`concentrations = stock × transferred volume (nL) / ${volumeText(assayVolumeLitres)} assay volume`);
  return { layouts, notes };
}
